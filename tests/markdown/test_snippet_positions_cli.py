"""`coursecheck snippets --check` on a book-like page, and `check` on a course day holding it:
every block at its own line, every GO finding at the exact line and column of a snippet nested
in a list, a quote or `<details>`."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursedir import DAY1, CourseDir

from coursecheck.cli import main

# An indented block (a shell session) before a Go fence, one nested in a quote in a list, one
# indented with a tab in a list inside <details>, and an indented block that ends the file.
PAGE = """Intro.

    $ go run .
    hello

```go
fmt.Println(y)
```

1. Step:

   > Note:
   > ```go
   > x := 1
   > fmt.Println(x, zz)
   > ```

<details>
<summary>More</summary>

- item

  ```go
  \tfmt.Println(qq)
  ```

</details>

    trailing indented
"""

EXPECTED = [
    "page.md:3: - lines 3-4: skipped (a code block with no language)",
    "page.md:6: go lines 7-7: fail (1 finding: GO001)",
    "    page.md:7:13: GO001 undefined: y",
    "page.md:13: go lines 14-15: fail (1 finding: GO001)",
    "    page.md:15:21: GO001 undefined: zz",
    "page.md:23: go lines 24-24: fail (1 finding: GO001)",
    "    page.md:24:16: GO001 undefined: qq",
    "page.md:29: - lines 29-29: skipped (a code block with no language)",
    "",
    "5 blocks in 1 file: 2 skipped, 3 fail",
    "rules: 3 GO001 build-error",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_every_block_and_finding_at_its_line_and_column(
    newline: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    Path("page.md").write_bytes(PAGE.replace("\n", newline).encode())
    assert main(["snippets", "page.md", "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == EXPECTED


def test_check_reports_nested_findings_below_the_front_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    CourseDir(Path("course")).replace(DAY1, "## Overview\n\nText.\n", "## Overview\n\n" + PAGE)
    assert main(["check", "course", "--no-cache", "--select", "GO"]) == 1
    day = f"course/{DAY1}"
    assert capsys.readouterr().out.splitlines()[:3] == [
        f"{day}:20:13: GO001 undefined: y",
        f"{day}:28:21: GO001 undefined: zz",
        f"{day}:37:16: GO001 undefined: qq",
    ]
