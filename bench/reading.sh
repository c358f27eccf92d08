#!/usr/bin/env bash
# How well touchaudit reads reviews: complaint themes (precision, recall, F1 per theme), the share of draft
# replies that answer a labelled complaint, and tone (accuracy, confusion matrix, the majority-class
# baseline), on human-labelled restaurant reviews (SemEval-2016 Task 5, English and Russian).
#
#   bench/reading.sh [CORPUS_DIR] [held-out|train|all]     defaults: ../shared/absa16 held-out
#   bench/reading.sh learn [CORPUS_DIR]      learns checklists/tone-lean.tsv again from the training part
#   bench/reading.sh learn-cv [CORPUS_DIR]   the lean's settings by 5-fold cross-validation in the training part
#   target/release/examples/reading binary FILE   tone on another labelled set, `text<TAB>0|1` lines (1 praise)
#
# The corpus is read from CORPUS_DIR and never copied into the repository; one fifth of it (by a hash of the
# review id) is held out from tuning the word lists, and that part is the figure to report. The table goes
# to stdout and to bench/results/reading-PART.md (figures only, no review text).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${1:-}" = learn ] || [ "${1:-}" = learn-cv ]; then
  mode=$1
  corpus=${2:-$root/../shared/absa16}
  cargo build --release --quiet --example reading
  if [ "$mode" = learn ]; then
    target/release/examples/reading "$corpus" train learn > checklists/tone-lean.tsv.new
    mv checklists/tone-lean.tsv.new checklists/tone-lean.tsv
    echo "wrote checklists/tone-lean.tsv ($(grep -vc '^#' checklists/tone-lean.tsv) lines)"
  else
    target/release/examples/reading "$corpus" train learn-cv | tee bench/results/reading-lean-cv.md
  fi
  exit 0
fi
corpus=${1:-$root/../shared/absa16}
part=${2:-held-out}
cargo build --release --quiet --example reading
target/release/examples/reading "$corpus" "$part" | tee "bench/results/reading-$part.md"
