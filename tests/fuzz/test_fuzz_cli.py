"""Property: no input crashes coursecheck. Every generated course gets findings (exit 0 or 1)
or a one-line exit-2 error naming a file, never `internal error` nor a Python warning; output
is valid UTF-8; a warm run (from the result cache) says exactly what the cold run said; the
fixers (`--diff`), `status`, `advance` and `new-day` survive it too.

A short, derandomized run is part of `pytest`. A long run on demand:

    COURSECHECK_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/fuzz -p no:cacheprovider

It draws fresh examples and keeps failing ones in `.hypothesis/` so a rerun replays them
first. Every crash it finds becomes an explicit example in tests/test_no_crash.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import course_parts as parts
import pytest
from coursedir import DAY1, DAY2, DAY3, DAYS, HUB, HUB_TEXT, MANIFEST_TEXT, module_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coursecheck.cli import main

Layout = tuple[tuple[str, str], ...] | list[tuple[str, str]]
LONG_RUN = int(os.environ.get("COURSECHECK_FUZZ_EXAMPLES", "0"))
FAST = ["--ignore", "GO"]
# The GO codes decided before any build: fence attributes, unclosed fences, output blocks.
NO_TOOLCHAIN = ["--select", "GO009", "--select", "GO010", "--select", "GO011"]
NO_TOOLCHAIN += ["--select", "GO014", "--select", "GO015"]
FORMATS = ["text", "json", "sarif", "junit", "github"]
# Crashes found before (and by) the harness, replayed on every run as explicit examples.
DEEP = "[" * 5000 + "]" * 5000
DIGITS = "1" * 5000
MANIFEST_DAYS = MANIFEST_TEXT.replace("days: 3", "days: 300000000000")
MANIFEST_WEEK = MANIFEST_TEXT.replace("last_day: 3}", "last_day: 300000000000}")
FRONT = "day: 1\ntitle: First Steps\nweek: 1\nstatus: published\nsummary: S.\ntags: [go]"


def fuzz_settings(examples: int) -> settings:
    if LONG_RUN:
        return settings(max_examples=LONG_RUN, deadline=None, print_blob=True)
    # Derandomized and without a database: CI sees the same examples on every run.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@contextlib.contextmanager
def _course(files: dict[str, bytes], layout: Layout = ()) -> Iterator[Path]:
    """The minimal clean course with `files` laid over it and `layout` done to it, as the
    working directory."""
    with tempfile.TemporaryDirectory(prefix="coursecheck-fuzz-") as folder:
        root = Path(folder) / "course"
        defaults = {"course.yaml": MANIFEST_TEXT, HUB: HUB_TEXT}
        defaults |= {name: module_text(*fields) for name, fields in DAYS.items()}
        for name, text in defaults.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        for name, data in files.items():
            (root / name).write_bytes(data)
        for change, name in layout:
            with contextlib.suppress(OSError):  # `days` may be a file by now: nothing to do
                LAYOUT_CHANGES[change](root / name)
        before = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(before)


def _run(args: list[str]) -> tuple[int, str, str]:
    """`coursecheck ARGS` in-process, checked for what no input may cause."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        code = main(args)
    stdout, stderr = out.getvalue(), err.getvalue()
    assert "internal error" not in stderr, stderr
    assert [str(w.message) for w in caught] == []  # the CLI would print them on stderr
    if code == 2:
        assert stderr.startswith("coursecheck: error: ") and stderr.count("\n") == 1, stderr
    else:
        assert code in (0, 1), (code, stderr)
    stdout.encode("utf-8")  # strict: no lone surrogate in any output
    stderr.encode("utf-8")
    return code, stdout, stderr


