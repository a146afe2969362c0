#!/usr/bin/env python3
"""Rewrites the first markdown, text and JSON example blocks of docs/diff.md with what
`iamlint diff --base HEAD` prints for tests/diff/data/orders-{old,new}.yaml (the pull request the
page describes). tests/diff/test_diff_cli.py checks the page equals the output.

usage: python3 tools/regen_diff_docs.py build/iamlint
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        os.makedirs(os.path.join(repo, "infra"))
        git = lambda *a: subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *a], cwd=repo, check=True,
                                        capture_output=True)
        git("init", "-q")
        shutil.copy(os.path.join(ROOT, "tests/diff/data/orders-old.yaml"), os.path.join(repo, "infra/orders.yaml"))
        git("add", "-A")
        git("commit", "-q", "-m", "base")
        shutil.copy(os.path.join(ROOT, "tests/diff/data/orders-new.yaml"), os.path.join(repo, "infra/orders.yaml"))
        run = lambda *a: subprocess.run([binary, "diff", "--base", "HEAD", *a], cwd=repo, capture_output=True, text=True).stdout
        md, text, js = run("--format", "markdown"), run(), run("--format", "json")
    path = os.path.join(ROOT, "docs", "diff.md")
    doc = open(path).read()
    done = set()

    def repl(m):
        lang, body = m.group(1), m.group(2)
        if lang in done:
            return m.group(0)
        if lang == "markdown":
            new = md.rstrip("\n") + "\n"
        elif lang == "text":
            new = text
        elif lang == "json" and '"principals"' in body and "$schema" not in body:
            new = json.dumps(json.loads(js), indent=2) + "\n"
        else:
            return m.group(0)
        done.add(lang)
        return "```" + lang + "\n" + new + "```"

    doc = re.sub(r"^```(markdown|text|json)\n(.*?)^```", repl, doc, flags=re.S | re.M)
    open(path, "w").write(doc)
    print("rewrote", sorted(done))


if __name__ == "__main__":
    main()
