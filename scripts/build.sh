#!/usr/bin/env bash
# Builds everything from a fresh Debian 12 machine: packages, npm deps, native CLI + tests, wasm module, rules bundle, extension.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "build: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "build: native (build/native)"
cmake --preset native >/dev/null
cmake --build build/native

echo "build: wasm (build/wasm)"
bash scripts/build-wasm.sh

if [ -f scripts/bundle-rules.sh ]; then
  echo "build: rules bundle (build/rules/bundle.json)"
  bash scripts/bundle-rules.sh
fi
if [ -f scripts/build-extension.sh ]; then
  echo "build: extension (build/extension)"
  bash scripts/build-extension.sh
fi
echo "build: done"
