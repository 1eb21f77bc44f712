"""One GO check over many pages: plan, look up the cache, build what changed in one batch."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursecheck import __version__
from coursecheck.diagnostics import Finding
from coursecheck.markdown import Document
from coursecheck.snippets import chance, codes, report, runner, versions
from coursecheck.snippets.cache import ResultCache, digest, go_cache_root
from coursecheck.snippets.extract import extract
from coursecheck.snippets.faults import Fault, step_timeout
from coursecheck.snippets.helper import call_helper, ensure_helper, helper_hash
from coursecheck.snippets.plan import Hit, Kind, Unit, plan
from coursecheck.snippets.sandbox import isolation
from coursecheck.snippets.timing import timing
from coursecheck.snippets.toolchain import Go, hermetic_env, require_go
from coursecheck.usercache import refuse_inside_checkout, toolchain_cache

Selected = Callable[[str], bool]
LIST_TIMEOUT = 120.0  # the helper's `go list` of the standard library's export data
UNIT_TIMEOUT = 20.0  # the helper's work on one unit (a snippet takes about a millisecond)
Stage = str  # check, vet, run, test


@dataclass
class Batch:
    """The units of a run, deduplicated by key, and their results per stage."""

    units: dict[str, Unit] = field(default_factory=dict)
    results: dict[tuple[str, Stage], Any] = field(default_factory=dict)
    # Passes of an earlier check not yet confirmed by a second one (chance.trusted): the
    # snippet runs again and the two checks' verdicts are compared.
    earlier: dict[tuple[str, Stage], Any] = field(default_factory=dict)
    unconfirmed: bool = False  # this check left a pass to confirm


def check_pages(
    pages: list[tuple[Path, Document]],
    selected: Selected,
    use_cache: bool = True,
    unconfirmed: Callable[[], None] | None = None,
    claims: Mapping[Path, versions.Claim] | None = None,
) -> Iterator[Hit]:
    """The GO findings of the pages. `unconfirmed` is called when a pass still needs a second
    check to confirm it: a cache of the whole run must not keep this run's findings."""
    all_units: list[Unit] = []
    for path, doc in pages:
        units, hits = plan(extract(path, doc))
        units = [versions.claimed(u, (claims or {}).get(path)) for u in units]
        yield from ((c, f) for c, f in hits if selected(c))
        all_units += units
    stages = _stages(selected)
    if not all_units or not stages:
        return
    go = require_go()
    refuse_inside_checkout(path for path, _ in pages)  # the toolchain cache runs binaries
    batch = Batch({u.key: u for u in all_units})
    cache = ResultCache(go_cache_root(), use_cache)
    salt = (__version__, go.version, helper_hash(go), str("vet" in stages), isolation())
    _lookup(batch, cache, stages, salt)
    missing = [u for u in batch.units.values() if _missing(batch, u, stages)]
    if missing:
        _progress(f"coursecheck: building {len(missing)} Go snippet(s)")
        # A fault raises out of here: nothing of this run reaches the cache.
        try:
            _build(batch, missing, stages, go, toolchain_cache(), cache, salt)
        except OSError as exc:  # our own build files could not be written: disk, permissions
            raise Fault("writing the snippets' build files", str(exc)) from exc
        cache.flush()
    if batch.unconfirmed and unconfirmed is not None:
        unconfirmed()
    if selected(codes.OVERCLAIM):
        yield from versions.overclaims(all_units, lambda u: _check_of(batch, u), claims or {})
    seen: set[tuple[str, Finding]] = set()
    for unit in all_units:
        for hit in _report(batch, unit, stages):
            if hit not in seen and selected(hit[0]):
                seen.add(hit)
                yield hit


def _stages(selected: Selected) -> set[Stage]:
    wanted = {
        "vet": any(map(selected, codes.VET_CODES)),
        "run": any(map(selected, codes.RUN_CODES)),
        "test": any(map(selected, codes.TEST_CODES)),
    }
    stages = {stage for stage, on in wanted.items() if on}
    if stages or any(map(selected, codes.CHECK_CODES)):
        stages.add("check")
    return stages


def _needs(unit: Unit, stages: set[Stage], check: Any = None) -> list[Stage]:
    """Stages a unit needs; `go vet` only where the helper could not vet in-process."""
    needed = ["check"]
    vet_done = check is None or bool(check.get("vet_done"))
    if "vet" in stages and unit.kind is not Kind.FAIL and not vet_done:
        needed.append("vet")
    if "run" in stages and unit.kind is Kind.RUN:
        needed.append("run")
    if "test" in stages and unit.kind is Kind.TEST:
        needed.append("test")
    return needed


