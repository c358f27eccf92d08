#!/usr/bin/env bash
# Survey benchmark: touchaudit reading a generated survey (NPS, CSAT, CES) against pandas read_csv plus the
# same counts, in one run; both must give the same numbers.
#
#   bench/survey.sh [ROWS]          default 1000000
#
# Needs python3 with pandas (pip install pandas) and /usr/bin/time. The table goes to stdout and to
# bench/results/survey-ROWS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
cd "$root"
cargo build --release --quiet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 bench/survey_gen.py "$work" --rows "$rows"
/usr/bin/time -f "%e %M" -o "$work/ta.time" target/release/touchaudit run "$work/audit.toml" -o "$work/out" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/pd.time" python3 bench/survey_pandas.py "$work/survey.csv" >"$work/pandas.json"
python3 - "$work" "$rows" <<'PY' | tee "bench/results/survey-$rows.md"
import json, sys
work, rows = sys.argv[1], int(sys.argv[2])
s = json.load(open(f"{work}/out/result.json"))["survey"]
ours = {
    "rows": s["rows"], "nps_n": s["nps"]["n"], "nps": s["nps"]["nps"], "csat_n": s["csat"]["n"],
    "csat": s["csat"]["csat"], "ces_n": s["ces"]["n"], "ces_mean": s["ces"]["mean"],
}
theirs = json.load(open(f"{work}/pandas.json"))
diff = [k for k in theirs if abs(float(ours[k]) - float(theirs[k])) > 0.006 * max(1.0, abs(float(theirs[k])) / 100)]
print(f"| tool | wall s | peak RSS MiB | rows | same numbers |\n|---|---|---|---|---|")
for name, f in (("touchaudit", "ta"), ("pandas", "pd")):
    wall, rss = open(f"{work}/{f}.time").read().split()[-2:]
    print(f"| {name} | {wall} | {int(rss) // 1024} | {rows} | {'yes' if not diff else 'no: ' + ', '.join(diff)} |")
for k in diff:
    print(f"<!-- {k}: touchaudit {ours[k]} pandas {theirs[k]} -->")
PY
