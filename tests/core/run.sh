#!/usr/bin/env bash
# Suite: the core doctest suite natively and the same suite compiled with em++ under node (identical results).
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "--- native (ctest)"
ctest --test-dir build/native --output-on-failure
echo "--- wasm (node build/wasm/postcheck_tests.js)"
NODE_OPTIONS=--no-experimental-fetch node build/wasm/postcheck_tests.js --no-colors=true
