// POSTCHECK_LOAD_PATH: marks code that runs once per ruleset load, so the wasm build compiles it for size.
#pragma once

// V8 tiers hot wasm loops up to TurboFan even in code that runs once, and its compile of a large
// -O2 body costs the worker more memory and start-up time than the faster code saves
// (bench/wasm-build-flags.sh). Native builds keep -O2 everywhere.
#if defined(POSTCHECK_SMALL_LOAD_PATH) && defined(__clang__)
#define POSTCHECK_LOAD_PATH __attribute__((minsize))
#else
#define POSTCHECK_LOAD_PATH
#endif

// A step of the load path kept out of line by the compiler. Liftoff charges V8's tier-up budget
// per function, by the size of its code at each return and loop turn, so a large function run
// for every node (CompileExpr, 5.6 KB) went to TurboFan at every start, on a core the load needs,
// and finished after the load. Binaryen may still inline a step that has one caller and is small.
#if defined(POSTCHECK_SMALL_LOAD_PATH) && defined(__clang__)
#define POSTCHECK_LOAD_STEP __attribute__((minsize, noinline))
#else
#define POSTCHECK_LOAD_STEP
#endif
