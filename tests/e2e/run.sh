#!/usr/bin/env bash
# Browser extension suite: builds the extension and fixture pages, lints the Firefox build (web-ext), then runs the
# unit tests of pure extension logic and the Chromium end-to-end tests with node's built-in test runner
# (the browser-neutral *.cross.test.mjs files run in Chromium here and in Firefox in tests/firefox). Needs scripts/build.sh outputs (engine, rules).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f build/wasm/postcheck.wasm ] || [ ! -f build/rules/bundle.json ]; then
  echo "e2e: build/wasm or build/rules/bundle.json missing: run scripts/build.sh first" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium missing (scripts/setup.sh installs it)" >&2; exit 1; }
bash scripts/build-extension.sh
node tests/e2e/fixtures/build-fixtures.mjs
# Firefox build: addons-linter via web-ext (offline; no update check). Errors exit non-zero and fail the suite
# (set -e); warnings and notices are printed in its table for a person to read.
echo "e2e: web-ext lint build/extension-firefox"
NO_UPDATE_NOTIFIER=1 node_modules/.bin/web-ext lint --source-dir build/extension-firefox --no-config-discovery --no-input
# One browser per test file; files run one after another (2 shared cores).
# *.cross.test.mjs are browser-neutral (tests/e2e/lib/driver.mjs): here in Chromium, in tests/firefox in Firefox ESR.
exec env POSTCHECK_BROWSERS=chromium node --test --test-concurrency=1 tests/e2e/unit.test.mjs tests/e2e/compose.test.mjs tests/e2e/identical.test.mjs tests/e2e/ruleset_update.test.mjs tests/e2e/security.test.mjs tests/e2e/trust_choices.test.mjs tests/e2e/failopen.test.mjs tests/e2e/a11y.test.mjs tests/e2e/*.cross.test.mjs
