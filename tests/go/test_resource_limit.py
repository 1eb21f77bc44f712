"""GO017 resource-limit: a run or test that meets a sandbox limit is a finding naming it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

CheckText = Callable[..., list[tuple[str, int, int]]]

ALLOCATE = """```go
b := make([]byte, {size})
b[0] = 1
fmt.Println(len(b))
```

```output
{size}
```
"""
TEST = """```go test
package main

import "testing"

func TestAllocate(t *testing.T) {{
	b := make([]byte, {size})
	b[0] = 1
}}
```
"""


def test_a_program_past_the_memory_limit_is_go017(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, ALLOCATE.format(size=1 << 30)) == [("GO017", 1, 1)]


def test_a_program_within_the_limits_is_clean(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, ALLOCATE.format(size=1 << 20)) == []


def test_tests_past_the_memory_limit_are_go017(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, TEST.format(size=1 << 30)) == [("GO017", 1, 1)]


def test_tests_within_the_limits_pass(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, TEST.format(size=1 << 20)) == []
