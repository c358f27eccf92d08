#!/usr/bin/env python3
"""Writes the demo's review exports and mention feed (seeded, so the files are reproducible):

  google-export.json   Business Profile API reviews.list, two pages one after the other (~150 reviews, 2 years)
  google-apify.json    an Apify scrape of the newest Google reviews (overlaps the export: duplicates to merge)
  localguide.csv       a second platform's CSV export, ratings on 1-10, dates as dd.mm.yyyy hh:mm
  yandex-maps-reviews.html             a saved Yandex Maps reviews tab (the maps' own markup)
  ../mentions.atom     news alerts and forum threads

Reply behaviour: two years ago the practice rarely answered, and slowly; since last winter it answers most
reviews within a day or two, often with the same thank-you line; three recent 1-2 star reviews are unanswered.
Run from anywhere: python3 examples/demo/reviews/generate.py
"""
import csv
import datetime as dt
import html
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)
rng = random.Random(7)

NAMES = ["Anna K.", "Mark T.", "Olga S.", "James P.", "Priya N.", "Tom W.", "Elena V.", "Chris B.", "Sofia R.",
         "David L.", "Maria G.", "Peter H.", "Irina M.", "Lucas F.", "Emma J.", "Noah C.", "Zoe A.", "Ivan D."]
GOOD = ["Friendly staff and a gentle hygienist, I was in and out in 40 minutes.",
        "Dr. Patel explained every step of my implant. Highly recommend!",
        "Best dentist in town, my kids actually like coming here.",
        "Quick appointment, clean clinic, fair prices.",
        "The whitening worked great and nobody pushed extra treatments.",
        "Great emergency care on a Saturday morning.",
        "Very professional team, modern equipment.",
        ""]
MIXED = ["Good dentist but the waiting room was packed and I waited 30 minutes.",
         "Treatment was fine, booking by phone took three calls.",
         "Nice staff, prices a bit high."]
BAD = ["Rude receptionist, and I waited over an hour past my appointment.",
       "Way too expensive for a simple filling, the bill had items nobody explained.",
       "The filling broke after two weeks and they wanted to charge me again.",
       "Nobody answers the phone, I cancelled and went elsewhere.",
       "Dirty waiting room and a long queue.",
       "Painful cleaning, the hygienist was in a hurry and did not listen."]
CANNED = "Thank you for your feedback! We hope to see you again soon."
WORDS = ["ONE", "TWO", "THREE", "FOUR", "FIVE"]


def stars_text():
    r = rng.random()
    if r < 0.62:
        return 5, rng.choice(GOOD)
    if r < 0.78:
        return 4, rng.choice(GOOD + MIXED)
    if r < 0.86:
        return 3, rng.choice(MIXED)
    return rng.choice([1, 2]), rng.choice(BAD)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


PERSONAL_GOOD = ["Thank you, {n}! We will pass your kind words to {who}.",
                 "{n}, thank you for trusting us with your {what}. See you at your next check-up!",
                 "So glad the {what} went well, {n}. {who} says hello!"]
PERSONAL_BAD = ["{n}, we are sorry about your {what}. Please call Dr. Patel on +1 555 0100 so we can put it right.",
                "We apologise, {n}. We have talked to {who} about this; please let us make it up to you."]


def reply_for(created, stars, recent, author="you"):
    """The practice's reply (text, time) or None, by period."""
    if recent:
        if rng.random() > (0.8 if stars >= 3 else 0.75):
            return None
        delay = dt.timedelta(hours=rng.choice([3, 8, 20, 26, 30, 44, 70]))
        who = rng.choice(["Dr. Patel", "our hygienist Kate", "the front desk team", "Dr. Moreau"])
        what = rng.choice(["visit", "cleaning", "filling", "check-up", "appointment", "treatment"])
        template = rng.choice(PERSONAL_BAD if stars <= 2 else PERSONAL_GOOD)
        text = CANNED if stars >= 4 and rng.random() < 0.35 else template.format(n=author.split()[0], who=who, what=what)
        return text, created + delay
    if rng.random() > 0.3:
        return None
    return CANNED, created + dt.timedelta(days=rng.choice([4, 9, 15, 30]))


def google_reviews():
    reviews = []
    t = AS_OF - dt.timedelta(days=730)
    i = 0
    while True:
        t += dt.timedelta(hours=rng.randint(40, 190))
        if t >= AS_OF - dt.timedelta(days=1):
            break
        i += 1
        stars, text = stars_text()
        recent = t > AS_OF - dt.timedelta(days=320)
        author = rng.choice(NAMES)
        reply = reply_for(t, stars, recent, author)
        reviews.append({"id": f"g{i:04d}", "author": author, "stars": stars, "text": text,
                        "created": t, "reply": reply})
    # The three recent complaints nobody answered (the audit's critical finding).
    for n, (days, stars, text) in enumerate([(12, 1, BAD[0]), (37, 2, BAD[1]), (71, 1, BAD[3])]):
        reviews.append({"id": f"g9{n:03d}", "author": NAMES[n], "stars": stars, "text": text,
                        "created": AS_OF - dt.timedelta(days=days, hours=5), "reply": None})
    return reviews


