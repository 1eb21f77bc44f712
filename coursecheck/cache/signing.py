"""Cached results are signed (HMAC-SHA256) with a key kept in the per-user cache folder, so a
file committed to the project's `.coursecheck_cache` cannot pass for a result: an unsigned or
wrongly signed entry is a miss. Without a usable key nothing is cached (one warning)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

from coursecheck.cache.peruser import user_cache

KEY_NAME = "results.key"
KEY_BYTES = 32
HEADER = b"coursecheck-hmac-sha256 "


class _Keys:
    """One process's keys by path (runs start from two threads)."""

    lock: ClassVar[threading.Lock] = threading.Lock()
    by_path: ClassVar[dict[Path, bytes | None]] = {}


def result_key() -> bytes | None:
    """This user's key, made on first use; None, after one warning, when it is unusable."""
    path = user_cache() / KEY_NAME
    with _Keys.lock:
        if path not in _Keys.by_path:
            _Keys.by_path[path] = _load_or_create(path)
        return _Keys.by_path[path]


def seal(key: bytes, purpose: str, data: bytes) -> bytes:
    return HEADER + _mac(key, purpose, data) + b"\n" + data


def unseal(key: bytes, purpose: str, blob: bytes) -> bytes | None:
    """The signed data, or None when `blob` is not signed with `key` for `purpose`."""
    head, newline, data = blob.partition(b"\n")
    if not newline or not head.startswith(HEADER):
        return None
    return data if hmac.compare_digest(head[len(HEADER) :], _mac(key, purpose, data)) else None


def _mac(key: bytes, purpose: str, data: bytes) -> bytes:
    # The purpose binds an entry to its place: a whole-run entry cannot be served for
    # another run's key, nor a snippet pack as a whole-run entry.
    return hmac.new(key, purpose.encode() + b"\0" + data, hashlib.sha256).hexdigest().encode()


def _load_or_create(path: Path) -> bytes | None:
    try:
        try:
            return _read(path)
        except FileNotFoundError:
            _create(path)
            return _read(path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        logging.getLogger("coursecheck").warning(
            "cannot use the key that signs cached results, %s (%s): results are correct but "
            "not cached",
            path,
            reason,
        )
        return None


def _read(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise ValueError("owned by another user")
        if os.name == "posix" and info.st_mode & 0o077:
            raise ValueError("others may read or write it; it must be mode 0600")
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise ValueError(f"not {KEY_BYTES} bytes")
    return key


def _create(path: Path) -> None:
    """A fresh random key, written to a temporary file (mode 0600, O_EXCL) and linked into
    place, which fails if the key exists: two processes agree on the first key, and no reader
    ever sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs
            os.link(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