RUN_STAGES = ("run", "test")
UNCONFIRMED = "unconfirmed"  # the key of a pass waiting for a second check (chance.trusted)


def _key(unit: Unit, stage: Stage, salt: tuple[str, ...], *more: str) -> str:
    return digest(unit.key, stage, *salt, *more)


def _check_of(batch: Batch, unit: Unit) -> Any:
    return batch.results.get((unit.key, "check"))


def _lookup(batch: Batch, cache: ResultCache, stages: set[Stage], salt: tuple[str, ...]) -> None:
    for unit in batch.units.values():
        for stage in _needs(unit, stages):
            value = cache.get(stage, _key(unit, stage, salt))
            if value is not None and (stage not in RUN_STAGES or chance.trusted(value)):
                batch.results[unit.key, stage] = value
            elif stage in RUN_STAGES:  # a pass to confirm? The snippet runs again.
                earlier = cache.get(stage, _key(unit, stage, salt, UNCONFIRMED))
                if earlier is not None and not chance.trusted(earlier):
                    batch.earlier[unit.key, stage] = earlier
        check = _check_of(batch, unit)
        if check is not None and "vet" in _needs(unit, stages, check):
            value = cache.get("vet", _key(unit, "vet", salt))
            if value is not None:
                batch.results[unit.key, "vet"] = value


def _missing(batch: Batch, unit: Unit, stages: set[Stage]) -> bool:
    check = batch.results.get((unit.key, "check"))
    if check is None:
        return True
    if not check.get("built"):
        return False  # later stages never run for a unit that does not build
    return any((unit.key, s) not in batch.results for s in _needs(unit, stages, check))


