#!/usr/bin/env bash
# Cold start side by side: native, wasm as node/V8 runs it by default (Liftoff, then TurboFan tier-up in the background), and wasm with Liftoff only, so the share of V8's own optimising compiler in the wasm cold start is visible.
# Usage: bash bench/cold-tiering.sh [RUNS]   (default 7; medians). Needs scripts/build.sh outputs and build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p build/bench
g++ -O2 -std=c++20 -Icore/include bench/native_bench.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/native_bench
node --input-type=module -e 'import { makePost } from "./bench/posts.mjs"; import fs from "node:fs"; fs.writeFileSync(process.argv[1], makePost(280));' "$tmp/post.txt"
glue="$PWD/build/wasm/postcheck-engine.js"
for i in $(seq "$runs"); do
  # Interleaved, so a change in the machine's load hits every column alike.
  build/bench/native_bench --rules build/rules/bundle.json --trust bht --cold "$tmp/post.txt" >>"$tmp/native.jsonl"
  node bench/wasm_cold.mjs "$glue" build/wasm/postcheck.wasm build/rules/bundle.json bht "$tmp/post.txt" >>"$tmp/default.jsonl"
  node --liftoff-only bench/wasm_cold.mjs "$glue" build/wasm/postcheck.wasm build/rules/bundle.json bht "$tmp/post.txt" >>"$tmp/liftoff.jsonl"
done
node -e '
const fs = require("fs"); const dir = process.argv[1];
const rows = (f) => fs.readFileSync(`${dir}/${f}.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const med = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const n = rows("native"), d = rows("default"), l = rows("liftoff");
const nl = med(n.map((x) => x.first_load_ms)), nc = med(n.map((x) => x.cold_ms));
const w = (r) => ({ load: med(r.map((x) => x.load_ms)), cold: med(r.map((x) => x.create_ms + x.load_ms + x.configure_ms + x.first_check_ms)) });
const wd = w(d), wl = w(l);
const f = (v) => v.toFixed(1).padStart(8);
console.log(`medians of ${n.length} runs, 280-character post, trust bht`);
console.log("                          native   wasm (V8 default)   wasm (Liftoff only)");
console.log(`loadRuleset ms          ${f(nl)}   ${f(wd.load)} (${(wd.load / nl).toFixed(2)}x)   ${f(wl.load)} (${(wl.load / nl).toFixed(2)}x)`);
console.log(`cold start ms           ${f(nc)}   ${f(wd.cold)} (${(wd.cold / nc).toFixed(2)}x)   ${f(wl.cold)} (${(wl.cold / nc).toFixed(2)}x)`);
' "$tmp"
