"""A course in a git-like checkout, and `coursecheck` run on it as CI would: the per-project
cache in the checkout, the per-user cache in a folder of the test (its Go toolchain part a link
to the session's warm one, so no test builds Go's standard library again)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from coursedir import DAY1, CourseDir

from coursecheck.snippets.toolchain import require_go

SNIPPET = '```go\nfmt.Println("hi")\n```\n\n```output\n{expected}\n```\n'
# Unset unless a test sets them.
AMBIENT = ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT", "COURSECHECK_SANDBOX")
AMBIENT += ("COURSECHECK_CACHE_DIR", "COURSECHECK_GOCACHE")
DEFAULT_PLACE = {"COURSECHECK_GOCACHE": ""}  # unset: the per-user cache, as CI has it
NO_NAMESPACES = 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"'


@dataclass(frozen=True)
class Done:
    code: int
    stdout: str
    stderr: str


class Checkout:
    """`top` holds .git and the course in course/; `home_cache` is XDG_CACHE_HOME."""

    def __init__(self, tmp_path: Path, shared_go_cache: Path) -> None:
        self.top = tmp_path / "checkout"
        self.top.mkdir()
        git = shutil.which("git") or pytest.fail("these tests need git: apt-get install git")
        subprocess.run([git, "init", "-q", str(self.top)], check=True)
        self.course = CourseDir(self.top / "course")
        self.home_cache = tmp_path / "home-cache"
        toolchain = self.home_cache / "coursecheck" / "go" / require_go().version
        toolchain.parent.mkdir(parents=True)
        toolchain.symlink_to(shared_go_cache)
        # The warm toolchain named explicitly too: a run of the old code would otherwise build
        # its helper cold inside the checkout. A test of the default place sets it to "".
        self.defaults = {"COURSECHECK_GOCACHE": str(shared_go_cache)}

    @property
    def cache(self) -> Path:
        return self.top / ".coursecheck_cache"

    def expect(self, expected: str) -> None:
        """Day 1 prints hi and claims `expected`."""
        text = self.course.read(DAY1).split("## Exercises")[0]
        text = text.split("```go")[0] + SNIPPET.format(expected=expected) + "\n"
        self.course.write(DAY1, text + "## Exercises\n\n1. Do it.\n")

    def check(self, *args: str, prefix: tuple[str, ...] = (), **env: str) -> Done:
        full = {k: v for k, v in os.environ.items() if k not in AMBIENT}
        full |= {"XDG_CACHE_HOME": str(self.home_cache), **self.defaults, **env}
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "coursecheck", "check", "course", *args],
            cwd=self.top,
            env=full,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return Done(done.returncode, done.stdout, done.stderr)


def without_namespaces() -> tuple[str, ...]:
    """A prefix that runs the command where the sandbox cannot be built (no user namespaces)."""
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run([unshare, "-Ur", "sh", "-c", NO_NAMESPACES, "sh", "true"])
    if not unshare or not probe or probe.returncode != 0:
        pytest.fail(
            "this test needs `unshare` (util-linux) and unprivileged user namespaces: on "
            "Ubuntu 24.04 `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"
        )
    return (unshare, "-Ur", "sh", "-c", NO_NAMESPACES, "sh")