def assert_no_crash(
    files: dict[str, bytes], select: list[str], output: str, layout: Layout = ()
) -> None:
    with _course(files, layout) as root:
        os.environ["COURSECHECK_CACHE_DIR"] = str(root.parent / "cache")
        args = ["check", ".", "--format", output, *select]
        cold = _run(args)
        assert _run(args) == cold  # warm: served from the result cache, or the same anyway
        _run(["check", ".", "--diff", *select])
        _run(["status", ".", "--skip-go"])
        # The commands that write, last: they may change the course.
        _run(["advance", ".", "--skip-go"])
        _run(["new-day", "Maps & <b>[x](y)</b>", "--week", "2", ".", "--skip-go"])


def _replace(path: Path, make: Callable[[Path], None]) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    make(path)


# What can happen to a course's files: gone, a folder, a symlink loop, a dangling symlink,
# a named pipe (reading it would block), an unreadable name.
LAYOUT_CHANGES: dict[str, Callable[[Path], None]] = {
    "delete": lambda path: _replace(path, lambda _: None),
    "folder": lambda path: _replace(path, Path.mkdir),
    "loop": lambda path: _replace(path, lambda p: p.symlink_to(p.name)),
    "dangling": lambda path: _replace(path, lambda p: p.symlink_to("missing.md")),
    "to-parent": lambda path: _replace(path, lambda p: p.symlink_to("..")),
    "fifo": lambda path: _replace(path, os.mkfifo),
}
layouts = st.lists(
    st.tuples(
        st.sampled_from(sorted(LAYOUT_CHANGES)),
        st.sampled_from(["course.yaml", HUB, "days", DAY1, DAY2, DAY3, "days/day-04-x.md"]),
    ),
    min_size=1,
    max_size=3,
)


@pytest.fixture(autouse=True)
def _own_cache_dir() -> Iterator[None]:
    saved = os.environ.get("COURSECHECK_CACHE_DIR")
    yield
    if saved is None:
        os.environ.pop("COURSECHECK_CACHE_DIR", None)
    else:
        os.environ["COURSECHECK_CACHE_DIR"] = saved


@fuzz_settings(25)
@given(parts.hub(), parts.encodings, st.sampled_from(FORMATS))
@example(HUB_TEXT.replace("Day 01:", f"Day {DIGITS}:"), "utf-8", "text")
@example(HUB_TEXT.replace("Week 1:", f"Week {DIGITS}:"), "utf-8", "json")
@example(HUB_TEXT.replace("3-Day", f"{DIGITS}-Day"), "utf-8", "sarif")
@example("\r0\n" + HUB_TEXT, "utf-8", "text")
def test_the_hub_page(text: str, how: str, output: str) -> None:
    assert_no_crash({HUB: parts.encode(text, how)}, FAST, output)


@fuzz_settings(25)
@given(parts.manifest, parts.encodings, st.sampled_from(FORMATS))
@example(
    MANIFEST_TEXT.replace("required_sections:", f"x: {DEEP}\nrequired_sections:"), "utf-8", "text"
)
@example(MANIFEST_TEXT.replace("days: 3", f"days: {DIGITS}"), "utf-8", "json")
@example(MANIFEST_TEXT.replace("title: Mini Go", 'title: "Mini\\ud800Go"'), "utf-8", "sarif")
@example(MANIFEST_DAYS, "utf-8", "text")
@example(MANIFEST_WEEK, "utf-8", "text")
def test_the_manifest(text: str, how: str, output: str) -> None:
    assert_no_crash({"course.yaml": parts.encode(text + "\n", how)}, FAST, output)


@fuzz_settings(25)
@given(parts.front_matter, st.sampled_from([DAY1, DAY2, DAY3]), st.sampled_from(FORMATS))
@example(FRONT.replace("[go]", DEEP), DAY1, "text")
@example(FRONT.replace("day: 1", f"day: {DIGITS}"), DAY1, "json")
@example(FRONT.replace("First Steps", '"First\\ud800Steps"'), DAY1, "junit")
@example(FRONT + '\n"\\udc00x": 1', DAY1, "github")
@example(FRONT.replace("[go]", "[&a go]") + "\nestimated_minutes: &a 30", DAY1, "text")
def test_front_matter(text: str, name: str, output: str) -> None:
    body = "\n# First Steps\n\n## Overview\n\nText.\n\n## Exercises\n\n1. Do it.\n"
    assert_no_crash(
        {name: f"---\n{text}\n---\n{body}".encode("utf-8", "surrogatepass")}, FAST, output
    )


