#!/usr/bin/env bash
# Rules suite: lints every rule file (schema, references, patterns) and runs every rule's flag/pass examples for each Trust.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/native/postcheck
[ -x "$bin" ] || { echo "rules: $bin not built (run: bash scripts/build.sh)"; exit 1; }
echo "--- postcheck rules lint"
lint_out=$("$bin" rules lint 2>&1) || { echo "$lint_out"; echo "rules: lint failed"; exit 1; }
echo "$lint_out"
# Lint warnings (e.g. a rule with fewer than 3 examples of a kind) fail the suite too.
if ! grep -q ' 0 warnings' <<<"$lint_out"; then echo "rules: lint reported warnings"; exit 1; fi
echo "--- postcheck rules test"
"$bin" rules test || { echo "rules: example failures"; exit 1; }
echo "--- bundle"
bash scripts/bundle-rules.sh build/rules/bundle.test.json >/dev/null
node -e '
const b = require(process.argv[1]);
const fs = require("fs");
if (b[0].name !== "rules/core/ruleset.json") throw new Error("bundle must start with the core header");
for (const f of b) if (fs.readFileSync(f.name, "utf8") !== f.text) throw new Error("bundle text differs for " + f.name);
console.log("bundle: " + b.length + " files, verbatim");
' "$PWD/build/rules/bundle.test.json"
"$bin" rules lint --rules build/rules/bundle.test.json >/dev/null || { echo "rules: bundle does not lint"; exit 1; }
rm -f build/rules/bundle.test.json
echo "--- lexicons"
node scripts/import-lexicons.mjs --check
echo "--- catalog"
node scripts/gen-catalog.mjs --check
echo "--- command line workflows (help, errors, sensitivity, drafts, Trust choices)"
node --test tests/rules/*.test.mjs
