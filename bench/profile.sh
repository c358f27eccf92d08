#!/usr/bin/env bash
# Where the crawl's time goes: perf with call graphs over `touchaudit crawl` of the generated site (the same
# site bench/crawl.sh measures), folded by bench/profile_fold.py into the share of each page stage.
#
#   bench/profile.sh [PAGES]        default 20000; writes bench/results/crawl-profile-PAGES.md
#
# Needs: perf (linux-perf), nginx, python3. Run on an otherwise idle machine; the shares, not the seconds,
# are what to compare between two builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-20000}
gen=${SITEGEN:-$root/../shared/bench/sitegen.py}
[ -f "$gen" ] || { echo "bench/profile.sh: $gen not found (set SITEGEN)" >&2; exit 2; }
command -v perf >/dev/null || { echo "bench/profile.sh needs perf" >&2; exit 2; }
cd "$root"
cargo build --release --quiet
port=${PORT:-8097}; base="http://127.0.0.1:$port"
work=$(mktemp -d); trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 755 "$work"
python3 "$gen" "$work/gen" --pages "$pages" --base "$base" >/dev/null
cat >"$work/nginx.conf" <<CONF
worker_processes 2; pid $work/nginx.pid; error_log $work/error.log; daemon on;
events { worker_connections 1024; }
http { access_log off; include /etc/nginx/mime.types;
  server { listen 127.0.0.1:$port; root $work/gen/site; location / { try_files \$uri \$uri/ =404; } } }
CONF
nginx -c "$work/nginx.conf"
for _ in $(seq 50); do curl -sf "$base/" >/dev/null 2>&1 && break; sleep 0.1; done
mkdir -p bench/results
out=bench/results/crawl-profile-$pages.md
{
  echo "## Profile of \`touchaudit crawl\` on $pages generated pages ($(date -u +%Y-%m-%d), $(nproc) cores, $(git rev-parse --short HEAD))"
  echo
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" -o "$work/time" \
    target/release/touchaudit crawl "$base/" --max-pages 1000000 --no-rate-limit --render never --json "$work/plain.json" >/dev/null 2>&1
  echo "Without the profiler: $(cat "$work/time")."
  echo
  perf record -q -F 499 --call-graph dwarf,16384 -o "$work/perf.data" \
    target/release/touchaudit crawl "$base/" --max-pages 1000000 --no-rate-limit --render never --json "$work/ta.json" >/dev/null 2>&1
  perf script -i "$work/perf.data" 2>/dev/null | python3 bench/profile_fold.py
} | tee "$out"
