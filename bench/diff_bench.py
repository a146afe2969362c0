#!/usr/bin/env python3
"""`iamlint diff` benchmark (issue 16: two 500-resource templates in under 100 ms, whole process).

    python3 bench/diff_bench.py [--build build] [--runs 7] [--keep DIR]

Generates OLD, a 500-resource template (125 blocks of a role with an inline policy, a bucket, a
queue and a bucket policy that lets a partner account read), and NEW = OLD with a few widened
statements (an added action, a resource widened to "*", iam:PassRole on "*") and one bucket policy
that lets in a new account. Times `iamlint diff OLD NEW --format json` (best of N, whole process),
checks that the diff reports exactly the changes made, and prints a Markdown row.
"""
import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run import measure, to_yaml, write  # noqa: E402

BUDGET_MS = 100.0
PARTNER = "arn:aws:iam::111122223333:root"
NEW_PARTNER = "arn:aws:iam::444455556666:root"


def block(i):
    """Four resources: a bucket, a queue, the bucket's policy, a role with an inline policy."""
    return {
        f"Bucket{i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"app-data-{i}"}},
        f"Queue{i}": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": f"jobs-{i}"}},
        f"BucketPolicy{i}": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {"Bucket": {"Ref": f"Bucket{i}"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": PARTNER}, "Action": "s3:GetObject",
                 "Resource": {"Fn::Sub": "${Bucket" + str(i) + ".Arn}/exports/*"}},
                {"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [{"Fn::GetAtt": [f"Bucket{i}", "Arn"]}, {"Fn::Sub": "${Bucket" + str(i) + ".Arn}/*"}],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}},
        },
        f"Role{i}": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": f"worker-{i}", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                     "Resource": {"Fn::Sub": "${Bucket" + str(i) + ".Arn}/incoming/*"}},
                    {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket",
                     "Resource": {"Fn::GetAtt": [f"Bucket{i}", "Arn"]}},
                    {"Sid": "Jobs", "Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                                  "sqs:GetQueueAttributes"],
                     "Resource": {"Fn::GetAtt": [f"Queue{i}", "Arn"]}},
                    {"Sid": "Table", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-" + str(i)}},
                    {"Sid": "Traces", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "cloudwatch:PutMetricData"],
                     "Resource": "*"}]}}],
            },
        },
    }


def templates(n_blocks=125):
    res = {}
    for i in range(n_blocks):
        res.update(block(i))
    old = {"AWSTemplateFormatVersion": "2010-09-09", "Description": "iamlint diff benchmark", "Resources": res}
    new = copy.deepcopy(old)
    r = new["Resources"]

    def stmts(i):
        return r[f"Role{i}"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]

    stmts(7)[0]["Action"].append("s3:DeleteObject")          # an added action
    stmts(42)[3]["Resource"] = "*"                              # a resource widened to "*"
    stmts(99)[0]["Resource"] = {"Fn::Sub": "${Bucket99.Arn}/*"}  # a narrower prefix widened
    stmts(120).append({"Sid": "Deploy", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})
    r["BucketPolicy64"]["Properties"]["PolicyDocument"]["Statement"][0]["Principal"]["AWS"] = [PARTNER, NEW_PARTNER]
    expected = {"principals": {"Role7", "Role42", "Role99", "Role120"}, "resources": {"Bucket64"}}
    return old, new, expected


def cpu_time(cmd, runs):
    """Best user+sys CPU time of `runs` runs: what the process costs, whatever the machine's load."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", help="write the templates to this directory and keep them")
    a = ap.parse_args()
    iamlint = os.path.join(a.build, "iamlint")
    tmp = a.keep or tempfile.mkdtemp(prefix="iamlint-diff-bench-")
    os.makedirs(tmp, exist_ok=True)
    old, new, expected = templates()
    n = len(old["Resources"])
    o = write(os.path.join(tmp, "old.yaml"), to_yaml(old) + "\n")
    nw = write(os.path.join(tmp, "new.yaml"), to_yaml(new) + "\n")

    # The diff must be the changes made, or the timing means nothing.
    p = subprocess.run([iamlint, "diff", o, nw, "--format", "json"], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"iamlint diff exited {p.returncode}: {p.stderr[:500]}")
    got = json.loads(p.stdout)
    principals = {x["principal"] for x in got["principals"]}
    resources = {x["resource"] for x in got["resources"]}
    if principals != expected["principals"] or resources != expected["resources"] or \
            any(x["removed"] for x in got["principals"]):
        raise SystemExit(f"unexpected diff: principals {sorted(principals)}, resources {sorted(resources)}")

    # For the breakdown: NEW without the bucket-policy change (only identity policies differ), and
    # OLD against itself (loading both sides and finding nothing).
    ident = copy.deepcopy(new)
    ident["Resources"]["BucketPolicy64"] = copy.deepcopy(old["Resources"]["BucketPolicy64"])
    ni = write(os.path.join(tmp, "new-identity-only.yaml"), to_yaml(ident) + "\n")
    rows = []
    for name, new_path in [(f"diff, {n} resources: 4 widened statements + 1 new bucket-policy principal", nw),
                           ("the same without the bucket-policy change", ni), ("OLD against itself", o)]:
        cmd = [iamlint, "diff", o, new_path, "--format", "json"]
        best, rss = measure(cmd, a.runs)
        rows.append((name, best, cpu_time(cmd, a.runs), rss))
    lint, _ = measure([iamlint, "--fail-on", "never", "--format", "json", "-j", "1", nw], a.runs)
    ok = "ok" if rows[0][1] * 1000 < BUDGET_MS else "MISSED"
    print(f"inputs: {n} resources each, {os.path.getsize(o)/1e3:.0f} kB YAML; diff: "
          f"{len(principals)} principals, {len(resources)} resource; lint of NEW alone {lint*1000:.1f} ms",
          file=sys.stderr)
    print("| case | wall ms | CPU ms (user+sys) | peak MB | budget |")
    print("|---|---:|---:|---:|---|")
    for i, (name, best, cpu, rss) in enumerate(rows):
        budget = f"<{BUDGET_MS:.0f} ms {ok}" if i == 0 else ""
        print(f"| {name} | {best*1000:.1f} | {cpu*1000:.1f} | {rss:.0f} | {budget} |")
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
