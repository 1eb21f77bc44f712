"""A block in an external test package (`package foo_test`) is type-checked only by `go vet`,
which says what does not build in plain text, not JSON: read as nothing, such a block was `ok`
whatever it held (a test calling an undefined function, an unused import, an import of a
package that does not exist). One real run."""

from __future__ import annotations

from pathlib import Path

from faultkit import course_with, run_cli

BLOCKS = [
    # (code, the finding expected at its line: (line in the block, column, code, message))
    (
        'package foo_test\n\nimport "testing"\n\nfunc TestX(t *testing.T) { undefinedThing() }',
        (5, 28, "GO001", "undefined: undefinedThing"),
    ),
    ('package foo_test\n\nimport "strings"', (3, 8, "GO001", '"strings" imported and not used')),
    (
        'package foo_test\n\nimport (\n\t"bar/testutil"\n)\n\nvar _ = testutil.X',
        (
            4,
            2,
            "GO013",
            'import "bar/testutil" is not in the standard library; snippets build offline',
        ),
    ),
    ('package foo_test\n\nimport "testing"\n\nfunc TestFine(t *testing.T) {}', None),
]


def _page() -> tuple[str, list[str]]:
    text, expected, line = "# Tests\n\n", [], 3
    for code, finding in BLOCKS:
        text += f"```go\n{code}\n```\n\n"
        if finding is not None:
            at, column, rule, message = finding
            expected.append(f"page.md:{line + at}:{column}: {rule} {message}")
        line += code.count("\n") + 4
    return text, expected


def test_what_vet_cannot_type_check_is_a_build_error(tmp_path: Path) -> None:
    text, expected = _page()
    root = course_with(tmp_path / "book", text)
    done = run_cli(["snippets", "--check", "page.md", "--no-cache"], root, tmp_path / "cache")
    found = [line.strip() for line in done.stdout.splitlines() if line.startswith("    page.md:")]
    assert (done.returncode, found) == (1, expected), done.stdout + done.stderr
    assert "go lines 28-32: ok" in done.stdout, done.stdout
