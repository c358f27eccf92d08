#!/usr/bin/env bash
# Lighthouse (from npm) on the demo report: accessibility and best-practices scores (target 95+), and the
# audits that cost points. Needs Chromium (apt: chromium), Node.js with npm, python3.
#
#   bench/lighthouse.sh [LOCALE]     writes bench/results/lighthouse.md (lighthouse-ru.md for ru)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release --quiet
work=$(mktemp -d); trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
locale=${1:-en}
out=bench/results/lighthouse.md
[ "$locale" = en ] || out=bench/results/lighthouse-$locale.md
target/release/touchaudit demo --locale "$locale" -o "$work/site" >/dev/null
lighthouse=${LIGHTHOUSE:-}
if [ -z "$lighthouse" ]; then
  npm install --silent --prefix "$work/npm" lighthouse@12 >/dev/null
  lighthouse="$work/npm/node_modules/.bin/lighthouse"
fi
port=${PORT:-8766}
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
sleep 1
CHROME_PATH=${CHROME_PATH:-$(command -v chromium)} "$lighthouse" "http://127.0.0.1:$port/report.html" \
  --only-categories=accessibility,best-practices --output=json --output-path="$work/lh.json" --quiet \
  --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
mkdir -p bench/results
python3 - "$work/lh.json" "$locale" <<'PY' | tee "$out"
import json, sys
d = json.load(open(sys.argv[1]))
print(f"Lighthouse {d['lighthouseVersion']} on the demo report, locale {sys.argv[2]} ({d['fetchTime'][:10]})\n")
print("| category | score |\n|---|---|")
for c in d["categories"].values():
    print(f"| {c['title']} | {round(c['score'] * 100)} |")
lost = [a for a in d["audits"].values() if a.get("score") is not None and a["score"] < 1
        and a.get("scoreDisplayMode") in ("binary", "numeric")]
for a in lost:
    print(f"\n- {a['id']}: {a['title']}")
PY
