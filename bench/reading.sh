#!/usr/bin/env bash
# How well touchaudit reads reviews: complaint themes (precision, recall, F1 per theme), the share of draft
# replies that answer a labelled complaint, and tone (accuracy, confusion matrix, the majority-class
# baseline), on human-labelled restaurant reviews (SemEval-2016 Task 5, English and Russian).
#
#   bench/reading.sh [CORPUS_DIR] [held-out|train|all]     defaults: ../shared/absa16 held-out
#
# The corpus is read from CORPUS_DIR and never copied into the repository; one fifth of it (by a hash of the
# review id) is held out from tuning the word lists, and that part is the figure to report. The table goes
# to stdout and to bench/results/reading-PART.md (figures only, no review text).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/absa16}
part=${2:-held-out}
cd "$root"
cargo build --release --quiet --example reading
target/release/examples/reading "$corpus" "$part" | tee "bench/results/reading-$part.md"
