#!/usr/bin/env bash
# Corpus suite: scores the rules on tests/corpus/posts.jsonl and fails below recall 0.90 or above a 5% false-positive rate.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/native/postcheck
[ -x "$bin" ] || { echo "corpus: $bin not built (run: bash scripts/build.sh)"; exit 1; }
node scripts/corpus-score.mjs --check "$@"
