"""One GO check over many pages: plan, look up the cache, build what changed in one batch."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from coursecheck import __version__
from coursecheck.cache.identity import toolchain_identity
from coursecheck.cache.peruser import refuse_inside_checkout, toolchain_cache
from coursecheck.cache.snippet_verdicts import SnippetVerdictCache, verdicts_folder
from coursecheck.diagnostics import Finding
from coursecheck.markdown import Document
from coursecheck.snippets import codes, findings, lenient, runner, versions
from coursecheck.snippets.batch import Batch, Stage
from coursecheck.snippets.events import Building, FirstRun, emit, timed
from coursecheck.snippets.extract import extract
from coursecheck.snippets.faults import Fault, step_timeout
from coursecheck.snippets.helper import (
    HelperRequest,
    UnitRequest,
    call_helper,
    ensure_helper,
    helper_hash,
)
from coursecheck.snippets.sandbox import isolation
from coursecheck.snippets.stages import later_stages
from coursecheck.snippets.toolchain import Go, hermetic_env, require_go
from coursecheck.snippets.units import Hit, Kind, Unit, plan

Selected = Callable[[str], bool]
LIST_TIMEOUT = 120.0  # the helper's `go list` of the standard library's export data
UNIT_TIMEOUT = 20.0  # the helper's work on one unit (a snippet takes about a millisecond)


def check_pages(
    pages: list[tuple[Path, Document]],
    selected: Selected,
    use_cache: bool = True,
    unconfirmed: Callable[[], None] | None = None,
    claims: Mapping[Path, versions.Claim] | None = None,
    notes: list[lenient.Note] | None = None,
) -> Iterator[Hit]:
    """The GO findings of the pages. `unconfirmed` is called when a result of this check
    could not be kept (a pass still needs a second check to confirm it, say): a cache of the
    whole run must not keep this run's findings. With `notes`, the pages are checked in
    lenient mode (snippets/lenient.py) and the notes on their blocks are added to it."""
    units: list[Unit] = []
    for path, doc in pages:
        if notes is not None:
            page_units, hits, page_notes = lenient.plan(extract(path, doc), doc.lines)
            notes += page_notes
        else:
            page_units, hits = plan(extract(path, doc))
        page_units = [versions.claimed(u, (claims or {}).get(path)) for u in page_units]
        yield from ((c, f) for c, f in hits if selected(c))
        units += page_units
    stages = _stages(selected)
    if not units or not stages:
        return
    refuse_inside_checkout(path for path, _ in pages)  # the toolchain cache runs binaries
    batch = _run(units, stages, require_go(), use_cache)
    if batch.unsettled and unconfirmed is not None:
        unconfirmed()
    if selected(codes.OVERCLAIM):
        yield from versions.overclaims(units, lambda u: batch.checks.get(u.key), claims or {})
    seen: set[tuple[str, Finding]] = set()
    for unit in units:
        found: Iterable[Hit] = _findings(batch, unit)
        check = batch.checks.get(unit.key)
        if notes is not None and check is not None:
            notes += lenient.notes(unit, check)
            found = lenient.own(unit, found, notes)
        for hit in found:
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


def _run(units: list[Unit], stages: set[Stage], go: Go, use_cache: bool) -> Batch:
    """Every stage result of the units: from the cache, or built, vetted and run now."""
    cache = SnippetVerdictCache(verdicts_folder(), use_cache)
    salt = (__version__, toolchain_identity(), helper_hash(go), str("vet" in stages), isolation())
    batch = Batch({u.key: u for u in units}, stages, cache, salt)
    batch.look_up()
    missing = [u for u in batch.units.values() if batch.missing(u)]
    if missing:
        emit(Building(len(missing)))
        if not (toolchain_cache() / "go-build").is_dir():  # see hermetic_env's GOCACHE
            emit(FirstRun(toolchain_cache()))
        # A fault raises out of here: nothing of this run reaches the cache.
        try:
            _build(batch, missing, go)
        except OSError as exc:  # our own build files could not be written: disk, permissions
            raise Fault("writing the snippets' build files", str(exc)) from exc
        cache.flush()
    return batch


def _build(batch: Batch, units: list[Unit], go: Go) -> None:
    tmp = _workdir(toolchain_cache() / "tmp")
    try:
        env = hermetic_env(go, toolchain_cache(), tmp)
        module = tmp / "mod"
        module.mkdir()
        (module / "go.mod").write_text(f"module {runner.MODULE}\n\ngo {go.language}\n", "utf-8")
        with timed("helper build"):
            helper = ensure_helper(go, toolchain_cache(), env)  # shared like Go's own cache
        request = _helper_request(module, go, "vet" in batch.stages, units)
        with timed("helper"):
            limit = request.list_timeout + step_timeout(120.0 + len(units))
            checked = call_helper(helper, request, module, env, timeout=limit)
        by_id = {u.id: u for u in units}
        for result in checked:
            batch.keep(by_id[result.id], "check", result)
        built = [u for u in units if batch.check(u).built]
        godebug = {u.id: versions.godebug(go.goroot, u.go_version) for u in built}
        later_stages(batch, runner.Workspace(module, go, env, godebug), built)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _helper_request(module: Path, go: Go, vet: bool, units: list[Unit]) -> HelperRequest:
    return HelperRequest(
        root=module,
        module=runner.MODULE,
        go_version=f"go{go.language}",
        vet=vet,
        list_timeout=step_timeout(LIST_TIMEOUT),
        unit_timeout=step_timeout(UNIT_TIMEOUT),
        units=tuple(
            UnitRequest(
                u.id,
                u.spec(),
                u.kind in (Kind.RUN, Kind.TEST),
                u.go_version,
                u.claimed_by,
                u.lenient,
                u.ahead,
            )
            for u in units
        ),
    )


def _workdir(parent: Path) -> Path:
    """A fresh folder for the generated module, in the toolchain cache when it can be written
    (never in the checkout's cache folder, which holds results only), else in the system's
    temp."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="coursecheck-run-"))


def _findings(batch: Batch, unit: Unit) -> Iterator[Hit]:
    check = batch.checks.get(unit.key)
    if check is None:
        return
    yield from findings.check_hits(unit, check)
    if "vet" in batch.stages:
        yield from findings.vet_hits(unit, check.vet)
        yield from findings.vet_hits(unit, batch.vets.get(unit.key, ()))
    verdict = batch.verdicts.get(unit.key)
    if verdict is not None and unit.kind is Kind.RUN:
        yield from findings.run_hits(unit, verdict, check)
    elif verdict is not None and unit.kind is Kind.TEST:
        yield from findings.test_hits(unit, verdict)
