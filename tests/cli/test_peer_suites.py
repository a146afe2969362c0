#!/usr/bin/env python3
"""Score the build on ../shared/peer-suites (other linters' test suites relabelled under RULES.md)
for the rules iamlint registers: every required finding found, nothing unexpected, right exits.

A label iamlint disagrees with is listed, with the RULES.md text that decides it, in
peer_disputes.tsv; only exactly those lines are tolerated, and a listed dispute that no longer
occurs fails the test (so the list cannot go stale)."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from shared import require_shared  # noqa: E402

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
shared = require_shared(shared, "the peer-suite score")
listed = subprocess.run([binary, "--list-rules"], capture_output=True, text=True, check=True).stdout
rules = [l.split()[0] for l in listed.splitlines()[1:] if l.strip()]
score = os.path.join(shared, "peer-suites", "score-one.py")
disputes = {}
for line in open(os.path.join(os.path.dirname(__file__), "peer_disputes.tsv")):
    if line.startswith("#") or not line.strip():
        continue
    suite, case, rule, ln, kind, reason = line.rstrip("\n").split("\t")
    # score-one.py prints "unexpected CASE: RULE at line N" and "missing    CASE: RULE at N-M".
    where = f"at {ln}" if kind == "missing" else f"at line {ln}"
    disputes[(suite, f"{kind:10} {case}: {rule} {where}")] = reason
seen = set()
passed = failed = 0
for suite in ["parliament", "cfn_nag", "checkov", "kics"]:
    p = subprocess.run([sys.executable, score, binary, os.path.join(shared, "peer-suites", suite)] + rules,
                       capture_output=True, text=True, timeout=600)
    out = p.stdout.strip().splitlines()
    problems = []
    for line in out[:-1]:
        key = (suite, line.strip())
        if key in disputes:
            seen.add(key)
            print(f"  {suite}: disputed label, tolerated: {line.strip()}")
        else:
            problems.append(line)
            print(f"  {suite}: {line}")
    print(f"{suite}: {out[-1] if out else p.stderr}")
    if problems or (p.returncode != 0 and not out):
        failed += 1
    else:
        passed += 1
for key in disputes:
    if key not in seen:
        print(f"FAIL stale dispute (iamlint no longer reports it): {key}")
        failed += 1
print(f"peer-suites ({len(rules)} rules): {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
