#!/usr/bin/env python3
"""`iamlint diff` as a user runs it (docs/diff.md is the contract): exit status, every format (the
JSON validated against docs/diff.md's schema, the SARIF by ../shared/sarif/check-sarif), renames,
equivalent rewrites (empty diff), narrowing (removals only), and --base on a real git repository.

    test_diff_cli.py IAMLINT [SHARED_DIR]

The SARIF checker part is skipped with a message when SHARED_DIR (default ../shared) is missing, and
fails then under CI=true; the JSON Schema part needs python3-jsonschema (skipped without it, except
under CI=true).

KNOWN lists behaviours of lint/diff/diff.cpp that are wrong today: each is still checked, reported as
KNOWN FAIL without failing the run, and fails the run as soon as it passes (so the entry is removed
when diff.cpp is fixed).
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "cli"))
from samples import clean_env  # noqa: E402

BIN = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.path.join(ROOT, "build", "iamlint")
SHARED = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared")
IN_CI = os.environ.get("CI") == "true"

KNOWN = set()
known_results = {}


def known(name, ok):
    """Records a KNOWN check; returns True when it behaves as the KNOWN list says (still failing)."""
    known_results[name] = ok
    return name in KNOWN and not ok


def run(args, cwd=None):
    p = subprocess.run([BIN] + args, capture_output=True, text=True, cwd=cwd, env=clean_env(), timeout=120)
    return p.returncode, p.stdout, p.stderr


# ---- templates ---------------------------------------------------------------------------------
# OLD: a bucket shared read-only with one partner account, a worker role that reads and writes
# under incoming/, a deploy role that updates functions.
OLD = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "OrdersBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "orders-data"}},
        "OrdersBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {"Bucket": {"Ref": "OrdersBucket"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::orders-data/exports/*"}]}},
        },
        "WorkerRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": "worker", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                     "Resource": "arn:aws:s3:::orders-data/incoming/*"},
                    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::orders-data"}]}}],
            },
        },
        "DeployRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "lambda:UpdateFunctionCode",
                     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:orders-*"}]}}],
            },
        },
    },
}


def statements(t, role):
    return t["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


def passrole(t):
    """Sensitive: the deploy role may pass any role."""
    statements(t, "DeployRole").append({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"})


def widen_put(t):
    """Not sensitive: the worker may write anywhere in the bucket, not only under incoming/."""
    statements(t, "WorkerRole").append({"Effect": "Allow", "Action": "s3:PutObject",
                                        "Resource": "arn:aws:s3:::orders-data/*"})


def new_account(t):
    """Exposure: the bucket policy lets in a second account."""
    st = t["Resources"]["OrdersBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    st["Principal"]["AWS"] = [st["Principal"]["AWS"], "arn:aws:iam::444455556666:root"]


def mutated(*fns):
    t = copy.deepcopy(OLD)
    for f in fns:
        f(t)
    return t


def to_yaml(obj, indent=0):
    """Block-style YAML (stdlib only), with an intrinsic as its short tag form."""
    sp = "  " * indent
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("Fn::Sub", "Ref") and isinstance(
                    next(iter(v.values())), str):
                tag = "!Sub" if "Fn::Sub" in v else "!Ref"
                out.append(f"{sp}{k}: {tag} {json.dumps(next(iter(v.values())))}")
            elif isinstance(v, (dict, list)) and v:
                out.append(f"{sp}{k}:")
                out.append(to_yaml(v, indent + 1))
            else:
                out.append(f"{sp}{k}: {json.dumps(v)}")
    else:
        for v in obj:
            if isinstance(v, dict) and len(v) == 1 and "Fn::Sub" in v:
                out.append(f"{sp}- !Sub {json.dumps(v['Fn::Sub'])}")
            elif isinstance(v, dict) and v:
                inner = to_yaml(v, indent + 1).split("\n")
                out.append(f"{sp}- {inner[0].strip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{sp}- {json.dumps(v)}")
    return "\n".join(out)


def docs_schema():
    """The JSON Schema block of docs/diff.md (the one whose $schema is draft 2020-12)."""
    with open(os.path.join(ROOT, "docs", "diff.md")) as f:
        text = f.read()
    for body in re.findall(r"^```json\n(.*?)^```", text, re.S | re.M):
        doc = json.loads(body)
        if isinstance(doc, dict) and "2020-12" in str(doc.get("$schema", "")):
            return doc
    raise AssertionError("docs/diff.md has no JSON Schema (draft 2020-12) block")


class DiffCli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="iamlint-diff-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, template_or_text, as_json=None):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(template_or_text, str):
            text = template_or_text
        elif as_json or (as_json is None and name.endswith(".json")):
            text = json.dumps(template_or_text, indent=2) + "\n"
        else:
            text = to_yaml(template_or_text) + "\n"
        with open(path, "w") as f:
            f.write(text)
        return path

    def diff(self, old, new, *args, name="app.yaml"):
        o = self.write("old/" + name, old)
        n = self.write("new/" + name, new)
        return run(["diff", o, n] + list(args))

    def diff_json(self, old, new, name="app.yaml"):
        code, out, err = self.diff(old, new, "--format", "json", name=name)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def assertEmpty(self, old, new, what, name="app.yaml"):
        d = self.diff_json(old, new, name)
        self.assertEqual(d, {"principals": [], "resources": []}, what)
        code, out, _ = self.diff(old, new, name=name)
        self.assertEqual((code, out), (0, "No change in access.\n"), what)

    # ---- exit status -----------------------------------------------------------------------------
    def test_exit_status_per_level(self):
        cases = [  # (NEW, expected exit for never, sensitive, any)
            (OLD, (0, 0, 0)),
            (mutated(widen_put), (0, 0, 1)),
            (mutated(passrole), (0, 1, 1)),
            (mutated(new_account), (0, 1, 1)),  # added exposure counts as sensitive
            (mutated(widen_put, passrole, new_account), (0, 1, 1)),
        ]
        for new, want in cases:
            got = tuple(self.diff(OLD, new, "--fail-on-new-access", level)[0] for level in ("never", "sensitive", "any"))
            self.assertEqual(got, want, json.dumps(new)[:0] or f"levels never/sensitive/any for {want}")
            self.assertEqual(self.diff(OLD, new)[0], 0, "the default is never")
        # Removed access never fails.
        self.assertEqual(self.diff(mutated(widen_put, passrole), OLD, "--fail-on-new-access", "any")[0], 0)
        # --opt=value spelling.
        self.assertEqual(self.diff(OLD, mutated(passrole), "--fail-on-new-access=sensitive")[0], 1)

    def test_usage_errors_exit_2(self):
        o = self.write("o.yaml", OLD)
        n = self.write("n.yaml", mutated(passrole))
        d = os.path.join(self.dir, "somedir")
        os.makedirs(d)
        for args, needle in [
            ([], "give OLD and NEW"),
            ([o], "give OLD and NEW"),
            ([o, n, n], "give OLD and NEW"),
            ([o, n, "--format", "xml"], "unknown format 'xml'"),
            ([o, n, "--fail-on-new-access", "sometimes"], "never, sensitive or any"),
            ([o, n, "--fail-on-new-access"], "needs a value"),
            ([o, n, "--bogus"], "unknown option '--bogus'"),
            ([o, d], "both be files or both be directories"),
            ([o, os.path.join(self.dir, "missing.yaml")], "no such file or directory"),
            ([os.path.join(self.dir, "missing"), n], "no such file or directory"),
        ]:
            code, out, err = run(["diff"] + args)
            self.assertEqual(code, 2, (args, err))
            self.assertIn(needle, err, args)
            self.assertEqual(out, "", args)
        self.assertEqual(run(["diff", "--help"])[0], 0)

    def test_parse_error_exit_2(self):
        good = self.write("good.yaml", OLD)
        broken = self.write("broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [\n")
        for old, new in [(good, broken), (broken, good)]:
            for level in ("never", "any"):
                code, out, err = run(["diff", old, new, "--fail-on-new-access", level])
                self.assertEqual(code, 2, err)
                # The path as given, with line and column (not NEW's name for OLD).
                self.assertRegex(err, "^" + re.escape(broken) + r":\d+:\d+: error: .*\[IAM000\]")
        # In a directory diff, on either side.
        self.write("a/x.yaml", OLD)
        self.write("b/x.yaml", "Resources: {A: [}\n")
        code, _, err = run(["diff", os.path.join(self.dir, "a"), os.path.join(self.dir, "b")])
        self.assertEqual(code, 2)
        self.assertIn(os.path.join(self.dir, "b", "x.yaml") + ":1:", err)

    # ---- formats ---------------------------------------------------------------------------------
    def test_text_and_markdown(self):
        new = mutated(widen_put, passrole, new_account)
        code, out, err = self.diff(OLD, new)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"DeployRole \(app\.yaml\)\n  \+ SENSITIVE \(iam:PassRole\) iam:PassRole on \*\n"
                              r"      witness: iam:PassRole on arn:aws:iam::\$\{this account\}:role/\S+ is allowed \(was implicit-deny\)")
        self.assertIn("+ s3:PutObject on arn:aws:s3:::orders-data/*", out)
        self.assertIn("OrdersBucket (app.yaml, AWS::S3::Bucket)\n  + reachable by account 444455556666", out)
        self.assertTrue(out.endswith("2 principals gain access, 0 lose access, 1 resource with changed exposure.\n"), out)
        code, md, _ = self.diff(OLD, new, "--format", "markdown")
        self.assertEqual(code, 0)
        self.assertTrue(md.startswith("## iamlint diff: access changes\n\n**This change grants sensitive access.**"), md)
        # Sensitive principal first, with its table.
        self.assertLess(md.index("### ⚠️ `DeployRole`"), md.index("### `WorkerRole`"))
        self.assertIn("| | actions | resources | conditions | witness | granted at |\n|---|---|---|---|---|---|\n"
                      "| **added, sensitive** (iam:PassRole) | `iam:PassRole` | `*` |", md)
        self.assertIn("| ⚠️ `OrdersBucket` | app.yaml | account 444455556666 |  |", md)
        # Not sensitive: no warning line.
        _, md2, _ = self.diff(OLD, mutated(widen_put), "--format", "markdown")
        self.assertNotIn("sensitive", md2)
        self.assertIn("| added | `s3:PutObject` | `arn:aws:s3:::orders-data/*` |", md2)
        _, md3, _ = self.diff(OLD, OLD, "--format", "markdown")
        self.assertEqual(md3, "## iamlint diff: access changes\n\nNo change in access.\n")

    def test_json_documented_and_valid(self):
        new = mutated(widen_put, passrole, new_account)
        new_path = self.write("new/app.yaml", new)
        d = self.diff_json(OLD, new)
        self.assertEqual(set(d), {"principals", "resources"})
        by = {p["principal"]: p for p in d["principals"]}
        self.assertEqual(set(by), {"DeployRole", "WorkerRole"})
        self.assertEqual([p["principal"] for p in d["principals"]][0], "DeployRole", "sensitive first")
        dep = by["DeployRole"]
        self.assertEqual({k: dep[k] for k in ("file", "type", "status", "renamed_from", "removed")},
                         {"file": "app.yaml", "type": "AWS::IAM::Role", "status": "changed", "renamed_from": None,
                          "removed": []})
        [item] = dep["added"]
        self.assertEqual(set(item), {"actions", "resources", "conditions", "sensitive", "why", "witness", "path", "line",
                                     "column", "policy"})
        self.assertEqual((item["actions"], item["resources"], item["sensitive"], item["why"]),
                         (["iam:PassRole"], ["*"], True, "iam:PassRole"))
        self.assertEqual((item["witness"]["action"], item["witness"]["new"], item["witness"]["old"]),
                         ("iam:PassRole", "allowed", "implicit-deny"))
        # The granting statement's line in NEW: the "- Effect: Allow" item before "Action: iam:PassRole".
        with open(new_path) as f:
            lines = f.read().split("\n")
        pr = next(i for i, l in enumerate(lines) if '"iam:PassRole"' in l)
        self.assertIn("Effect", lines[item["line"] - 1])
        self.assertTrue(item["line"] - 1 <= pr <= item["line"] + 1, (item["line"], pr + 1))
        self.assertEqual(item["path"], new_path)
        wk = by["WorkerRole"]["added"]
        self.assertEqual([(i["actions"], i["resources"], i["sensitive"]) for i in wk],
                         [(["s3:PutObject"], ["arn:aws:s3:::orders-data/*"], False)])
        self.assertEqual(d["resources"], [{"resource": "OrdersBucket", "file": "app.yaml", "type": "AWS::S3::Bucket",
                                           "exposure_added": ["account 444455556666"], "exposure_removed": []}])
        # Removed items: the witness's "new" is the new version's decision.
        back = self.diff_json(new, OLD)
        rem = {p["principal"]: p for p in back["principals"]}["DeployRole"]["removed"][0]
        self.assertEqual((rem["witness"]["new"], rem["witness"]["old"]), ("implicit-deny", "allowed"))
        # -o writes the same text.
        out = os.path.join(self.dir, "diff.json")
        old_path = self.write("old/app.yaml", OLD)
        new_path = self.write("new/app.yaml", new)
        code, stdout, _ = run(["diff", old_path, new_path, "--format", "json", "-o", out])
        self.assertEqual((code, stdout), (0, ""))
        with open(out) as f:
            self.assertEqual(json.load(f), d)
        # docs/diff.md's schema.
        try:
            import jsonschema
        except ImportError:
            if IN_CI:
                self.fail("python3-jsonschema is missing under CI=true")
            print("SKIP: python3-jsonschema is not installed; the JSON Schema check is not run")
            return
        schema = docs_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        for doc in (d, back, self.diff_json(OLD, OLD)):
            jsonschema.Draft202012Validator(schema).validate(doc)
        # The schema is strict enough to catch a missing or misspelt key.
        broken = copy.deepcopy(d)
        del broken["principals"][0]["added"][0]["witness"]
        self.assertFalse(jsonschema.Draft202012Validator(schema).is_valid(broken))
        # And docs/diff.md's own JSON example is valid.
        with open(os.path.join(ROOT, "docs", "diff.md")) as f:
            examples = [json.loads(b) for b in re.findall(r"^```json\n(.*?)^```", f.read(), re.S | re.M)]
        sample = [e for e in examples if "principals" in e]
        self.assertTrue(sample, "docs/diff.md has a JSON example")
        for e in sample:
            jsonschema.Draft202012Validator(schema).validate(e)

    def test_sarif(self):
        repo = os.path.join(self.dir, "repo")
        os.makedirs(os.path.join(repo, "old"))
        old = self.write("repo/old/app.yaml", OLD)
        new = self.write("repo/new/app.yaml", mutated(widen_put, passrole, new_account))
        code, out, err = run(["diff", "old/app.yaml", "new/app.yaml", "--format", "sarif"], cwd=repo)
        self.assertEqual(code, 0, err)
        log = json.loads(out)
        run0 = log["runs"][0]
        self.assertEqual([r["id"] for r in run0["tool"]["driver"]["rules"]],
                         ["new-sensitive-access", "new-access", "new-exposure"])
        res = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                      r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId")) for r in run0["results"])
        self.assertEqual(res, [("new-access", "new/app.yaml", "%SRCROOT%"),
                               ("new-exposure", "new/app.yaml", "%SRCROOT%"),
                               ("new-sensitive-access", "new/app.yaml", "%SRCROOT%")])
        # The sensitive result sits at the PassRole statement.
        j = json.loads(run(["diff", old, new, "--format", "json"])[1])
        line = {p["principal"]: p for p in j["principals"]}["DeployRole"]["added"][0]["line"]
        sens = next(r for r in run0["results"] if r["ruleId"] == "new-sensitive-access")
        self.assertEqual(sens["locations"][0]["physicalLocation"]["region"]["startLine"], line)
        # Fingerprints do not move with the lines above.
        with open(new) as f:
            self.write("repo/new/app.yaml", "# a comment\n# another\n" + f.read())
        run1 = json.loads(run(["diff", "old/app.yaml", "new/app.yaml", "--format", "sarif"], cwd=repo)[1])["runs"][0]
        fp = lambda rs: sorted(r["partialFingerprints"]["primaryLocationLineHash"] for r in rs)  # noqa: E731
        self.assertEqual(fp(run1["results"]), fp(run0["results"]))
        # No change: a valid log without results.
        empty = json.loads(run(["diff", old, old, "--format", "sarif"])[1])
        self.assertEqual(empty["runs"][0]["results"], [])
        checker = os.path.join(SHARED, "sarif", "check-sarif")
        if not os.path.exists(checker):
            if IN_CI:
                self.fail(f"{checker} is missing, and CI=true requires the SARIF check")
            print(f"SKIP: {checker} is missing; the SARIF check is not run")
            return
        for name, text in [("diff.sarif", out), ("empty.sarif", json.dumps(empty))]:
            p = os.path.join(self.dir, name)
            with open(p, "w") as f:
                f.write(text)
            c = subprocess.run([checker, p, "--srcroot", repo], capture_output=True, text=True)
            self.assertEqual(c.returncode, 0, c.stdout + c.stderr)

    # ---- semantics -------------------------------------------------------------------------------
    def test_rename_is_not_removed_and_added(self):
        renamed = json.loads(json.dumps(OLD).replace("WorkerRole", "OrdersWorkerRole"))
        d = self.diff_json(OLD, renamed)
        self.assertEqual(d["principals"], [], "a rename with identical content changes no principal's access")
        ok = d["resources"] == []
        if not known("rename: no exposure change for the renamed role's trust policy", ok):
            self.assertEqual(d["resources"], [])
        # A rename plus access from elsewhere (the bucket policy names the role by ARN): reported
        # as the renamed principal, with only the new access.
        def grant(t, role):
            t["Resources"]["OrdersBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"].append(
                {"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": [role, "Arn"]}}, "Action": "s3:DeleteObject",
                 "Resource": "arn:aws:s3:::orders-data/incoming/*"})
        new = copy.deepcopy(renamed)
        grant(new, "OrdersWorkerRole")
        d = self.diff_json(OLD, new)
        [p] = d["principals"]
        self.assertEqual((p["principal"], p["status"], p["renamed_from"]), ("OrdersWorkerRole", "renamed", "WorkerRole"))
        self.assertEqual([i["actions"] for i in p["added"]], [["s3:DeleteObject"]])
        self.assertEqual(p["removed"], [])
        # Different content: removed and added.
        changed = copy.deepcopy(renamed)
        widen = statements(changed, "OrdersWorkerRole")
        widen.append({"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::orders-data/*"})
        d = self.diff_json(OLD, changed)
        status = {p["principal"]: p["status"] for p in d["principals"]}
        self.assertEqual(status, {"OrdersWorkerRole": "added", "WorkerRole": "removed"})

    def test_equivalent_rewrites_are_empty(self):
        self.assertEmpty(OLD, OLD, "identical")
        # Reordering: resources of the template, statements, actions, keys; and reformatting.
        r = copy.deepcopy(OLD)
        r["Resources"] = dict(reversed(list(r["Resources"].items())))
        for role in ("WorkerRole", "DeployRole"):
            st = statements(r, role)
            st.reverse()
            for s in st:
                if isinstance(s["Action"], list):
                    s["Action"].reverse()
                for k in list(s)[::-1]:
                    s[k] = s.pop(k)
        self.assertEmpty(OLD, r, "reordered")
        flow = "# reformatted: flow style, other quoting, comments\n" + json.dumps(OLD, indent=None)
        self.assertEmpty(OLD, flow, "flow style")
        # YAML <-> JSON (two files compared directly).
        o = self.write("fmt/app.yaml", OLD)
        n = self.write("fmt/app.json", OLD)
        for a, b in [(o, n), (n, o)]:
            code, out, err = run(["diff", a, b, "--format", "json"])
            self.assertEqual((code, json.loads(out) if out else out), (0, {"principals": [], "resources": []}), err)
        # Splitting a statement in two, and merging two.
        s = copy.deepcopy(OLD)
        st = statements(s, "WorkerRole")
        st[0:1] = [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::orders-data/incoming/*"},
                   {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::orders-data/incoming/*"}]
        self.assertEmpty(OLD, s, "split")
        self.assertEmpty(s, OLD, "merged")
        # A literal ARN <-> !Sub with ${AWS::Partition} (and ${AWS::Region}/${AWS::AccountId} where the
        # literal had them... a literal account is not the template's account, so only the partition).
        sub = copy.deepcopy(OLD)
        for role in ("WorkerRole", "DeployRole"):
            for stmt in statements(sub, role):
                if stmt["Resource"].startswith("arn:aws:s3"):
                    stmt["Resource"] = {"Fn::Sub": stmt["Resource"].replace("arn:aws:", "arn:${AWS::Partition}:")}
        bp = sub["Resources"]["OrdersBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
        bp["Resource"] = {"Fn::Sub": "arn:${AWS::Partition}:s3:::orders-data/exports/*"}
        text = to_yaml(sub)
        self.assertIn('!Sub "arn:${AWS::Partition}:s3:::orders-data/incoming/*"', text)
        self.assertEmpty(OLD, sub, "literal ARN -> !Sub")
        self.assertEmpty(sub, OLD, "!Sub -> literal ARN")

    def test_narrowing_reports_removals_only(self):
        for widening in (widen_put, passrole, new_account):
            wide = mutated(widening)
            code, out, err = self.diff(wide, OLD, "--format", "json", "--fail-on-new-access", "any")
            self.assertEqual(code, 0, (widening.__name__, err))
            d = json.loads(out)
            self.assertTrue(d["principals"] or d["resources"], widening.__name__)
            self.assertEqual([p["added"] for p in d["principals"] if p["added"]], [], widening.__name__)
            self.assertEqual([r["exposure_added"] for r in d["resources"] if r["exposure_added"]], [],
                             widening.__name__)
        d = json.loads(self.diff(mutated(passrole), OLD, "--format", "json")[1])
        self.assertEqual([(p["principal"], [i["actions"] for i in p["removed"]]) for p in d["principals"]],
                         [("DeployRole", [["iam:PassRole"]])])
        d = json.loads(self.diff(mutated(new_account), OLD, "--format", "json")[1])
        self.assertEqual(d["resources"][0]["exposure_removed"], ["account 444455556666"])

    def test_directories_match_by_relative_path(self):
        self.write("a/infra/app.yaml", OLD)
        self.write("a/infra/gone.yaml", OLD)
        self.write("b/infra/app.yaml", mutated(passrole))
        self.write("b/infra/other/app.yaml", OLD)  # a new file: its principals are added
        code, out, err = run(["diff", os.path.join(self.dir, "a"), os.path.join(self.dir, "b"), "--format", "json"])
        self.assertEqual(code, 0, err)
        d = json.loads(out)
        got = sorted((p["file"], p["principal"], p["status"]) for p in d["principals"])
        self.assertIn(("infra/app.yaml", "DeployRole", "changed"), got)
        self.assertIn(("infra/other/app.yaml", "WorkerRole", "added"), got)
        self.assertIn(("infra/gone.yaml", "WorkerRole", "removed"), got)
        self.assertNotIn(("infra/app.yaml", "WorkerRole", "changed"), got)
        # .iamlint.yaml exclude applies to the walk: a broken fixture under an excluded directory
        # does not make the diff exit 2.
        for side in ("a", "b"):
            self.write(f"{side}/fixtures/broken.yaml", "Resources: {A: [}\n")
            self.write(f"{side}/.iamlint.yaml", "exclude: [fixtures]\n")
        self.assertEqual(run(["diff", os.path.join(self.dir, "a"), os.path.join(self.dir, "b")])[0], 0)
        self.write("b/.iamlint.yaml", "exclude: [fixtures]\nbogus: 1\n")
        code, _, err = run(["diff", os.path.join(self.dir, "a"), os.path.join(self.dir, "b")])
        self.assertEqual(code, 2)
        self.assertIn("unknown key 'bogus'", err)

    # ---- --base ----------------------------------------------------------------------------------
    def git(self, repo, *args):
        p = subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                            "-C", repo] + list(args), capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_docs_example_is_the_output(self):
        """docs/diff.md's pull request (tests/diff/data/orders-{old,new}.yaml as infra/orders.yaml):
        its markdown, text and JSON blocks are what iamlint prints."""
        if not shutil.which("git"):
            self.skipTest("git is not installed")
        repo = os.path.join(self.dir, "repo")
        os.makedirs(os.path.join(repo, "infra"))
        self.git(repo, "init", "-q")
        shutil.copy(os.path.join(HERE, "data", "orders-old.yaml"), os.path.join(repo, "infra", "orders.yaml"))
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", "base")
        shutil.copy(os.path.join(HERE, "data", "orders-new.yaml"), os.path.join(repo, "infra", "orders.yaml"))
        with open(os.path.join(ROOT, "docs", "diff.md")) as f:
            doc = f.read()
        blocks = {lang: re.findall(r"^```" + lang + r"\n(.*?)^```", doc, re.S | re.M) for lang in ("markdown", "text", "json")}
        code, md, err = run(["diff", "--base", "HEAD", "--format", "markdown"], cwd=repo)
        self.assertEqual(code, 0, err)
        self.assertEqual(blocks["markdown"][0], md.rstrip("\n") + "\n", "docs/diff.md's markdown example")
        _, text, _ = run(["diff", "--base", "HEAD"], cwd=repo)
        self.assertEqual(blocks["text"][0], text, "docs/diff.md's text example")
        code, js, _ = run(["diff", "--base", "HEAD", "--format", "json", "--fail-on-new-access", "sensitive"], cwd=repo)
        self.assertEqual(code, 1)
        example = next(json.loads(b) for b in blocks["json"] if '"principals"' in b and "$schema" not in b)
        self.assertEqual(example, json.loads(js), "docs/diff.md's JSON example")

    def test_base_on_a_git_repository(self):
        if not shutil.which("git"):
            self.skipTest("git is not installed")
        repo = os.path.join(self.dir, "repo")
        os.makedirs(repo)
        self.git(repo, "init", "-q")
        self.write("repo/infra/app.yaml", OLD)
        self.write("repo/infra/keep.yaml", OLD)
        self.write("repo/README.md", "not a template\n")
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", "base")
        # Nothing changed yet.
        code, out, err = run(["diff", "--base", "HEAD"], cwd=repo)
        self.assertEqual((code, out), (0, "No change in access.\n"), err)
        # The working tree gains PassRole; a second file is deleted.
        self.write("repo/infra/app.yaml", mutated(passrole))
        os.remove(os.path.join(repo, "infra", "keep.yaml"))
        code, out, err = run(["diff", "--base", "HEAD", "--format", "json", "--fail-on-new-access", "sensitive"], cwd=repo)
        self.assertEqual(code, 1, err)
        d = json.loads(out)
        got = sorted((p["file"], p["principal"], p["status"]) for p in d["principals"])
        self.assertIn(("infra/app.yaml", "DeployRole", "changed"), got)
        self.assertIn(("infra/keep.yaml", "DeployRole", "removed"), got)
        dep = next(p for p in d["principals"] if p["file"] == "infra/app.yaml")
        self.assertEqual(dep["added"][0]["path"], "infra/app.yaml")
        # A subdirectory PATH, from the root; and from inside the subdirectory (paths relative to it).
        code, out, _ = run(["diff", "--base", "HEAD", "infra", "--format", "json"], cwd=repo)
        self.assertIn("infra/app.yaml", {p["file"] for p in json.loads(out)["principals"]})
        sub = os.path.join(repo, "infra")
        code, out, err = run(["diff", "--base", "HEAD", "--format", "json"], cwd=sub)
        self.assertEqual(code, 0, err)
        self.assertEqual({p["file"] for p in json.loads(out)["principals"]}, {"app.yaml", "keep.yaml"})
        code, out, _ = run(["diff", "--base", "HEAD", "app.yaml", "--format", "json"], cwd=sub)
        self.assertEqual({p["file"] for p in json.loads(out)["principals"]}, {"app.yaml"})
        # SARIF from the subdirectory: URIs relative to the repository's top level.
        code, out, _ = run(["diff", "--base", "HEAD", "--format", "sarif"], cwd=sub)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]}
        self.assertEqual(uris, {"infra/app.yaml"})
        # An older commit by name, and a branch.
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", "passrole")
        self.assertEqual(run(["diff", "--base", "HEAD", "--fail-on-new-access", "any"], cwd=repo)[0], 0)
        self.assertEqual(run(["diff", "--base", "HEAD~1", "--fail-on-new-access", "sensitive"], cwd=repo)[0], 1)
        # Errors: a PATH in neither tree, a ref that is not a commit, a broken template in the
        # working tree or in the ref (named GITREF:path), outside a repository.
        code, _, err = run(["diff", "--base", "HEAD", "nothere"], cwd=repo)
        self.assertEqual(code, 2)
        self.assertIn("nothere: no such file or directory", err)
        code, _, err = run(["diff", "--base", "no-such-ref"], cwd=repo)
        self.assertEqual(code, 2)
        self.assertIn("not a commit", err)
        self.write("repo/infra/broken.yaml", "Resources: {A: [}\n")
        code, _, err = run(["diff", "--base", "HEAD"], cwd=repo)
        self.assertEqual(code, 2)
        self.assertRegex(err, r"(^|\n)infra/broken\.yaml:1:\d+: error: ")
        self.git(repo, "add", "-A")
        self.git(repo, "commit", "-q", "-m", "broken")
        os.remove(os.path.join(repo, "infra", "broken.yaml"))
        code, _, err = run(["diff", "--base", "HEAD"], cwd=repo)
        self.assertEqual(code, 2)
        self.assertRegex(err, r"(^|\n)HEAD:infra/broken\.yaml:1:\d+: error: ")
        # Excluded by the working tree's .iamlint.yaml: not read on either side.
        self.write("repo/.iamlint.yaml", "exclude: [broken.yaml]\n")
        self.assertEqual(run(["diff", "--base", "HEAD"], cwd=repo)[0], 0)
        outside = os.path.join(self.dir, "not-a-repo")
        os.makedirs(outside)
        self.assertEqual(run(["diff", "--base", "HEAD"], cwd=outside)[0], 2)


def main():
    if not os.path.exists(BIN):
        print(f"{BIN} does not exist (build it first)")
        return 1
    prog = unittest.main(exit=False, verbosity=1)
    ok = prog.result.wasSuccessful()
    for name, passed in sorted(known_results.items()):
        if name in KNOWN and not passed:
            print(f"KNOWN FAIL (lint/diff/diff.cpp): {name}")
        elif name in KNOWN and passed:
            print(f"FAIL: now passes, remove it from KNOWN: {name}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
