#!/usr/bin/env python3
"""`iamlint access --who-can` over a generated 500-resource template, whole process (best of N).

    python3 bench/access_whocan.py build/iamlint [--runs 7]

The template (100 roles with inline policies, 100 buckets with bucket policies, 100 tables,
100 queues) is generated deterministically into a temporary directory. Budget: < 50 ms.
"""
import argparse
import os
import subprocess
import tempfile
import time


def template() -> str:
    out = ['AWSTemplateFormatVersion: "2010-09-09"', "Resources:"]
    for i in range(100):
        out += [f"  Bucket{i}:", "    Type: AWS::S3::Bucket",
                f"  Bucket{i}Policy:", "    Type: AWS::S3::BucketPolicy", "    Properties:",
                f"      Bucket: !Ref Bucket{i}", "      PolicyDocument:", '        Version: "2012-10-17"',
                "        Statement:", "          - Effect: Allow",
                '            Principal: {AWS: "arn:aws:iam::111122223333:root"}', "            Action: s3:GetObject",
                f'            Resource: !Sub "${{Bucket{i}.Arn}}/*"',
                f"  Table{i}:", "    Type: AWS::DynamoDB::Table",
                f"  Queue{i}:", "    Type: AWS::SQS::Queue",
                f"  Role{i}:", "    Type: AWS::IAM::Role", "    Properties:", "      AssumeRolePolicyDocument:",
                '        Version: "2012-10-17"', "        Statement:", "          - Effect: Allow",
                "            Principal: {Service: lambda.amazonaws.com}", "            Action: sts:AssumeRole",
                "      Policies:", f"        - PolicyName: Access{i}", "          PolicyDocument:",
                '            Version: "2012-10-17"', "            Statement:",
                "              - Effect: Allow", "                Action: [s3:GetObject, s3:PutObject]",
                f'                Resource: !Sub "${{Bucket{i}.Arn}}/*"',
                "              - Effect: Allow", "                Action: dynamodb:*",
                f"                Resource: !GetAtt Table{(i + 1) % 100}.Arn",
                "              - Effect: Allow", "                Action: sqs:SendMessage",
                f"                Resource: !GetAtt Queue{i}.Arn",
                "                Condition:", "                  Bool: {aws:SecureTransport: \"true\"}"]
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("iamlint")
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as td:
        path = os.path.join(td, "big.yaml")
        with open(path, "w") as f:
            f.write(template())
        cmd = [a.iamlint, "access", path, "--who-can", "--action", "s3:GetObject,s3:PutObject", "--resource",
               "${Bucket42.Arn}/x", "--format", "json"]
        best = 1e9
        for _ in range(a.runs):
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            best = min(best, time.perf_counter() - t0)
            assert r.returncode == 0, r.stderr
        allowed = r.stdout.count('"allowed"')
        print(f"--who-can over 500 resources: best of {a.runs} {best * 1000:.1f} ms (whole process); "
              f"{r.stdout.count('principal')} rows, {allowed} allowed")


if __name__ == "__main__":
    main()
