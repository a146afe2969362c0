#!/usr/bin/env python3
"""Docs that cannot drift: every fenced example in README.md and docs/**/*.md, the workflows in
docs/github-actions/, and the GitHub Action (action.yml) are run or validated against this
checkout and the built binary.

    test_docs.py BIN [--list]

- Shell (```sh/bash/shell): `bash -n` on every block. Every command that runs iamlint
  (`iamlint ...` or `./build/iamlint ...`, also after `&&`) and has no placeholder (`PATH...`,
  `[options]`) runs with BIN in a scratch directory holding a copy of examples/ (files it names
  that do not exist are created from an example template, a directory `dir/` with one template
  in it); exit 2 (usage error, bad config, parse
  error) fails, and with `--fail-on never` only exit 0 passes. Blocks run in document order, so a
  `--write-baseline` before a `--baseline` is what the second one reads.
- YAML (```yaml/yml) and JSON: they must parse (CloudFormation tags allowed), and by shape:
  a `.iamlint.yaml` snippet is loaded by `iamlint --config` (a bad key or value is exit 2); a
  pre-commit config's `rev:` for iamlint must be a tag, branch or commit of this repository and
  its hook ids must exist in .pre-commit-hooks.yaml; a workflow's or step list's
  `uses: iamlint/iamlint@REF` must name an existing ref with inputs action.yml declares, and its
  `run:` commands run like shell ones; a CloudFormation template or IAM policy must lint without a
  parse error (exit 2).
- Opt-outs, an HTML comment on the line right before the opening fence:
  `<!-- docs-test: skip -->` (not tested; say why in the text) and
  `<!-- docs-test: invalid -->` (a deliberately broken example: iamlint must reject it, exit 2).
- action.yml: composite, every `run` step has a shell, every `${{ inputs.x }}` is declared and every
  input used, step references exist, actions are pinned to a version, every script passes
  `bash -n`, and its pick and lint steps run (cache key; SARIF written, exit status passed on).

PyYAML is required under CI=true (tools/install-deps.sh --test installs python3-yaml); without it
the test is skipped (exit 77).
"""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import clean_env  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else os.path.join(ROOT, "build/iamlint")
LIST = "--list" in sys.argv
IN_CI = os.environ.get("CI") == "true"

try:
    import yaml
except ImportError:
    if IN_CI:
        print("docs: PyYAML is missing under CI=true (tools/install-deps.sh --test installs python3-yaml)")
        sys.exit(1)
    print("docs: skipped: PyYAML is not installed (Debian: python3-yaml)")
    sys.exit(77)


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (!Ref, !Sub, ...) read as plain values."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


CfnLoader.add_multi_constructor("!", _any_tag)

SHELL_LANGS = {"sh", "bash", "shell"}
YAML_LANGS = {"yaml", "yml"}
PLACEHOLDER = re.compile(r"\[options\]|\.\.\.|\bIAMnnn\b|<[a-z-]+>")
CONFIG_KEYS = {"select", "ignore", "fail-on", "exclude", "per-file-ignores", "extra-actions", "max-file-size",
               "rules", "account", "access"}
failures = []
checked = 0


def fail(where, msg):
    failures.append(f"{where}: {msg}")


def ok():
    global checked
    checked += 1


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)


SHALLOW = git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"


def ref_exists(ref):
    """A tag, branch (local or origin/) or commit of this repository. `main`, the default branch,
    is taken as existing (a single-branch clone of another branch lacks it); in a shallow clone
    (CI checkouts) older commits and tags are missing, so only the shape is checked there."""
    if ref == "main":
        return True
    if SHALLOW:
        return bool(re.fullmatch(r"[0-9a-f]{40}", ref)) or git("rev-parse", "--verify", "--quiet", ref).returncode == 0
    for cand in (f"refs/tags/{ref}", f"refs/heads/{ref}", f"refs/remotes/origin/{ref}", ref):
        if git("rev-parse", "--verify", "--quiet", f"{cand}^{{commit}}").returncode == 0:
            return True
    return False


def hook_ids():
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml")) as f:
        return {h["id"] for h in yaml.safe_load(f)}


def action_inputs():
    with open(os.path.join(ROOT, "action.yml")) as f:
        return set(yaml.safe_load(f).get("inputs", {}))


# ---------------------------------------------------------------------------------------------
# Extraction


def blocks(path):
    """(line, lang, body, marker) of each fenced block; marker from the line before the fence."""
    with open(path) as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, lang = m.group(1), m.group(2).lower()
        start = i
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        prev = lines[start - 1].strip() if start > 0 else ""
        mm = re.match(r"<!--\s*docs-test:\s*(\w+)\s*-->", prev)
        out.append((start + 1, lang, "\n".join(body) + "\n", mm.group(1) if mm else None))
        i += 1
    return out


