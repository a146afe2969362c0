"""The rewrites of the invariance suite: each takes a loaded tree (spellings.py) and a Context and
returns how many values it rewrote (0: it did not apply). They change only how the policy is
written, never what it means (RULES.md Clarification 18)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from spellings import (JsonText, L, M, S, _intrinsic, doc_at, is_template, mk, policy_docs, statements)

ARN_RE = re.compile(r"^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$", re.S)
ACCOUNT_RE = re.compile(r"^\d{12}$")
REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")

# ---------------------------------------------------------------------------------------------
# CloudFormation type data: what Ref / Fn::GetAtt return, read from the generated table
# (lint/cfn/cfn_types.inc) so the suite and the linter agree.

_ROOT = Path(__file__).resolve().parents[2]


def _cfn_types():
    src = (_ROOT / "lint" / "cfn" / "cfn_types.inc").read_text()
    m = re.search(r"kTypeBlob\[\] =\s*(.*?);\n", src, re.S)
    blob = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    blob = blob.encode().decode("unicode_escape")
    rows = re.search(r"kTypeRows\[\d+\]\[9\] = \{(.*?)\};", src, re.S).group(1)
    attrs = re.search(r"kAttrRows\[\d+\]\[4\] = \{(.*?)\};", src, re.S).group(1)
    arows = [list(map(int, x.split(","))) for x in re.findall(r"\{([\d,]+)\}", attrs)]
    out = {}
    for r in re.findall(r"\{([\d,]+)\}", rows):
        r = list(map(int, r.split(",")))
        t = blob[r[0]:r[0] + r[1]]
        out[t] = {
            "ref_kind": r[2],
            "ref": blob[r[3]:r[3] + r[4]],
            "name_prop": blob[r[5]:r[5] + r[6]],
            "attrs": {blob[a[0]:a[0] + a[1]]: blob[a[2]:a[2] + a[3]] for a in arows[r[7]:r[7] + r[8]]},
        }
    return out


CFN_TYPES = _cfn_types()


class Context:
    def __init__(self, tree, like=None):
        self.tree = tree
        self.template = is_template(tree)
        if like is not None:  # a copy of `like.tree`: the same region and account
            self.region, self.account = like.region, like.account
            return
        self.region = own_region(tree) or "us-east-1"
        self.account = own_account(tree)


def _strings(v):
    if isinstance(v, dict):
        for x in v.values():
            yield from _strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from _strings(x)
    elif isinstance(v, str):
        yield v


def own_region(tree):
    c = Counter()
    for s in _strings(tree):
        for m in re.finditer(r"arn:[^:\s\"]*:[^:\s\"]*:([a-z0-9-]+):", s):
            if REGION_RE.match(m.group(1)):
                c[m.group(1)] += 1
    return c.most_common(1)[0][0] if c else None


def own_account(tree):
    """The account the suite declares with `account:`: the most frequent literal account of the
    file's ARNs, or one the file does not use."""
    c = Counter()
    for s in _strings(tree):
        for m in re.finditer(r"arn:[^:\s\"]*:[^:\s\"]*:[^:\s\"]*:(\d{12}):", s):
            c[m.group(1)] += 1
    if c:
        return c.most_common(1)[0][0]
    return "246813579024"


# ---------------------------------------------------------------------------------------------
# Traversal of the values a rewrite may touch: resource properties and outputs of a template, or
# the whole raw policy; never intrinsic names, conditions, mapping keys or Fn::Sub templates
# (those go to `sub`).

_SKIP_ARGS = {"Ref", "Condition", "Fn::GetAtt", "Fn::FindInMap", "Fn::ImportValue", "Fn::Equals", "Fn::And",
              "Fn::Or", "Fn::Not", "Fn::GetAZs", "Fn::Cidr", "Fn::Split", "Fn::Transform", "Fn::Base64",
              "Fn::ToJsonString", "Fn::Length"}


