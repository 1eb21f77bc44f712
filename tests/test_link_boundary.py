"""Link checks stay inside the repository: what exists outside it is never revealed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from coursedir import DAY1, CourseDir
from fixturecourse import run_in

LEAVES = "leaves the repository; links are checked only inside it"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[CourseDir, Path]:
    """A repository (its `.git`) holding the course, and a folder beside it with a secret."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\n## Launch Codes\n")
    return CourseDir(tmp_path / "repo" / "course"), outside


Links = Callable[[CourseDir, str], list[str]]


@pytest.fixture
def links(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Links:
    """The LK findings of the course once DAY1 holds `text`."""

    def check(course: CourseDir, text: str) -> list[str]:
        course.replace(DAY1, "Text.", text)
        args = ["check", ".", "--select", "LK", "--no-cache"]
        run = run_in(course.root, args, capsys, monkeypatch)
        assert run.stderr == ""
        return [line.split(": ", 1)[1] for line in run.stdout.splitlines() if ": LK" in line]

    return check


def test_a_file_outside_is_reported_the_same_whether_it_exists_or_not(
    layout: tuple[CourseDir, Path], links: Links
) -> None:
    course, _ = layout
    found = links(
        course,
        "[a](../../../outside/secret.md) [b](../../../outside/nothing.md) "
        "[c](../../../outside/secret.md#launch-code)",
    )
    assert found == [
        f"LK001 '../../../outside/secret.md' {LEAVES}",
        f"LK001 '../../../outside/nothing.md' {LEAVES}",
        f"LK001 '../../../outside/secret.md' {LEAVES}",
    ]
    assert not any("launch" in line.split("'")[2] for line in found)  # no heading quoted


def test_a_symlink_inside_the_repository_to_outside_leaves_it(
    layout: tuple[CourseDir, Path], links: Links
) -> None:
    course, outside = layout
    (course.root / "days" / "door").symlink_to(outside)
    found = links(course, "[a](door/secret.md#launch-code) [b](door/none.md)")
    assert found == [f"LK001 'door/secret.md' {LEAVES}", f"LK001 'door/none.md' {LEAVES}"]


def test_inside_the_repository_but_outside_the_course_is_checked(
    layout: tuple[CourseDir, Path], links: Links
) -> None:
    course, _ = layout
    (course.root.parent / "NOTES.md").write_text("# Notes\n\n## Plan\n")
    found = links(
        course,
        "[a](../../NOTES.md#plan) [b](../../NOTES.md#plans) [c](/NOTES.md) [d](/etc/hostname)",
    )
    assert found == [
        "LK002 no heading in 'NOTES.md' has the anchor '#plans'; did you mean '#plan'?",
        "LK001 '/etc/hostname' does not exist",  # from the repository's top, as on GitHub
    ]


@pytest.mark.parametrize("marker", ["pyproject.toml", None])
def test_without_git_the_boundary_is_pyproject_else_the_course(
    tmp_path: Path, links: Links, marker: str | None
) -> None:
    if marker:
        (tmp_path / "project").mkdir()
        (tmp_path / "project" / marker).write_text("")
    course = CourseDir(tmp_path / "project" / "course")
    (tmp_path / "project" / "NOTES.md").write_text("# Notes\n")
    found = links(course, "[a](../../NOTES.md)")
    assert found == ([] if marker else [f"LK001 '../../NOTES.md' {LEAVES}"])