# ---------------------------------------------------------------------------------------------
# Running iamlint commands


class Sandbox:
    """A scratch directory with examples/ and `iamlint` (BIN) first on PATH."""

    def __init__(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="iamlint-docs-"))
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(self.dir, "examples"))
        self.bindir = os.path.join(self.dir, ".bin")
        os.makedirs(self.bindir)
        os.symlink(BIN, os.path.join(self.bindir, "iamlint"))
        self.env = clean_env(PATH=self.bindir + os.pathsep + os.environ.get("PATH", ""))
        self.env.pop("GITHUB_WORKSPACE", None)
        with open(os.path.join(ROOT, "examples", "bad-admin-lambda.yaml")) as f:
            self.template = f.read()
        with open(os.path.join(ROOT, "testdata", "cdk", "bad-cdk-stack.template.json")) as f:
            self.json_template = f.read()

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def prepare(self, words):
        """Creates the template files a command names but the sandbox lacks, and a baseline it reads."""
        for i, w in enumerate(words):
            prev = words[i - 1] if i else ""
            if prev in ("-o", "--output", "--write-baseline", "--config"):
                continue
            if prev == "--baseline":
                if not os.path.exists(os.path.join(self.dir, w)):
                    subprocess.run([BIN, "--write-baseline", w, "examples"], cwd=self.dir, env=self.env,
                                   capture_output=True)
                continue
            if w.endswith("/") and not w.startswith("-") and not os.path.exists(os.path.join(self.dir, w)):
                # A directory the example expects (cdk.out/): one template in it.
                os.makedirs(os.path.join(self.dir, w))
                with open(os.path.join(self.dir, w, "Stack.template.json"), "w") as f:
                    f.write(self.json_template)
                continue
            if re.search(r"\.(ya?ml|json|template)$", w) and not w.startswith("-"):
                p = os.path.join(self.dir, w)
                if not os.path.exists(p):
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    with open(p, "w") as f:
                        f.write(self.template)

    def run(self, where, command):
        command = re.sub(r"(^|\s)\./build/iamlint\b", r"\1iamlint", command.strip())
        try:
            words = shlex.split(command, comments=True)
        except ValueError as e:
            fail(where, f"cannot split {command!r}: {e}")
            return
        self.prepare(words)
        p = subprocess.run(["bash", "-c", command], cwd=self.dir, env=self.env, capture_output=True, text=True,
                           timeout=120)
        allowed = (0,) if "never" in words and "--fail-on" in words else (0, 1)
        if LIST:
            print(f"  ran {command!r}: exit {p.returncode}")
        if p.returncode not in allowed:
            fail(where, f"`{command}` exited {p.returncode}: {(p.stderr or p.stdout).strip()[:400]}")
        else:
            ok()


def iamlint_commands(script):
    """The iamlint invocations of a shell script: whole lines or `&&`/`;` segments."""
    out = []
    for line in script.splitlines():
        for seg in re.split(r"\s&&\s|;\s", line):
            seg = seg.strip()
            if re.match(r"^(\./build/)?iamlint(\s|$)", seg) and not PLACEHOLDER.search(seg.split("#")[0]):
                out.append(seg)
    return out


# ---------------------------------------------------------------------------------------------
# Checks by shape


def check_shell(where, body, box):
    p = subprocess.run(["bash", "-n"], input=body, capture_output=True, text=True)
    if p.returncode != 0:
        fail(where, f"bash -n: {p.stderr.strip()}")
    else:
        ok()
    for cmd in iamlint_commands(body):
        box.run(where, cmd)


def lint_text(where, text, ext, box, invalid):
    path = os.path.join(box.dir, "doc-example." + ext)
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([BIN, "--fail-on", "never", "--no-config", path], capture_output=True, text=True,
                       env=box.env)
    if invalid:
        if p.returncode != 2:
            fail(where, f"marked invalid, but iamlint accepts it (exit {p.returncode})")
        else:
            ok()
    elif p.returncode != 0:
        fail(where, f"iamlint exited {p.returncode}: {p.stdout.strip()[:400]}")
    else:
        ok()


def is_config(doc, body):
    if body.lstrip().startswith("# .iamlint.yaml"):
        return True
    return isinstance(doc, dict) and doc and set(doc) <= CONFIG_KEYS


def is_ours(doc):
    if not isinstance(doc, dict):
        return False
    return bool({"AWSTemplateFormatVersion", "Resources", "Statement", "Transform"} & set(doc))