def walk_values(ctx, value_fn=None, sub_fn=None, roots=None):
    """Calls value_fn(node) for every eligible literal string and replaces it with the result when
    that is not None; sub_fn(template) for every Fn::Sub template string, likewise. Returns the
    number of replacements."""
    n = [0]

    def visit(parent, key, v):
        if isinstance(v, JsonText):
            return
        fn = _intrinsic(v)
        if fn:
            arg = v[fn]
            if fn in _SKIP_ARGS:
                return
            if fn == "Fn::Sub":
                if isinstance(arg, str):
                    if sub_fn:
                        r = sub_fn(arg)
                        if r is not None:
                            v[fn] = mk(r, arg.origin)
                            n[0] += 1
                elif isinstance(arg, list) and arg:
                    if sub_fn and isinstance(arg[0], str):
                        r = sub_fn(arg[0])
                        if r is not None:
                            arg[0] = mk(r, arg[0].origin)
                            n[0] += 1
                    if len(arg) > 1 and isinstance(arg[1], dict):
                        for k in list(arg[1]):
                            visit(arg[1], k, arg[1][k])
                return
            if fn == "Fn::Join":
                if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
                    for i in range(len(arg[1])):
                        visit(arg[1], i, arg[1][i])
                return
            if fn == "Fn::If":
                if isinstance(arg, list) and len(arg) == 3:
                    for i in (1, 2):
                        visit(arg, i, arg[i])
                return
            if fn == "Fn::Select":
                if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
                    for i in range(len(arg[1])):
                        visit(arg[1], i, arg[1][i])
                return
            return
        if isinstance(v, dict):
            for k in list(v):
                visit(v, k, v[k])
        elif isinstance(v, list):
            for i in range(len(v)):
                visit(v, i, v[i])
        elif isinstance(v, str) and value_fn and parent is not None:
            r = value_fn(v)
            if r is not None:
                parent[key] = r
                n[0] += 1

    tree = ctx.tree
    if roots is None:
        if ctx.template:
            roots = []
            res = tree.get("Resources")
            if isinstance(res, dict):
                for r in res.values():
                    if isinstance(r, dict) and isinstance(r.get("Properties"), dict):
                        roots.append(r["Properties"])
            if isinstance(tree.get("Outputs"), dict):
                roots.append(tree["Outputs"])
        else:
            roots = [tree]
    for root in roots:
        visit(None, None, root)
    return n[0]


def _sub_safe(s):
    """Can literal text go into an Fn::Sub template unchanged? (`${aws:username}` can: a name with
    ':' is a policy variable; `${Foo}` cannot.)"""
    if s.count("${") != len(re.findall(r"\$\{[A-Za-z0-9:/_.-]+\}", s)):
        return False  # a malformed variable (`${aws:username/*`, `${aws: userid}`): not text Sub keeps
    for m in re.finditer(r"\$\{([^}]*)\}", s):
        if ":" not in m.group(1) or m.group(1).startswith("AWS::"):
            return False
    return True


def sub(text, origin):
    return mk(M({"Fn::Sub": mk(text, origin)}), origin)


# ---------------------------------------------------------------------------------------------
# The rewrites


def partition_sub(ctx):
    if not ctx.template:
        return 0

    def v(s):
        if s.startswith("arn:aws:") and _sub_safe(s):
            return sub("arn:${AWS::Partition}:" + s[8:], s.origin)
        return None

    def t(tmpl):
        if tmpl.startswith("arn:aws:"):
            return "arn:${AWS::Partition}:" + tmpl[8:]
        return None

    return walk_values(ctx, v, t)


def partition_join(ctx):
    if not ctx.template:
        return 0

    def v(s):
        if s.startswith("arn:aws:") and _sub_safe(s):  # a malformed variable is judged as literal text only
            o = s.origin
            return mk(M({"Fn::Join": mk(L([mk("", o), mk(L([mk("arn:", o), mk(M({"Ref": mk("AWS::Partition", o)}), o),
                                                               mk(":" + s[8:], o)]), o)]), o)}), o)
        return None

    return walk_values(ctx, v, None)


