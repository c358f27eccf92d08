#!/usr/bin/env python3
"""Folds `perf script` output (call graphs) into inclusive shares: the crawl's own stages and what each calls.

    perf script -i perf.data | python3 bench/profile_fold.py

Prints markdown: the share of samples spent in (below) each of touchaudit's page stages, and the direct
callees of the extraction, so a change can be judged by where the time went, not by a guess.
"""
import collections
import re
import sys

STAGES = [
    "touchaudit::gather::site::extract::extract",
    "scraper::html::Html::parse_document",
    "touchaudit::gather::site::walk::Page::walk",
    "touchaudit::gather::site::extract::text_facts",
    "touchaudit::gather::site::checks::html_checks",
    "touchaudit::gather::site::nesting::bounded",
    "touchaudit::gather::site::decode::decode",
    "touchaudit::gather::site::crawl::Crawl::absorb",
    "touchaudit::gather::site::crawl::fetch_page::{{closure}}",
    "touchaudit::report::write::write_streamed",
]


def stacks(lines):
    current = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                yield current
            current = []
        elif line[0] in " \t":
            m = re.match(r"\s+[0-9a-f]+ (.*?) \(", line)
            if m:
                current.append(re.sub(r"\+0x[0-9a-f]+$", "", m.group(1)))
        else:
            current = []
    if current:
        yield current


def main():
    all_stacks = list(stacks(sys.stdin))
    total = len(all_stacks)
    if total == 0:
        sys.exit("no samples with call graphs")
    print(f"{total} samples\n")
    print("| stage (inclusive) | share of samples |\n|---|---|")
    for stage in STAGES:
        n = sum(1 for st in all_stacks if any(f.endswith(stage) for f in st))
        if n:
            print(f"| `{stage.removeprefix('touchaudit::gather::site::')}` | {n / total:.1%} |")
    below = collections.Counter()
    for st in all_stacks:
        at = [i for i, f in enumerate(st) if f.endswith("gather::site::extract::extract")]
        if at:
            i = at[-1]
            below[st[i - 1] if i > 0 else "(itself)"] += 1
    print("\n| called by `extract` (top 12) | share |\n|---|---|")
    for name, n in below.most_common(12):
        print(f"| `{name[:110]}` | {n / total:.1%} |")
    leaves = collections.Counter(re.sub(r"::h[0-9a-f]{16}$", "", st[0]) for st in all_stacks)
    print("\n| where samples land (self, top 15) | share |\n|---|---|")
    for name, n in leaves.most_common(15):
        print(f"| `{name[:110]}` | {n / total:.1%} |")


main()
