"""coursecheck's cache directory: results by content hash, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from coursecheck.cachedir import atomic_write, cache_root, unwritable
from coursecheck.snippets.shapes import valid_result

GO_CACHE_VAR = "COURSECHECK_GOCACHE"


def go_cache_root() -> Path:
    """The GO family's part of coursecheck's cache folder (which honours COURSECHECK_CACHE_DIR
    and carries CACHEDIR.TAG and a .gitignore of *)."""
    return cache_root().resolve() / "go"


def toolchain_cache() -> Path:
    """Go's own build cache and the helper: a user may share them between projects."""
    explicit = os.environ.get(GO_CACHE_VAR)
    return Path(explicit).resolve() if explicit else go_cache_root() / "toolchain"


def digest(*parts: object) -> str:
    data = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class ResultCache:
    """Results by key, in pack files: each run adds one pack (one atomic write, however many
    results), so a cold run of a thousand snippets does not create a thousand files. Readers
    merge every pack. Anything read is checked: an unreadable or corrupt pack, or an entry
    of the wrong shape, is a miss. A pack that cannot be written is a warning: the run's
    results stand, they are just not kept."""

    def __init__(self, directory: Path, enabled: bool) -> None:
        self.directory = directory
        self.enabled = enabled
        self._loaded: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}

    @property
    def packs(self) -> Path:
        return self.directory / "results"

    def _load(self) -> dict[str, Any]:
        if self._loaded is None:
            self._loaded = {}
            for pack in _pack_files(self.packs):
                self._loaded.update(_read_pack(pack))
        return self._loaded

    def get(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        value = self._load().get(f"{kind}:{key}")
        return value if value is not None and valid_result(kind, value) else None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            self._new[f"{kind}:{key}"] = value

    def flush(self) -> None:
        if not self.enabled or not self._new:
            return
        data = _encode(self._new)
        try:
            atomic_write(self.packs / f"{hashlib.sha256(data).hexdigest()[:24]}.json", data)
            self._load().update(self._new)
            existing = _pack_files(self.packs)
            if len(existing) > MAX_PACKS:
                self._compact(existing)
        except OSError as exc:
            unwritable(exc)
        self._new = {}

    def _compact(self, packs: list[Path]) -> None:
        # Merge into one pack first, then delete: a reader racing us sees old or new packs.
        data = _encode(self._load())
        target = self.packs / f"{hashlib.sha256(data).hexdigest()[:24]}.json"
        atomic_write(target, data)
        for pack in packs:
            if pack != target:
                pack.unlink(missing_ok=True)


MAX_PACKS = 16


def _encode(entries: dict[str, Any]) -> bytes:
    return json.dumps(entries, separators=(",", ":"), sort_keys=True).encode()


def _pack_files(folder: Path) -> list[Path]:
    try:
        return sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:  # an unreadable folder is an empty cache
        return []


def _read_pack(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # gone, unreadable, corrupt, too deep
        return {}
    return value if isinstance(value, dict) else {}
