#!/usr/bin/env bash
# Builds the browser extension into build/extension (Chrome/Edge), build/extension-firefox and build/extension-test
# (Chrome build that also runs on 127.0.0.1/localhost, for the e2e tests and the demo). Needs scripts/build.sh outputs.
# Version: extension/manifest.base.json "version" is the single source.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/esbuild ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
node extension/tools/build.mjs "$@"
