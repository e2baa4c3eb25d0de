#!/usr/bin/env bash
# Every finding of the golden texts (corpus, the shared dev set, the bench posts), both Trusts, lowest sensitivity, into one file: run it before and after a change meant to keep findings, then cmp the two.
# Usage: bash bench/findings-dump.sh OUT.txt   (needs build/native and build/rules/bundle.json: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: bash bench/findings-dump.sh OUT.txt}"
cmake --build build/native --target postcheck_core >/dev/null
mkdir -p build/bench
g++ -O1 -std=c++20 -Icore/include bench/findings_dump.cc build/native/core/libpostcheck_core.a \
  $(pkg-config --libs icu-i18n icu-uc) -o build/bench/findings_dump
node --input-type=module -e 'import { writePosts } from "./bench/posts.mjs"; writePosts("build/bench/posts");'
shared=(); [ -d ../shared/eval ] && shared=(../shared/eval/*.jsonl)
build/bench/findings_dump build/rules/bundle.json tests/corpus/*.jsonl "${shared[@]}" build/bench/posts/post-*.txt > "$out"
echo "findings-dump: $(grep -c '^  ' "$out") findings over $(grep -c '^[^ ]' "$out") text and Trust pairs -> $out"