@fuzz_settings(25)
@given(parts.module_body(), parts.encodings, st.sampled_from(FORMATS))
@example(">" * 5000 + " deep\n", "utf-8", "text")
@example("[" * 3000 + "x" + "](y.md)" * 3000 + "\n", "surrogatepass", "json")
@example("See [a](x%00y.md) and [b](days%00/x.md#a).\n", "utf-8", "text")
def test_markdown_bodies(body: str, how: str, output: str) -> None:
    front = module_text(*DAYS[DAY1]).split("\n# ", 1)[0]
    assert_no_crash({DAY1: parts.encode(f"{front}\n{body}", how)}, FAST, output)


@fuzz_settings(25)
@given(st.lists(parts.fence(), min_size=1, max_size=4), st.sampled_from(FORMATS))
@example([f"```go timeout={DIGITS}s\nfmt.Println(1)\n```"], "text")
@example(['```go ignore="\\ud800 \\" test=3,,continue\nx := 1'], "json")
def test_fence_info_strings(fences: list[str], output: str) -> None:
    front = module_text(*DAYS[DAY2]).rsplit("\n1. Do it.", 1)[0]
    page = front + "\n1. Do it.\n\n" + "\n\n".join(fences) + "\n"
    assert_no_crash({DAY2: page.encode("utf-8", "surrogatepass")}, NO_TOOLCHAIN, output)


@fuzz_settings(25)
@given(layouts, st.sampled_from(FORMATS))
def test_the_layout_of_files(layout: list[tuple[str, str]], output: str) -> None:
    assert_no_crash({}, FAST, output, layout)


# Explicit regression examples: inputs that stopped the CLI with an internal error or lost a
# finding (review of main, defect 10). Each ends in a finding or in one line naming the file.
DEEP_TOML = "[" * 3000 + "]" * 3000  # tomllib recurses once per level
LONG = "a" * 5000  # past NAME_MAX (255) and PATH_MAX (4096): ENAMETOOLONG


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        pytest.param(
            {"pyproject.toml": f"[tool.coursecheck]\nselect = {DEEP_TOML}\n"},
            ["check", "."],
            (2, "pyproject.toml: cannot read configuration: arrays or inline tables nest too"),
            id="pyproject-select-nested-3000-deep",
        ),
        pytest.param(
            {"pyproject.toml": f'[tool.coursecheck]\ncourse = "{LONG}"\n'},
            ["check"],
            (2, f"pyproject.toml: [tool.coursecheck] course = {LONG[:80]}... (5000 characters)"),
            id="pyproject-course-of-5000-characters",
        ),
        pytest.param(
            {},
            ["check", LONG],
            (2, f"{LONG[:80]}... (5000 characters): cannot look for pyproject.toml: File name"),
            id="path-argument-of-5000-characters",
        ),
        pytest.param(
            {HUB: HUB_TEXT.replace("3-Day", f"{DIGITS}-Day")},
            ["check", ".", *FAST],
            (1, f"{HUB}:2:7: RM009 the hub claims a 5000-digit number of days but the roadmap"),
            id="hub-claim-of-5000-digits",
        ),
    ],
)
def test_explicit_regressions(
    files: dict[str, str], args: list[str], expected: tuple[int, str]
) -> None:
    with _course({name: text.encode() for name, text in files.items()}) as root:
        os.environ["COURSECHECK_CACHE_DIR"] = str(root.parent / "cache")
        code, stdout, stderr = _run(args)
    want_code, want_text = expected
    assert code == want_code, (code, stdout, stderr)
    assert want_text in (stderr if code == 2 else stdout), (stdout, stderr)
