#!/usr/bin/env bash
# Builds the wasm module and the wasm test suite into build/wasm/ (ICU from scripts/build-icu-wasm.sh's cache).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
# Emscripten 3.1.6's node glue calls fetch() on file paths under node 20's global fetch.
export NODE_OPTIONS=--no-experimental-fetch

bash scripts/build-icu-wasm.sh
ICU_PREFIX=$(bash scripts/build-icu-wasm.sh --print-prefix)

# em++ cannot see /usr/include (glibc headers would clash): give it a folder with only the
# header-only libraries.
TP=build/third_party/include
mkdir -p "$TP"
rm -rf "$TP/nlohmann" "$TP/doctest"
cp -r /usr/include/nlohmann "$TP/nlohmann"
cp -r /usr/include/doctest "$TP/doctest"

emcmake cmake -S . -B build/wasm-cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DPOSTCHECK_ICU_PREFIX="$ICU_PREFIX" -DPOSTCHECK_THIRD_PARTY_INCLUDE="$PWD/$TP" >/dev/null
cmake --build build/wasm-cmake
mkdir -p build/wasm
cp build/wasm-cmake/wasm/postcheck.js build/wasm-cmake/wasm/postcheck.wasm build/wasm/
cp wasm/engine.js build/wasm/postcheck-engine.js
cp wasm/postcheck.d.ts build/wasm/
cp build/wasm-cmake/core/postcheck_tests.js build/wasm-cmake/core/postcheck_tests.wasm build/wasm/
echo "wasm: build/wasm/postcheck.wasm $(stat -c %s build/wasm/postcheck.wasm) bytes"
