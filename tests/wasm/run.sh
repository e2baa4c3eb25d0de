#!/usr/bin/env bash
# Suite: the wasm engine through its JS wrapper agrees with the native CLI, and keeps the last good ruleset.
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE_OPTIONS=--no-experimental-fetch node --test tests/wasm/
