#!/usr/bin/env bash
# Deployment suite: ruleset signing, reproducible packages, admin files vs the managed schema, and (in a private mount namespace) Chromium force-install and signed-ruleset updates.
# Runs every tests/deploy/*.test.mjs with node's built-in runner, so the output ends with its "# pass / # fail" lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null 2>&1 || echo "deploy: npm ci failed; browser tests will fail"
# One file at a time (--test-concurrency=1): the machine has 2 cores shared with other suites and the browser tests are heavy.
exec node --test --test-concurrency=1 tests/deploy/*.test.mjs
