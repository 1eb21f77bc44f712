"""The per-page cache: a page's model and its page-local findings, kept by the page's bytes, so
a re-check after a one-page edit parses and checks that page alone (engine.py runs the rules
that look across pages over every page's model, cached or not).

One entry per page (a "slot": the page's path, the course folder and the working directory,
which findings' paths are relative to), rewritten when the page changes. It holds:

- the page's model (course.Parsed: front matter split, front matter, positioned Markdown),
  valid while the page's bytes, its kind (hub, module, other page) and coursecheck's code and
  parsing libraries are those it was made from (`model_key`);
- the page's findings from the page-local rule families, each (code, Finding) with what it
  needs and breaks, raw: before the cascade, the filters (per-file ignores, severities,
  `check FILE`) and the suppressions, which run over every page's findings each time. Valid
  while the page's bytes and kind, the manifest's bytes, the rules selected (all a checker
  asks of the configuration) and the run's declared context (toolchain, sandbox, environment,
  working directory, coursecheck's code: whole_run.run_context) are those they were found
  with (`findings_key`). Findings are kept only from a run that left nothing unsettled (policy.py).

Entries are pickled and signed with the per-user key (signing.py) for their slot: the project
cache folder is one a pull request can write to, so nothing is unpickled unless this user's
coursecheck wrote it. An unsigned, truncated, tampered or misshapen entry is a miss, never a
verdict; a cache that cannot be written is a warning.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursecheck.cache.folder import atomic_write, cache_root, unwritable
from coursecheck.cache.identity import digest
from coursecheck.cache.peruser import refuse_inside_checkout
from coursecheck.cache.signing import result_key, seal, unseal
from coursecheck.cache.whole_run import code_inputs, run_context
from coursecheck.course import Parsed
from coursecheck.diagnostics import Finding, Hit

FORMAT = 1  # of an entry; another format is a miss
FamilyHits = dict[str, list[Hit]]  # a page's findings, by rule family prefix


@dataclass
class _Entry:
    model_key: str
    model: bytes  # the pickled course.Parsed, as loading made it (before any rule saw it)
    findings_key: str | None = None
    findings: FamilyHits = field(default_factory=dict)
    dirty: bool = False  # made or changed in this run: written by `flush`


class PageCache:
    """The entries of one run's pages: read on first use, written back by `flush`."""

    def __init__(self, root: Path) -> None:
        refuse_inside_checkout([root])  # the key that signs entries must not come from it
        self.key = result_key()
        self.folder = cache_root() / "pages"
        self._where = (os.fsdecode(root), os.fsdecode(Path.cwd()))
        self._code = digest(FORMAT, code_inputs())
        self._context = digest(FORMAT, run_context(root))
        self._entries: dict[Path, _Entry | None] = {}

    # The model, for course.load_course (course.Models).

    def parsed(self, path: Path, kind: str, raw: bytes) -> Parsed | None:
        entry = self._entry(path)
        if entry is None or entry.model_key != self._model_key(kind, raw):
            return None
        try:
            parsed = pickle.loads(entry.model)  # signed, or made by this process
        except Exception:  # a model this code cannot read: a miss
            return None
        return parsed if isinstance(parsed, Parsed) else None

    def keep(self, path: Path, kind: str, raw: bytes, parsed: Parsed) -> None:
        model = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        self._entries[path] = _Entry(self._model_key(kind, raw), model, dirty=True)

    # The page-local findings, for engine.Engine.

    def findings(self, path: Path, key: str) -> FamilyHits | None:
        entry = self._entry(path)
        return entry.findings if entry and entry.findings_key == key else None

    def keep_findings(self, path: Path, key: str, found: FamilyHits) -> None:
        entry = self._entry(path)
        if entry is not None:  # a page without a model (unreadable) has no entry
            entry.findings_key, entry.findings, entry.dirty = key, found, True

    def findings_key(self, kind: str, raw: bytes, manifest: bytes, selected: list[str]) -> str:
        return digest(self._context, selected, kind, _sha(raw), _sha(manifest))

    def flush(self, settled: bool) -> None:
        """Write the entries this run made or changed; findings only when `settled`."""
        if self.key is None:
            return
        try:
            for path, entry in self._entries.items():
                if entry is not None and entry.dirty:
                    self._write(path, entry if settled else _without_findings(entry))
        except OSError as exc:
            unwritable(exc)

    def _model_key(self, kind: str, raw: bytes) -> str:
        return digest(self._code, kind, _sha(raw))

    def _slot(self, path: Path) -> str:
        return digest(*self._where, os.fsdecode(path))[:32]

    def _entry(self, path: Path) -> _Entry | None:
        if path not in self._entries:
            self._entries[path] = self._read(path)
        return self._entries[path]

    def _read(self, path: Path) -> _Entry | None:
        if self.key is None:
            return None
        slot = self._slot(path)
        try:
            data = unseal(self.key, _purpose(slot), (self.folder / f"{slot}.pickle").read_bytes())
            # Signed with this user's key for this slot: coursecheck wrote it, so it may be
            # unpickled. Anything else (absent, truncated, tampered) stopped above.
            return _checked(pickle.loads(data), path) if data is not None else None
        except Exception:  # an entry this code cannot read (absent, another shape): a miss
            return None

    def _write(self, path: Path, entry: _Entry) -> None:
        assert self.key is not None
        slot = self._slot(path)
        data = pickle.dumps(
            {
                "format": FORMAT,
                "path": os.fsdecode(path),
                "model_key": entry.model_key,
                "model": entry.model,
                "findings_key": entry.findings_key,
                "findings": entry.findings,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        atomic_write(self.folder / f"{slot}.pickle", seal(self.key, _purpose(slot), data))


def _purpose(slot: str) -> str:
    return f"page {slot}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _without_findings(entry: _Entry) -> _Entry:
    return _Entry(entry.model_key, entry.model)


def _checked(data: Any, path: Path) -> _Entry | None:
    """The entry, when it is the page's and has the shape `_write` gives it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("path") != os.fsdecode(path):
        return None
    model, found = data["model"], data["findings"]
    keys = (data["model_key"], data["findings_key"])
    if not isinstance(model, bytes) or not isinstance(keys[0], str):
        return None
    if keys[1] is not None and not isinstance(keys[1], str):
        return None
    if not isinstance(found, dict) or not all(_hits(v) for v in found.values()):
        return None
    return _Entry(keys[0], model, keys[1], found)


def _hits(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(hit, tuple)
        and len(hit) == 2
        and isinstance(hit[0], str)
        and isinstance(hit[1], Finding)
        for hit in value
    )
