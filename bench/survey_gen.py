#!/usr/bin/env python3
"""A survey CSV of N respondents for bench/survey.sh: NPS 0-10 with a "why", CSAT 1-5, CES 1-7, a few
broken cells (as real exports have), seeded so every run is the same. Writes DIR/survey.csv and DIR/audit.toml.

    python3 bench/survey_gen.py DIR --rows 1000000
"""
import argparse
import csv
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--rows", type=int, default=1_000_000)
args = parser.parse_args()
rng = random.Random(20261201)
reasons = ["Friendly staff", "Long wait", "Fair prices", "Hard to book, rude at the desk", "", "Clean, quick; thank you"]
with open(os.path.join(args.dir, "survey.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["nps", "nps_reason", "csat", "ces"])
    for i in range(args.rows):
        nps = rng.choices(range(11), weights=[2, 1, 1, 2, 2, 4, 6, 10, 14, 20, 18])[0]
        csat = rng.choices(range(1, 6), weights=[3, 5, 12, 40, 40])[0]
        ces = rng.choices(range(1, 8), weights=[2, 3, 5, 10, 20, 30, 30])[0]
        row = [nps, rng.choice(reasons), csat, ces]
        if i % 997 == 0:
            row[2] = "n/a"  # a broken cell: counted and listed, not an answer
        if i % 1499 == 0:
            row[0] = ""  # no NPS answer in this row
        w.writerow(row)
with open(os.path.join(args.dir, "audit.toml"), "w") as f:
    f.write('survey = "survey.csv"\n\n[business]\nname = "Survey benchmark"\nas_of = 2026-11-01\n')
