#!/usr/bin/env bash
# Runs every benchmark (native, wasm, peer packages, scaling) and prints the tables; see docs/benchmarks.md. Args go to bench/run.mjs (--quick, --skip-peers, --skip-scaling, --skip-rule-scaling).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS=--no-experimental-fetch

if [ ! -f build/native/core/libpostcheck_core.a ] || [ ! -f build/wasm/postcheck.wasm ] || [ ! -f build/rules/bundle.json ]; then
  bash scripts/build.sh
fi
# Peers live in bench/node_modules so they never become dependencies of the extension.
if [ ! -d bench/node_modules/obscenity ]; then
  (cd bench && npm ci --no-audit --no-fund --ignore-scripts)
fi
mkdir -p build/bench
# Built against the same static library the CLI uses, with the release flags of the native preset.
g++ -O2 -std=c++20 -Icore/include bench/native_bench.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/native_bench
node --expose-gc bench/run.mjs "$@"
