#!/usr/bin/env python3
"""Autofix invariants (--fix, --unsafe-fixes, --diff) over every fixture and, with --corpus, a
sample of ../shared/corpus (read at test time, copied only into a temporary directory).

For every fixable finding, its fix applied alone (the edits `--format json` declares):
  parses     the fixed file still parses (no IAM000);
  gone       the fixed finding is gone;
  no-new     no finding appears that was not there before (an unsafe fix that turns a typo into a
             real action may reveal a finding at that very value: counted as "revealed", not failed).
For every file, `iamlint --fix --unsafe-fixes` on a copy:
  outside    the CLI's result is exactly the declared edits applied round by round (so every byte
             outside the edited spans is unchanged), and no edit deletes a line break or a comment;
  idempotent a second --fix changes nothing, and --diff then reports nothing (exit 0);
  diff       --diff on the original prints a diff that turns the original into the fixed file;
  cfn-lint   cfn-lint reports no error (E rule) on the fixed template that it did not report on the
             original (skipped when cfn-lint is absent, unless CI=true).

usage: test_fix.py IAMLINT [--shared DIR --corpus N] [--report]
  --corpus N   also check the first N corpus files (sorted) that have fixable findings; 0 = all
  --report     print per-rule counts of fixable findings and of fixes passing each check
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from shared import require_shared  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXTS = (".yaml", ".yml", ".json", ".template")
CHECKS = ("parses", "gone", "no-new", "outside", "idempotent", "diff", "templates", "cfn-lint", "revealed")


def lint(binary, path, *extra):
    p = subprocess.run([binary, "--format", "json", "--fail-on", "never", "--no-config", *extra, path],
                       capture_output=True, timeout=120)
    if p.returncode not in (0, 2) or p.returncode < 0:
        raise RuntimeError(f"iamlint exited {p.returncode} on {path}: {p.stderr.decode(errors='replace')[-500:]}")
    return json.loads(p.stdout or b"[]")


def key(f):
    # Positions move when text is inserted above; the rule, resource and message identify a finding.
    # Numbers in messages are sizes (IAM008's total grows by the inserted Version): not identity.
    return (f["rule"], f["resource"], re.sub(r"\d[\d,]*", "#", f["message"]))


def apply_edits(data, edits):
    out, at = [], 0
    for e in sorted(edits, key=lambda e: e["offset"]):
        out.append(data[at:e["offset"]])
        out.append(e["text"].encode())
        at = e["offset"] + e["length"]
    out.append(data[at:])
    return b"".join(out)


def touches(a, b):
    return a["offset"] <= b["offset"] + b["length"] and b["offset"] <= a["offset"] + a["length"]


def emulate(binary, data, tmp):
    """The CLI's --fix --unsafe-fixes, from the declared edits: rounds of non-touching fixes."""
    for _ in range(10):
        with open(tmp, "wb") as fh:
            fh.write(data)
        findings = [f for f in lint(binary, tmp) if "fix" in f]
        findings.sort(key=lambda f: f["fix"]["edits"][0]["offset"])  # stable, like the CLI
        chosen = []
        for f in findings:
            if any(e["offset"] + e["length"] > len(data) for e in f["fix"]["edits"]):
                continue
            if any(touches(e, o) for e in f["fix"]["edits"] for o in chosen):
                continue
            chosen.extend(f["fix"]["edits"])
        if not chosen:
            break
        data = apply_edits(data, chosen)
    return data


def edit_problems(data, f):
    probs = []
    for e in f["fix"]["edits"]:
        gone = data[e["offset"]:e["offset"] + e["length"]]
        if b"\n" in gone or b"#" in gone and not gone.startswith((b"'", b'"')):
            probs.append(f"edit at {e['offset']} deletes {gone!r}")
    return probs


