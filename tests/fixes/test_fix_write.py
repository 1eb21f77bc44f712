"""Atomic, all-or-nothing writes of several files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursecheck.errors import FatalError
from coursecheck.fixes.write import write_atomically


def test_writes_every_file_and_keeps_its_mode(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("old a")
    first.chmod(0o640)
    write_atomically({first: b"new a", second: b"new b"}, tmp_path)
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"new b")
    assert first.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_failure_before_the_renames_changes_nothing(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("old a")
    missing_folder = tmp_path / "no-such-folder" / "b.md"
    with pytest.raises(FatalError, match=f"^cannot write {missing_folder}: No such file"):
        write_atomically({first: b"new a", missing_folder: b"new b"}, tmp_path)
    assert first.read_text() == "old a"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left behind


def test_a_read_only_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    # A rename needs only the folder to be writable (and root may always): the file's own
    # permission is what says it is protected.
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("old a")
    second.write_text("old b")
    second.chmod(0o444)
    with pytest.raises(FatalError, match=f"^cannot write {second}: the file is read-only$"):
        write_atomically({first: b"new a", second: b"new b"}, tmp_path)
    assert (first.read_text(), second.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]
