"""Cache files as coursecheck reads them: verified with this session's result key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coursecheck.cache.signing import result_key, seal, unseal
from coursecheck.cache.snippet_verdicts import PURPOSE as PACK


def run_purpose(entry: Path) -> str:
    return f"whole run {entry.stem}"


def read_signed(path: Path, purpose: str) -> Any:
    """The JSON in a cache file, asserting it is signed with the session's key."""
    key = result_key()
    assert key is not None, "the session has no result key"
    data = unseal(key, purpose, path.read_bytes())
    assert data is not None, f"{path} is not signed for {purpose!r}"
    return json.loads(data)


def seal_bytes(data: bytes, purpose: str) -> bytes:
    key = result_key()
    assert key is not None, "the session has no result key"
    return seal(key, purpose, data)


__all__ = ["PACK", "read_signed", "run_purpose", "seal_bytes"]
