#!/usr/bin/env bash
# The one test command (README, CI): installs and builds everything, then runs every suite in tests/*/run.sh.
# Each suite script prints its own results and exits non-zero on failure; this prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; failed_names=()
for suite in tests/*/run.sh; do
  name=$(basename "$(dirname "$suite")")
  [ -n "${POSTCHECK_SUITES:-}" ] && [[ " $POSTCHECK_SUITES " != *" $name "* ]] && continue
  echo "=== suite: $name"
  start=$(date +%s)
  if bash "$suite"; then
    passed=$((passed+1)); echo "=== suite $name: ok ($(( $(date +%s) - start ))s)"
  else
    failed=$((failed+1)); failed_names+=("$name"); echo "=== suite $name: FAILED ($(( $(date +%s) - start ))s)"
  fi
done
[ $failed -eq 0 ] || echo "failed suites: ${failed_names[*]}"
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ]
