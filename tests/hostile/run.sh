#!/usr/bin/env bash
# Hostile-input suite: node --test over tests/hostile/*.test.mjs (wasm engine, native CLI, extension static checks).
# Tests whose dependency has not landed yet skip with a reason; once scripts/build.sh exists, missing artifacts fail.
set -uo pipefail
cd "$(dirname "$0")/../.."
export NODE_OPTIONS="--no-experimental-fetch --expose-gc --max-old-space-size=4096"
# Each file gets its own process (node --test default); the 100 MB ruleset test needs heap headroom.
exec node --test --test-concurrency=1 tests/hostile/*.test.mjs
