#!/usr/bin/env python3
"""iamlint benchmarks, whole process, best of N runs, against the budgets of the issues.

    python3 bench/run.py [--build build] [--runs 3] [--cfn-lint] [--corpus ../shared/corpus]

Generates CloudFormation templates (≥5 MB YAML and JSON, a 6.7 MB CDK-shaped JSON template of
15,000 resources from bench/cdk_template.py, 500 and 5,000 resources, a small one) in a temp dir,
then times iamlint against `bare_parse` (yaml-cpp events / RapidJSON SAX counting nodes, built from
bench/bare_parse.cpp) and optionally cfn-lint, and prints a Markdown table.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import cdk_template  # noqa: E402  (bench/cdk_template.py)


def resource_block(i):
    """A few resources per index: a role with an inline policy, a policy, a bucket, a function."""
    return {
        f"Bucket{i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"app-data-{i}"}},
        f"Role{i}": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": f"access-{i}", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::app-data-" + str(i) + "/*"}},
                    {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket",
                     "Resource": {"Fn::GetAtt": [f"Bucket{i}", "Arn"]}},
                    {"Sid": "Table", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-" + str(i)}},
                    {"Sid": "Traces", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "cloudwatch:PutMetricData"],
                     "Resource": "*"}]}}],
                "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "index", "Value": str(i)}],
            },
        },
        f"Function{i}": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Role": {"Fn::GetAtt": [f"Role{i}", "Arn"]}, "Runtime": "python3.12", "Handler": "app.handler",
                           "Code": {"ZipFile": "def handler(event, context):\n    return {'ok': True}\n"},
                           "Environment": {"Variables": {"BUCKET": {"Ref": f"Bucket{i}"}, "INDEX": str(i)}}},
        },
    }


def template(n_blocks):
    res = {}
    for i in range(n_blocks):
        res.update(resource_block(i))
    return {"AWSTemplateFormatVersion": "2010-09-09", "Description": "iamlint benchmark", "Resources": res}


def to_yaml(obj, indent=0):
    """A small YAML emitter (block style) so the benchmark needs nothing beyond the stdlib."""
    sp = "  " * indent
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                out.append(f"{sp}{k}:")
                out.append(to_yaml(v, indent + 1))
            else:
                out.append(f"{sp}{k}: {scalar(v)}")
    else:
        for v in obj:
            if isinstance(v, dict) and v:
                inner = to_yaml(v, indent + 1).split("\n")
                out.append(f"{sp}- {inner[0].strip()}")
                out.extend(inner[1:])
            elif isinstance(v, list) and v:
                out.append(f"{sp}-")
                out.append(to_yaml(v, indent + 1))
            else:
                out.append(f"{sp}- {scalar(v)}")
    return "\n".join(out)


def scalar(v):
    if isinstance(v, str):
        if "\n" in v:
            return json.dumps(v)
        return "'" + v.replace("'", "''") + "'"
    if v == {}:
        return "{}"
    if v == []:
        return "[]"
    return json.dumps(v)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def measure(cmd, runs):
    """Best wall time of `runs` runs, and the peak RSS (MB) of one run."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
        if p.returncode not in (0, 1, 2):
            raise SystemExit(f"{cmd} exited {p.returncode}")
    rss = subprocess.run([sys.executable, "-c", (
        "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")] + cmd, capture_output=True, text=True)
    return best, int(rss.stdout.strip() or 0) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cfn-lint", action="store_true", help="also time cfn-lint (slow)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    a = ap.parse_args()
    iamlint = os.path.join(a.build, "iamlint")
    bare = os.path.join(a.build, "bare_parse")
    lint = [iamlint, "--fail-on", "never", "--format", "json", "-j", "1"]
    tmp = tempfile.mkdtemp(prefix="iamlint-bench-")
    rows = []

    def row(name, ours, base, budget=None, note=""):
        ratio = ours[0] / base[0] if base and base[0] else None
        ok = "" if budget is None or ratio is None else ("ok" if ratio <= budget else "MISSED")
        rows.append((name, f"{ours[0]*1000:.1f}", f"{ours[1]:.0f}", f"{base[0]*1000:.1f}" if base else "",
                     f"{ratio:.2f}x" if ratio else "", f"≤{budget}x {ok}" if budget else note))

    big = template(2600)  # ≈6 MB as YAML
    y = write(os.path.join(tmp, "big.yaml"), to_yaml(big) + "\n")
    j = write(os.path.join(tmp, "big.json"), json.dumps(big, indent=1) + "\n")
    cdk = write(os.path.join(tmp, "cdk.json"), cdk_template.text(3000))
    small = write(os.path.join(tmp, "small.yaml"), to_yaml(template(1)) + "\n")
    r500 = template(167)  # ≈500 resources
    t500 = write(os.path.join(tmp, "t500.yaml"), to_yaml(r500) + "\n")
    t5000 = write(os.path.join(tmp, "t5000.yaml"), to_yaml(template(1670)) + "\n")
    t500j = write(os.path.join(tmp, "t500.json"), json.dumps(r500, indent=1) + "\n")
    t5000j = write(os.path.join(tmp, "t5000.json"), json.dumps(template(1670), indent=1) + "\n")
    print(f"inputs: big.yaml {os.path.getsize(y)/1e6:.1f} MB, big.json {os.path.getsize(j)/1e6:.1f} MB, "
          f"t500.yaml {os.path.getsize(t500)/1e3:.0f} kB, small.yaml {os.path.getsize(small)} B", file=sys.stderr)

    row(f"YAML {os.path.getsize(y)/1e6:.1f} MB", measure(lint + [y], a.runs), measure([bare, y], a.runs), 1.5)
    row(f"JSON {os.path.getsize(j)/1e6:.1f} MB", measure(lint + [j], a.runs), measure([bare, j], a.runs), 5)
    row(f"CDK-shaped JSON {os.path.getsize(cdk)/1e6:.1f} MB, 15,000 resources", measure(lint + [cdk], a.runs),
        measure([bare, cdk], a.runs), 5)
    row("small template (start-up)", measure(lint + [small], max(a.runs, 10)), measure([bare, small], max(a.runs, 10)), 2)
    y500, y5000 = measure(lint + [t500], a.runs), measure(lint + [t5000], a.runs)
    row("YAML 500 resources", y500, None)
    row("YAML 5,000 resources", y5000, None, note=f"{y5000[0]/y500[0]:.1f}x the 500 (≤11x)")
    j500, j5000 = measure(lint + [t500j], a.runs), measure(lint + [t5000j], a.runs)
    row("JSON 500 resources", j500, None)
    row("JSON 5,000 resources", j5000, None, note=f"{j5000[0]/j500[0]:.1f}x the 500 (≤11x)")
    if os.path.isdir(a.corpus):
        nproc = os.cpu_count() or 1
        c1 = measure([iamlint, "--fail-on", "never", "--format", "json", "-j", "1", a.corpus], a.runs)
        cn = measure([iamlint, "--fail-on", "never", "--format", "json", "-j", str(nproc), a.corpus], a.runs)
        row("corpus dir, --jobs 1", c1, None)
        row(f"corpus dir, --jobs {nproc}", cn, None, note=f"{c1[0]/cn[0]:.2f}x faster than --jobs 1 (≥1.7x)")
    if a.cfn_lint and shutil.which("cfn-lint"):
        for name, f, ours in [("small", small, None), ("500 resources", t500, y500)]:
            c = measure(["cfn-lint", f], 1)
            o = ours or measure(lint + [f], a.runs)
            rows.append((f"cfn-lint, {name}", f"{c[0]*1000:.0f}", f"{c[1]:.0f}", "", "",
                         f"iamlint {c[0]/o[0]:.0f}x faster (≥100x)"))
    print("| case | iamlint ms | peak MB | bare parse ms | ratio | budget |")
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
