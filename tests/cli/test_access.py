#!/usr/bin/env python3
"""`iamlint access` and IAM030 access assertions, end to end (docs/access.md is the contract).

    python3 tests/cli/test_access.py build/iamlint
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ORDERS = os.path.join(ROOT, "testdata", "access", "orders.yaml")
FIX = os.path.join(ROOT, "testdata", "rules", "IAM030")

failures = 0
passed = 0


def check(cond: bool, what: str, detail: str = "") -> None:
    global failures, passed
    if cond:
        passed += 1
    else:
        failures += 1
        print(f"FAIL: {what}\n{detail}")


def run(binary, args, cwd=None):
    r = subprocess.run([binary] + args, capture_output=True, text=True, cwd=cwd, timeout=60)
    return r.returncode, r.stdout, r.stderr


def main() -> None:
    b = os.path.abspath(sys.argv[1])
    # principal + action + resource, JSON shape.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "s3:GetObject,s3:DeleteObject",
                           "--resource", "${OrdersBucket.Arn}/x", "--context", "aws:SecureTransport=true", "--format", "json"])
    check(rc == 0, "access json exit 0", err)
    rows = json.loads(out)
    check(len(rows) == 2, "one object per (action, resource)", out)
    check(all(set(r) == {"principal", "action", "resource", "decision", "conditions", "decided_by"} for r in rows),
          "object keys", out)
    check(rows[0]["decision"] == "allowed" and rows[1]["decision"] == "implicit-deny", "decisions", out)
    d = rows[0]["decided_by"][0]
    check({"path", "line", "column", "effect", "policy"} <= set(d) and d["line"] == 30 and d["effect"] == "Allow",
          "decided_by points at the statement", out)
    # Without the context the bucket policy's Deny on aws:SecureTransport makes it conditional.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "s3:GetObject",
                           "--resource", "${OrdersBucket.Arn}/x", "--format", "json"])
    row = json.loads(out)[0]
    check(row["decision"] == "conditional", "conditional without context", out)
    check(any(c["key"] == "aws:SecureTransport" and c["operator"] == "Bool" and c["effect"] == "Deny"
              and set(c) == {"key", "operator", "values", "effect", "path", "line"} for c in row["conditions"]),
          "conditions name the key", out)
    # An unknown parameter makes the answer conditional, never a guess.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "s3:GetObject",
                           "--resource", "arn:aws:s3:::other-bucket/x", "--format", "json"])
    row = json.loads(out)[0]
    check(row["decision"] == "conditional" and any(c["key"] == "parameter BucketArn" for c in row["conditions"]),
          "depends on parameter BucketArn", out)
    # Text output.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "dynamodb:PutItem",
                           "--resource", "OrdersTable"])
    check(rc == 0 and re.match(r"OrdersFunction CAN dynamodb:PutItem on OrdersTable \u2014 allowed by policy .*statement 2 \(.*orders.yaml:33\)", out),
          "text output", out)
    # Trust policy and cross-account principal.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "arn:aws:iam::111122223333:role/ci", "--action", "sts:AssumeRole",
                           "--resource", "AdminRole", "--format", "json"])
    check(json.loads(out)[0]["decision"] == "allowed", "trust policy lets the other account assume", out)
    rc, out, err = run(b, ["access", ORDERS, "--principal", "arn:aws:iam::444455556666:role/x", "--action", "sts:AssumeRole",
                           "--resource", "AdminRole", "--format", "json"])
    check(json.loads(out)[0]["decision"] == "implicit-deny", "an account the trust policy does not name", out)
    # AWS managed policy through its document.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "AdminRole", "--action", "s3:GetObject,s3:PutObject", "--format", "json"])
    rows = json.loads(out)
    check([r["decision"] for r in rows] == ["allowed", "implicit-deny"], "ReadOnlyAccess's document decides", out)
    check(rows[0]["decided_by"][0]["policy"] == "arn:aws:iam::aws:policy/ReadOnlyAccess", "managed policy named by ARN", out)
    # --who-can.
    rc, out, err = run(b, ["access", ORDERS, "--who-can", "--action", "sts:AssumeRole", "--resource", "AdminRole", "--format", "json"])
    rows = json.loads(out)
    who = {r["principal"]: r["decision"] for r in rows}
    check(who.get("arn:aws:iam::111122223333:root") == "allowed" and who.get("*") == "implicit-deny"
          and "OrdersFunction" in who, "who-can lists file principals, * and named accounts", out)
    # Effective permissions.
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--format", "json"])
    eff = json.loads(out)
    check(set(eff) == {"principal", "permissions"} and
          all(set(p) == {"service", "actions", "resources", "conditions"} for p in eff["permissions"]),
          "effective permissions shape", out)
    check(any(p["service"] == "dynamodb" and "dynamodb:PutItem" in p["actions"] for p in eff["permissions"]),
          "effective permissions list the grants", out)
    # --scp: one level that denies.
    with tempfile.TemporaryDirectory() as td:
        scp = os.path.join(td, "scp.json")
        with open(scp, "w") as f:
            json.dump({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                                                               {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}]}, f)
        rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "dynamodb:PutItem",
                               "--resource", "OrdersTable", "--scp", scp, "--format", "json"])
        check(json.loads(out)[0]["decision"] == "explicit-deny", "an SCP Deny wins", out)
        bad = os.path.join(td, "bad.yaml")
        with open(bad, "w") as f:
            f.write("Resources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties: {a: [}\n")
        rc, out, err = run(b, ["access", bad, "--principal", "X", "--action", "s3:GetObject"])
        check(rc == 2 and "IAM000" in err, "a file that does not parse: exit 2", err)
    # AWS::Lambda::Permission is the function's resource policy, its SourceArn/SourceAccount conditions.
    lp = os.path.join(ROOT, "testdata", "access", "lambda-permission.yaml")
    rc, out, err = run(b, ["access", lp, "--who-can", "--action", "lambda:InvokeFunction,lambda:InvokeFunctionUrl",
                           "--resource", "ProcessFunction", "--format", "json"])
    who = {(r["principal"], r["action"]): r for r in json.loads(out)}
    check(who[("service:s3.amazonaws.com", "lambda:InvokeFunction")]["decision"] == "conditional"
          and {c["key"] for c in who[("service:s3.amazonaws.com", "lambda:InvokeFunction")]["conditions"]}
          == {"aws:SourceArn", "aws:SourceAccount"}, "a service permission depends on its source", out)
    check(who[("*", "lambda:InvokeFunctionUrl")]["decision"] == "allowed" and
          who[("*", "lambda:InvokeFunction")]["decision"] == "implicit-deny", "Principal * on one action only", out)
    rc, out, err = run(b, ["access", lp, "--principal", "service:s3.amazonaws.com", "--action", "lambda:InvokeFunction",
                           "--resource", "ProcessFunction", "--context", "aws:SourceArn=arn:aws:s3:::other",
                           "--context", "aws:SourceAccount=111122223333", "--format", "json"])
    check(json.loads(out)[0]["decision"] == "implicit-deny", "another account's bucket cannot invoke", out)

    # A REST API's resource policy governs its execute-api ARN and what lies below it; the policy's
    # execute-api:/ shorthand is that ARN.
    api = os.path.join(ROOT, "testdata", "access", "private-api.yaml")
    decisions = {}
    for vpce in ("vpce-0a1b2c3d4e5f67890", "vpce-0fffffffffffffff0"):
        rc, out, err = run(b, ["access", api, "--principal", "arn:aws:iam::111122223333:root", "--action",
                               "execute-api:Invoke", "--resource", "${OrdersApi.Arn}/prod/GET/orders",
                               "--context", "aws:SourceVpce=" + vpce, "--format", "json"])
        decisions[vpce] = json.loads(out)[0]["decision"] if rc == 0 else err
    check(decisions == {"vpce-0a1b2c3d4e5f67890": "allowed", "vpce-0fffffffffffffff0": "explicit-deny"},
          "a private API: through its endpoint only", str(decisions))
    rc, out, err = run(b, ["access", api, "--principal", "*", "--action", "execute-api:Invoke", "--resource",
                           "${OrdersApi.Arn}/prod/GET/orders", "--format", "json"])
    row = json.loads(out)[0]
    check(row["decision"] == "conditional" and [c["key"] for c in row["conditions"]] == ["aws:SourceVpce"],
          "without the endpoint given, it depends on aws:SourceVpce", out)

    # Usage errors: exit 2 with "did you mean".
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFuncton", "--action", "s3:GetObject"])
    check(rc == 2 and "did you mean OrdersFunction" in err, "unknown principal", err)
    rc, out, err = run(b, ["access", ORDERS, "--principal", "OrdersFunction", "--action", "s3:GetObjects"])
    check(rc == 2 and "did you mean s3:GetObject" in err, "unknown action", err)
    rc, out, err = run(b, ["access", ORDERS, "--who-can", "--action", "s3:GetObject"])
    check(rc == 2, "--who-can without --resource", err)

    # IAM030 fixtures: the bad one fails exactly at the marked assertions, in every format.
    want = set()
    cfg = os.path.join(FIX, "bad-orders", ".iamlint.yaml")
    for n, line in enumerate(open(cfg), 1):
        if "# expect-access: IAM030" in line:
            want.add(n)
    rc, out, err = run(b, ["--format", "json", "."], cwd=os.path.join(FIX, "bad-orders"))
    got = {f["line"] for f in json.loads(out) if f["rule"] == "IAM030"}
    check(rc == 1 and got == want, "IAM030 at the failing assertions", f"want {want} got {got}\n{out}")
    rel = [r for f in json.loads(out) if f["rule"] == "IAM030" for r in f["related"]]
    check(any(r["path"].endswith("template.yaml") for r in rel), "related locations in the template", out)
    rc, out, err = run(b, ["--format", "sarif", "."], cwd=os.path.join(FIX, "bad-orders"))
    res = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "IAM030"]
    check(len(res) == len(want) and any(
        rl["physicalLocation"]["artifactLocation"]["uri"].endswith("template.yaml")
        for r in res for rl in r.get("relatedLocations", [])), "SARIF results and relatedLocations", out[:2000])
    rc, out, err = run(b, ["--format", "gcc", "."], cwd=os.path.join(FIX, "bad-orders"))
    check(out.count("[IAM030]") == len(want), "gcc format", out)
    rc, out, err = run(b, ["-v", "."], cwd=os.path.join(FIX, "good-orders"))
    check(rc == 0 and "IAM030" not in out, "the near-miss holds", out + err)
    check("skipped" in err + out, "--verbose says a skipped assertion", out + err)
    # --ignore IAM030 turns them off.
    rc, out, err = run(b, ["--ignore", "IAM030", "--format", "json", "."], cwd=os.path.join(FIX, "bad-orders"))
    check(all(f["rule"] != "IAM030" for f in json.loads(out)), "--ignore IAM030", out)
    # A bad assertion is a config error with its position.
    with tempfile.TemporaryDirectory() as td:
        with open(os.path.join(td, ".iamlint.yaml"), "w") as f:
            f.write("access:\n  - principal: X\n")
        with open(os.path.join(td, "t.yaml"), "w") as f:
            f.write(open(ORDERS).read())
        rc, out, err = run(b, ["."], cwd=td)
        check(rc == 2 and ".iamlint.yaml:2:5" in err, "an assertion without allow/deny is a config error", err)

    # A logical ID denotes the resource and its sub-resources: deny s3:GetObject on the bucket fails
    # when the function can read some of its objects.
    with tempfile.TemporaryDirectory() as td:
        with open(os.path.join(td, "template.yaml"), "w") as f:
            f.write(open(os.path.join(ROOT, "examples", "access-orders", "template.yaml")).read())
        with open(os.path.join(td, ".iamlint.yaml"), "w") as f:
            f.write("access:\n  - principal: OrdersFunction\n    deny: [s3:GetObject]\n    resource: OrdersBucket\n"
                    "  - principal: OrdersFunction\n    deny: [s3:DeleteObject]\n    resource: OrdersBucket\n")
        rc, out, err = run(b, ["--format", "json", "."], cwd=td)
        lines = sorted(f["line"] for f in json.loads(out) if f["rule"] == "IAM030")
        check(lines == [2], "deny on a logical ID covers its objects (and holds for DeleteObject)", out)

    print(f"access-cli: {passed} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
