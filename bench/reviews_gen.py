#!/usr/bin/env python3
"""Generates N reviews as one CSV export plus an audit.toml that reads it (for bench/reviews.sh).

    python3 bench/reviews_gen.py OUT_DIR [--rows 1000000] [--seed 1]

Three platforms, two years up to the audit date 2026-11-01, ~60 % answered (some after the review was
edited, some without a reply date, some with the same canned text), time stamps with and without offsets.
"""
import argparse
import csv
import datetime as dt
import os
import random

AS_OF = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)
TEXTS = ["Great service", "Friendly staff, quick visit", "Rude receptionist and a long wait", "Too expensive",
         "Clean and modern clinic", "The filling broke after a week", "", "Nobody answers the phone"]
REPLIES = ["Thank you for your feedback!", "We are sorry, please call us.", "Thanks {a}, see you soon!"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    span = 730 * 24 * 3600
    with open(os.path.join(a.out, "reviews.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["platform", "author", "rating", "date", "text", "reply", "reply_date"])
        for i in range(a.rows):
            created = AS_OF - dt.timedelta(seconds=rng.randrange(span))
            stars = rng.choices([1, 2, 3, 4, 5], weights=[8, 6, 8, 20, 58])[0]
            author = f"user{i}"
            reply, reply_date = "", ""
            if rng.random() < 0.6:
                reply = rng.choice(REPLIES).format(a=author)
                r = rng.random()
                if r < 0.05:
                    reply_date = ""                                   # reply without a date
                elif r < 0.08:
                    reply_date = (created - dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")   # edited review
                else:
                    at = created + dt.timedelta(minutes=rng.randrange(10, 60 * 24 * 20))
                    reply_date = (at.astimezone(dt.timezone(dt.timedelta(hours=3))).isoformat()
                                  if rng.random() < 0.5 else at.strftime("%Y-%m-%dT%H:%M:%SZ"))
            w.writerow([rng.choice(["Google", "Yelp", "ReviewHub"]), author, stars,
                        created.strftime("%Y-%m-%dT%H:%M:%SZ"), rng.choice(TEXTS), reply, reply_date])
    with open(os.path.join(a.out, "audit.toml"), "w") as f:
        f.write('[[reviews]]\nfile = "reviews.csv"\nformat = "csv"\n\n'
                '[business]\nname = "Review benchmark"\nas_of = 2026-11-01\n\n'
                '[output]\nformats = ["json"]\n')


if __name__ == "__main__":
    main()
