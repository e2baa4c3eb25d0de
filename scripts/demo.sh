#!/usr/bin/env bash
# Demo: builds PostCheck, then opens Debian Chromium with the extension on local compose boxes (127.0.0.1 only).
# With no DISPLAY it runs headless: types a sample post, prints the findings, saves build/demo/screenshot.png.
# Usage: scripts/demo.sh ["text of a post to try"]
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh clone has no build/: scripts/build.sh installs the packages (Chromium included), runs npm ci and builds the
# engine, the rules bundle and the extension. Otherwise only the extension is rebuilt (quick) to pick up edits.
if [ ! -f build/wasm/postcheck.wasm ] || [ ! -f build/rules/bundle.json ] || [ ! -d node_modules ]; then
  echo "demo: first run: building everything with scripts/build.sh (several minutes)"
  bash scripts/build.sh
else
  bash scripts/build-extension.sh >/dev/null
fi
[ -x /usr/bin/chromium ] || { echo "demo: /usr/bin/chromium missing: run scripts/setup.sh" >&2; exit 1; }
exec node tests/e2e/lib/demo.mjs "$@"
