// A huge paste cannot grow the worker's memory without limit: engine.js cuts it to the engine's text limit before it crosses into wasm, and the heap has a hard maximum.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { missingBuild, newEngine, fixtureFiles, wasmGlue, wasmFile, noThrow, assertSaneResult } from './helpers.mjs';

const skip = missingBuild(wasmGlue);
const MAX_TEXT_UNITS = 1 << 20;            // CheckLimits::max_text_units
const MAXIMUM_MEMORY = 128 * 1024 * 1024;  // wasm/CMakeLists.txt -sMAXIMUM_MEMORY

test('a 40-million-character paste is cut before it reaches wasm memory; the heap stays bounded and the engine keeps working', { skip }, async () => {
  const eng = await newEngine();
  assert.equal(eng.loadRuleset(fixtureFiles()).ok, true);
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  const unit = 'my patient in bed 4 went home. ';
  const huge = unit.repeat(Math.ceil(40e6 / unit.length));
  const r = noThrow('check', () => eng.check(huge));
  assert.equal(r.ok, true, `engine failed: ${JSON.stringify(r.error)}`);
  assert.equal(r.truncated, true);
  assert.ok(r.notes.some((n) => n.includes(`only the first ${MAX_TEXT_UNITS} characters were checked`)), JSON.stringify(r.notes));
  assertSaneResult(huge, r, { maxUnits: MAX_TEXT_UNITS });
  const mem = eng.memory();
  assert.ok(mem && mem.heapBytes <= MAXIMUM_MEMORY, `heap ${mem && mem.heapBytes} bytes`);
  assert.ok(mem.heapBytes < 80e6, `a cut paste should need far less than the maximum: ${mem.heapBytes} bytes`);
  const after = eng.check('my patient in bed 4');
  assert.equal(after.ok, true);
  assert.ok(after.findings.length > 0, 'the engine stopped finding things after the huge paste');
  console.log(`# 40M-character paste: heap ${(mem.heapBytes / 1048576).toFixed(0)} MiB, ${(mem.inUseBytes / 1048576).toFixed(1)} MiB in use`);
});

test('the module cannot grow past MAXIMUM_MEMORY: growing its memory beyond the limit is refused', { skip }, async () => {
  const require = createRequire(import.meta.url);
  const factory = require(path.join(path.dirname(wasmGlue), 'postcheck.js'));
  const mod = await factory({ wasmBinary: fs.readFileSync(wasmFile), print() {}, printErr() {} });
  const memory = mod.asm.memory;  // the module's WebAssembly.Memory (Emscripten 3.1.6 glue)
  assert.ok(memory instanceof WebAssembly.Memory);
  const page = 65536;
  const pages = memory.buffer.byteLength / page;
  assert.throws(() => memory.grow(MAXIMUM_MEMORY / page - pages + 1), RangeError, 'memory grew past the maximum');
  memory.grow(1);  // growth within the limit still works
  assert.equal(memory.buffer.byteLength, (pages + 1) * page);
});
