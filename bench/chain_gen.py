#!/usr/bin/env python3
"""Writes a chain audit of N locations with R reviews each (Business Profile exports, one offline.toml each) for
bench/chain.sh: `chain_gen.py DIR N R`. Deterministic."""
import json, os, random, sys

out, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
texts = [
    "The staff were friendly and the work was done on time.",
    "We waited forty minutes past the appointment and nobody said why.",
    "Prices went up again and the bill had charges nobody explained.",
    "Clean, calm and quick. Will come back.",
    "The receptionist was rude on the phone.",
]
words = ["", "ONE", "TWO", "THREE", "FOUR", "FIVE"]
os.makedirs(out, exist_ok=True)
audit = ['[business]\nname = "Benchmark Chain"\nas_of = 2026-12-01\n']
for i in range(1, n + 1):
    d = os.path.join(out, f"l{i:03d}")
    os.makedirs(d, exist_ok=True)
    phone = f"+1 555-{i:04d}"
    audit.append(f'[[location]]\nname = "Location {i:03d}"\naddress = "{i} Main St, Springfield"\nphone = "{phone}"\n'
                 f'offline = "l{i:03d}/offline.toml"\n\n[[location.reviews]]\nformat = "gbp"\nfile = "l{i:03d}/gbp.json"\n')
    reviews = []
    for k in range(per):
        stars = rng.choice([5, 5, 4, 5, 1, 3, 2])
        date = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"
        r = {"name": f"accounts/1/locations/{i}/reviews/{k}", "reviewId": f"l{i}-{k}",
             "reviewer": {"displayName": f"Customer {k}"}, "starRating": words[stars],
             "comment": rng.choice(texts), "createTime": date, "updateTime": date}
        if rng.random() < 0.7:
            r["reviewReply"] = {"comment": "Thank you for telling us.", "updateTime": date}
        reviews.append(r)
    location = {"title": "Benchmark Chain", "phoneNumbers": {"primaryPhone": phone},
                "storefrontAddress": {"addressLines": [f"{i} Main St"], "locality": "Springfield"}}
    with open(os.path.join(d, "gbp.json"), "w") as f:
        f.write(json.dumps(location) + "\n" + json.dumps({"reviews": reviews}))
    with open(os.path.join(d, "offline.toml"), "w") as f:
        f.write(f'[scores."staff.politeness"]\nscore = {rng.randint(1, 5)}\nassessed = 2026-11-20\n')
with open(os.path.join(out, "audit.toml"), "w") as f:
    f.write("\n".join(audit))
