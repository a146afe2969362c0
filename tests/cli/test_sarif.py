#!/usr/bin/env python3
"""SARIF from a run at the repository root passes ../shared/sarif/check-sarif (schema + GitHub's
upload rules), with repo-relative URIs that exist."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from samples import clean_env  # noqa: E402
from shared import require_shared  # noqa: E402

binary, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
shared = require_shared(shared, "the SARIF check")
checker = os.path.join(shared, "sarif", "check-sarif")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
passed = failed = 0


def sarif_problems(output, sarif_path):
    """check-sarif's problem lines, less the one accepted departure: RULES.md (last section) gives
    correctness rules no security-severity, which the checker would have on every rule."""
    log = json.load(open(sarif_path))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    accepted = {f"$.runs[0].tool.driver.rules[{i}].properties['security-severity']: practice: missing"
                for i, r in enumerate(rules) if "security-severity" not in r.get("properties", {})
                and "security" not in r.get("properties", {}).get("tags", [])}
    return [line for line in output.splitlines()
            if "$." in line and not any(a in line for a in accepted)]


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "iamlint.sarif")
    # Real findings over the fixtures and examples, from the repository root.
    p = subprocess.run([binary, "--format", "sarif", "-o", out, "examples", "testdata/rules"],
                       cwd=root, capture_output=True, text=True, timeout=300, env=clean_env())
    check("exit status", p.returncode in (1, 2), f"exit {p.returncode}: {p.stderr}")
    c = subprocess.run([checker, out, "--srcroot", root], capture_output=True, text=True)
    print(c.stdout.strip())
    check("check-sarif", c.returncode in (0, 1) and not sarif_problems(c.stdout, out), c.stdout + c.stderr)
    log = json.load(open(out))
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    # RULES.md, last section: security-severity only on security rules, within their level's range.
    correctness = {"IAM000", "IAM005", "IAM006", "IAM007", "IAM008", "IAM009", "IAM016", "IAM017", "IAM020",
                   "IAM024", "IAM026"}
    ranges = {"error": (8.0, 9.8), "warning": (5.0, 6.9), "note": (2.0, 3.9)}
    for r in run["tool"]["driver"]["rules"]:
        props = r["properties"]
        if r["id"] in correctness:
            check(f"{r['id']} has no security-severity", "security-severity" not in props
                  and "security" not in props["tags"], props)
        else:
            lo, hi = ranges[r["defaultConfiguration"]["level"]]
            check(f"{r['id']} security-severity in range", lo <= float(props.get("security-severity", "0")) <= hi
                  and props["tags"][0] == "security", props)
    listed = subprocess.run([binary, "--list-rules"], capture_output=True, text=True, env=clean_env()).stdout.split("\n")[1:]
    check("every registered rule in tool.driver.rules", rules == [l.split()[0] for l in listed if l.strip()], rules)
    results = run["results"]
    check("has results", len(results) > 20, len(results))
    # help.markdown is each rule's whole page (docs/rules/IAMnnn.md, as --explain prints it).
    for r in run["tool"]["driver"]["rules"]:
        page = subprocess.run([binary, "--explain", r["id"]], capture_output=True, text=True, env=clean_env()).stdout
        check(f"{r['id']} help.markdown is its page", r["help"]["markdown"].startswith(page.rstrip())
              and "## When to suppress" in r["help"]["markdown"], r["help"]["markdown"][:200])
    # Related locations are linked from the message: [text](id) for each relatedLocations id.
    linked = [r for r in results if r.get("relatedLocations")]
    check("results with related locations", len(linked) > 3, len(linked))
    for r in linked:
        ids = [rl["id"] for rl in r["relatedLocations"]]
        check(f"{r['ruleId']} links its related locations", all(f"]({i})" in r["message"]["text"] for i in ids),
              r["message"]["text"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    check("repo-relative URIs that exist", all(not u.startswith("/") and os.path.isfile(os.path.join(root, u)) for u in uris),
          [u for u in uris if not os.path.isfile(os.path.join(root, u))][:5])
    fps = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["partialFingerprints"]["primaryLocationLineHash"]) for r in results]
    check("unique fingerprints", len(fps) == len(set(fps)), "duplicates")
    # A parse error also appears as a tool execution notification.
    bad = os.path.join(tmp, "broken.yaml")
    open(bad, "w").write("AWSTemplateFormatVersion: '2010-09-09'\nResources: {\n")
    p = subprocess.run([binary, "--format", "sarif", bad], capture_output=True, text=True, env=clean_env())
    log = json.loads(p.stdout)
    notes = log["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
    check("parse error exit 2", p.returncode == 2, p.returncode)
    check("parse error notification", any(n.get("level") == "error" for n in notes), notes)
    # Fingerprints survive an unrelated edit above the finding.
    src = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: u\n"
    f1 = os.path.join(tmp, "fp.yaml")

    def fp(text):
        open(f1, "w").write(text)
        r = json.loads(subprocess.run([binary, "--format", "sarif", f1], capture_output=True, text=True, env=clean_env()).stdout)
        res = r["runs"][0]["results"][0]
        return res["partialFingerprints"]["primaryLocationLineHash"], res["locations"][0]["physicalLocation"]["region"]["startLine"]

    a, la = fp(src)
    b, lb = fp("# a comment\nDescription: moved down\n" + src)
    check("fingerprint stable across edits above", a == b and la + 2 == lb, (a, b, la, lb))

    # Over GitHub's 5,000 results per run: the 5,000 most severe are kept (the one error among
    # 5,100 notes and warnings), the rest are counted in a notification, and check-sarif is clean.
    many = os.path.join(tmp, "many.json")
    statements = [{"Effect": "Allow", "Action": f"s3:GetObjectNumber{i}", "Resource": "arn:aws:s3:::b/*"}
                  for i in range(5100)]
    statements.append({"Effect": "Allow", "Action": "*", "Resource": "*"})
    json.dump({"Version": "2012-10-17", "Statement": statements}, open(many, "w"), indent=1)
    p = subprocess.run([binary, "--format", "sarif", "-o", out, many], cwd=tmp, capture_output=True, text=True,
                       env=clean_env())
    log = json.load(open(out))
    results = log["runs"][0]["results"]
    notes = log["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
    text = subprocess.run([binary, "--format", "json", many], capture_output=True, text=True, env=clean_env())
    total = len(json.loads(text.stdout))
    check("over 5,000 findings in all", total > 5000, total)
    check("5,000 results kept", len(results) == 5000, len(results))
    check("the error is kept", any(r["level"] == "error" for r in results), "no error result")
    check("the left-out count is told", any(f"leaves out {total - 5000} " in n["message"]["text"] for n in notes), notes)
    check("and on standard error", "the SARIF report holds the 5000 most severe" in p.stderr, p.stderr)
    c = subprocess.run([checker, out, "--srcroot", tmp], capture_output=True, text=True)
    check("check-sarif on a capped report", c.returncode in (0, 1) and not sarif_problems(c.stdout, out),
          c.stdout + c.stderr)

print(f"sarif: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
