"""One unit's initialisation never changes another unit's verdict, and units that clash only
in the shared link each get their true verdict (review defects 2 and 6), through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import codes_at, course_with, run_cli

INNOCENT = '```go\nfmt.Println("hi")\n```\n\n```output\nhi\n```\n'
BROKEN_TEST = (
    '```go test\npackage m\n\nimport "testing"\n\n'
    'func TestBroken(t *testing.T) { t.Fatal("really broken") }\n```\n'
)
PASSING_TEST = '```go test\npackage m\n\nimport "testing"\n\nfunc TestFine(t *testing.T) {}\n```\n'
# A fragment whose package-level initialiser runs at start-up, its expected output, and its
# own verdict in a binary of its own: None, or (where, code) of its finding.
INITS: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "exit0": (
        'var _ = func() int { os.Exit(0); return 0 }()\n\nfmt.Println("never")',
        "never",
        ("never\n```", "GO004"),
    ),
    "prints": ('var _, _ = os.Stdout.WriteString("X")\n\nfmt.Println("me")', "Xme", None),
    "panics": ('var bad = regexp.MustCompile("(")\n\nfmt.Println(bad)', "(", ("(\n```", "GO004")),
    "allocates": (
        'var big = strings.Repeat("x", 600<<20)\n\nfmt.Println(len(big))',
        "629145600",
        ("```go\nvar big", "GO017"),
    ),
}


def _at(text: str, marker: str, code: str) -> str:
    """`page.md:LINE:1: CODE` for a finding at the line where `marker` starts."""
    return f"page.md:{text[: text.index(marker)].count(chr(10)) + 1}:1: {code}"


def _verdicts(stdout: str) -> list[str]:
    return sorted(set(codes_at(stdout)))  # `snippets --check` lists a finding per block


def _page(init: str, output: str) -> str:
    culprit = f"```go\n{init}\n```\n\n```output\n{output}\n```\n"
    return "\n".join([INNOCENT, BROKEN_TEST, culprit, PASSING_TEST, INNOCENT])


@pytest.mark.parametrize("name", sorted(INITS))
def test_a_units_initialisation_changes_no_other_verdict(tmp_path: Path, name: str) -> None:
    init, output, own = INITS[name]
    text = _page(init, output)
    root = course_with(tmp_path / "course", text)
    done = run_cli(["snippets", "--check", "page.md"], root, tmp_path / "cache")
    assert done.returncode == 1, done.stderr
    expected = [_at(text, "func TestBroken", "GO007")]
    if own is not None:
        expected.append(_at(text, *own))
    assert _verdicts(done.stdout) == sorted(expected), done.stdout


def test_units_that_clash_only_in_the_shared_link_get_their_verdicts(tmp_path: Path) -> None:
    """/tmp/review/iso6: two programs define the same linkname symbol; each builds alone."""
    clash = (
        '```go\npackage main\n\nimport (\n\t"fmt"\n\t_ "unsafe"\n)\n\n'
        "//go:linkname shared evil.shared\nfunc shared() int {{ return {n} }}\n\n"
        "func main() {{ fmt.Println(shared()) }}\n```\n\n```output\n{out}\n```\n"
    )
    wrong = "```go\nfmt.Println(7)\n```\n\n```output\n8\n```\n"
    text = "\n".join([INNOCENT, clash.format(n=1, out=1), clash.format(n=2, out=3), wrong])
    root = course_with(tmp_path / "course", text)
    done = run_cli(["snippets", "--check", "page.md"], root, tmp_path / "cache")
    assert done.returncode == 1, done.stderr
    assert _verdicts(done.stdout) == [
        _at(text, "3\n```", "GO004"),
        _at(text, "8\n```", "GO004"),
    ], done.stdout
