#!/usr/bin/env python3
"""Invariance suite (issue 12, RULES.md Clarification 18: every spelling is the same policy).

Rewrites each template or policy into spellings that mean the same policy (rewrites.py), lints the
original and every rewrite with the built binary (--format json), maps each finding's location back
through the rewrite to the place of the original it is about, and fails when the findings differ.

    invariance.py IAMLINT [--shared DIR] [--full | --sample N] [--paths P ...] [-v]

Inputs: testdata/ and examples/ always; ../shared/corpus as a fixed deterministic sample (default,
and what ctest runs), or all of it with --full (the report's table). Without ../shared the corpus
part is skipped (exit 77), and that is a failure under CI=true.

A finding is compared by (rule, resource, statement, field): the statement is the original
statement the finding's location lies in (statement order and one-item lists map back), the field
its key there (Action, Resource, Principal, Condition, ...); outside statements, the resource
property. Where a rewrite turns a policy into one-line JSON text, findings inside it can only be
placed at the document, so both sides are compared per document there.
Generic over rules: nothing here names a rule.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spellings import Unsupported, clone, emit, load, policy_docs  # noqa: E402
from rewrites import REWRITES, Context  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXTS = (".yaml", ".yml", ".json", ".template")
SAMPLE_DEFAULT = 400
KNOWN = Path(__file__).resolve().parent / "known_differences.tsv"


def inputs_under(d: Path):
    out = []
    for p in sorted(d.rglob("*")):
        if p.is_file() and p.suffix in EXTS and ".iamlint" not in p.name:
            out.append(p)
    return out


def corpus_sample(files, n):
    """A fixed deterministic sample: the n files with the smallest hash of their relative path."""
    if n >= len(files):
        return files
    keyed = sorted(files, key=lambda p: hashlib.sha1(str(p).encode()).hexdigest())
    return sorted(keyed[:n])


def fmt_of(orig_fmt, kind):
    if kind == "same":
        return "json" if orig_fmt == "json" else "yaml"
    if kind == "yaml":
        return "yaml" if orig_fmt == "yaml" else None
    if kind == "other":
        return "yaml-long" if orig_fmt == "json" else "json"
    if kind == "tags":
        return "yaml" if orig_fmt == "json" else "yaml-long"
    raise ValueError(kind)


def span_index(spans):
    return sorted(spans, key=lambda s: (s[0], s[1], -s[2], -s[3]))


def origin_at(spans, line, col):
    """The innermost span containing (line, col); else the last one starting before it."""
    best = None
    best_start = None
    for (l1, c1, l2, c2, o) in spans:
        if (l1, c1) <= (line, col) <= (l2, c2):
            if best is None or (l1, c1) >= best_start:
                best, best_start = o, (l1, c1)
    if best is None:
        for (l1, c1, l2, c2, o) in spans:
            if (l1, c1) <= (line, col) and (best_start is None or (l1, c1) >= best_start):
                best, best_start = o, (l1, c1)
    return best or ()


def key_of(origin, collapsed):
    """(place, field) of a finding whose location has this origin."""
    # In YAML a mapping starts where its first key does: a first key and its mapping are one place.
    if origin and origin[-1] == "@key0":
        origin = origin[:-2]
    path = tuple(x for x in origin if x not in ("@key", "@key0"))
    if "Statement" in path:
        i = path.index("Statement")
        doc = path[:i]
        rest = path[i + 1:]
        idx = 0
        if rest and isinstance(rest[0], int):
            idx, rest = rest[0], rest[1:]
        field = rest[0] if rest and isinstance(rest[0], str) else None
        if doc in collapsed:
            return (doc, None, None)
        return (doc, idx, field)
    for c in collapsed:
        if path[:len(c)] == c:
            return (c, None, None)
    if path[:1] == ("Resources",) and len(path) > 4:
        path = path[:4]
    return (path, None, None)


def doc_origins(tree):
    out = []
    for c, k in policy_docs(tree, text_ok=True):
        d = tree if c is None else c[k]
        if hasattr(d, "origin"):
            out.append(d.origin)
    return out


class Job:
    def __init__(self, src, idx):
        self.src = src
        self.idx = idx
        self.variants = {}  # name -> (file, spans, collapsed origins, values rewritten)
        self.skip = None
        self.errors = []


def prepare(src: Path, idx: int, work: Path, account=True):
    job = Job(src, idx)
    try:
        tree, ofmt = load(src)
    except Unsupported as e:
        job.skip = str(e)
        return job
    except (RecursionError, ValueError) as e:
        job.skip = "unreadable: %s" % type(e).__name__
        return job
    d = work / ("%05d" % idx)
    d.mkdir(parents=True)
    ctx0 = Context(tree)
    if account:
        (d / ".iamlint.yaml").write_text('account: "%s"\n' % ctx0.account)
    base_fmt = fmt_of(ofmt, "same")
    ext = {"json": ".json", "yaml": ".yaml", "yaml-long": ".yaml"}

    def write(name, t, fmt, n, collapsed):
        try:
            text, spans = emit(t, fmt)
        except RecursionError:
            return
        f = d / (name + ext[fmt])
        f.write_text(text)
        job.variants[name] = (f, span_index(spans), collapsed, n)

    write("base", tree, base_fmt, 0, ())
    for name, (fn, kind) in REWRITES.items():
        fmt = fmt_of(ofmt, kind)
        if fmt is None or (not account and name.startswith("account-")):
            continue
        t = clone(tree)
        ctx = Context(t, like=ctx0)
        try:
            n = fn(ctx)
        except Exception as e:  # a bug of the suite: reported, and the run fails
            job.errors.append("%s: %s: %r" % (name, src, e))
            continue
        if not n:
            continue
        collapsed = ()
        if name == "json-text-line" or (fmt == "json" and name == "json-text-block"):
            collapsed = tuple(doc_origins(tree))
        write(name, t, fmt, n, collapsed)
    return job


def run_iamlint(binary, work):
    r = subprocess.run([binary, "--format", "json", "--fail-on", "never", "-j2", str(work)],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1, 2) or ".iamlint.yaml" in r.stderr:
        raise SystemExit("iamlint failed (%d): %s" % (r.returncode, r.stderr[-2000:]))
    return json.loads(r.stdout or "[]")


def load_known():
    known = []
    if KNOWN.exists():
        for line in KNOWN.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            # rewrite, rule, reason[, a text the finding's message must contain]
            known.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "", parts[3] if len(parts) > 3 else ""))
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iamlint")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--full", action="store_true", help="the whole corpus (for the report)")
    ap.add_argument("--sample", type=int, default=SAMPLE_DEFAULT)
    ap.add_argument("--paths", nargs="*", help="only these files or directories")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every changed finding")
    ap.add_argument("--keep", help="write the rewritten files here and keep them")
    ap.add_argument("--no-account", action="store_true",
                    help="declare no account (no .iamlint.yaml; the account rewrites are skipped)")
    args = ap.parse_args()
    ci = os.environ.get("CI") == "true"
    binary = str(Path(args.iamlint).resolve())

    files = []
    corpus_missing = False
    if args.paths:
        for p in args.paths:
            p = Path(p)
            files += inputs_under(p) if p.is_dir() else [p]
    else:
        for d in ("testdata/rules", "testdata/seeds", "testdata/sam", "testdata/cdk", "examples"):
            files += inputs_under(ROOT / d)
        corpus = Path(args.shared) / "corpus"
        if args.no_corpus:
            pass
        elif not corpus.is_dir():
            corpus_missing = True
        else:
            cf = inputs_under(corpus)
            if not cf:
                print("FAIL: %s holds no templates" % corpus)
                return 1
            files += cf if args.full else corpus_sample(cf, args.sample)

    t0 = time.time()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="iamlint-invariance-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        jobs = []
        for i, f in enumerate(files):
            jobs.append(prepare(f, i, work, not args.no_account))
        t1 = time.time()
        findings = run_iamlint(binary, work)
        t2 = time.time()
        by_file = defaultdict(list)
        for f in findings:
            by_file[str(Path(f["path"]).resolve())].append(f)
        report = compare(jobs, by_file, args.verbose)
        errors = [e for j in jobs for e in j.errors]
        for e in errors[:20]:
            print("rewrite error: " + e)
        if errors:
            print("FAIL: %d rewrite error(s)" % len(errors))
            report = 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    skipped = Counter(j.skip for j in jobs if j.skip)
    print("invariance: %d files (%d skipped: %s); rewrite %.1fs, lint %.1fs, total %.1fs" % (
        len(files), sum(skipped.values()), ", ".join("%s %d" % kv for kv in skipped.most_common()),
        t1 - t0, t2 - t1, time.time() - t0))
    status = report
    if corpus_missing:
        msg = "corpus not found under %s" % args.shared
        if ci:
            print("FAIL: %s (CI=true)" % msg)
            return 1
        print("SKIP: %s (fixtures checked)" % msg)
        return 77 if status == 0 else status
    return status


def compare(jobs, by_file, verbose):
    known = load_known()
    stats = {name: Counter() for name in REWRITES}
    reasons = {name: Counter() for name in REWRITES}
    examples = defaultdict(list)
    unexplained = 0
    broken = []
    for job in jobs:
        if job.skip or "base" not in job.variants:
            continue
        bf, bspans, _, _ = job.variants["base"]
        base = by_file.get(str(bf.resolve()), [])
        if any(f["rule"] == "IAM000" for f in base):
            continue  # the suite's own rendering does not parse: not a spelling question
        for name, (vf, vspans, collapsed, n) in job.variants.items():
            if name == "base":
                continue
            st = stats[name]
            st["files"] += 1
            st["values"] += n
            vfind = by_file.get(str(vf.resolve()), [])
            if any(f["rule"] == "IAM000" for f in vfind):
                broken.append((job.src, name, [f["message"] for f in vfind if f["rule"] == "IAM000"][:1]))
                st["broken"] += 1
                continue
            bk = Counter((f["rule"], f["resource"]) + key_of(origin_at(bspans, f["line"], f["column"]), collapsed)
                         for f in base)
            vk = Counter((f["rule"], f["resource"]) + key_of(origin_at(vspans, f["line"], f["column"]), collapsed)
                         for f in vfind)
            # Findings inside one-line JSON text share one location, where the engine reports
            # identical ones once: there, compare which findings occur, not how often.
            for c in (bk, vk):
                for k in c:
                    if k[2] in collapsed and k[3] is None:
                        c[k] = 1
            if bk == vk:
                continue
            gone = bk - vk
            new = vk - bk
            st["files_changed"] += 1
            msgs_b = {(f["rule"], f["resource"]) + key_of(origin_at(bspans, f["line"], f["column"]), collapsed):
                      f["message"] for f in base}
            msgs_v = {(f["rule"], f["resource"]) + key_of(origin_at(vspans, f["line"], f["column"]), collapsed):
                      f["message"] for f in vfind}
            for sign, diff, msgs in (("-", gone, msgs_b), ("+", new, msgs_v)):
                for k, c in diff.items():
                    rule = k[0]
                    msg = msgs.get(k, "")
                    accepted = next((why for (rw, r, why, needle) in known
                                     if rw == name and r == rule and needle in msg), None)
                    st["changed"] += c
                    tag = "accepted" if accepted else "UNEXPLAINED"
                    reasons[name][(sign, rule, tag)] += c
                    if not accepted:
                        unexplained += c
                    if len(examples[(name, sign, rule)]) < 3 or verbose:
                        examples[(name, sign, rule)].append(
                            "%s %s %s %s @%s: %s" % (sign, rule, job.src, k[1], "/".join(map(str, k[2])) + (
                                "#%s.%s" % (k[3], k[4]) if k[3] is not None else ""), msgs.get(k, "")[:160]))
    print("%-20s %7s %8s %8s %8s  %s" % ("rewrite", "files", "values", "changed", "files", "findings changed (rule: lost -/gained +)"))
    for name in REWRITES:
        st = stats[name]
        why = ", ".join("%s%s%s %d" % (sign, rule, "" if tag == "UNEXPLAINED" else " (accepted)", c)
                        for (sign, rule, tag), c in sorted(reasons[name].items()))
        print("%-20s %7d %8d %8d %8d  %s" % (name, st["files"], st["values"], st["changed"], st["files_changed"], why))
    if broken:
        print("\nrewrites that did not parse (%d):" % len(broken))
        for src, name, msg in broken[:10]:
            print("  %s %s: %s" % (name, src, msg))
    if examples:
        print("\nexamples:")
        for k in sorted(examples):
            for e in examples[k]:
                print("  [%s] %s" % (k[0], e))
    for name, rule, why, _ in known:
        print("accepted: %s %s: %s" % (name, rule, why))
    if unexplained or broken:
        print("FAIL: %d finding(s) changed by a rewrite without an accepted reason, %d rewrite(s) unparsable"
              % (unexplained, len(broken)))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
