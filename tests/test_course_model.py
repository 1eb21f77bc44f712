"""The course model owns every page, the roadmap index, the CURRENT day and the statuses.

Each bug the one model fixes is reproduced here on a real course on disk, through the command
line: a GO003 finding on a page that is neither the hub nor a module was shown fixable and
`--fix` left it; links on such a page were never checked; `status` read the statuses from the
front matter and disagreed with the roadmap.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturecourse import Run, materialize, run_in

from coursecheck.course import load_course
from coursecheck.models import Status

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = "glossary.md"
DAY4 = "days/day-04-errors-are-values.md"
UNFORMATTED = "\n```go\nx:=1\nfmt.Println(x)\n```\n"
FORMATTED = "\n```go\nx := 1\nfmt.Println(x)\n```\n"


def _course(tmp_path: Path) -> Path:
    return materialize(None, tmp_path / "course")


def _unmarked(tmp_path: Path) -> Path:
    """The clean course with no day marked CURRENT."""
    course = _course(tmp_path)
    hub = course / "README.md"
    hub.write_text(hub.read_text().replace("CURRENT: ", ""))
    return course


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_fix_repairs_gofmt_on_a_page_that_is_no_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    glossary = course / GLOSSARY
    clean = glossary.read_text()
    _append(glossary, UNFORMATTED)
    before = run_in(course, ["check", "--no-cache", "."], capsys, monkeypatch)
    assert before.stdout.startswith('glossary.md:7:1: GO003 [*] not gofmt-clean: gofmt writes "x')
    fixed = run_in(course, ["check", "--fix", "."], capsys, monkeypatch)
    assert fixed == Run(0, "All checks passed! (7 files checked)\n", "Fixed 1 finding in 1 file.\n")
    assert glossary.read_text() == clean + FORMATTED


def test_links_on_every_page_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    _append(course / GLOSSARY, "\nSee [day five](days/day-05-missing.md).\n")
    run = run_in(course, ["check", "--no-cache", "--ignore", "GO", "."], capsys, monkeypatch)
    assert run == Run(
        1,
        "glossary.md:6:16: LK001 'days/day-05-missing.md' does not exist\n\n"
        "Found 1 error in 1 file.\n",
        "",
    )


def test_front_matter_of_any_page_is_blanked_and_lines_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    glossary = course / GLOSSARY
    glossary.write_text("---\ntitle: Glossary\n---\n" + glossary.read_text() + UNFORMATTED)
    run = run_in(course, ["check", "--no-cache", "--select", "GO003", "."], capsys, monkeypatch)
    assert run.stdout.startswith("glossary.md:10:1: GO003 [*] ")
    pages = load_course(course).pages()
    assert [page.path.relative_to(course).as_posix() for page in pages] == [
        "README.md",
        "days/day-01-first-steps.md",
        "days/day-02-values-types.md",
        "days/day-03-slices-maps.md",
        DAY4,
        GLOSSARY,
    ]
    glossary_doc = pages[-1].doc
    assert glossary_doc is not None
    blocks = [(t["type"], t["_line"]) for t in glossary_doc.tokens if t["type"] != "blank_line"]
    assert blocks[0] == ("heading", 4)  # not the YAML as a setext heading


def test_hidden_folders_hold_no_pages(tmp_path: Path) -> None:
    course = _course(tmp_path)
    (course / ".github").mkdir()
    (course / ".github" / "PULL_REQUEST_TEMPLATE.md").write_text("# Template\n")
    (course / "notes.markdown").write_text("# Notes\n")
    extras = [page.path.name for page in load_course(course).extras]
    assert extras == [GLOSSARY, "notes.markdown"]


def test_status_shows_the_roadmap_statuses_not_the_front_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    day4 = course / DAY4
    day4.write_text(day4.read_text().replace("status: upcoming", "status: current"))
    run = run_in(course, ["status", ".", "--skip-go"], capsys, monkeypatch)
    assert run.exit_code == 0
    assert run.stdout.startswith("Tiny Go: 4 days, CURRENT is Day 3.\n")
    assert "\n03   current    Slices & Maps " in run.stdout
    assert "\n04   upcoming   Errors Are Values " in run.stdout


def test_status_without_a_single_current_day_claims_no_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _unmarked(tmp_path)
    run = run_in(course, ["status", ".", "--skip-go"], capsys, monkeypatch)
    assert run.stdout.startswith("Tiny Go: 4 days, no single CURRENT day.\n")
    assert "\n03   unknown  Slices & Maps " in run.stdout


@pytest.mark.parametrize(
    ("marked", "day", "status"),
    [
        ([3], 1, Status.PUBLISHED),
        ([3], 3, Status.CURRENT),
        ([3], 4, Status.UPCOMING),
        ([1], 2, Status.UPCOMING),
        ([4], 3, Status.PUBLISHED),
        ([], 3, None),
        ([2, 3], 1, None),
    ],
)
def test_status_of_a_day_follows_the_marker(
    tmp_path: Path, marked: list[int], day: int, status: Status | None
) -> None:
    course = _course(tmp_path)
    hub = course / "README.md"
    lines = hub.read_text().replace("CURRENT: ", "").split("\n")
    for number in marked:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"* **Day 0{number}:** "))
        lines[at] = lines[at].replace(":** ", ":** CURRENT: ", 1)
    hub.write_text("\n".join(lines))
    model = load_course(course)
    assert model.status_of(day) == status
    assert model.current_day == (marked[0] if len(marked) == 1 else None)


def test_the_index_is_built_once_when_the_course_loads(tmp_path: Path) -> None:
    model = load_course(_course(tmp_path))
    assert model.index is not None
    assert [m.module.path.name for m in model.index.matches if m.module] == [
        "day-01-first-steps.md",
        "day-02-values-types.md",
        "day-03-slices-maps.md",
        "day-04-errors-are-values.md",
    ]
    for package in ("rules", "fixes", "workflow"):
        for path in sorted((ROOT / "coursecheck" / package).glob("*.py")):
            assert "build_index" not in path.read_text(), f"{path.name} rebuilds the index"


def test_snippets_reads_a_page_as_the_course_model_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page opening with a thematic break and no front matter: `snippets` blanked it whole.
    page = tmp_path / "notes.md"
    page.write_text("---\n\nIntro.\n\n```go\nfmt.Println(1)\n```\n")
    run = run_in(tmp_path, ["snippets", "notes.md"], capsys, monkeypatch)
    assert run == Run(0, "notes.md:5: go lines 6-6\n\n1 block in 1 file\n", "")


def test_new_day_takes_its_status_from_the_roadmap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    args = ["new-day", "Closures", "--week", "2", "--skip-go", "."]
    assert run_in(course, args, capsys, monkeypatch).exit_code == 0
    assert "\nstatus: upcoming\n" in (course / "days" / "day-05-closures.md").read_text()


def test_new_day_refuses_when_the_roadmap_decides_no_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _unmarked(tmp_path)
    (course / "pyproject.toml").write_text('[tool.coursecheck]\nignore = ["CU"]\n')
    run = run_in(
        course, ["new-day", "Closures", "--week", "2", "--skip-go", "."], capsys, monkeypatch
    )
    assert run == Run(
        2,
        "",
        "coursecheck: error: the roadmap marks no single day CURRENT: the new day's status is "
        "unknown\n",
    )
    assert not (course / "days" / "day-05-closures.md").exists()


def test_a_markdown_page_of_any_suffix_is_checked_and_suppressible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path)
    notes = course / "notes.markdown"
    notes.write_text("# Notes\n\n[gone](gone.md)\n\n[also gone](gone.md)\n")
    args = ["check", "--no-cache", "--ignore", "GO", "."]
    assert run_in(course, args, capsys, monkeypatch).stdout.startswith(
        "notes.markdown:3:8: LK001 'gone.md' does not exist\n"
        "notes.markdown:5:13: LK001 'gone.md' does not exist\n"
    )
    notes.write_text(
        notes.read_text().replace("[gone]", "<!-- coursecheck: ignore[LK001] gone -->\n[gone]")
    )
    run = run_in(course, args, capsys, monkeypatch)
    assert run.stdout.startswith("notes.markdown:6:13: LK001 'gone.md' does not exist\n\n")
