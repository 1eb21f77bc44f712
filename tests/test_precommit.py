"""The pre-commit hook, for real: `pre-commit try-repo` against this checkout, in a course repo.

try-repo only sees committed, staged and modified tracked files, so a new file in the working
tree would be missed, and staging it would change the developer's index. The hook repository
is therefore a snapshot of the working tree (tracked and untracked, minus what git ignores)
committed into a temporary repository: the same files a commit would hold. try-repo builds
the hook's virtual environment with pip (PyPI must be reachable), once per call.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "tests" / "fixtures" / "clean"
HOOK = "coursecheck"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SKIP_PARTS = {".git", ".venv", "venv", "__pycache__", ".coursecheck_cache", ".mypy_cache"}
SKIP_PARTS |= {".ruff_cache", ".pytest_cache", "build", "dist"}
IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}
# Variables that would change what the hook prints (GitHub detection, colour).
AMBIENT = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR", "NO_COLOR", "PRE_COMMIT")


def _tool(name: str, install: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed; {install}", pytrace=False)
    return found


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    _tool("git", "install git")
    environ = {k: v for k, v in os.environ.items() if k not in AMBIENT}
    # One pre-commit home for the session, never the developer's ~/.cache/pre-commit.
    environ["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    return environ | IDENTITY


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for relative in _working_tree_files():
        target = snapshot / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    _commit(snapshot, env)
    return snapshot


def _working_tree_files() -> list[str]:
    if (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [p for p in listed.split("\0") if p and (ROOT / p).is_file()]
    return [
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*")
        if p.is_file() and not SKIP_PARTS.intersection(p.relative_to(ROOT).parts)
    ]


def _commit(repo: Path, env: dict[str, str]) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def course_repo(tmp_path: Path, env: dict[str, str]) -> Iterator[Path]:
    """A course repository: the clean fixture course in course/, and a file that is not course."""
    repo = tmp_path / "course-repo"
    shutil.copytree(CLEAN, repo / "course")
    (repo / "notes.txt").write_text("not part of the course\n", encoding="utf-8")
    _commit(repo, env)
    yield repo


def _try_repo(
    repo: Path, hook_repo: Path, env: dict[str, str], *extra: str, color: str = "never"
) -> tuple[int, str]:
    pre_commit = _tool("pre-commit", "pip install -e '.[test]' (or: pip install pre-commit)")
    before = _tree_state(repo, env)
    done = subprocess.run(
        [pre_commit, "try-repo", str(hook_repo), HOOK, "--color", color, *extra],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert _tree_state(repo, env) == before, "the hook modified the course repository"
    return done.returncode, done.stdout + done.stderr


def _tree_state(repo: Path, env: dict[str, str]) -> tuple[dict[str, str], str]:
    """Every file's hash outside .git and the cache (git-ignored by its own .gitignore), and
    what `git status` says, which also proves the cache stays invisible to git."""
    hashes = {
        p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and not {".git", ".coursecheck_cache"} & set(p.relative_to(repo).parts)
    }
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return hashes, status


def _stage(repo: Path, env: dict[str, str], *paths: str) -> None:
    subprocess.run(["git", "add", *paths], cwd=repo, env=env, check=True)


def test_the_manifest_is_valid_and_what_the_issue_asks() -> None:
    pre_commit = _tool("pre-commit", "pip install -e '.[test]' (or: pip install pre-commit)")
    manifest = ROOT / ".pre-commit-hooks.yaml"
    done = subprocess.run(
        [pre_commit, "validate-manifest", str(manifest)], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    (hook,) = YAML(typ="safe").load(manifest.read_text(encoding="utf-8"))
    assert hook["id"] == HOOK and hook["entry"] == "coursecheck"
    assert (hook["language"], hook["pass_filenames"], hook["require_serial"]) == (
        "python",
        False,
        True,
    )
    assert hook["stages"] == ["pre-commit", "pre-push", "manual"]
    assert "minimum_pre_commit_version" in hook


def test_the_repository_config_is_valid_and_offline() -> None:
    pre_commit = _tool("pre-commit", "pip install -e '.[test]' (or: pip install pre-commit)")
    config = ROOT / ".pre-commit-config.yaml"
    done = subprocess.run([pre_commit, "validate-config", str(config)], capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    repos = YAML(typ="safe").load(config.read_text(encoding="utf-8"))["repos"]
    assert {repo["repo"] for repo in repos} == {"local"}, "CI cannot clone hooks from GitHub"


def test_passed_on_a_clean_course(course_repo: Path, hook_repo: Path, env: dict[str, str]) -> None:
    code, output = _try_repo(course_repo, hook_repo, env, "--all-files")
    assert code == 0, output
    assert "\ncoursecheck....." in output and output.rstrip().endswith("Passed")


def test_failed_with_the_diagnostic_on_a_broken_course(
    course_repo: Path, hook_repo: Path, env: dict[str, str]
) -> None:
    readme = course_repo / "course" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("🚀", "ðŸš€"), encoding="utf-8")
    _stage(course_repo, env, "course/README.md")
    # With colour on, pre-commit runs the hook in a pseudo-terminal, as on a developer's commit.
    code, raw = _try_repo(course_repo, hook_repo, env, color="always")
    output = ANSI.sub("", raw).replace("\r\n", "\n")
    assert code == 1, output
    assert "\r" not in output, "the hook drew a progress animation inside pre-commit"
    assert "coursecheck: building" not in output
    assert "Failed\n- hook id: coursecheck\n- exit code: 1\n" in output
    assert (
        "course/README.md:1:3: EN004 [*] mojibake 'ðŸš€' should read '🚀' "
        "(UTF-8 decoded as Windows-1252)\n\nFound 1 error in 1 file. (1 fixable with --fix)\n"
    ) in output


def test_skipped_when_no_course_file_changed(
    course_repo: Path, hook_repo: Path, env: dict[str, str]
) -> None:
    (course_repo / "notes.txt").write_text("still not the course\n", encoding="utf-8")
    _stage(course_repo, env, "notes.txt")
    code, output = _try_repo(course_repo, hook_repo, env)
    assert code == 0, output
    assert output.rstrip().endswith("(no files to check)Skipped")


def test_the_readme_shows_every_hook_and_the_workflow() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "## Use it in your course repository" in readme
    for hook in hooks:
        assert f"- id: {hook['id']}\n" in readme
    assert "(.github/workflows/coursecheck.yml)" in readme