def _unsub(tmpl, origin):
    """A Fn::Sub template with no variables left becomes plain text."""
    if _sub_safe(tmpl) and "${" not in tmpl.replace("${!", ""):
        return tmpl
    return None


def _replace_pseudo(ctx, name, literal):
    """${name} in Fn::Sub templates and {Ref: name} elements of Fn::Join -> literal."""
    if not ctx.template:
        return 0
    count = [0]

    def t(tmpl):
        if "${" + name + "}" in tmpl:
            return tmpl.replace("${" + name + "}", literal)
        return None

    n = walk_values(ctx, None, t)

    # {Ref: name} anywhere a value may be (Fn::Join elements, Fn::If branches, properties).
    def v_ref(node, parent, key):
        if isinstance(node, dict) and _intrinsic(node) == "Ref" and node["Ref"] == name:
            parent[key] = mk(literal, node.origin)
            count[0] += 1
            return True
        return False

    def walk(node):
        fn = _intrinsic(node)
        if fn in _SKIP_ARGS and fn != "Ref":
            return
        if isinstance(node, dict):
            for k in list(node):
                if not v_ref(node[k], node, k):
                    walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                if not v_ref(node[i], node, i):
                    walk(node[i])

    res = ctx.tree.get("Resources")
    if isinstance(res, dict):
        for r in res.values():
            if isinstance(r, dict) and isinstance(r.get("Properties"), dict):
                walk(r["Properties"])
    # Sub templates that no longer name a variable become plain strings.
    def flatten(node, parent, key):
        fn = _intrinsic(node)
        if fn == "Fn::Sub" and isinstance(node[fn], str) and parent is not None:
            plain = _unsub(node[fn], node.origin)
            if plain is not None:
                parent[key] = mk(plain, node.origin)
                return
        if isinstance(node, dict):
            for k in list(node):
                flatten(node[k], node, k)
        elif isinstance(node, list):
            for i in range(len(node)):
                flatten(node[i], node, i)
    if n or count[0]:
        if isinstance(res, dict):
            for r in res.values():
                if isinstance(r, dict) and isinstance(r.get("Properties"), dict):
                    flatten(r["Properties"], None, None)
    return n + count[0]


def partition_literal(ctx):
    return _replace_pseudo(ctx, "AWS::Partition", "aws")


def region_literal(ctx):
    return _replace_pseudo(ctx, "AWS::Region", ctx.region)


def account_literal(ctx):
    return _replace_pseudo(ctx, "AWS::AccountId", ctx.account)


def _arn_field_rewrite(ctx, field, want, pseudo):
    """Literal ARNs whose field `field` (3 region, 4 account) is `want` -> Fn::Sub with ${pseudo}."""
    if not ctx.template:
        return 0

    def swap(s):
        m = ARN_RE.match(s)
        if not m or m.group(field) != want:
            return None
        parts = [m.group(i) for i in range(1, 6)]
        parts[field - 1] = "${" + pseudo + "}"
        return "arn:" + ":".join(parts)

    def v(s):
        if not _sub_safe(s):
            return None
        r = swap(s)
        return sub(r, s.origin) if r else None

    def t(tmpl):
        return swap(tmpl)

    return walk_values(ctx, v, t)


def region_pseudo(ctx):
    return _arn_field_rewrite(ctx, 3, ctx.region, "AWS::Region")


def account_pseudo(ctx):
    n = _arn_field_rewrite(ctx, 4, ctx.account, "AWS::AccountId")

    # A bare account ID in a Principal.
    def principal_values(node):
        if isinstance(node, dict):
            for k, x in node.items():
                if k in ("Principal", "NotPrincipal") and isinstance(x, dict) and "AWS" in x:
                    yield x, "AWS"
                else:
                    yield from principal_values(x)
        elif isinstance(node, list):
            for x in node:
                yield from principal_values(x)

    for holder, key in list(principal_values(ctx.tree)):
        val = holder[key]
        items = val if isinstance(val, list) else [val]
        for i, it in enumerate(items):
            if isinstance(it, str) and it == ctx.account:
                r = mk(M({"Ref": mk("AWS::AccountId", it.origin)}), it.origin)
                if isinstance(val, list):
                    val[i] = r
                else:
                    holder[key] = r
                n += 1
    return n


