"""The CI gate's workflow keeps the properties that make it safe on untrusted pull requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "coursecheck.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    # YAML 1.2 (ruamel's default) keeps the key `on` a string; YAML 1.1 would make it True.
    data: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(action + "@")


def test_runs_on_content_pull_requests_only(workflow: dict[str, Any]) -> None:
    assert list(workflow["on"]) == ["pull_request"]
    paths = workflow["on"]["pull_request"]["paths"]
    assert {"course/**", "pyproject.toml"} <= set(paths)


def test_permissions_are_read_only_except_the_sarif_upload(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    writes = {
        name: scope
        for name, job in workflow["jobs"].items()
        for scope, level in job.get("permissions", {}).items()
        if level == "write"
    }
    assert writes == {"code-scanning": "security-events"}


def test_the_job_that_can_write_runs_no_course_code(workflow: dict[str, Any]) -> None:
    job = workflow["jobs"]["code-scanning"]
    assert not any("run" in step for step in job["steps"])
    assert [s["uses"].split("@")[0] for s in job["steps"]] == [
        "actions/checkout",
        "actions/download-artifact",
        "github/codeql-action/upload-sarif",
    ]


def test_the_sarif_upload_never_fails_the_workflow_and_skips_forks(
    workflow: dict[str, Any],
) -> None:
    job = workflow["jobs"]["code-scanning"]
    assert job["continue-on-error"] is True
    assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"]
    (upload,) = [s for s in job["steps"] if uses(s, "github/codeql-action/upload-sarif")]
    assert upload["continue-on-error"] is True
    assert upload["with"]["sarif_file"] == "coursecheck.sarif"


def test_no_checkout_persists_credentials(workflow: dict[str, Any]) -> None:
    checkouts = [s for s in steps(workflow) if uses(s, "actions/checkout")]
    assert len(checkouts) == 2
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_caches_pip_and_coursecheck_keyed_on_the_course(workflow: dict[str, Any]) -> None:
    job = workflow["jobs"]["check"]
    (python,) = [s for s in job["steps"] if uses(s, "actions/setup-python")]
    assert python["with"]["cache"] == "pip"
    toolchain, results = [s for s in job["steps"] if uses(s, "actions/cache")]
    # Go's caches, coursecheck's Go binaries and the result key: the per-user cache, which
    # platformdirs puts in ~/.cache/coursecheck on a Linux runner, outside the checkout.
    assert toolchain["with"]["path"] == "~/.cache/coursecheck"
    assert "hashFiles('pyproject.toml')" in toolchain["with"]["key"]
    assert results["with"]["path"] == ".coursecheck_cache"  # results only
    assert "hashFiles('course/**')" in results["with"]["key"]


def test_nothing_moves_coursechecks_caches_into_the_checkout(workflow: dict[str, Any]) -> None:
    """Go binaries and the key must not come from the pull request's files (docs/sandbox.md)."""
    moved = {"COURSECHECK_GOCACHE", "XDG_CACHE_HOME", "HOME"}
    for scope in [workflow, *workflow["jobs"].values(), *steps(workflow)]:
        assert not moved & set(scope.get("env", {})), scope


def test_annotations_then_sarif_even_after_a_failure(workflow: dict[str, Any]) -> None:
    runs = [s for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    assert [s["run"] for s in runs] == [
        "python -m pip install .",
        "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",  # docs/sandbox.md
        "coursecheck --format github",
        "coursecheck --format sarif --output-file coursecheck.sarif --exit-zero",
    ]
    assert runs[3]["if"] == "${{ !cancelled() }}"
