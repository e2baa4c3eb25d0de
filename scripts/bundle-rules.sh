#!/usr/bin/env bash
# Writes build/rules/bundle.json: a JSON array of {"name": "rules/...json", "text": <file text verbatim>} in a fixed order
# (core header, then core rule files by name, then trust profiles by name) so the extension and wasm tests load one file.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/rules/bundle.json}"
mkdir -p "$(dirname "$out")"
files=(rules/core/ruleset.json)
while IFS= read -r f; do files+=("$f"); done < <(LC_ALL=C ls rules/core/*.json | LC_ALL=C sort | grep -v '^rules/core/ruleset.json$')
while IFS= read -r f; do files+=("$f"); done < <(LC_ALL=C ls rules/trusts/*.json | LC_ALL=C sort)
node -e '
const fs = require("fs");
const [out, ...names] = process.argv.slice(1);
const bundle = names.map((name) => ({ name, text: fs.readFileSync(name, "utf8") }));
fs.writeFileSync(out + ".tmp", JSON.stringify(bundle, null, 1) + "\n");
fs.renameSync(out + ".tmp", out);
console.log(`bundle-rules: ${names.length} files -> ${out}`);
' "$out" "${files[@]}"