def check_precommit(where, doc):
    ids = hook_ids()
    for repo in doc.get("repos", []):
        if "iamlint" not in str(repo.get("repo", "")):
            continue
        rev = str(repo.get("rev", ""))
        if not ref_exists(rev):
            fail(where, f"pre-commit rev {rev!r} is not a tag, branch or commit of this repository")
        else:
            ok()
        for h in repo.get("hooks", []) or []:
            if h.get("id") not in ids:
                fail(where, f"hook id {h.get('id')!r} is not in .pre-commit-hooks.yaml ({sorted(ids)})")
            else:
                ok()


def steps_of(doc):
    if isinstance(doc, list):
        return [s for s in doc if isinstance(s, dict)]
    if not isinstance(doc, dict):
        return []
    steps = list(doc.get("steps", []) or [])
    for job in (doc.get("jobs") or {}).values():
        if isinstance(job, dict):
            steps += job.get("steps", []) or []
    return [s for s in steps if isinstance(s, dict)]


def check_steps(where, steps, box):
    inputs = None
    for s in steps:
        uses = str(s.get("uses", ""))
        m = re.match(r"^iamlint/iamlint@(.+)$", uses)
        if m:
            if not ref_exists(m.group(1)):
                fail(where, f"uses {uses}: {m.group(1)!r} is not a tag, branch or commit of this repository")
            else:
                ok()
            inputs = inputs or action_inputs()
            unknown = set(s.get("with", {}) or {}) - inputs
            if unknown:
                fail(where, f"uses {uses} with inputs action.yml does not declare: {sorted(unknown)}")
            else:
                ok()
        if "run" in s:
            check_shell(where + " (run:)", str(s["run"]), box)


def check_yaml(where, body, box, marker, filename=None):
    try:
        docs = list(yaml.load_all(body, Loader=CfnLoader))
    except yaml.YAMLError as e:
        if marker == "invalid":
            lint_text(where, body, "yaml", box, True)
            return
        fail(where, f"does not parse as YAML: {str(e).splitlines()[0]}")
        return
    ok()
    doc = docs[0] if docs else None
    if isinstance(doc, dict) and "repos" in doc:
        check_precommit(where, doc)
    elif steps_of(doc):
        check_steps(where, steps_of(doc), box)
    elif is_config(doc, body):
        cfg = os.path.join(box.dir, "cfg", ".iamlint.yaml")
        os.makedirs(os.path.dirname(cfg), exist_ok=True)
        with open(cfg, "w") as f:
            f.write(body)
        p = subprocess.run([BIN, "--config", cfg, "--fail-on", "never", "examples"], cwd=box.dir,
                           capture_output=True, text=True, env=box.env)
        if p.returncode != 0:
            fail(where, f".iamlint.yaml example rejected (exit {p.returncode}): {p.stderr.strip()[:300]}")
        else:
            ok()
    elif is_ours(doc) or marker == "invalid":
        lint_text(where, body, "yaml", box, marker == "invalid")


def check_json(where, body, box, marker):
    try:
        doc = json.loads(body)
    except ValueError as e:
        if marker == "invalid":
            lint_text(where, body, "json", box, True)
            return
        fail(where, f"does not parse as JSON: {e}")
        return
    ok()
    if is_ours(doc) or marker == "invalid":
        lint_text(where, body, "json", box, marker == "invalid")


# ---------------------------------------------------------------------------------------------
# action.yml


