#!/usr/bin/env python3
"""A CDK-shaped CloudFormation JSON template for the benchmark (issue 13, item 8).

CDK synthesizes templates whose values are intrinsics almost everywhere: bucket names built with
Fn::Sub, managed-policy ARNs as Fn::Join with AWS::Partition, policy resources as Fn::GetAtt and
Fn::Join of a GetAtt, function roles as Fn::GetAtt, environment variables as Ref. bench/run.py's own
template is mostly literal text; this one is the shape a real CDK app produces, in units of five
resources:
  - an AWS::S3::Bucket named with Fn::Sub,
  - an AWS::SQS::Queue,
  - an AWS::IAM::Role whose managed-policy ARN is an Fn::Join with AWS::Partition,
  - an AWS::IAM::Policy (on that role) whose resources are Fn::Sub / Fn::GetAtt / Fn::Join,
  - an AWS::Lambda::Function with a Fn::GetAtt role and Ref environment variables,
each with CDK's Metadata (aws:cdk:path) and hashed logical IDs.

    python3 bench/cdk_template.py [--units 3000] OUT.json     # 3,000 units: 15,000 resources, 6.7 MB
"""
import argparse
import hashlib
import json


def _id(name, i):
    """CDK's logical IDs: the construct path plus an 8-hex-digit hash."""
    return f"{name}{i}" + hashlib.sha256(f"{name}/{i}".encode()).hexdigest()[:8].upper()


def unit(i):
    bucket, queue, role, policy, fn = (_id(n, i) for n in ("DataBucket", "WorkQueue", "HandlerServiceRole",
                                                         "HandlerServiceRoleDefaultPolicy", "Handler"))
    path = f"AppStack/Service{i}"
    return {
        bucket: {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketName": {"Fn::Sub": "app-data-" + str(i) + "-${AWS::AccountId}-${AWS::Region}"},
            },
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain",
            "Metadata": {"aws:cdk:path": f"{path}/DataBucket/Resource"},
        },
        queue: {
            "Type": "AWS::SQS::Queue",
            "Properties": {"VisibilityTimeout": 300, "MessageRetentionPeriod": 1209600},
            "UpdateReplacePolicy": "Delete",
            "DeletionPolicy": "Delete",
            "Metadata": {"aws:cdk:path": f"{path}/WorkQueue/Resource"},
        },
        role: {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                                            "Principal": {"Service": "lambda.amazonaws.com"}}],
                                             "Version": "2012-10-17"},
                "ManagedPolicyArns": [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                                                         ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]}],
            },
            "Metadata": {"aws:cdk:path": f"{path}/Handler/ServiceRole/Resource"},
        },
        policy: {
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyDocument": {"Statement": [
                    {"Action": ["s3:GetBucket*", "s3:GetObject*", "s3:List*"],
                     "Effect": "Allow",
                     "Resource": [{"Fn::GetAtt": [bucket, "Arn"]}, {"Fn::Sub": "${" + bucket + ".Arn}/*"}]},
                    {"Action": ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                     "Effect": "Allow",
                     "Resource": {"Fn::GetAtt": [queue, "Arn"]}},
                ], "Version": "2012-10-17"},
                "PolicyName": policy,
                "Roles": [{"Ref": role}],
            },
            "Metadata": {"aws:cdk:path": f"{path}/Handler/ServiceRole/DefaultPolicy/Resource"},
        },
        fn: {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"},
                         "S3Key": f"{i:08x}.zip"},
                "Environment": {"Variables": {"BUCKET_NAME": {"Ref": bucket}, "QUEUE_URL": {"Ref": queue}}},
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": [role, "Arn"]},
                "Runtime": "nodejs20.x",
                "Timeout": 30,
            },
            "DependsOn": [policy, role],
            "Metadata": {"aws:cdk:path": f"{path}/Handler/Resource"},
        },
    }


def template(units):
    res = {}
    for i in range(units):
        res.update(unit(i))
    return {"Resources": res,
            "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                                "Default": "/cdk-bootstrap/hnb659fds/version"}}}


def text(units):
    """The template as compact JSON (the densest form: the most nodes per byte for both parsers)."""
    return json.dumps(template(units), separators=(",", ":")) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=3000, help="units of five resources (default 3000)")
    ap.add_argument("out")
    a = ap.parse_args()
    with open(a.out, "w") as f:
        f.write(text(a.units))


if __name__ == "__main__":
    main()
