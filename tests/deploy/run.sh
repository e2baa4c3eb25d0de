#!/usr/bin/env bash
# Deployment suite: ruleset signing, reproducible packages, admin files vs the managed schema, and (in a private mount namespace) Chromium force-install and signed-ruleset updates.
# Runs every tests/deploy/*.test.mjs with node's built-in runner, so the output ends with its "# pass / # fail" lines.
set -uo pipefail
self="$(cd "$(dirname "$0")" && pwd)/run.sh"
cd "$(dirname "$0")/../.."
# The browser tests bind-mount a temp folder over /etc/chromium; re-executing in a private mount namespace keeps
# that mount invisible to the host (and gone when the suite ends). Without root/unshare they report a skip.
if [ "${POSTCHECK_MOUNT_NS:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
  export POSTCHECK_MOUNT_NS=1
  exec unshare -m --propagation private bash "$self" "$@"
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null 2>&1 || echo "deploy: npm ci failed; browser tests will be skipped"
# One file at a time (--test-concurrency=1): the machine has 2 cores shared with other suites and the browser tests are heavy.
exec node --test --test-concurrency=1 tests/deploy/*.test.mjs
