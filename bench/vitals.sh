#!/usr/bin/env bash
# touchaudit's page speed in the browser against Lighthouse's on the same pages (#28): Largest Contentful
# Paint, Total Blocking Time and Cumulative Layout Shift, mobile, for a few generated pages (plain, content
# painted after a 3 s script delay, a large image, a layout shift, a long task). Lighthouse runs with
# `--throttling-method=devtools`, the same applied throttling touchaudit uses (its default "simulate" mode
# estimates the figures from an unthrottled load instead). Needs Chromium, Node.js with npm, python3.
#
#   bench/vitals.sh [LOADS]     writes bench/results/vitals.md (LOADS: loads per page for both, default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release --quiet
loads=${1:-3}
work=$(mktemp -d); trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
lighthouse=${LIGHTHOUSE:-}
if [ -z "$lighthouse" ]; then
  npm install --silent --prefix "$work/npm" lighthouse@12 >/dev/null
  lighthouse="$work/npm/node_modules/.bin/lighthouse"
fi
site="$work/site"; mkdir -p "$site"
python3 - "$site" <<'PY'
import sys, os, struct, zlib
site = sys.argv[1]
head = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>{t}</title></head><body>')
text = '<p>' + 'Fresh bread baked every morning, cakes to order, coffee to take away. ' * 20 + '</p>'
def png(w, h):
    raw = b''.join(b'\x00' + bytes(((x * 7 + y * 3) % 256 for x in range(w * 3))) for y in range(h))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 0)) + chunk(b'IEND', b''))
open(f'{site}/hero.png', 'wb').write(png(800, 500))
pages = {
    'plain': head.format(t='Plain') + '<h1>Corner Bakery</h1>' + text + '</body></html>',
    'late': head.format(t='Late') + '<div id="app"></div><script>setTimeout(() => { document.getElementById("app")'
            '.innerHTML = "<h1>Corner Bakery</h1>" + ' + repr(text) + '; }, 3000);</script></body></html>',
    'image': head.format(t='Image') + '<h1>Corner Bakery</h1><img src="hero.png" width="800" height="500" '
             'style="max-width:100%;height:auto" alt="Our shop">' + text + '</body></html>',
    'shift': head.format(t='Shift') + '<div id="ad"></div><h1>Corner Bakery</h1>' + text + '<script>setTimeout(() '
             '=> { document.getElementById("ad").style.height = "300px"; }, 800);</script></body></html>',
    'busy': head.format(t='Busy') + '<h1>Corner Bakery</h1>' + text + '<script>addEventListener("load", () => '
            '{ const end = performance.now() + 400; while (performance.now() < end) {} });</script></body></html>',
}
for name, body in pages.items():
    os.makedirs(f'{site}/{name}', exist_ok=True)
    open(f'{site}/{name}/index.html', 'w').write(body)
PY
port=${PORT:-8767}
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
sleep 1
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for page in plain late image shift busy; do
  url="http://127.0.0.1:$port/$page/"
  TOUCHAUDIT_RENDER=auto target/release/touchaudit crawl "$url" --speed-loads "$loads" --max-pages 1 \
    --json "$work/ta-$page.json" >/dev/null
  for i in $(seq "$loads"); do
    CHROME_PATH=${CHROME_PATH:-$(command -v chromium)} "$lighthouse" "$url" --only-categories=performance \
      --throttling-method=devtools --output=json --output-path="$work/lh-$page-$i.json" --quiet \
      --chrome-flags="$flags"
  done
done
mkdir -p bench/results
python3 - "$work" "$loads" <<'PY' | tee bench/results/vitals.md
import json, sys, glob, statistics
work, loads = sys.argv[1], int(sys.argv[2])
print(f"## Page speed: touchaudit in the browser against Lighthouse 12 (devtools throttling), median of {loads} loads\n")
print("| page | LCP touchaudit | LCP Lighthouse | TBT touchaudit | TBT Lighthouse | CLS touchaudit | CLS Lighthouse |")
print("|---|---|---|---|---|---|---|")
for page in ["plain", "late", "image", "shift", "busy"]:
    ta = json.load(open(f"{work}/ta-{page}.json"))["vitals"]
    ta = ta[0] if ta else {}
    lh = [json.load(open(f)) for f in sorted(glob.glob(f"{work}/lh-{page}-*.json"))]
    med = lambda key: statistics.median(r["audits"][key]["numericValue"] for r in lh)
    print(f"| {page} | {ta.get('lcp_ms', 0) / 1000:.2f} s | {med('largest-contentful-paint') / 1000:.2f} s "
          f"| {ta.get('tbt_ms', 0):.0f} ms | {med('total-blocking-time'):.0f} ms "
          f"| {ta.get('cls', 0):.3f} | {med('cumulative-layout-shift'):.3f} |")
PY
echo "(the tolerance and the known differences are written under the table of the committed results)"
