#!/usr/bin/env python3
"""Writes the bundled chain example (three branches of Bright Smile Dental): each branch's Business Profile
export (its listing and a year of reviews), its offline.toml (the visit) and one survey with a `branch` column.
Deterministic; run from this folder. Every branch leaves a third of its reviews unanswered (the chain's
problem: one fix in the standards); Harbour Street's staff are complained of and its listing shows the old
phone (its own problems); Old Town is the good example."""
import json, random

rng = random.Random(31)
branches = [
    # name, folder, phone, listing phone, share of rude reviews, politeness score, replies
    ("Harbour Street", "harbour", "+1 555-0110", "+1 555-0199", 0.35, 5, 0.12),
    ("Old Town", "oldtown", "+1 555-0120", "+1 555-0120", 0.03, 5, 0.15),
    ("Riverside", "riverside", "+1 555-0130", "+1 555-0130", 0.0, 4, 0.1),
]
good = ["Dr. Patel explained every step. Highly recommend!", "Quick, gentle and on time.",
        "Friendly team and a clean, calm clinic.", "Great emergency care on a Saturday morning."]
rude = ["The receptionist was rude and dismissive when I asked about the bill.",
        "Staff were impolite on the phone and hung up on me."]
wait = ["We waited forty minutes past the appointment and nobody said why."]
words = ["", "ONE", "TWO", "THREE", "FOUR", "FIVE"]
audit = ['''# The bundled chain example: three branches of one dental practice, each with its listing export, its
# visit and its survey answers. `touchaudit demo` runs it into touchaudit-demo/chain/.
[business]
name = "Bright Smile Dental"
as_of = 2026-11-01

[survey]
file = "survey.csv"
location = "branch"
''']
survey = ["branch,nps"]
for name, folder, phone, listed, rude_share, polite, replies in branches:
    reviews = []
    for k in range(60):
        day = rng.randint(1, 330)
        created = f"2026-{(day // 28) % 10 + 1:02d}-{day % 28 + 1:02d}T10:00:00Z"
        if rng.random() < rude_share:
            stars, text = rng.choice([1, 2]), rng.choice(rude)
        elif rng.random() < 0.08:
            stars, text = 2, rng.choice(wait)
        else:
            stars, text = rng.choice([4, 5, 5, 5]), rng.choice(good)
        review = {"name": f"accounts/1/locations/{folder}/reviews/{k}", "reviewId": f"{folder}-{k}",
                  "reviewer": {"displayName": f"Patient {k + 1}"}, "starRating": words[stars], "comment": text,
                  "createTime": created, "updateTime": created}
        if rng.random() < replies:
            review["reviewReply"] = {"comment": f"Thank you, Patient {k + 1}: we read every review.",
                                     "updateTime": created.replace("T10", "T18")}
        reviews.append(review)
    location = {"name": f"locations/{folder}", "title": "Bright Smile Dental",
                "storefrontAddress": {"addressLines": [f"{name}"], "locality": "Springfield"},
                "phoneNumbers": {"primaryPhone": listed}, "websiteUri": "http://brightsmile.example/"}
    with open(f"{folder}-google.json", "w") as f:
        f.write(json.dumps(location, ensure_ascii=False) + "\n" + json.dumps({"reviews": reviews}, ensure_ascii=False, indent=1) + "\n")
    with open(f"{folder}-offline.toml", "w") as f:
        f.write(f'# The visit to {name}, November 2026.\n\n[scores."staff.politeness"]\nscore = {polite}\n'
                f'note = "Greeted at the door; the receptionist answered every question."\nassessed = 2026-10-28\n\n'
                f'[scores."office.atmosphere"]\nscore = 4\nassessed = 2026-10-28\n')
    audit.append(f'''[[location]]
name = "{name}"
address = "{name}, Springfield"
phone = "{phone}"
offline = "{folder}-offline.toml"

[[location.reviews]]
format = "gbp"
file = "{folder}-google.json"
''')
    for _ in range(25):
        survey.append(f"{name},{rng.choice([10, 9, 9, 8, 7, 3] if folder != 'harbour' else [10, 6, 3, 2, 8, 9])}")
with open("audit.toml", "w") as f:
    f.write("\n".join(audit))
with open("survey.csv", "w") as f:
    f.write("\n".join(survey) + "\n")
