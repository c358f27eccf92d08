#!/usr/bin/env python3
"""NPS, CSAT and CES from a survey CSV with pandas, as touchaudit defines them (for bench/survey.sh): the
reference for speed and for the numbers. Prints one JSON object.

    python3 bench/survey_pandas.py survey.csv
"""
import json
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)


def answers(column, low, high):
    # Whole numbers on the scale; anything else is an invalid cell, an empty cell no answer.
    values = pd.to_numeric(df[column].str.strip().str.replace(",", ".", regex=False), errors="coerce")
    ok = values.notna() & (values % 1 == 0) & values.between(low, high)
    return values[ok].astype(int)


nps = answers("nps", 0, 10)
csat = answers("csat", 1, 5)
ces = answers("ces", 1, 7)
n = len(nps)
promoters, detractors = int((nps >= 9).sum()), int((nps <= 6).sum())
print(json.dumps({
    "rows": int(len(df)),
    "nps_n": n,
    "nps": (promoters - detractors) / n * 100,
    "csat_n": int(len(csat)),
    "csat": float((csat >= 4).mean() * 100),
    "ces_n": int(len(ces)),
    "ces_mean": float(ces.mean()),
}))