def write_google(reviews):
    def item(r):
        d = {"name": f"accounts/1/locations/7/reviews/{r['id']}", "reviewId": r["id"],
             "reviewer": {"displayName": r["author"]}, "starRating": WORDS[r["stars"] - 1],
             "createTime": iso(r["created"]), "updateTime": iso(r["created"])}
        if r["text"]:
            d["comment"] = r["text"]
        if r["reply"]:
            d["reviewReply"] = {"comment": r["reply"][0], "updateTime": iso(r["reply"][1])}
        return d
    newest_first = sorted(reviews, key=lambda r: r["created"], reverse=True)
    half = len(newest_first) // 2
    avg = round(sum(r["stars"] for r in reviews) / len(reviews), 1)
    pages = [{"reviews": [item(r) for r in newest_first[:half]], "averageRating": avg,
              "totalReviewCount": len(reviews), "nextPageToken": "page-2"},
             {"reviews": [item(r) for r in newest_first[half:]], "averageRating": avg,
              "totalReviewCount": len(reviews)}]
    with open(os.path.join(HERE, "google-export.json"), "w") as f:
        f.write("\n".join(json.dumps(p, indent=1, ensure_ascii=False) for p in pages) + "\n")
    scraped = []
    for r in newest_first[:20]:
        d = {"reviewId": r["id"], "name": r["author"], "stars": r["stars"], "text": r["text"] or None,
             "publishedAtDate": r["created"].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
             "reviewUrl": f"https://maps.example/brightsmile/reviews/{r['id']}",
             "responseFromOwnerText": r["reply"][0] if r["reply"] else None,
             "responseFromOwnerDate": r["reply"][1].strftime("%Y-%m-%dT%H:%M:%S.000Z") if r["reply"] else None,
             # Apify repeats the place's details on every review row. The listing's phone has two digits
             # swapped against the site's (+1 555 0100): a planted NAP defect.
             "title": "Bright Smile Dental", "address": "14 Harbour Street, Springfield",
             "phone": "+1 555-0010", "website": "http://brightsmile.example/"}
        scraped.append(d)
    with open(os.path.join(HERE, "google-apify.json"), "w") as f:
        json.dump(scraped, f, indent=1, ensure_ascii=False)
        f.write("\n")


def timeline(days_back, step):
    """Time stamps from `days_back` days before the audit date up to it, `step()` apart."""
    t = AS_OF - dt.timedelta(days=days_back)
    while True:
        t += step()
        if t >= AS_OF:
            return
        yield t