# --- resource names <-> Ref / Fn::GetAtt ---------------------------------------------------------


def _named_resources(ctx):
    """(logical id, type info, literal name) of resources whose Ref is their name."""
    out = []
    res = ctx.tree.get("Resources")
    if not isinstance(res, dict):
        return out
    for lid, r in res.items():
        if not isinstance(r, dict) or not isinstance(r.get("Properties"), dict):
            continue
        info = CFN_TYPES.get(r.get("Type")) if isinstance(r.get("Type"), str) else None
        if not info or not info["name_prop"]:
            continue
        name = r["Properties"].get(info["name_prop"])
        if isinstance(name, str) and name and "${" not in name:
            out.append((lid, info, name, r))
    return out


def _format_text(fmt, name, path=""):
    return fmt.replace("${Name}", name).replace("${Path}", path)


def _role_path(r):
    p = r["Properties"].get("Path")
    if isinstance(p, str):
        return p.lstrip("/")
    return "" if p is None else None


def names_ref(ctx):
    """A literal name or ARN of a template resource -> !Ref / !GetAtt X.Arn / !Sub ${X.Arn}/..."""
    if not ctx.template:
        return 0
    named = _named_resources(ctx)
    # A name two resources share (conditional twins) names neither for sure.
    twice = {n for n, c in Counter(name for _, _, name, _ in named).items() if c > 1}
    named = [x for x in named if x[2] not in twice]
    by_name, by_arn = {}, {}
    for lid, info, name, r in named:
        if info["ref_kind"] == 0 and info["ref"] == "${Name}":
            by_name.setdefault(name, lid)
        fmt = info["attrs"].get("Arn")
        path = _role_path(r) if "${Path}" in (fmt or "") else ""
        if fmt and "${Id}" not in fmt and path is not None:
            arn = (_format_text(fmt, name, path).replace("${AWS::Partition}", "aws")
                   .replace("${AWS::Region}", ctx.region).replace("${AWS::AccountId}", ctx.account))
            if "${" not in arn:
                by_arn.setdefault(arn, lid)
    # Values that name their holder rather than refer to another resource: every resource's own
    # name property, policy names, descriptions, tags (a policy named "root" is not a reference to
    # a role named "root").
    skip_nodes = set()
    if not isinstance(ctx.tree.get("Resources"), dict):
        return 0
    for r in ctx.tree["Resources"].values():
        if not isinstance(r, dict) or not isinstance(r.get("Properties"), dict):
            continue
        info = CFN_TYPES.get(r.get("Type")) if isinstance(r.get("Type"), str) else None
        if info and info["name_prop"] and info["name_prop"] in r["Properties"]:
            own = r["Properties"][info["name_prop"]]
            skip_nodes.add(id(own))
            skip_nodes.update(id(y) for y in _strings(own))  # also inside an Fn::If
    stack = [ctx.tree["Resources"]]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("PolicyName", "Description", "Tags", "Sid"):
                    skip_nodes.update(id(y) for y in _strings(x))
                    skip_nodes.add(id(x))
                else:
                    stack.append(x)
        elif isinstance(v, list):
            stack.extend(v)
    if not by_name and not by_arn:
        return 0

    def v(s):
        if id(s) in skip_nodes:
            return None
        o = s.origin
        if s in by_name:
            return mk(M({"Ref": mk(by_name[s], o)}), o)
        if s in by_arn:
            return mk(M({"Fn::GetAtt": mk(by_arn[s] + ".Arn", o)}), o)
        for arn, lid in by_arn.items():
            if s.startswith(arn + "/") and _sub_safe(s):
                return sub("${" + lid + ".Arn}" + s[len(arn):], o)
        return None

    return walk_values(ctx, v, None)


