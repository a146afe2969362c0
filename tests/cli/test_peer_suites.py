#!/usr/bin/env python3
"""Score the build on ../shared/peer-suites (other linters' test suites relabelled under RULES.md)
for the rules iamlint registers: every required finding found, nothing unexpected, right exits."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from shared import require_shared  # noqa: E402

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
shared = require_shared(shared, "the peer-suite score")
listed = subprocess.run([binary, "--list-rules"], capture_output=True, text=True, check=True).stdout
rules = [l.split()[0] for l in listed.splitlines()[1:] if l.strip()]
score = os.path.join(shared, "peer-suites", "score-one.py")
passed = failed = 0
for suite in ["parliament", "cfn_nag", "checkov", "kics"]:
    p = subprocess.run([sys.executable, score, binary, os.path.join(shared, "peer-suites", suite)] + rules,
                       capture_output=True, text=True, timeout=600)
    out = p.stdout.strip().splitlines()
    for line in out[:-1]:
        print(f"  {suite}: {line}")
    print(f"{suite}: {out[-1] if out else p.stderr}")
    if p.returncode == 0:
        passed += 1
    else:
        failed += 1
print(f"peer-suites ({' '.join(rules)}): {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