def check_action(box):
    where = "action.yml"
    with open(os.path.join(ROOT, "action.yml")) as f:
        text = f.read()
    action = yaml.safe_load(text)
    for key in ("name", "description", "inputs", "runs"):
        if key not in action:
            fail(where, f"no {key!r}")
    runs = action.get("runs", {})
    if runs.get("using") != "composite":
        fail(where, f"runs.using is {runs.get('using')!r}, not composite")
    steps = runs.get("steps", [])
    ids = {s.get("id") for s in steps if s.get("id")}
    inputs = set(action.get("inputs", {}))
    used = set(re.findall(r"\$\{\{[^}]*?\binputs\.([A-Za-z0-9_-]+)", text)) | set(
        re.findall(r"\binputs\.([A-Za-z0-9_-]+)\s*[=!]=", text))
    if used - inputs:
        fail(where, f"uses undeclared inputs {sorted(used - inputs)}")
    if inputs - used:
        fail(where, f"declares inputs it never uses {sorted(inputs - used)}")
    for ref in set(re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs", text)):
        if ref not in ids:
            fail(where, f"refers to step {ref!r}, which does not exist")
    for name, inp in action.get("inputs", {}).items():
        if "description" not in inp:
            fail(where, f"input {name!r} has no description")
    for s in steps:
        label = f"{where} step {s.get('name', s.get('id', '?'))!r}"
        if "run" in s:
            if s.get("shell") != "bash":
                fail(label, "a run step of a composite action needs `shell: bash`")
            script = re.sub(r"\$\{\{.*?\}\}", "X", s["run"])
            p = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
            if p.returncode:
                fail(label, f"bash -n: {p.stderr.strip()}")
        elif "uses" in s:
            if not re.match(r"^[\w.-]+/[\w./-]+@v\d+$", s["uses"]):
                fail(label, f"uses {s['uses']!r} is not pinned to a major version")
        else:
            fail(label, "neither run nor uses")
    ok()

    # Run the pick and lint steps as the runner would (the others need the network or GitHub).
    by_id = {s.get("id"): s for s in steps}

    def run_step(step, env, cwd):
        out = os.path.join(box.dir, "github-output")
        open(out, "w").close()
        e = dict(box.env, GITHUB_OUTPUT=out, RUNNER_OS="Linux", RUNNER_ARCH="X64", RUNNER_TEMP=box.dir,
                 ImageOS="ubuntu24", **env)
        p = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=e, capture_output=True, text=True,
                           timeout=120)
        with open(out) as f:
            outputs = dict(l.split("=", 1) for l in f.read().splitlines() if "=" in l)
        return p, outputs

    p, o = run_step(by_id["pick"], {"VERSION": "", "ACTION_PATH": ROOT, "ACTION_REF": "main"}, box.dir)
    p2, o2 = run_step(by_id["pick"], {"VERSION": "", "ACTION_PATH": ROOT, "ACTION_REF": "main"}, box.dir)
    p3, o3 = run_step(by_id["pick"], {"VERSION": "v9.9.9", "ACTION_PATH": ROOT, "ACTION_REF": "main"}, box.dir)
    if p.returncode or not re.match(r"^iamlint-Linux-X64-ubuntu24-src-[0-9a-f]{16}$", o.get("key", "")):
        fail(where, f"pick step: exit {p.returncode}, outputs {o}, {p.stderr.strip()[:300]}")
    elif o != o2 or o3.get("key") != "iamlint-Linux-X64-ubuntu24-ref-v9.9.9":
        fail(where, f"pick step: keys not stable or not by version: {o} {o2} {o3}")
    else:
        ok()
    lint_env = {"FORMAT": "sarif", "FAIL_ON": "", "ARGS": "--ignore IAM019", "PATHS": "examples",
                "SARIF_FILE": "out/iamlint.sarif"}
    os.makedirs(os.path.join(box.dir, "out"), exist_ok=True)
    p, o = run_step(by_id["lint"], lint_env, box.dir)
    sarif = os.path.join(box.dir, "out", "iamlint.sarif")
    if p.returncode != 0 or o.get("exit-code") != "1" or o.get("sarif-file") != sarif or not os.path.exists(sarif):
        fail(where, f"lint step (sarif): exit {p.returncode}, outputs {o}, {p.stderr.strip()[:300]}")
    else:
        with open(sarif) as f:
            results = json.load(f)["runs"][0]["results"]
        if not results or any(r["ruleId"] == "IAM019" for r in results):
            fail(where, f"lint step (sarif): args not passed on ({len(results)} results)")
        else:
            ok()
    p, o = run_step(by_id["lint"], dict(lint_env, FORMAT="github", FAIL_ON="never", ARGS=""), box.dir)
    if p.returncode != 0 or o.get("exit-code") != "0" or "::error file=examples/" not in p.stdout:
        fail(where, f"lint step (github): exit {p.returncode}, outputs {o}, {p.stdout[:300]}")
    else:
        ok()


# ---------------------------------------------------------------------------------------------


def main():
    if not os.path.exists(BIN):
        print(f"docs: {BIN} does not exist (build it first)")
        return 1
    box = Sandbox()
    try:
        docs = [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"),
                                                                    recursive=True))
        counts = {}
        for path in docs:
            rel = os.path.relpath(path, ROOT)
            for line, lang, body, marker in blocks(path):
                where = f"{rel}:{line}"
                if marker == "skip":
                    counts["skipped"] = counts.get("skipped", 0) + 1
                    continue
                if lang in SHELL_LANGS:
                    check_shell(where, body, box)
                elif lang in YAML_LANGS:
                    check_yaml(where, body, box, marker)
                elif lang == "json":
                    check_json(where, body, box, marker)
                else:
                    continue
                counts[lang] = counts.get(lang, 0) + 1
        for path in sorted(glob.glob(os.path.join(ROOT, "docs", "github-actions", "*.yml"))):
            with open(path) as f:
                check_yaml(os.path.relpath(path, ROOT), f.read(), box, None)
            counts["workflow"] = counts.get("workflow", 0) + 1
        check_action(box)
    finally:
        box.close()
    for f in failures:
        print("FAIL " + f)
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    print(f"docs: {checked} checks passed, {len(failures)} failed ({summary} blocks/files)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
