#!/usr/bin/env python3
"""Run iamlint over all of ../shared/corpus: zero crashes, zero hangs, every parse error with a
line; prints the counts (files, findings per rule, parse errors)."""
import collections
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from shared import require_shared  # noqa: E402

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
shared = require_shared(shared, "the corpus run")
corpus = os.path.join(shared, "corpus")
exts = (".yaml", ".yml", ".json", ".template")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.lower().endswith(exts))
failures = []
if not files:  # a wrong path must not pass as "nothing crashed"
    print(f"FAIL: no templates or policies under {corpus}")
    sys.exit(1)
t0 = time.time()
try:
    p = subprocess.run([binary, "--format", "json", "--fail-on", "never", corpus], capture_output=True, text=True,
                       timeout=600)
except subprocess.TimeoutExpired:
    print("FAIL: iamlint hung on the corpus (600 s)")
    sys.exit(1)
elapsed = time.time() - t0
if p.returncode < 0 or p.returncode not in (0, 2):
    failures.append(f"whole-corpus run exited {p.returncode}: {p.stderr[-2000:]}")
    # Find the culprit file by file.
    for f in files:
        q = subprocess.run([binary, "--format", "json", "--fail-on", "never", f], capture_output=True, text=True, timeout=60)
        if q.returncode < 0 or q.returncode not in (0, 2):
            failures.append(f"{f}: exit {q.returncode}")
    findings = []
else:
    findings = json.loads(p.stdout)
per_rule = collections.Counter(f["rule"] for f in findings)
parse_errors = [f for f in findings if f["rule"] == "IAM000"]
for f in parse_errors:
    if not (f["line"] >= 1 and f["column"] >= 1 and f["message"]):
        failures.append(f"parse error without a position: {f}")
print(f"corpus: {len(files)} files in {elapsed:.2f} s, {len(findings)} findings, {len(parse_errors)} parse errors")
for rule, n in sorted(per_rule.items()):
    print(f"  {rule}: {n}")
for f in parse_errors:
    print(f"  IAM000 {os.path.relpath(f['path'], corpus)}:{f['line']}:{f['column']}: {f['message']}")
for x in failures:
    print("FAIL", x)
print(f"corpus: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