def names_literal(ctx):
    """!Ref X / !GetAtt X.Arn / ${X} / ${X.Arn} of a resource with a literal name -> its value."""
    if not ctx.template:
        return 0
    named = {lid: (info, name, r) for lid, info, name, r in _named_resources(ctx)}
    if not named:
        return 0

    def value_of(lid, attr):
        info, name, r = named[lid]
        if attr == "":
            fmt = info["ref"] if info["ref_kind"] == 0 else ""
        else:
            fmt = info["attrs"].get(attr, "")
        if not fmt or "${Id}" in fmt:
            return None
        path = _role_path(r) if "${Path}" in fmt else ""
        if path is None:
            return None
        return _format_text(fmt, name, path)

    count = [0]

    def repl_node(node):
        fn = _intrinsic(node)
        if fn == "Ref" and isinstance(node[fn], str) and node[fn] in named:
            return value_of(node[fn], "")
        if fn == "Fn::GetAtt":
            a = node[fn]
            if isinstance(a, str) and "." in a:
                lid, attr = a.split(".", 1)
            elif isinstance(a, list) and len(a) == 2 and all(isinstance(x, str) for x in a):
                lid, attr = a
            else:
                return None
            if lid in named:
                return value_of(lid, attr)
        return None

    def in_sub(tmpl):
        changed = [False]

        def f(m):
            nm = m.group(1).strip()
            lid, _, attr = nm.partition(".")
            if lid in named:
                val = value_of(lid, attr)
                if val is not None:
                    changed[0] = True
                    return val
            return m.group(0)

        out = re.sub(r"\$\{([^}!][^}]*)\}", f, tmpl)
        return out if changed[0] else None

    def walk(node, parent, key, in_value):
        fn = _intrinsic(node)
        if fn in ("Ref", "Fn::GetAtt") and parent is not None:
            val = repl_node(node)
            if val is not None:
                parent[key] = sub(val, node.origin) if "${" in val else mk(val, node.origin)
                count[0] += 1
            return
        if fn == "Fn::Sub":
            a = node[fn]
            if isinstance(a, str):
                r = in_sub(a)
                if r is not None:
                    node[fn] = mk(r, a.origin)
                    count[0] += 1
            elif isinstance(a, list) and a and isinstance(a[0], str):
                r = in_sub(a[0])
                if r is not None:
                    a[0] = mk(r, a[0].origin)
                    count[0] += 1
                for x in a[1:]:
                    walk(x, None, None, True)
            return
        if fn in _SKIP_ARGS:
            return
        if isinstance(node, dict):
            for k in list(node):
                walk(node[k], node, k, True)
        elif isinstance(node, list):
            for i in range(len(node)):
                walk(node[i], node, i, True)

    res = ctx.tree.get("Resources")
    for r in res.values():
        if isinstance(r, dict) and isinstance(r.get("Properties"), dict):
            walk(r["Properties"], None, None, True)
    return count[0]


# --- policy documents as JSON text ----------------------------------------------------------------


class _NotText(Exception):
    pass


def _list_params(tree):
    p = tree.get("Parameters")
    out = set()
    if isinstance(p, dict):
        for k, v in p.items():
            if isinstance(v, dict) and "List" in str(v.get("Type", "")):
                out.add(k)
    return out