def cfn_errors(paths):
    """cfn-lint's errors per file: {path: set((rule, message without line numbers))}."""
    out = {p: set() for p in paths}
    if not paths:
        return out
    p = subprocess.run(["cfn-lint", "--format", "json", "--", *paths], capture_output=True, timeout=1800)
    try:
        items = json.loads(p.stdout or b"[]")
    except json.JSONDecodeError:
        raise RuntimeError(f"cfn-lint output is not JSON: {p.stdout[:300]!r} {p.stderr[-300:]!r}")
    for m in items:
        rule = m["Rule"]["Id"]
        if not rule.startswith("E"):
            continue
        fn = m["Filename"]
        msg = re.sub(r"\b(line|Line) \d+\b|:\d+:\d+", "", m["Message"])
        out.setdefault(fn, set()).add((rule, msg))
    return out


def sarif_edits(result, text):
    """A SARIF result's replacements as byte edits (ASCII files: columns are bytes)."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == 10]
    out = []
    for ch in result["fixes"][0]["artifactChanges"]:
        for r in ch["replacements"]:
            d = r["deletedRegion"]
            b = starts[d["startLine"] - 1] + d["startColumn"] - 1
            e = starts[d["endLine"] - 1] + d["endColumn"] - 1
            out.append({"offset": b, "length": e - b, "text": r.get("insertedContent", {}).get("text", "")})
    return out


def check_cli(binary):
    """The flags, the golden files of testdata/fix, and SARIF fixes that match the declared edits."""
    fails = []
    fixdir = os.path.join(ROOT, "testdata", "fix")
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(fixdir)):
            if name.endswith(".fixed"):
                continue
            src = os.path.join(fixdir, name)
            dst = os.path.join(tmp, name)
            shutil.copyfile(src, dst)
            subprocess.run([binary, "--fix", "--unsafe-fixes", "--no-config", "--fail-on", "never", dst],
                           capture_output=True, timeout=60)
            want = open(src + ".fixed", "rb").read() if os.path.exists(src + ".fixed") else open(src, "rb").read()
            if open(dst, "rb").read() != want:
                fails.append(f"testdata/fix/{name}: --fix --unsafe-fixes differs from {name}.fixed")
            # SARIF replacements == the JSON format's byte edits, finding by finding.
            data = open(src, "rb").read()
            if data.startswith(b"\xef\xbb\xbf"):
                continue  # SARIF columns on a BOM's line differ from byte offsets by design
            js = [f for f in lint(binary, src) if "fix" in f]
            p = subprocess.run([binary, "--format", "sarif", "--no-config", "--fail-on", "never", src],
                               capture_output=True, timeout=60)
            res = [r for r in json.loads(p.stdout)["runs"][0]["results"] if "fixes" in r]
            if len(res) != len(js):
                fails.append(f"testdata/fix/{name}: {len(res)} SARIF results with fixes, {len(js)} fixable findings")
                continue
            for f, r in zip(js, res):
                if apply_edits(data, sarif_edits(r, data)) != apply_edits(data, f["fix"]["edits"]):
                    fails.append(f"testdata/fix/{name}:{f['line']}: SARIF fix differs from the declared edits")
        src = os.path.join(fixdir, "block-and-flow.yaml")
        dst = os.path.join(tmp, "safe.yaml")
        shutil.copyfile(src, dst)
        p = subprocess.run([binary, "--fix", "--no-config", "--format", "json", "--fail-on", "never", dst],
                           capture_output=True, timeout=60)
        left = {f["rule"] for f in json.loads(p.stdout)}
        if "IAM017" in left or "IAM016" not in left or "IAM005" not in left:
            fails.append(f"--fix without --unsafe-fixes: remaining rules {sorted(left)} (want IAM005, IAM016, no IAM017)")
        if b"applied 4 fixes in 1 file" not in p.stderr:
            fails.append(f"--fix summary: {p.stderr!r}")
        p = subprocess.run([binary, "--fix", "--diff", dst], capture_output=True, timeout=60)
        if p.returncode != 2:
            fails.append(f"--fix --diff: exit {p.returncode}, want 2")
        clean = os.path.join(ROOT, "testdata", "rules", "IAM017", "good-policy.json")
        p = subprocess.run([binary, "--diff", "--no-config", clean], capture_output=True, timeout=60)
        if p.returncode != 0 or p.stdout:
            fails.append(f"--diff on a clean file: exit {p.returncode}, output {p.stdout[:200]!r}")
        p = subprocess.run([binary, "--fix", "--no-config", "--stdin-filename", "x.json", "-"],
                           input=open(os.path.join(fixdir, "bom-tabs-policy.json"), "rb").read(), capture_output=True,
                           timeout=60)
        if p.stdout != open(os.path.join(fixdir, "bom-tabs-policy.json.fixed"), "rb").read():
            fails.append(f"--fix on standard input: stdout {p.stdout[:200]!r}")
        # Suppressed and deselected findings are not fixed.
        sup = os.path.join(tmp, "suppressed.yaml")
        text = (b"Statement:  # iamlint: ignore IAM017\n  - Effect: Allow\n    Action: s3:GetObjects\n"
                b"    Resource: arn:aws:s3:::b/*\n")
        with open(sup, "wb") as fh:
            fh.write(text)
        subprocess.run([binary, "--fix", "--unsafe-fixes", "--no-config", "--ignore", "IAM016", sup],
                       capture_output=True, timeout=60)
        if open(sup, "rb").read() != text:
            fails.append(f"--fix changed a suppressed or ignored finding: {open(sup, 'rb').read()!r}")
        p = subprocess.run([binary, "--list-rules"], capture_output=True, text=True, timeout=60)
        row = [l for l in p.stdout.splitlines() if l.startswith("IAM017")]
        if not row or " safe " not in row[0]:
            fails.append(f"--list-rules does not say IAM017 fixes safely: {row}")
        p = subprocess.run([binary, "--explain", "IAM005"], capture_output=True, text=True, timeout=60)
        if "Autofix: unsafe" not in p.stdout:
            fails.append("--explain IAM005 does not name its unsafe fix")
    return fails


def is_template(data):
    return b"AWSTemplateFormatVersion" in data or b"Resources" in data and b"Type" in data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--corpus", type=int, default=None)
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--corpus-only", action="store_true", help="skip the fixtures (for corpus figures)")
    ap.add_argument("--show-excerpt", action="store_true", help="print the first corpus diff")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)

    files = []
    for d in ("testdata", "examples"):
        for dp, _, fs in os.walk(os.path.join(ROOT, d)):
            files += [os.path.join(dp, f) for f in fs if f.lower().endswith(EXTS) and f != ".iamlint.yaml"]
    files.sort()
    if a.corpus_only:
        files = []
    if a.corpus is not None and not os.path.isdir(a.shared) and os.environ.get("CI") != "true":
        print(f"SKIP (corpus part): {a.shared} is missing; the fixtures are still checked")
        a.corpus = None
    if a.corpus is not None:
        shared = require_shared(a.shared, "the corpus part of the fix test")
        corpus = os.path.join(shared, "corpus")
        allf = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(corpus) for f in fs if f.lower().endswith(EXTS))
        if not allf:
            print(f"FAIL: no templates under {corpus}")
            return 1
        # The fixable ones, from one run over the corpus.
        p = subprocess.run([binary, "--format", "json", "--fail-on", "never", "--no-config", corpus],
                           capture_output=True, timeout=900)
        fixable = sorted({f["path"] for f in json.loads(p.stdout) if "fix" in f})
        files += fixable if a.corpus == 0 else fixable[:a.corpus]

    have_cfn = shutil.which("cfn-lint") is not None
    if not have_cfn and os.environ.get("CI") == "true":
        print("FAIL: cfn-lint is missing, and CI=true requires it")
        return 1

    failures = [] if a.corpus_only else check_cli(binary)
    stats = collections.defaultdict(collections.Counter)  # rule -> check -> passed
    fixable_count = collections.Counter()
    excerpt_done = False
    tmpdir = tempfile.mkdtemp(prefix="iamlint-fix-")
    cfn_pairs = []  # (original copy, fixed copy, rules fixed in it)
    try:
        for n, src in enumerate(files):
            with open(src, "rb") as fh:
                data = fh.read()
            work = os.path.join(tmpdir, str(n))
            os.makedirs(work)
            tmp = os.path.join(work, os.path.basename(src))
            with open(tmp, "wb") as fh:
                fh.write(data)
            before = lint(binary, tmp)
            fixes = [f for f in before if "fix" in f]
            if not fixes:
                continue
            before_keys = collections.Counter(key(f) for f in before)
            rules_here = set()
            for f in fixes:
                r = f["rule"]
                rules_here.add(r)
                fixable_count[r] += 1
                where = f"{os.path.relpath(src, ROOT)}:{f['line']}:{f['column']} {r}"
                one = os.path.join(work, "one")
                os.makedirs(one, exist_ok=True)
                t1 = os.path.join(one, os.path.basename(src))
                with open(t1, "wb") as fh:
                    fh.write(apply_edits(data, f["fix"]["edits"]))
                after = lint(binary, t1)
                if any(x["rule"] == "IAM000" for x in after):
                    failures.append(f"{where}: fixed file does not parse: {[x['message'] for x in after if x['rule'] == 'IAM000']}")
                    continue
                stats[r]["parses"] += 1
                after_keys = collections.Counter(key(x) for x in after)
                if after_keys[key(f)] < before_keys[key(f)]:
                    stats[r]["gone"] += 1
                else:
                    failures.append(f"{where}: the finding is still there after its fix ({f['fix']['title']})")
                new = [k for k in after_keys if after_keys[k] > before_keys[k]]
                # An unsafe fix that makes a misspelled action real lets the other rules judge it:
                # a finding at the fixed value itself was hidden by the typo, not made by the fix.
                # (a finding at that value, or whose message names the real action).
                real = f["fix"]["title"].rsplit(" with ", 1)[-1].lower() if r == "IAM016" else None
                at_fix = {key(x) for x in after if (x["line"], x["column"]) == (f["line"], f["column"])
                          or (real and real in x["message"].lower())}
                # A misspelled condition operator (IAM009) hid its block the same way: the renamed
                # operator's values are judged now (a finding in that block, at or after the key).
                if r == "IAM009" and f["fix"]["title"].startswith("Rename"):
                    at_fix |= {key(x) for x in after if x["rule"] == "IAM009" and x["line"] > f["line"]
                               and x["line"] <= f["line"] + 3}
                revealed = [k for k in new if (not f["fix"]["safe"] or r == "IAM009") and k in at_fix]
                if revealed:
                    stats[r]["revealed"] += 1
                    new = [k for k in new if k not in revealed]
                if new:
                    failures.append(f"{where}: its fix ({f['fix']['title']}) brings new findings: {new}")
                else:
                    stats[r]["no-new"] += 1
                probs = edit_problems(data, f)
                if probs:
                    failures.append(f"{where}: {probs}")

            # The CLI on the whole file.
            os.makedirs(os.path.join(work, "emu"))
            expected = emulate(binary, data, os.path.join(work, "emu", os.path.basename(src)))
            p = subprocess.run([binary, "--diff", "--unsafe-fixes", "--no-config", tmp], capture_output=True, timeout=120)
            diff_out = p.stdout
            diff_rc = p.returncode
            p = subprocess.run([binary, "--fix", "--unsafe-fixes", "--no-config", "--fail-on", "never", tmp],
                               capture_output=True, timeout=120)
            with open(tmp, "rb") as fh:
                fixed = fh.read()
            fw = os.path.relpath(src, ROOT)
            ok_outside = fixed == expected and fixed != data
            for r in rules_here:
                n_r = sum(1 for f in fixes if f["rule"] == r)
                if ok_outside:
                    stats[r]["outside"] += n_r
            if not ok_outside:
                failures.append(f"{fw}: --fix result differs from the declared edits (or changed nothing)")
            p2 = subprocess.run([binary, "--fix", "--unsafe-fixes", "--no-config", "--fail-on", "never", tmp],
                                capture_output=True, timeout=120)
            with open(tmp, "rb") as fh:
                again = fh.read()
            p3 = subprocess.run([binary, "--diff", "--unsafe-fixes", "--no-config", tmp], capture_output=True, timeout=120)
            if again == fixed and p3.returncode == 0 and not p3.stdout:
                for r in rules_here:
                    stats[r]["idempotent"] += sum(1 for f in fixes if f["rule"] == r)
            else:
                failures.append(f"{fw}: a second --fix changed the file again (or --diff exit {p3.returncode})")
            # --diff: exit 1, and `patch` turns the original into the fixed text.
            pdir = os.path.join(work, "patch")
            os.makedirs(pdir)
            pf = os.path.join(pdir, "f")
            with open(pf, "wb") as fh:
                fh.write(data)
            pp = subprocess.run(["patch", "-s", "-p0", "--binary", "-o", "-", pf], input=re.sub(
                rb"^(---|\+\+\+) .*$", lambda m: m.group(1) + b" " + pf.encode(), diff_out, count=2, flags=re.M),
                capture_output=True, timeout=60) if shutil.which("patch") else None
            if diff_rc == 1 and (pp is None or pp.stdout == fixed):
                for r in rules_here:
                    stats[r]["diff"] += sum(1 for f in fixes if f["rule"] == r)
            else:
                failures.append(f"{fw}: --diff exit {diff_rc}, or the diff does not patch the original into the fixed file"
                                + (f" ({pp.stderr[-300:]!r})" if pp is not None else ""))
            if a.show_excerpt and not excerpt_done and a.corpus is not None and "/corpus/" in src:
                print(diff_out.decode(errors="replace")[:3000])
                excerpt_done = True
            if is_template(data):
                orig_copy = os.path.join(work, "orig", os.path.basename(src))
                os.makedirs(os.path.dirname(orig_copy))
                with open(orig_copy, "wb") as fh:
                    fh.write(data)
                cfn_pairs.append((orig_copy, tmp, {r: sum(1 for f in fixes if f["rule"] == r) for r in rules_here},
                                  fw))
                for r in rules_here:  # cfn-lint judges templates only; raw policy files are not its input
                    stats[r]["templates"] += sum(1 for f in fixes if f["rule"] == r)

        if have_cfn and cfn_pairs:
            errs = cfn_errors([x for pair in cfn_pairs for x in pair[:2]])
            for orig_copy, fixed_copy, counts, fw in cfn_pairs:
                new = errs.get(fixed_copy, set()) - errs.get(orig_copy, set())
                if new:
                    failures.append(f"{fw}: cfn-lint errors new after --fix: {sorted(new)}")
                else:
                    for r, c in counts.items():
                        stats[r]["cfn-lint"] += c
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    if a.report or failures:
        print(f"{'rule':8}{'fixable':>9}" + "".join(f"{c:>12}" for c in CHECKS))
        for r in sorted(fixable_count):
            print(f"{r:8}{fixable_count[r]:>9}" + "".join(f"{stats[r][c]:>12}" for c in CHECKS))
    if not have_cfn:
        print("note: cfn-lint not found; the cfn-lint check was skipped")
    for x in failures:
        print("FAIL", x)
    total = sum(fixable_count.values())
    print(f"fix: {total} fixable findings in {len(files)} files checked, {len(failures)} failures")
    if total == 0:
        print("FAIL: no fixable finding at all (the fixtures should have some)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
