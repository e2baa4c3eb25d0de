#!/usr/bin/env bash
# The wasm build as shipped against the same tree built without its load-path size tuning (POSTCHECK_WASM_SMALL_LOAD=OFF): cold start, memory and check time side by side, with native cold start as the yardstick.
# Usage: bash bench/wasm-build-flags.sh [RUNS]   (default 7; medians, interleaved). Needs scripts/build.sh outputs and build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
export NODE_PATH=/usr/share/nodejs NODE_OPTIONS=--no-experimental-fetch
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -f build/wasm/postcheck.wasm ] || bash scripts/build.sh
ICU_PREFIX=$(bash scripts/build-icu-wasm.sh --print-prefix)

# The "before" build: same sources, tuning off, in its own folder.
plain=build/bench/wasm-plain
emcmake cmake -S . -B "$plain-cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DPOSTCHECK_ICU_PREFIX="$ICU_PREFIX" -DPOSTCHECK_THIRD_PARTY_INCLUDE="$PWD/build/third_party/include" \
  -DPOSTCHECK_WASM_SMALL_LOAD=OFF >/dev/null
cmake --build "$plain-cmake" --target postcheck_wasm >/dev/null
mkdir -p "$plain"
cp "$plain-cmake/wasm/postcheck.js" "$plain-cmake/wasm/postcheck.wasm" "$plain/"
cp wasm/engine.js "$plain/postcheck-engine.js"

g++ -O2 -std=c++20 -Icore/include bench/native_bench.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/native_bench
node --input-type=module -e '
import { makePost } from "./bench/posts.mjs"; import fs from "node:fs";
for (const n of [280, 3000]) fs.writeFileSync(`${process.argv[1]}/post-${n}.txt`, makePost(n));' "$tmp"

for i in $(seq "$runs"); do
  # Interleaved, so a change in the machine's load hits every column alike.
  build/bench/native_bench --rules build/rules/bundle.json --trust bht --cold "$tmp/post-280.txt" >>"$tmp/native.jsonl"
  for v in plain shipped; do
    dir=$([ $v = plain ] && echo "$plain" || echo build/wasm)
    node bench/wasm_cold.mjs "$PWD/$dir/postcheck-engine.js" "$dir/postcheck.wasm" build/rules/bundle.json bht "$tmp/post-280.txt" >>"$tmp/$v.jsonl"
  done
done
node bench/wasm_check_ab.mjs build/rules/bundle.json bht "$tmp/post-280.txt,$tmp/post-3000.txt" "$plain" build/wasm >"$tmp/checks.jsonl"

node -e '
const fs = require("fs"); const dir = process.argv[1];
const rows = (f) => fs.readFileSync(`${dir}/${f}`, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const med = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const n = rows("native.jsonl"), builds = { plain: rows("plain.jsonl"), shipped: rows("shipped.jsonl") };
const checks = rows("checks.jsonl");
const nc = med(n.map((x) => x.cold_ms)), nl = med(n.map((x) => x.first_load_ms));
const size = (d) => fs.statSync(`${d}/postcheck.wasm`).size;
const f = (v, d = 1) => v.toFixed(d);
console.log(`medians of ${n.length} fresh processes each (280-character post, trust bht); native cold start ${f(nc)} ms, native loadRuleset ${f(nl)} ms`);
console.log("| wasm build | loadRuleset ms | cold start ms | cold / native | RSS added MB (code / rules / check) | check p50 ms 280 / 3000 chars | postcheck.wasm KB |");
console.log("|---|---|---|---|---|---|---|");
for (const [name, r] of Object.entries(builds)) {
  const d = name === "plain" ? process.argv[2] : "build/wasm";
  const cold = med(r.map((x) => x.cold_ms));
  const c = (chars) => checks.find((x) => x.dir === d && x.chars === chars).p50_ms;
  console.log(`| ${name === "plain" ? "-O2 everywhere, default inlining (before)" : "load path for size (shipped)"} | ${f(med(r.map((x) => x.load_ms)))} | ${f(cold)} | ${f(cold / nc, 2)}x | ${f(med(r.map((x) => x.rss_delta_mb)))} (${f(med(r.map((x) => x.rss_code_mb)))} / ${f(med(r.map((x) => x.rss_rules_mb)))} / ${f(med(r.map((x) => x.rss_check_mb)))}) | ${f(c(280), 3)} / ${f(c(3000), 3)} | ${Math.round(size(d) / 1024)} |`);
}
' "$tmp" "$plain"
