#!/usr/bin/env python3
"""The review metrics of touchaudit's default checklist, computed with pandas from the same CSV (for
bench/reviews.sh): the reference both for speed and for the numbers. Prints one JSON object.

    python3 bench/reviews_pandas.py reviews.csv 2026-11-01
"""
import json
import sys

import pandas as pd

path, as_of = sys.argv[1], pd.Timestamp(sys.argv[2])
df = pd.read_csv(path, dtype={"platform": "string", "reply": "string", "text": "string"}, keep_default_na=False)
df["created"] = pd.to_datetime(df["date"], utc=True, format="ISO8601")
df["reply_at"] = pd.to_datetime(df["reply_date"].replace("", None), utc=True, format="ISO8601")
df["day"] = df["created"].dt.tz_localize(None).dt.normalize()
df = df[df["day"] <= as_of]


def window(days):
    return df[df["day"] > as_of - pd.Timedelta(days=days)]


# A reply counts when written by the end of the audit date (UTC); one without a date counts.
df["replied"] = (df["reply"].str.strip() != "") & (
    df["reply_at"].isna() | (df["reply_at"].dt.tz_localize(None).dt.normalize() <= as_of))
replied = df["replied"]
per_platform = df.groupby("platform")["rating"].agg(["count", "mean"]).sort_index()
year = window(365)
year_replied = year[year["replied"]]
hours = ((year_replied["reply_at"] - year_replied["created"]).dt.total_seconds() / 3600).dropna()
hours = hours[hours >= 0]
recent = window(90)
normal = df.loc[replied, "reply"].str.lower().str.split().str.join(" ")
counts = normal.value_counts()
print(json.dumps({
    "count": int(len(df)),
    "average": float(df["rating"].mean()),
    "platforms": {p: [int(r["count"]), float(r["mean"])] for p, r in per_platform.iterrows()},
    "distribution": [int((df["rating"] == s).sum()) for s in range(1, 6)],
    "reply_rate": float(len(year_replied) / len(year)),
    "median_hours": float(hours.quantile(0.5)),
    "p90_hours": float(hours.quantile(0.9)),
    "unanswered_negative": int(((recent["rating"] <= 2) & ~recent["replied"]).sum()),
    "per_month": float(len(year) / (365 / 30.4375)),
    "recency_days": int((as_of - df["day"].max()).days),
    "canned_share": float(counts[counts > 1].sum() / replied.sum()),
}))
