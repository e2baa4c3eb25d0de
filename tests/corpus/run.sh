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
# A spec is FILE:MIN_RECALL[:MAX_FPR] (the false-positive ceiling defaults to 0.05). The batches gathered for 1.5.0
# (real-new7 to real-new19; tests/corpus/README.md) hold today's numbers as floors and ceilings: several are real
# everyday posts that the rules still flag at 6-17% (1.4.1: up to 29%), and keeping them means that rate can only fall.
for spec in real-new1.jsonl:0.60 real-new2.jsonl:0.50 real-new3.jsonl:0.90 real-new4.jsonl:0.90 real-new5.jsonl:0.90 real-new6.jsonl:0.80 \
    real-new7.jsonl:0.65:0.14 real-new8.jsonl:0:0.06 real-new9.jsonl:0:0.17 real-new10.jsonl:0.33:0.30 real-new11.jsonl:0:0.07 \
    real-new12.jsonl:0.30 real-new13.jsonl:0.20 real-new14.jsonl:0.17 real-new15.jsonl:0.23 real-new16.jsonl:0:0.06 \
    real-new17.jsonl:0:0.16 real-new18.jsonl:0 real-new19.jsonl:0.24; do
  IFS=: read -r name min_recall max_fpr <<<"$spec"
  f="tests/corpus/$name"
  echo "--- $f"
  node scripts/corpus-score.mjs --check --min-recall "$min_recall" --max-fpr "${max_fpr:-0.05}" --corpus "$f" "$@" || status=1
done
exit $status
