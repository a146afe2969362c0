"""Loading, rewriting and emitting CloudFormation templates and IAM policies for the invariance
suite (invariance.py). Every node of a loaded tree remembers where it came from (its *origin*: the
path of keys and list indexes in the original document); rewrites keep the origin of the value they
replace, and the emitters record the span of every node they write, so a finding reported in a
rewritten file maps back to the place of the original it is about.
"""
from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path

import yaml

# ---------------------------------------------------------------------------------------------
# Tree: str / dict / list subclasses that carry an origin.


class S(str):
    origin: tuple = ()


class M(dict):
    origin: tuple = ()


class L(list):
    origin: tuple = ()


class JsonText:
    """A policy document written as JSON text: `doc` is the tree, `vars` the Fn::Sub variables
    (None: a plain string, no Fn::Sub). `block`: a YAML `|` block (lines map to lines) or a
    one-line string (every position is the string's)."""

    def __init__(self, doc, vars_, block, origin):
        self.doc, self.vars, self.block, self.origin = doc, vars_, block, origin


def mk(v, origin):
    """v as a tree node with `origin`, unless it already has one of its own."""
    if isinstance(v, JsonText):
        return v
    if isinstance(v, (S, M, L)):
        if "origin" not in v.__dict__:
            v.origin = origin
        return v
    if isinstance(v, str):
        o = S(v)
    elif isinstance(v, dict):
        o = M(v)
    elif isinstance(v, list):
        o = L(v)
    else:
        raise TypeError(type(v))
    o.origin = origin
    return o


def annotate(v, origin=()):
    """Plain loaded data -> tree with origins."""
    if isinstance(v, dict):
        m = M()
        for k, x in v.items():
            m[k] = annotate(x, origin + (k,))
        m.origin = origin
        return m
    if isinstance(v, list):
        lst = L(annotate(x, origin + (i,)) for i, x in enumerate(v))
        lst.origin = origin
        return lst
    s = S("" if v is None else v)
    s.origin = origin
    return s


def clone(t):
    """A copy of the tree, origins kept (copy.deepcopy is ten times slower)."""
    if isinstance(t, M):
        m = M()
        for k, x in t.items():
            m[k] = clone(x)
        if "origin" in t.__dict__:
            m.origin = t.origin
        return m
    if isinstance(t, L):
        lst = L(clone(x) for x in t)
        if "origin" in t.__dict__:
            lst.origin = t.origin
        return lst
    if isinstance(t, JsonText):
        return copy.deepcopy(t)
    return t  # strings are immutable: shared


# ---------------------------------------------------------------------------------------------
# Loading

SHORT_TAGS = {
    "!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
    "!Select": "Fn::Select", "!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And",
    "!Or": "Fn::Or", "!Not": "Fn::Not", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
    "!GetAZs": "Fn::GetAZs", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
    "!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}
LONG_TO_SHORT = {v: k for k, v in SHORT_TAGS.items()}


class Unsupported(Exception):
    pass


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    pass


def _construct_tag(loader, tag_suffix, node):
    tag = "!" + tag_suffix
    if tag not in SHORT_TAGS:
        raise Unsupported("tag " + tag)
    fn = SHORT_TAGS[tag]
    if isinstance(node, yaml.ScalarNode):
        v = loader.construct_scalar(node)
        if fn == "Fn::GetAtt":
            return {fn: v}
        return {fn: v}
    if isinstance(node, yaml.SequenceNode):
        return {fn: loader.construct_sequence(node, deep=True)}
    return {fn: loader.construct_mapping(node, deep=True)}


def _no_implicit(loader, node):
    return loader.construct_scalar(node)


_Loader.add_multi_constructor("!", _construct_tag)
# Scalars stay the strings they were written as (iamlint reads them so: 2012-10-17 is text).
for _t in ["tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
           "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:null"]:
    _Loader.add_constructor(_t, _no_implicit)


def _check_yaml(text):
    """Aliases (anchored content is reported once per use, at the anchor) and duplicate keys are
    outside what a tree rewrite can keep."""
    for ev in yaml.parse(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
        if isinstance(ev, yaml.AliasEvent):
            raise Unsupported("YAML alias")
        if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)) and ev.anchor:
            raise Unsupported("YAML anchor")


