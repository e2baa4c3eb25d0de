#!/usr/bin/env bash
# Demo: builds PostCheck, then opens Debian Chromium with the extension on local compose boxes (127.0.0.1 only).
# With no DISPLAY it runs headless: types a sample post, prints the findings, saves build/demo/screenshot.png.
# Usage: scripts/demo.sh ["text of a post to try"]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/wasm/postcheck.wasm ] || [ ! -f build/rules/bundle.json ]; then
  bash scripts/build.sh
fi
bash scripts/build-extension.sh
exec node tests/e2e/lib/demo.mjs "$@"
