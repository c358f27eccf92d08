#!/usr/bin/env bash
# How a chain's audit grows with its locations: time and peak memory of `touchaudit run` on generated chains
# (Business Profile exports of REVIEWS reviews and one offline.toml per location), for each count of locations.
#
#   bench/chain.sh [REVIEWS] [LOCATIONS...]      defaults: 2000 reviews, 10 50 200 locations
#
# The table goes to stdout and to bench/results/chain.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reviews=${1:-2000}
shift || true
counts=("${@:-10 50 200}")
[ $# -eq 0 ] && counts=(10 50 200)
cd "$root"
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "| locations | reviews | wall time | peak RSS | result.json |"
  echo "|---|---|---|---|---|"
  for n in "${counts[@]}"; do
    python3 bench/chain_gen.py "$work/c$n" "$n" "$reviews"
    /usr/bin/time -f "%e %M" -o "$work/time" target/release/touchaudit run "$work/c$n/audit.toml" -o "$work/out$n" >/dev/null 2>&1
    read -r secs kb < "$work/time"
    size=$(du -k "$work/out$n/result.json" | cut -f1)
    echo "| $n | $((n * reviews)) | ${secs} s | $((kb / 1024)) MiB | ${size} KiB |"
    rm -rf "$work/c$n" "$work/out$n"
  done
} | tee bench/results/chain.md
