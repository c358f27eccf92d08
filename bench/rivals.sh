#!/usr/bin/env bash
# Rivals benchmark: the wall time of one audit whose business site and four rivals' sites (five hosts on
# 127.0.0.1, each a site of PAGES pages from ../shared/bench/sitegen.py served by nginx) are crawled together,
# against the business alone. The issue's bar: four rivals take at most twice the client's wall time.
#
#   bench/rivals.sh [PAGES]     default 300
#
# Two settings: the default politeness (10 requests/s per host: the crawl waits, and the hosts wait side by
# side) and --no-rate-limit (the crawler's own speed: five crawls share the machine's cores). Tables go to
# stdout and bench/results/rivals-PAGES.md. Needs: nginx, python3, curl, /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=${SITEGEN:-$root/../shared/bench/sitegen.py}
[ -f "$gen" ] || { echo "bench/rivals.sh: $gen not found (set SITEGEN)" >&2; exit 2; }
pages=${1:-300}
cd "$root"
cargo build --release --quiet
bin=$root/target/release/touchaudit
work=$(mktemp -d); trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 755 "$work"
ports=(8191 8192 8193 8194 8195)
servers=""
for port in "${ports[@]}"; do
  python3 "$gen" "$work/site-$port" --pages "$pages" --base "http://127.0.0.1:$port" >/dev/null
  servers+="server { listen 127.0.0.1:$port; root $work/site-$port/site; location / { try_files \$uri \$uri/ =404; } } "
done
cat >"$work/nginx.conf" <<CONF
worker_processes 2; pid $work/nginx.pid; error_log $work/error.log; daemon on;
events { worker_connections 1024; }
http { access_log off; include /etc/nginx/mime.types; $servers }
CONF
nginx -c "$work/nginx.conf"
for port in "${ports[@]}"; do
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
done
audit() { # $1: number of rivals, $2: extra [crawl] line
  {
    printf '[business]\nname = "Client"\nsite = "http://127.0.0.1:%s/"\nas_of = 2026-11-01\n\n[crawl]\nmax_pages = %s\n%s\n' \
      "${ports[0]}" "$((pages + 50))" "$2"
    for i in $(seq 1 "$1"); do
      printf '\n[[competitor]]\nname = "Rival %s"\nsite = "http://127.0.0.1:%s/"\n' "$i" "${ports[$i]}"
    done
  } >"$work/audit-$1.toml"
}
run() { # $1: rivals; prints seconds and peak MiB
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run "$work/audit-$1.toml" -o "$work/out-$1" >/dev/null 2>&1
  read -r secs kib <"$work/time"
  echo "$secs $((kib / 1024))"
}
out=bench/results/rivals-$pages.md
mkdir -p bench/results
{
  echo "## Client and four rivals, $pages pages each ($(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "| setting | client alone (s) | client + 4 rivals (s) | ratio | peak MiB alone / with rivals |"
  echo "|---|---:|---:|---:|---:|"
  for setting in "polite (10 requests/s per host)|" "no rate limit|rate_limit = false"; do
    label=${setting%%|*}; line=${setting#*|}
    audit 0 "$line"; audit 4 "$line"
    read -r alone mem_alone < <(run 0)
    read -r with mem_with < <(run 4)
    ratio=$(python3 -c "print(f'{$with / $alone:.2f}')")
    echo "| $label | $alone | $with | $ratio× | $mem_alone / $mem_with |"
  done
} | tee "$out"
