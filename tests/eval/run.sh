#!/usr/bin/env bash
# Eval suite: scores the rules on real cases (../shared/eval) at the default sensitivity, for every Trust, and fails below the floors in tests/eval/floors.json.
# The same floors hold for scripts/ship-ruleset.mjs, so CI and a comms team's ship agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/native/postcheck
[ -x "$bin" ] || { echo "eval: $bin not built (run: bash scripts/build.sh)"; exit 1; }
status=0
while IFS=$'\t' read -r file args; do
  [ -f "$file" ] || { echo "eval: no real cases at $file (CI puts ../shared beside the clone)"; exit 1; }
  echo "--- postcheck rules eval $file $args"
  # shellcheck disable=SC2086  # args is a list of plain options from the floors file
  "$bin" rules eval "$file" $args || status=1
done < <(node -e '
  const f = JSON.parse(require("fs").readFileSync("tests/eval/floors.json", "utf8"));
  for (const r of f.runs) console.log(r.file + "\t" + (r.args || []).join(" "));
')
exit $status
