#!/usr/bin/env bash
# Rule-count scaling measured in instructions (callgrind Ir per check), which the shared cores' load does not move: the real ruleset, then 2x and 4x as many rules of the same shapes (bench/synth.mjs scaleBundle), same posts, ratios to x1 side by side.
# Usage: bash bench/scaling-ir.sh [RULES_DIR]   (default: rules/). Needs build/native (cmake --build build/native) and valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
rules="${1:-rules}"
command -v valgrind >/dev/null || { echo "scaling-ir: valgrind missing (apt-get install valgrind)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p build/bench
g++ -O2 -g -std=c++20 -Icore/include bench/native_bench.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/native_bench
node scripts/ruleset-bundle.mjs --rules "$rules" "$tmp/x1.json" >/dev/null
node --input-type=module -e '
import fs from "node:fs";
import { scaleBundle } from "./bench/synth.mjs";
import { makePost } from "./bench/posts.mjs";
const dir = process.argv[1];
const base = JSON.parse(fs.readFileSync(dir + "/x1.json", "utf8"));
for (const k of [2, 4]) fs.writeFileSync(`${dir}/x${k}.json`, JSON.stringify(scaleBundle(base, k)));
for (const n of [280, 3000]) fs.writeFileSync(`${dir}/post-${n}.txt`, makePost(n));
' "$tmp"
iters=5
# Ir of CheckerImpl::Check over iters timed checks plus native_bench's 3 warm-up checks.
ir() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect='*CheckerImpl::Check*' \
    build/bench/native_bench --rules "$1" --trust bht --compile-iters 0 --budget-ms 1000000 --iters $iters --min-ms 0 "$2" \
    >"$tmp/bench.json" 2>/dev/null
  local total; total=$(callgrind_annotate "$tmp/cg.out" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | tr -d ',' | grep -o '^ *[0-9]*' | tr -d ' ')
  echo $(( total / (iters + 3) ))
}
printf '%-6s %-6s %-22s %-22s %s\n' rules count "Ir/check 280 ch" "Ir/check 3000 ch" "findings 280/3000"
declare -A base
for k in 1 2 4; do
  count=$(node -e 'let n=0;for(const f of require(process.argv[1])){const m=f.text.match(/"id"\s*:/g);if(/"rules"\s*:/.test(f.text)&&m)n+=m.length}console.log(n)' "$tmp/x$k.json")
  cells=(); finds=()
  for n in 280 3000; do
    v=$(ir "$tmp/x$k.json" "$tmp/post-$n.txt")
    [ "$k" = 1 ] && base[$n]=$v
    cells+=("$(printf '%s (%.2fx)' "$v" "$(echo "$v / ${base[$n]}" | bc -l)")")
    finds+=("$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).posts[0].findings)' "$tmp/bench.json")")
  done
  printf '%-6s %-6s %-22s %-22s %s\n' "x$k" "$count" "${cells[0]}" "${cells[1]}" "${finds[0]}/${finds[1]}"
done
