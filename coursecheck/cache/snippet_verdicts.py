"""The snippet verdict cache: each Go build unit's stage results (check, vet, run, test), by
the content of its snippets, the toolchain identity and coursecheck's own version."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from coursecheck.cache.folder import atomic_write, cache_root, unwritable
from coursecheck.cache.policy import stage_result_kept
from coursecheck.cache.signing import result_key, seal, unseal
from coursecheck.snippets.results import StageResult, decode, encode

PURPOSE = "snippet results"


def verdicts_folder() -> Path:
    """The GO family's part of coursecheck's cache folder (which honours COURSECHECK_CACHE_DIR
    and carries CACHEDIR.TAG and a .gitignore of *): results only, nothing that runs."""
    return cache_root().resolve() / "go"


class SnippetVerdictCache:
    """Stage results by key, in pack files: each run adds one pack (one atomic write, however many
    results), so a cold run of a thousand snippets does not create a thousand files. Readers
    merge every pack. Anything read is checked: an unreadable, corrupt, unsigned or wrongly
    signed pack, or an entry of the wrong shape, is a miss. A pack that cannot be written is
    a warning: the run's results stand, they are just not kept."""

    def __init__(self, directory: Path, enabled: bool) -> None:
        self.directory = directory
        self.key = result_key() if enabled else None
        self.enabled = self.key is not None
        self._loaded: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}

    @property
    def packs(self) -> Path:
        return self.directory / "results"

    def _load(self) -> dict[str, Any]:
        if self._loaded is None:
            self._loaded = {}
            for pack in _pack_files(self.packs):
                self._loaded.update(self._read_pack(pack))
        return self._loaded

    def get(self, kind: str, key: str) -> StageResult | None:
        if not self.enabled:
            return None
        value = self._load().get(f"{kind}:{key}")
        return None if value is None else decode(kind, value)

    def put(self, kind: str, key: str, result: StageResult) -> bool:
        """Keep a stage result if the policy allows; False: the run must not be kept whole."""
        if not stage_result_kept(result):
            return False
        if self.enabled:
            self._new[f"{kind}:{key}"] = encode(result)
        return True

    def flush(self) -> None:
        if not self.enabled or not self._new:
            return
        try:
            self._write(self._new)
            self._load().update(self._new)
            existing = _pack_files(self.packs)
            if len(existing) > MAX_PACKS:
                self._compact(existing)
        except OSError as exc:
            unwritable(exc)
        self._new = {}

    def _compact(self, packs: list[Path]) -> None:
        # Merge into one pack first, then delete: a reader racing us sees old or new packs.
        target = self._write(self._load())
        for pack in packs:
            if pack != target:
                pack.unlink(missing_ok=True)

    def _write(self, entries: dict[str, Any]) -> Path:
        assert self.key is not None  # only an enabled cache writes
        data = json.dumps(entries, separators=(",", ":"), sort_keys=True).encode()
        target = self.packs / f"{hashlib.sha256(data).hexdigest()[:24]}.json"
        atomic_write(target, seal(self.key, PURPOSE, data))
        return target

    def _read_pack(self, path: Path) -> dict[str, Any]:
        try:
            data = unseal(self.key or b"", PURPOSE, path.read_bytes())
            value = json.loads(data) if data is not None else {}
        except (OSError, ValueError, RecursionError):  # gone, unreadable, corrupt, too deep
            return {}
        return value if isinstance(value, dict) else {}


MAX_PACKS = 16


def _pack_files(folder: Path) -> list[Path]:
    try:
        return sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:  # an unreadable folder is an empty cache
        return []
