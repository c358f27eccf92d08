#!/usr/bin/env bash
# Calibrates touchaudit's per-page `checks` against Lighthouse itself: runs npm Lighthouse (with the Debian
# Chromium) on every page of the calibration corpus (tests/fixtures/lighthouse/site/), records its verdicts
# per page and audit in tests/fixtures/lighthouse/verdicts.json (the test `lighthouse_agreement` compares
# touchaudit's with them, no Lighthouse needed there), and prints the agreement table.
#
#   bench/lighthouse-checks.sh            writes tests/fixtures/lighthouse/verdicts.json and
#                                         bench/results/lighthouse-checks.md
# Needs Chromium, Node.js with npm (or LIGHTHOUSE=path/to/lighthouse), python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d); trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
lighthouse=${LIGHTHOUSE:-}
if [ -z "$lighthouse" ]; then
  npm install --silent --prefix "$work/npm" lighthouse@12 >/dev/null
  lighthouse="$work/npm/node_modules/.bin/lighthouse"
fi
port=${PORT:-8767}
mkdir -p "$work/site"
for f in tests/fixtures/lighthouse/site/*.html; do sed "s/PORT/$port/g" "$f" > "$work/site/$(basename "$f")"; done
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
sleep 1
audits=document-title,meta-description,html-has-lang,html-lang-valid,meta-viewport,image-alt,label,link-name,link-text,crawlable-anchors,button-name,heading-order,canonical,hreflang,is-crawlable,http-status-code
mkdir -p "$work/lh"
export lighthouse port audits work CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}
# Three at a time: one Lighthouse run mostly waits for Chromium.
ls "$work/site" | xargs -P "${JOBS:-3}" -I{} sh -c '"$lighthouse" "http://127.0.0.1:$port/{}" \
    --only-audits="$audits" --output=json --output-path="$work/lh/{}.json" --quiet --max-wait-for-load=15000 \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    || echo "lighthouse failed on {}" >&2'
python3 - "$work/lh" <<'PY'
import json, os, sys
out = {"lighthouse": None, "pages": {}}
for name in sorted(os.listdir(sys.argv[1])):
    d = json.load(open(os.path.join(sys.argv[1], name)))
    out["lighthouse"] = d["lighthouseVersion"]
    verdicts = {}
    for id, a in d["audits"].items():
        mode = a.get("scoreDisplayMode")
        if mode == "notApplicable":
            verdicts[id] = "not_applicable"
        elif mode in ("binary", "numeric") and a.get("score") is not None:
            verdicts[id] = "pass" if a["score"] == 1 else "fail"
    out["pages"][name[:-5]] = verdicts
json.dump(out, open("tests/fixtures/lighthouse/verdicts.json", "w"), indent=1, sort_keys=True)
print(f"recorded {len(out['pages'])} pages, Lighthouse {out['lighthouse']}")
PY
