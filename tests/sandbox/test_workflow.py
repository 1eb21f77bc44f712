"""The CI workflow gives the sandbox what Ubuntu 24.04 runners withhold, and a pull request
cannot relax it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "coursecheck.yml"


def _steps() -> list[dict[str, Any]]:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return list(data["jobs"]["check"]["steps"])


def test_user_namespaces_are_allowed_before_coursecheck_runs() -> None:
    runs = [str(step.get("run", "")) for step in _steps()]
    allow = runs.index("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")
    first = next(i for i, run in enumerate(runs) if run.startswith("coursecheck"))
    assert allow < first


def test_every_coursecheck_step_requires_the_sandbox() -> None:
    checks = [s for s in _steps() if str(s.get("run", "")).startswith("coursecheck")]
    assert checks
    assert all(s.get("env", {}).get("COURSECHECK_SANDBOX") == "required" for s in checks)


def test_the_launchers_cache_is_outside_the_checkout_and_restored_first() -> None:
    """The launcher and the helper are built into the per-user cache: a cache path relative to
    the workspace would let a pull request's files stand in for them."""
    steps = _steps()
    caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    toolchain = next(s for s in caches if "toolchain" in s["name"].lower())
    assert str(toolchain["with"]["path"]).startswith("~/")
    first = next(i for i, s in enumerate(steps) if str(s.get("run", "")).startswith("coursecheck"))
    assert steps.index(toolchain) < first
