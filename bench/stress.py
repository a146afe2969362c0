#!/usr/bin/env python3
"""Adversarial shapes: inputs that are valid but stress one dimension (thousands of actions x
resources in a statement, an anchor used thousands of times, huge condition blocks, fan-in and
fan-out between resources, many YAML documents, ...). Each is generated into a temp dir and linted
once, whole process; the table shows time, peak memory and the number of findings. It is how the
quadratic paths fixed so far were found (IAM005's per-statement cache: 120 s; alias related
locations: 24 GB), and the place to add a shape when a new one is suspected.

    python3 bench/stress.py [--build build] [--timeout 60] [--scale 1]

`--scale 2` doubles every size; compare the two runs for growth (linear: ~2x the time).
A shape over the timeout is reported as a HANG and the script exits 1.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def pol(statements):
    return {"Version": "2012-10-17", "Statement": statements}


TRUST = pol([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}])
EC2 = [f"ec2:{v}{n}" for v in ["Describe", "Create", "Delete", "Modify", "Attach"]
       for n in ["Instances", "Volumes", "Vpcs", "Subnets", "Images", "Snapshots", "SecurityGroups",
                 "NetworkInterfaces", "RouteTables", "KeyPairs"]]


def shapes(k):
    """(name, file name, text) for each shape; k scales the sizes."""
    yield ("actions x resources, all fit", "cross.json", json.dumps(pol([{
        "Effect": "Allow", "Action": ["s3:GetObject"] + ["s3:Get*", "s3:Put*", "s3:List*"] * (300 * k),
        "Resource": [f"arn:aws:s3:::bucket-{i}/*" for i in range(3000 * k)]}])))
    yield ("actions x resources, none fit", "none-fit.json", json.dumps(pol([{
        "Effect": "Allow", "Action": EC2 * (40 * k), "Resource": [f"arn:aws:s3:::b{i}/*" for i in range(2000 * k)]}])))
    yield ("20,000 statements", "statements.json", json.dumps(pol([{
        "Sid": f"S{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": f"arn:aws:s3:::bucket-{i}/*"} for i in range(20000 * k)])))
    yield ("escalation actions x statements", "escalation.json", json.dumps(pol([{
        "Effect": "Allow", "Action": ["iam:PassRole", "iam:CreatePolicyVersion", "lambda:CreateFunction"] * 20,
        "Resource": "*"} for _ in range(500 * k)])))
    yield ("5,000 condition keys", "conditions.json", json.dumps(pol([{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {f"aws:PrincipalTag/k{i}": [f"v{j}" for j in range(20)]
                                       for i in range(5000 * k)}}}])))
    yield ("20,000 trusted principals", "principals.json", json.dumps(pol([{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"AWS": [f"arn:aws:iam::{100000000000 + i}:root" for i in range(20000 * k)]}}])))
    yield ("20,000 NotAction entries", "notaction.json", json.dumps(pol([{
        "Effect": "Allow", "NotAction": [f"s3:GetThing{i}" for i in range(20000 * k)], "Resource": "*"}])))
    # IAM021 asks the access evaluator about every action of a public Allow x its resources x
    # three outsiders, against every Deny of the document (rules/reach.cpp).
    yield ("public Allow * x 200 resources x 60 Denies", "public-denies.json", json.dumps(pol(
        [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": [f"arn:aws:s3:::b{i}/*" for i in range(200 * k)]}] +
        [{"Effect": "Deny", "Principal": "*", "Action": [f"s3:Get*{i % 7}", f"sqs:*{i}", "ec2:*"],
          "Resource": [f"arn:aws:s3:::b{j}/*" for j in range(i, i + 50)],
          "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}} for i in range(60 * k)])))
    # Templates.
    res = {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}}}
    for i in range(5000 * k):
        res[f"Fn{i}"] = {"Type": "AWS::Lambda::Function", "Properties": {
            "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Runtime": "python3.12", "Handler": "a.b", "Code": {"ZipFile": "x"}}}
    yield ("one role, 5,000 functions", "fan-in.json", json.dumps({"Resources": res}))
    res = {f"Role{i}": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}}
           for i in range(5000 * k)}
    res["Policy"] = {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyName": "p", "Roles": [{"Ref": f"Role{i}"} for i in range(5000 * k)],
        "PolicyDocument": pol([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}])}}
    yield ("one policy, 5,000 roles", "fan-out.json", json.dumps({"Resources": res}))
    res = {f"Role{i}": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": TRUST,
        "ManagedPolicyArns": [f"arn:aws:iam::aws:policy/{n}" for n in
                              ["AmazonS3FullAccess", "AdministratorAccess", "ReadOnlyAccess", "AWSLambdaExecute"]]}}
           for i in range(3000 * k)}
    yield ("3,000 roles x managed policies", "managed.json", json.dumps({"Resources": res}))
    subs = {f"V{i}": {"Ref": "AWS::Region"} for i in range(5000 * k)}
    yield ("Fn::Sub with 5,000 variables", "sub.json", json.dumps({"Resources": {"P": {
        "Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": pol([{
            "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": {"Fn::Sub": ["arn:aws:s3:::" + "".join("${V%d}" % i for i in range(5000 * k)), subs]}}])}}}}))
    mappings = {f"k{i}": {f"v{j}": f"arn:aws:s3:::b{i}-{j}/*" for j in range(30)} for i in range(3000 * k)}
    yield ("FindInMap over 90,000 entries", "mappings.json", json.dumps({
        "Mappings": {"M": mappings}, "Parameters": {"K": {"Type": "String"}},
        "Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": pol([{
            "Effect": "Allow", "Action": ["s3:GetObject", "ec2:DescribeInstances"],
            "Resource": [{"Fn::FindInMap": ["M", {"Ref": "K"}, {"Ref": "K"}]}] * 200}])}}}}))
    # YAML: one anchored policy used by thousands of roles; thousands of documents.
    doc = "\n".join("              - {Effect: Allow, Action: ['iam:PassRole', 's3:*'], Resource: '*'}" for _ in range(50))
    trust = ("      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, "
             "Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}\n")
    roles = ["  Role0:\n    Type: AWS::IAM::Role\n    Properties:\n" + trust +
             "      Policies:\n        - PolicyName: p\n          PolicyDocument: &doc\n"
             "            Version: '2012-10-17'\n            Statement:\n" + doc + "\n"]
    roles += [f"  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n" + trust +
              "      Policies:\n        - PolicyName: p\n          PolicyDocument: *doc\n" for i in range(1, 2000 * k)]
    yield ("anchored policy, 2,000 aliases", "aliases.yaml",
           "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + "".join(roles))
    yield ("10,000 YAML documents", "documents.yaml", "".join(
        "---\nVersion: '2012-10-17'\nStatement:\n  - {Effect: Allow, Action: 's3:GetObject', Resource: '*'}\n"
        for _ in range(10000 * k)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--scale", type=int, default=1)
    a = ap.parse_args()
    binary = os.path.join(a.build, "iamlint")
    tmp = tempfile.mkdtemp(prefix="iamlint-stress-")
    hung = False
    print("| shape | input | time ms | peak MB | findings |")
    print("|---|---:|---:|---:|---:|")
    try:
        for name, fname, text in shapes(a.scale):
            path = os.path.join(tmp, fname)
            with open(path, "w") as f:
                f.write(text)
            cmd = [binary, "--format", "json", "--fail-on", "never", "-j", "1", path]
            probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
                     "p=subprocess.run(sys.argv[2:],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,"
                     "timeout=float(sys.argv[1]));"
                     "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
                     "len(__import__('json').loads(p.stdout or b'[]')), p.returncode)")
            try:
                r = subprocess.run([sys.executable, "-c", probe, str(a.timeout)] + cmd, capture_output=True, text=True,
                                   timeout=a.timeout + 30)
                secs, rss, n, code = r.stdout.split()
                cell = f"{float(secs) * 1000:.0f}" + ("" if code in ("0", "1", "2") else f" (exit {code})")
                print(f"| {name} | {len(text) / 1e6:.1f} MB | {cell} | {int(rss) / 1024:.0f} | {n} |", flush=True)
            except (subprocess.TimeoutExpired, ValueError):
                hung = True
                print(f"| {name} | {len(text) / 1e6:.1f} MB | HANG (> {a.timeout:.0f} s) | | |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if hung else 0)


if __name__ == "__main__":
    main()
