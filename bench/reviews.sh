#!/usr/bin/env bash
# Review-metrics benchmark: touchaudit against a pandas script computing the same metrics on the same
# generated CSV export, in one run; both must give the same numbers.
#
#   bench/reviews.sh [ROWS]          default 1000000
#
# Needs python3 with pandas (pip install pandas) and /usr/bin/time. The table goes to stdout and to
# bench/results/reviews-ROWS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
cd "$root"
cargo build --release --quiet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 bench/reviews_gen.py "$work" --rows "$rows"
/usr/bin/time -f "%e %M" -o "$work/ta.time" target/release/touchaudit run "$work/audit.toml" -o "$work/out" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/pd.time" python3 bench/reviews_pandas.py "$work/reviews.csv" 2026-11-01 >"$work/pandas.json"
python3 - "$work" "$rows" <<'PY' | tee "bench/results/reviews-$rows.md"
import json, sys
work, rows = sys.argv[1], int(sys.argv[2])
r = json.load(open(f"{work}/out/result.json"))
tp = {t["id"]: t for t in r["touchpoints"]}
rv = r["reputation"]["reviews"]
ours = {
    "count": rv["count"], "average": rv["average"],
    "platforms": {p["platform"]: [p["count"], p["average"]] for p in rv["platforms"]},
    "distribution": rv["distribution"], "reply_rate": rv["replies"]["rate"],
    "median_hours": rv["replies"]["median_hours"], "p90_hours": rv["replies"]["p90_hours"],
    "unanswered_negative": tp["reviews.unanswered_negative"]["measured"],
    "per_month": tp["reviews.volume"]["measured"], "recency_days": tp["reviews.recency"]["measured"],
    "canned_share": tp["reviews.canned_replies"]["measured"],
}
theirs = json.load(open(f"{work}/pandas.json"))
def same(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return abs(float(a) - float(b)) <= 0.006 * max(1.0, abs(float(b)) / 100)
diff = [k for k in theirs if not same(ours[k], theirs[k])]
print(f"| tool | wall s | peak RSS MiB | reviews | same numbers |\n|---|---|---|---|---|")
for name, f in (("touchaudit", "ta"), ("pandas", "pd")):
    wall, rss = open(f"{work}/{f}.time").read().split()[-2:]
    print(f"| {name} | {wall} | {int(rss) // 1024} | {rows} | {'yes' if not diff else 'no: ' + ', '.join(diff)} |")
if diff:
    for k in diff:
        print(f"<!-- {k}: touchaudit {ours[k]} pandas {theirs[k]} -->")
PY
