"""Helpers for the tests that need ../shared (corpus, peer suites, SARIF checker)."""
import os
import sys

SKIP = 77


def require_shared(shared, what):
    """Return the shared dir, or exit: skipped (77) normally, failed (1) under CI=true."""
    if os.path.isdir(shared):
        return os.path.realpath(shared)
    if os.environ.get("CI") == "true":
        print(f"FAIL: {shared} is missing, and CI=true requires {what}")
        sys.exit(1)
    print(f"SKIP: {shared} is missing (a newcomer's clone); {what} not run")
    sys.exit(SKIP)