def _to_text_tree(node, vars_, list_params, scalar_pos):
    """A copy of a policy document with intrinsics as ${...} text; intrinsics that are not plain
    references become variables of the Fn::Sub. Raises _NotText when the document cannot be text."""
    fn = _intrinsic(node)
    if fn:
        if not scalar_pos:
            raise _NotText()
        a = node[fn]
        if fn == "Ref" and isinstance(a, str):
            if a in list_params or a == "AWS::NoValue":
                raise _NotText()
            vars_["used"] = True
            return mk("${" + a + "}", node.origin)
        if fn == "Fn::GetAtt" and isinstance(a, str):
            vars_["used"] = True
            return mk("${" + a + "}", node.origin)
        if fn == "Fn::Sub" and isinstance(a, str):
            vars_["used"] = True
            return mk(a, node.origin)
        if fn in ("Fn::Join", "Fn::Select", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAtt", "Fn::If", "Fn::Sub"):
            if fn == "Fn::If":
                if not (isinstance(a, list) and len(a) == 3):
                    raise _NotText()
                for b in a[1:]:
                    if isinstance(b, list) or (isinstance(b, dict) and (_intrinsic(b) in (None, "Fn::If")
                                                                        or b.get("Ref") == "AWS::NoValue")):
                        raise _NotText()
            name = "IamlintVar%d" % len(vars_["map"])
            vars_["map"][name] = node
            vars_["used"] = True
            return mk("${" + name + "}", node.origin)
        raise _NotText()
    if isinstance(node, dict):
        m = M()
        for k, x in node.items():
            if "${" in k:
                raise _NotText()
            m[k] = _to_text_tree(x, vars_, list_params, True)
        m.origin = node.origin
        return m
    if isinstance(node, list):
        lst = L(_to_text_tree(x, vars_, list_params, True) for x in node)
        lst.origin = node.origin
        return lst
    if isinstance(node, str):
        vars_.setdefault("texts", []).append(node)
        return node
    raise _NotText()


def _json_text(ctx, block):
    if not ctx.template:
        return 0
    n = 0
    lp = _list_params(ctx.tree)
    for where in policy_docs(ctx.tree, text_ok=True):
        doc = doc_at(ctx.tree, where)
        if not isinstance(doc, dict) or not doc:
            continue
        vars_ = {"map": {}, "used": False}
        try:
            t = _to_text_tree(doc, vars_, lp, False)
        except _NotText:
            continue
        if vars_["used"]:
            # In an Fn::Sub, literal ${Name} (no ':') would become a reference.
            if not all(_sub_safe(s) for s in vars_.get("texts", [])):
                continue
            vm = M(vars_["map"])
            vm.origin = doc.origin
            jt = JsonText(t, vm, block, doc.origin)
        else:
            if any("${" in s for s in vars_.get("texts", [])):
                continue
            jt = JsonText(t, None, block, doc.origin)
        c, k = where
        c[k] = jt
        n += 1
    return n


def json_text_block(ctx):
    return _json_text(ctx, True)


def json_text_line(ctx):
    return _json_text(ctx, False)


# --- statements -----------------------------------------------------------------------------------

_LIST_KEYS = ("Action", "NotAction", "Resource", "NotResource")
_PRINCIPAL_KEYS = ("AWS", "Service", "Federated", "CanonicalUser")


def _each_statement(ctx):
    for where in policy_docs(ctx.tree):
        doc = doc_at(ctx.tree, where)
        if not isinstance(doc, dict):
            continue
        for c, k in statements(doc):
            yield doc, c[k]


def _stmt_lists(st):
    """(holder, key) of each Action/Resource/Principal value of a statement."""
    for k in _LIST_KEYS:
        if k in st:
            yield st, k
    for pk in ("Principal", "NotPrincipal"):
        p = st.get(pk)
        if isinstance(p, dict) and _intrinsic(p) is None:
            for k in _PRINCIPAL_KEYS:
                if k in p:
                    yield p, k


def list_wrap(ctx):
    n = 0
    for doc, st in list(_each_statement(ctx)):
        for holder, k in list(_stmt_lists(st)):
            v = holder[k]
            if isinstance(v, str) or (isinstance(v, dict) and _intrinsic(v) not in (None, "Fn::If", "Fn::Split")
                                      and not (_intrinsic(v) == "Ref" and v["Ref"] in _list_params(ctx.tree))):
                holder[k] = mk(L([v]), v.origin)
                n += 1
    for where in policy_docs(ctx.tree):
        doc = doc_at(ctx.tree, where)
        if isinstance(doc, dict) and isinstance(doc.get("Statement"), dict) and _intrinsic(doc["Statement"]) is None:
            doc["Statement"] = mk(L([doc["Statement"]]), doc["Statement"].origin)
            n += 1
    return n


def list_unwrap(ctx):
    n = 0
    for doc, st in list(_each_statement(ctx)):
        for holder, k in list(_stmt_lists(st)):
            v = holder[k]
            if isinstance(v, list) and len(v) == 1 and (isinstance(v[0], str) or
                                                        _intrinsic(v[0]) not in (None, "Fn::If")):
                holder[k] = v[0]
                n += 1
    for where in policy_docs(ctx.tree):
        doc = doc_at(ctx.tree, where)
        st = doc.get("Statement") if isinstance(doc, dict) else None
        if isinstance(st, list) and len(st) == 1 and isinstance(st[0], dict) and _intrinsic(st[0]) is None:
            doc["Statement"] = st[0]
            n += 1
    return n


def prefix_case(ctx):
    n = 0
    for doc, st in list(_each_statement(ctx)):
        for k in ("Action", "NotAction"):
            v = st.get(k)
            items = v if isinstance(v, list) else [v]
            for i, a in enumerate(items):
                if isinstance(a, str) and ":" in a:
                    svc, rest = a.split(":", 1)
                    new = svc.upper() if svc != svc.upper() else svc.lower()
                    if new != svc:
                        r = mk(new + ":" + rest, a.origin)
                        if isinstance(v, list):
                            v[i] = r
                        else:
                            st[k] = r
                        n += 1
    return n


def statement_order(ctx):
    n = 0
    for where in policy_docs(ctx.tree):
        doc = doc_at(ctx.tree, where)
        st = doc.get("Statement") if isinstance(doc, dict) else None
        if isinstance(st, list) and len(st) >= 2 and all(isinstance(s, dict) and _intrinsic(s) is None for s in st):
            st.reverse()
            n += 1
    return n


def if_equal(ctx):
    """Action / Resource / Principal values -> Fn::If with both branches equal to the value."""
    if not ctx.template:
        return 0
    conds = ctx.tree.get("Conditions")
    if isinstance(conds, dict) and conds:
        cname = next(iter(conds))
    else:
        cname = "IamlintSameSpelling"
    n = 0
    for doc, st in list(_each_statement(ctx)):
        for holder, k in list(_stmt_lists(st)):
            v = holder[k]
            items = v if isinstance(v, list) else [v]
            for i, a in enumerate(items):
                if not isinstance(a, str):
                    continue
                o = a.origin
                r = mk(M({"Fn::If": mk(L([mk(cname, o), mk(str(a), o), mk(str(a), o)]), o)}), o)
                if isinstance(v, list):
                    v[i] = r
                else:
                    holder[k] = r
                n += 1
    if n and cname == "IamlintSameSpelling":
        c = M(ctx.tree.get("Conditions") or {})
        c.origin = ("Conditions",)
        c[cname] = mk(M({"Fn::Equals": mk(L([mk("a", ("Conditions",)), mk("a", ("Conditions",))]), ("Conditions",))}),
                      ("Conditions",))
        ctx.tree["Conditions"] = c
    return n


def count_intrinsics(ctx):
    n = 0
    stack = [ctx.tree]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if _intrinsic(v):
                n += 1
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return n


def count_values(ctx):
    n = 0
    stack = [ctx.tree]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        else:
            n += 1
    return n


# name -> (function, output format: "same" | "other" | "tags")
REWRITES = {
    "partition-sub": (partition_sub, "same"),
    "partition-join": (partition_join, "same"),
    "partition-literal": (partition_literal, "same"),
    "region-pseudo": (region_pseudo, "same"),
    "region-literal": (region_literal, "same"),
    "account-pseudo": (account_pseudo, "same"),
    "account-literal": (account_literal, "same"),
    "name-to-ref": (names_ref, "same"),
    "ref-to-name": (names_literal, "same"),
    "json-text-block": (json_text_block, "yaml"),
    "json-text-line": (json_text_line, "same"),
    "yaml-json": (count_values, "other"),
    "short-long-tags": (count_intrinsics, "tags"),
    "string-to-list": (list_wrap, "same"),
    "list-to-string": (list_unwrap, "same"),
    "prefix-case": (prefix_case, "same"),
    "statement-order": (statement_order, "same"),
    "if-equal-branches": (if_equal, "same"),
}
