"""The one definition of the toolchain a result was computed with, and of content keys."""

from __future__ import annotations

import hashlib
import json

from coursecheck.snippets.toolchain import find_go


def toolchain_identity() -> str:
    """The Go binary in use (the pinned one, or COURSECHECK_GO's) and its version, read from
    its GOROOT without starting Go: another toolchain, or the same path upgraded, is a miss."""
    go = find_go()
    return f"{go.binary} {go.version}" if go else "no-go"


def digest(*parts: object) -> str:
    """A content key: the SHA-256 of the parts as canonical JSON."""
    data = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode()).hexdigest()
