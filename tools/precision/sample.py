#!/usr/bin/env python3
"""Draw the reproducible precision-review sample (docs/precision-review.md).

usage: iamlint --format json --fail-on never -j2 CORPUS > all.json
       python3 tools/precision/sample.py all.json CORPUS [--seed 2026] [--n 170] [--context 3]

Uniform over all findings (no stratification): random.Random(seed).sample over the findings in
the report's own (stable) order, then listed in that order. Prints each finding with the lines
around it, for judging by hand.
"""
import argparse, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("corpus")
ap.add_argument("--seed", type=int, default=2026)
ap.add_argument("--n", type=int, default=170)
ap.add_argument("--context", type=int, default=3)
ap.add_argument("--ids-only", action="store_true")
a = ap.parse_args()

findings = json.load(open(a.report))
idx = sorted(random.Random(a.seed).sample(range(len(findings)), a.n))
for k, i in enumerate(idx, 1):
    f = findings[i]
    rel = os.path.relpath(f["path"], a.corpus)
    print(f"=== S{k:03d} #{i} {f['rule']} {rel}:{f['line']}:{f['column']} [{f.get('resource','')}]")
    print("    " + f["message"])
    if a.ids_only:
        continue
    try:
        lines = open(f["path"], encoding="utf-8", errors="replace").read().split("\n")
    except OSError:
        continue
    lo, hi = max(1, f["line"] - a.context), min(len(lines), f["line"] + a.context)
    for n in range(lo, hi + 1):
        print(f"{'>' if n == f['line'] else ' '}{n:6d}| {lines[n-1][:200]}")
