#!/usr/bin/env bash
# Corpus suite: scores the rules on each labelled post file in tests/corpus/ and fails below recall 0.90 or above a 5% false-positive rate.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/native/postcheck
[ -x "$bin" ] || { echo "corpus: $bin not built (run: bash scripts/build.sh)"; exit 1; }
status=0
for f in tests/corpus/posts.jsonl tests/corpus/holdout.jsonl tests/corpus/fresh.jsonl tests/corpus/fresh2.jsonl tests/corpus/fresh3.jsonl tests/corpus/fresh4.jsonl tests/corpus/fresh5.jsonl tests/corpus/fresh6.jsonl tests/corpus/fresh7.jsonl tests/corpus/fresh8.jsonl; do
  echo "--- $f"
  node scripts/corpus-score.mjs --check --corpus "$f" "$@" || status=1
done
# Real cases from public sources (dev-set record format), each scored untouched before it was used. Their floors are
# today's post-category recall rounded down, not 0.90: a multi-label real post counts once per label, and these files
# exist to catch regressions on real wording, so raise the floors as the numbers rise.
for spec in real-new1.jsonl:0.60 real-new2.jsonl:0.50 real-new3.jsonl:0.90 real-new4.jsonl:0.90 real-new5.jsonl:0.90 real-new6.jsonl:0.80; do
  f="tests/corpus/${spec%%:*}"
  echo "--- $f"
  node scripts/corpus-score.mjs --check --min-recall "${spec##*:}" --corpus "$f" "$@" || status=1
done
exit $status
