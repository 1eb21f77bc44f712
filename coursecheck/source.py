"""Reading course files once, keeping both the bytes and the decoded text."""

from __future__ import annotations

import bisect
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class SourceFile:
    """A file as read from disk. `text` is None when it could not be read or decoded."""

    path: Path
    raw: bytes
    text: str | None
    read_error: str | None = None
    decode_error: UnicodeDecodeError | None = None
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return self.text is not None

    @property
    def lines(self) -> list[str]:
        """Lines without their endings (a trailing '\\r' of CRLF stripped too)."""
        if self.text is None:
            return []
        return [line.rstrip("\r") for line in self.text.split("\n")]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into `text`."""
        if not self._line_starts and self.text is not None:
            self._line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1


def read_source(path: Path) -> SourceFile:
    try:
        info = path.stat()
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode) or stat.S_ISCHR(info.st_mode):
            # Reading a named pipe or a device would wait forever, not fail.
            return SourceFile(path, b"", None, read_error="not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return SourceFile(path, b"", None, read_error=f"larger than {MAX_FILE_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        return SourceFile(path, b"", None, read_error=exc.strerror or str(exc))
    return decode_source(path, raw)


def decode_source(path: Path, raw: bytes) -> SourceFile:
    """A file from bytes already in hand (`--fix` checks its pending edits this way)."""
    if b"\x00" in raw:
        return SourceFile(path, raw, None, read_error="binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceFile(path, raw, None, decode_error=exc)
    return SourceFile(path, raw, text.removeprefix("\ufeff"))