def write_localguide():
    rows = []
    for t in timeline(600, lambda: dt.timedelta(days=rng.randint(8, 30), minutes=rng.randint(0, 1440))):
        stars, text = stars_text()
        score = min(10, stars * 2 - rng.choice([0, 0, 1]))
        reply = reply_for(t, stars, t > AS_OF - dt.timedelta(days=320))
        rows.append([rng.choice(NAMES), str(score), t.strftime("%d.%m.%Y %H:%M"), text,   # UTC, no offset written
                     reply[0] if reply else "", reply[1].strftime("%d.%m.%Y %H:%M") if reply else ""])
    rows.append([rng.choice(NAMES), "11", "03.03.2026 10:00", "Eleven out of ten!", "", ""])   # out of range
    rows.append([rng.choice(NAMES), "8", "sometime last spring", "Date nobody can read", "", ""])
    with open(os.path.join(HERE, "localguide.csv"), "w", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Reviewer", "Score (1-10)", "Posted", "Review", "Owner response", "Response posted"])
        w.writerows(rows)


def write_yandex_maps():
    """A Yandex Maps reviews tab saved from the browser (File > Save page), in the markup the maps serve:
    one div.business-reviews-card-view__review per review with schema.org microdata (author name, a
    datePublished meta), the rating drawn as five star icons of which the `_full` ones count, the text in
    span.business-review-view__body-text and the organisation's answer in
    div.business-review-comment-content__bubble (answers on Yandex Maps show no date)."""
    reviews = []
    for t in timeline(400, lambda: dt.timedelta(days=rng.randint(15, 45), hours=rng.randint(0, 23))):
        stars, text = stars_text()
        reviews.append((rng.choice(NAMES), stars, text, t, reply_for(t, stars, True)))
    reviews.reverse()
    items = []
    for author, stars, text, t, reply in reviews:
        icons = "".join(
            f'<span class="inline-image _loaded icon business-rating-badge-view__star _{"full" if i < stars else "empty"}"'
            ' aria-hidden="true"></span>' for i in range(5))
        answer = ""
        if reply:
            answer = ('<div class="business-review-view__comment-expand" role="button" tabindex="0">'
                      'Посмотреть ответ организации</div><div class="business-review-comment-content">'
                      '<div class="business-review-comment-content__header">Ответ организации</div>'
                      f'<div class="business-review-comment-content__bubble">{html.escape(reply[0])}</div></div>')
        items.append(
            '<div class="business-reviews-card-view__review"><div class="business-review-view" itemprop="review" '
            'itemscope="" itemtype="http://schema.org/Review"><div class="business-review-view__info">'
            '<div class="business-review-view__author-container"><div class="business-review-view__author-name" '
            'itemprop="author" itemscope="" itemtype="http://schema.org/Person"><span itemprop="name">'
            f'{html.escape(author)}</span></div></div><div class="business-review-view__header">'
            '<div class="business-review-view__rating"><div class="business-rating-badge-view _size_m _weight_medium">'
            f'<div class="business-rating-badge-view__stars _spacing_normal" aria-label="Оценка {stars} Из 5">{icons}'
            '</div></div></div><span class="business-review-view__date"><meta itemprop="datePublished" '
            f'content="{t:%Y-%m-%dT%H:%M:%S}.000Z"><span>{t.day} {MONTHS_RU[t.month - 1]} {t.year}</span></span></div>'
            '<div class="business-review-view__body"><div class="spoiler-view"><div class="spoiler-view__text">'
            f'<span class="business-review-view__body-text" itemprop="reviewBody">{html.escape(text)}</span>'
            f'</div></div></div>{answer}</div></div></div>')
    doc = ("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Bright Smile Dental — отзывы"
           " — Яндекс Карты</title></head><body><div class=\"orgpage-header-view\"><h1 class=\"orgpage-header-view__header\">"
           "Bright Smile Dental</h1></div><div class=\"business-reviews-card-view__reviews-container\">"
           f"{''.join(items)}</div></body></html>\n")
    with open(os.path.join(HERE, "yandex-maps-reviews.html"), "w") as f:
        f.write(doc)


MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]


def write_mentions():
    entries = [
        ("Bright Smile Dental opens Saturday emergency hours", "Local news", "Great news for families: the practice now sees emergencies on Saturdays.", 12),
        ("Best family dentists in Springfield 2026", "City guide", "Bright Smile Dental is praised for friendly, professional care.", 25),
        ("Forum: anyone tried Bright Smile for implants?", "Springfield forum", "Terrible experience, the bill was twice the quote and nobody explained why.", 31),
        ("Bright Smile Dental sponsors school brushing day", "Local news", "Children learned to brush with the friendly team.", 48),
        ("Forum: rude reception at Bright Smile?", "Springfield forum", "Not the first complaint about the reception desk. Awful phone manner.", 63),
        ("Review roundup: teeth whitening in the city", "Blog", "Bright Smile's whitening was good value and pleasant.", 80),
        ("Forum: where to get a filling fixed fast", "Springfield forum", "Bright Smile was quick and not expensive.", 101),
        ("Springfield business awards shortlist", "Local news", "Bright Smile Dental shortlisted for customer care award.", 130),
        ("Forum: Bright Smile cancelled my appointment twice", "Springfield forum", "Disappointing, nobody called back.", 150),
        ("Стоматология Bright Smile: отзыв", "Городской форум", "Отличный врач, но администратор был груб.", 170),
        ("New dental clinic on Main St", "Local news", "Bright Smile Dental opened a second chair.", 320),
    ]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom"><title>Mentions of Bright Smile Dental</title>',
           '<id>urn:touchaudit:demo:mentions</id><updated>2026-11-01T00:00:00Z</updated>']
    for i, (title, source, summary, days) in enumerate(entries):
        t = AS_OF - dt.timedelta(days=days, hours=i)
        out.append(f'<entry><title>{html.escape(title)}</title><link href="https://{source.lower().replace(" ", "-")}.example/{i}"/>'
                   f'<id>urn:demo:{i}</id><updated>{iso(t)}</updated><author><name>{html.escape(source)}</name></author>'
                   f'<summary>{html.escape(summary)}</summary></entry>')
    out.append("</feed>")
    with open(os.path.join(HERE, "..", "mentions.atom"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    write_google(google_reviews())
    write_localguide()
    write_yandex_maps()
    write_mentions()