def _pairs_no_dup(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise Unsupported("duplicate key")
        d[k] = v
    return d


def _scalars_to_str(v):
    if isinstance(v, dict):
        return {k: _scalars_to_str(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_scalars_to_str(x) for x in v]
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return v


def load(path: Path):
    """-> (tree, 'yaml'|'json'). Raises Unsupported for what the suite does not rewrite."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("not UTF-8")
    if "\t" in text or "\r" in text:
        raise Unsupported("tabs or CR")
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(text, object_pairs_hook=_pairs_no_dup)
            fmt = "json"
        except json.JSONDecodeError:
            raise Unsupported("JSON that does not parse")
        # Numbers and booleans are written as text by the emitters; float text may change.
        if re.search(r':\s*-?\d+\.\d', text):
            raise Unsupported("JSON floats")
        data = _scalars_to_str(data)
    else:
        try:
            _check_yaml(text)
            docs = list(yaml.load_all(text, Loader=_Loader))
        except yaml.YAMLError:
            raise Unsupported("YAML that does not parse")
        if len(docs) != 1:
            raise Unsupported("not one YAML document")
        data = docs[0]
        if "<<" in text:
            raise Unsupported("merge keys")
        fmt = "yaml"
    if not isinstance(data, dict):
        raise Unsupported("not a mapping")
    for k in _all_keys(data):
        if not isinstance(k, str):
            raise Unsupported("non-string key")
    return annotate(data), fmt


def _all_keys(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from _all_keys(x)
    elif isinstance(v, list):
        for x in v:
            yield from _all_keys(x)


# ---------------------------------------------------------------------------------------------
# Emitters. Each returns (text, spans): spans are (start_line, start_col, end_line, end_col,
# origin), 1-based, end inclusive of the last character.


def _qs(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)


def _block_ok(s: str) -> bool:
    if "\n" not in s or s.startswith((" ", "\n")):
        return False
    if s.endswith("\n\n"):
        return False
    return all(c == "\n" or (32 <= ord(c) < 127) for c in s)


class _Out:
    def __init__(self):
        self.lines = [""]
        self.spans = []

    @property
    def pos(self):
        return len(self.lines), len(self.lines[-1]) + 1

    def write(self, t):
        parts = t.split("\n")
        self.lines[-1] += parts[0]
        for p in parts[1:]:
            self.lines.append(p)

    def nl(self):
        self.lines.append("")

    def span(self, start, origin):
        ln, col = len(self.lines), len(self.lines[-1])
        if col == 0:  # ended with a newline
            ln, col = ln - 1, len(self.lines[ln - 2]) if ln >= 2 else 1
        self.spans.append((start[0], start[1], ln, max(col, 1), origin))

    def text(self):
        return "\n".join(self.lines) + ("\n" if self.lines[-1] else "")


def _origin(v, parent):
    o = getattr(v, "origin", None)
    return parent if o is None else o


def _intrinsic(v):
    if isinstance(v, dict) and len(v) == 1:
        k = next(iter(v))
        if k == "Ref" or k.startswith("Fn::") or (k == "Condition" and isinstance(v[k], str)):
            return k
    return None


def emit_json(tree, one_line=False):
    out = _Out()
    _emit_json(out, tree, 0, (), one_line)
    return out.text(), out.spans


def _emit_json(out, v, ind, parent, one_line):
    o = _origin(v, parent)
    start = out.pos
    sep = "" if one_line else "\n"
    pad = (lambda n: "") if one_line else (lambda n: " " * n)
    if isinstance(v, JsonText):
        s = json_text_string(v)
        if v.vars is None:
            out.write(_qs(s))
        else:
            out.write('{"Fn::Sub": ')
            if v.vars:
                out.write("[" + _qs(s) + ", ")
                _emit_json(out, v.vars, ind + 2, o, True)
                out.write("]")
            else:
                out.write(_qs(s))
            out.write("}")
    elif isinstance(v, dict):
        if not v:
            out.write("{}")
        else:
            out.write("{" + sep)
            for i, (k, x) in enumerate(v.items()):
                out.write(pad(ind + 2))
                ks = out.pos
                xo = _origin(x, o + (k,))
                out.write(_qs(k))
                out.span(ks, o + (k, "@key0" if i == 0 else "@key"))
                out.write(": ")
                _emit_json(out, x, ind + 2, o + (k,), one_line)
                out.write(("," if i + 1 < len(v) else "") + sep)
            out.write(pad(ind) + "}")
    elif isinstance(v, list):
        if not v:
            out.write("[]")
        else:
            out.write("[" + sep)
            for i, x in enumerate(v):
                out.write(pad(ind + 2))
                _emit_json(out, x, ind + 2, o + (i,), one_line)
                out.write(("," if i + 1 < len(v) else "") + sep)
            out.write(pad(ind) + "]")
    else:
        out.write(_qs(str(v)))
    out.span(start, o)


def emit_yaml(tree, short_tags=True):
    out = _Out()
    _emit_yaml_block(out, tree, 0, (), short_tags)
    return out.text(), out.spans


def _yaml_inline_ok(v):
    return not isinstance(v, (dict, list)) or not v


def _emit_yaml_scalar(out, v, ind, o, short):
    """A scalar, an empty collection, or JSON text, on the current line."""
    if isinstance(v, JsonText):
        _emit_json_text_yaml(out, v, ind, o, short)
        return
    start = out.pos
    if isinstance(v, dict):
        out.write("{}")
    elif isinstance(v, list):
        out.write("[]")
    else:
        s = str(v)
        if _block_ok(s):
            out.write("|" if s.endswith("\n") else "|-")
            body = s[:-1] if s.endswith("\n") else s
            for line in body.split("\n"):
                out.nl()
                out.write(" " * (ind + 2) + line if line else "")
        else:
            out.write(_qs(s))
    out.span(start, o)


def _emit_value(out, v, ind, o, short):
    """The value after "key:" or "-" (the cursor is right after it)."""
    fn = _intrinsic(v) if short else None
    if fn and fn in LONG_TO_SHORT and not isinstance(v, JsonText):
        start = out.pos
        arg = v[fn]
        out.write(" " + LONG_TO_SHORT[fn])
        if _yaml_inline_ok(arg) or isinstance(arg, JsonText):
            out.write(" ")
            _emit_yaml_scalar(out, arg, ind, _origin(arg, o + (fn,)), short)
        else:
            out.nl()
            _emit_yaml_block(out, arg, ind + 2, o + (fn,), short)
        out.span(start, o)
        return
    if _yaml_inline_ok(v) or isinstance(v, JsonText):
        out.write(" ")
        _emit_yaml_scalar(out, v, ind, o, short)
    else:
        out.nl()
        _emit_yaml_block(out, v, ind + 2, o, short)


def _emit_yaml_block(out, v, ind, parent, short):
    o = _origin(v, parent)
    start = None
    if isinstance(v, dict) and v:
        for i, (k, x) in enumerate(v.items()):
            if i:
                out.nl()
            out.write(" " * ind)
            ks = out.pos
            start = start or ks
            xo = _origin(x, o + (k,))
            out.write(_qs(k))
            out.span(ks, o + (k, "@key0" if i == 0 else "@key"))
            out.write(":")
            _emit_value(out, x, ind, xo, short)
    elif isinstance(v, list) and v:
        for i, x in enumerate(v):
            if i:
                out.nl()
            out.write(" " * ind)
            start = start or out.pos
            out.write("-")
            _emit_value(out, x, ind, _origin(x, o + (i,)), short)
    else:
        out.write(" " * ind)
        start = out.pos
        _emit_yaml_scalar(out, v, ind, o, short)
    out.span(start, o)


def json_text_string(jt: JsonText) -> str:
    text, _ = emit_json(jt.doc, one_line=not jt.block)
    return text.rstrip("\n")


def _emit_json_text_yaml(out, jt: JsonText, ind, o, short):
    start = out.pos
    text, spans = emit_json(jt.doc, one_line=not jt.block)
    text = text.rstrip("\n")
    head = None
    if jt.vars is not None:
        head = "!Sub" if short else None
    if jt.vars:  # Fn::Sub list form: [text, vars]
        if short:
            out.write("!Sub")
        else:
            out.write("\n" + " " * (ind + 2) + '"Fn::Sub":')
            ind += 2
        out.nl()
        out.write(" " * (ind + 2) + "-")
        _emit_json_text_body(out, text, spans, jt, ind + 2)
        out.nl()
        out.write(" " * (ind + 2) + "-")
        out.nl()
        _emit_yaml_block(out, jt.vars, ind + 4, o, short)
    else:
        if head:
            out.write(head)
        elif jt.vars is not None:
            out.write("\n" + " " * (ind + 2) + '"Fn::Sub":')
            ind += 2
        _emit_json_text_body(out, text, spans, jt, ind)
    out.span(start, o)


def _emit_json_text_body(out, text, spans, jt, ind):
    out.write(" ")
    if jt.block:
        out.write("|-")
        base_line = len(out.lines) + 1
        col0 = ind + 2
        for line in text.split("\n"):
            out.nl()
            out.write(" " * col0 + line)
        for (l1, c1, l2, c2, so) in spans:
            out.spans.append((base_line + l1 - 1, col0 + c1, base_line + l2 - 1, col0 + c2, so))
    else:
        st = out.pos
        out.write(_qs(text))
        out.span(st, jt.origin)


def emit(tree, fmt):
    if fmt == "json":
        return emit_json(tree)
    if fmt == "yaml-long":
        return emit_yaml(tree, short_tags=False)
    return emit_yaml(tree, short_tags=True)


# ---------------------------------------------------------------------------------------------
# Where policy documents live (read from the model builder's own table, so the two never drift).

_ROOT = Path(__file__).resolve().parents[2]


def _doc_properties():
    src = (_ROOT / "lint" / "model.cpp").read_text()
    table = src[src.index("kDocProperties[] = {"):]
    table = table[:table.index("};")]
    out = {}
    for t, p, single in re.findall(r'\{"([^"]+)", "([^"]*)", PolicyKind::\w+, (true|false)\}', table):
        if p and single == "false":
            out.setdefault(t, []).append(p)
    return out


DOC_PROPERTIES = _doc_properties()
IDENTITY_HOLDERS = {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}


def is_template(tree):
    if "AWSTemplateFormatVersion" in tree:
        return True
    res = tree.get("Resources")
    return isinstance(res, dict) and any(isinstance(v, dict) and "Type" in v for v in res.values())


def policy_docs(tree, text_ok=False):
    """(container, key) of every policy document mapping (templates and raw policy files).
    text_ok: only those that may be written as JSON text (not SAM's Policies items: a string
    there names a managed policy)."""
    found = []
    if is_template(tree):
        res = tree.get("Resources")
        if not isinstance(res, dict):
            return found
        for r in res.values():
            if not isinstance(r, dict):
                continue
            props = r.get("Properties")
            t = r.get("Type")
            if not isinstance(props, dict) or not isinstance(t, str):
                continue
            for p in DOC_PROPERTIES.get(t, []):
                if isinstance(props.get(p), dict) and _intrinsic(props[p]) is None:
                    found.append((props, p))
            if t in IDENTITY_HOLDERS and isinstance(props.get("Policies"), list):
                for item in props["Policies"]:
                    if isinstance(item, dict) and isinstance(item.get("PolicyDocument"), dict) \
                            and _intrinsic(item["PolicyDocument"]) is None:
                        found.append((item, "PolicyDocument"))
            if t == "AWS::Serverless::Function" and isinstance(props.get("Policies"), list) and not text_ok:
                for i, item in enumerate(props["Policies"]):
                    if isinstance(item, dict) and "Statement" in item and _intrinsic(item) is None:
                        found.append((props["Policies"], i))
        return found
    if "Statement" in tree:
        return [(None, None)]
    for wrap, inner in (("PolicyVersion", "Document"), ("Role", "AssumeRolePolicyDocument")):
        w = tree.get(wrap)
        if isinstance(w, dict) and isinstance(w.get(inner), dict):
            found.append((w, inner))
    if isinstance(tree.get("PolicyDocument"), dict):
        found.append((tree, "PolicyDocument"))
    return found


def doc_at(tree, where):
    c, k = where
    return tree if c is None else c[k]


def statements(doc):
    """(container, key) of each statement mapping of a document."""
    st = doc.get("Statement")
    if isinstance(st, dict) and _intrinsic(st) is None:
        return [(doc, "Statement")]
    if isinstance(st, list):
        return [(st, i) for i, s in enumerate(st) if isinstance(s, dict) and _intrinsic(s) is None]
    return []
