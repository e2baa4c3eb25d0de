#!/usr/bin/env bash
# Compares the check cost of two ruleset versions side by side (same engine, same machine, same posts): a git revision's rules against the working tree's, so a larger ruleset (lexicons) shows what it costs.
# Usage: bash bench/rulesets.sh [OLD_REV]   (default: the 1.3.0 rules, commit 769a006). Needs build/native (cmake --build build/native).
set -euo pipefail
cd "$(dirname "$0")/.."
old_rev="${1:-769a006}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p build/bench "$tmp/old"
g++ -O2 -std=c++20 -Icore/include bench/native_bench.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/native_bench
git archive "$old_rev" rules | tar -x -C "$tmp/old"
node scripts/ruleset-bundle.mjs --rules "$tmp/old/rules" "$tmp/old.json" >/dev/null
node scripts/ruleset-bundle.mjs "$tmp/new.json" >/dev/null
# The same deterministic posts the main benchmark uses, at the sizes a compose box sees.
node -e '
import("./bench/posts.mjs").then(({ makePost }) => {
  const fs = require("fs");
  for (const n of [280, 3000, 10000]) fs.writeFileSync(process.argv[1] + "/post-" + n + ".txt", makePost(n));
});' "$tmp"
terms() { node -e '
const b = require(process.argv[1]); let n = 0;
const strip = (t) => t.replace(/^\s*\/\/.*$/gm, "");
for (const f of b) { const j = JSON.parse(strip(f.text)); const sets = (j.ruleset||{}).term_sets || (j.lexicon||{}).term_sets || {}; for (const v of Object.values(sets)) n += v.length; }
console.log(n);' "$1"; }
printf '%-9s %-6s %-11s %-8s %-12s %-10s %-10s %-10s %-8s\n' ruleset rules set_terms post compile_ms p50_ms p95_ms mean_ms peak_MB
for label in old new; do
  bundle="$tmp/$label.json"
  version=$(node -e 'const b=require(process.argv[1]);console.log(JSON.parse(b[0].text.replace(/^\s*\/\/.*$/gm,"")).ruleset.version)' "$bundle")
  nterms=$(terms "$bundle")
  for n in 280 3000 10000; do
    out=$(nice build/bench/native_bench --rules "$bundle" --trust bht --budget-ms 100000 --max-findings 100000000 --min-ms 1500 "$tmp/post-$n.txt")
    node -e '
const r = JSON.parse(process.argv[1]); const p = r.posts[0];
const f = (v, d = 3) => v.toFixed(d);
console.log([process.argv[2].padEnd(9), String(r.rules).padEnd(6), process.argv[3].padEnd(11), process.argv[4].padEnd(8),
  f(r.compile_ms_p50, 1).padEnd(12), f(p.p50_ms).padEnd(10), f(p.p95_ms).padEnd(10), f(p.mean_ms).padEnd(10), f(r.peak_rss_kb / 1024, 1)].join(" "));
' "$out" "$version" "$nterms" "$n"
  done
done