def _build(
    batch: Batch,
    units: list[Unit],
    stages: set[Stage],
    go: Go,
    cache: Path,
    results: ResultCache,
    salt: tuple[str, ...],
) -> None:
    tmp = _workdir(cache / "tmp")
    try:
        env = hermetic_env(go, toolchain_cache(), tmp)
        module = tmp / "mod"
        module.mkdir()
        (module / "go.mod").write_text(f"module {runner.MODULE}\n\ngo {go.language}\n", "utf-8")
        with timing("helper build"):
            helper = ensure_helper(go, toolchain_cache(), env)  # shared like Go's own cache
        list_limit = step_timeout(LIST_TIMEOUT)
        request = {
            "root": str(module),
            "module": runner.MODULE,
            "go_version": f"go{go.language}",
            "vet": "vet" in stages,
            "list_timeout": list_limit,
            "unit_timeout": step_timeout(UNIT_TIMEOUT),
            "units": [
                {
                    "id": u.id,
                    "mux": u.kind in (Kind.RUN, Kind.TEST),
                    "write": u.kind in (Kind.RUN, Kind.TEST),
                    "members": u.spec(),
                    "go_version": u.go_version,
                    "claimed_by": u.claimed_by,
                }
                for u in units
            ],
        }
        with timing("helper"):
            limit = list_limit + step_timeout(120.0 + len(units))
            checked = call_helper(helper, request, module, env, timeout=limit)
        by_id = {u.id: u for u in units}
        for result in checked:  # a crash may be the machine's: try it again next run
            _store(
                batch,
                results,
                by_id[result["id"]],
                "check",
                result,
                salt,
                keep=not result.get("crashed"),
            )
        ws = runner.Workspace(module, go, env)
        built = [u for u in units if batch.results[u.key, "check"].get("built")]
        _later_stages(batch, built, stages, ws, results, salt)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _workdir(parent: Path) -> Path:
    """A fresh folder for the generated module, in the toolchain cache when it can be written
    (never in the checkout's cache folder, which holds results only), else in the system's
    temp."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="coursecheck-run-"))


def _later_stages(
    batch: Batch,
    built: list[Unit],
    stages: set[Stage],
    ws: runner.Workspace,
    results: ResultCache,
    salt: tuple[str, ...],
) -> None:
    def todo(stage: Stage) -> list[Unit]:
        return [
            u
            for u in built
            if stage in _needs(u, stages, _check_of(batch, u))
            and (u.key, stage) not in batch.results
        ]

    with timing("go vet"):
        vetted = runner.vet(ws, [u.id for u in todo("vet")])
    for unit_id, hits in vetted.items():
        _store(batch, results, _by_id(built, unit_id), "vet", hits, salt)
    runs, tests = todo("run"), todo("test")
    shared = [u for u in runs + tests if not _check_of(batch, u).get("standalone")]
    alone = [u for u in runs if _check_of(batch, u).get("standalone")]
    if not runs and not shared:
        return _go_test(batch, built, [u for u in tests if u not in shared], ws, results, salt)
    with timing("go build"):
        linked = runner.build_runner(
            ws,
            [u.id for u in shared if u.kind is Kind.RUN],
            {u.id: _check_of(batch, u)["tests"] for u in shared if u.kind is Kind.TEST},
            [u.id for u in alone],
        )
    for u in runs + shared:
        if u.id in linked.errors:
            stage = "run" if u.kind is Kind.RUN else "test"
            batch.results[u.key, stage] = {"build_error": linked.errors[u.id], "passed": False}
    todo_runs: list[runner.Run] = [
        (
            u.id,
            linked.binary.get(u.id),
            u.timeout,
            () if u.kind is Kind.RUN else runner.test_args(u.timeout),
        )
        for u in dict.fromkeys(runs + shared)
        if u.id not in linked.errors
    ]
    with timing("runs"):
        done = runner.run_all(ws, todo_runs, _chancy(batch, runs + shared))
    for unit_id, result in done.items():
        unit = _by_id(built, unit_id)
        _store_run(batch, results, unit, "run" if unit.kind is Kind.RUN else "test", result, salt)
    _go_test(batch, built, [u for u in tests if u not in shared], ws, results, salt)


def _go_test(
    batch: Batch,
    built: list[Unit],
    tests: list[Unit],
    ws: runner.Workspace,
    results: ResultCache,
    salt: tuple[str, ...],
) -> None:
    """Test units the shared binary cannot hold (TestMain, init, external tests)."""
    with timing("go test"):
        tested = runner.test_all(ws, [(u.id, u.timeout) for u in tests], _chancy(batch, tests))
    for unit_id, result in tested.items():
        _store_run(batch, results, _by_id(built, unit_id), "test", result, salt)


def _store_run(
    batch: Batch,
    results: ResultCache,
    unit: Unit,
    stage: Stage,
    result: dict[str, Any],
    salt: tuple[str, ...],
) -> None:
    """A run or test verdict, set against an earlier check's unconfirmed pass; a pass is
    cached at once but served only once a second check confirms it."""
    result = chance.confirm(result, batch.earlier.get((unit.key, stage)), stage == "test")
    batch.results[unit.key, stage] = result
    if not chance.cacheable(result):
        batch.unconfirmed = True
    elif chance.trusted(result):
        results.put(stage, _key(unit, stage, salt), result)
    else:  # under its own key: packs merge in no set order, a confirmed entry must win
        batch.unconfirmed = True
        results.put(stage, _key(unit, stage, salt, UNCONFIRMED), result)


def _chancy(batch: Batch, units: list[Unit]) -> frozenset[str]:
    """Units that read the clock or random numbers or start goroutines (the helper says)."""
    return frozenset(u.id for u in units if _check_of(batch, u).get("chancy"))


def _by_id(units: list[Unit], unit_id: str) -> Unit:
    return next(u for u in units if u.id == unit_id)


def _store(
    batch: Batch,
    cache: ResultCache,
    unit: Unit,
    stage: Stage,
    value: Any,
    salt: tuple[str, ...],
    keep: bool = True,
) -> None:
    batch.results[unit.key, stage] = value
    if keep:  # see chance.cacheable
        cache.put(stage, _key(unit, stage, salt), value)


def _report(batch: Batch, unit: Unit, stages: set[Stage]) -> Iterator[Hit]:
    check = batch.results.get((unit.key, "check"))
    if check is None:
        return
    yield from report.check_hits(unit, check)
    if "vet" in stages:
        yield from report.vet_hits(unit, check.get("vet") or [])
    if "vet" in stages and (unit.key, "vet") in batch.results:
        yield from report.vet_hits(unit, batch.results[unit.key, "vet"])
    if unit.kind is Kind.RUN and (unit.key, "run") in batch.results:
        yield from report.run_hits(unit, batch.results[unit.key, "run"], check)
    if unit.kind is Kind.TEST and (unit.key, "test") in batch.results:
        yield from report.test_hits(unit, batch.results[unit.key, "test"])


def _progress(message: str) -> None:
    quiet = any(os.environ.get(v) for v in ("PRE_COMMIT", "CI", "GITHUB_ACTIONS"))
    if not quiet and sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)
