"""The toolchain stages after the helper's check, for the units that built: `go vet` where
the helper could not vet, one link of every runnable unit and their runs, and `go test` for
the test units the shared binary cannot hold."""

from __future__ import annotations

from coursecheck.snippets import runner
from coursecheck.snippets.batch import Batch
from coursecheck.snippets.events import timed
from coursecheck.snippets.results import HeldTests, RunResult
from coursecheck.snippets.units import Kind, Unit


def later_stages(batch: Batch, ws: runner.Workspace, built: list[Unit]) -> None:
    vet(batch, ws, batch.todo(built, "vet"))
    runs, tests = batch.todo(built, "run"), batch.todo(built, "test")
    shared = [u for u in runs + tests if not batch.check(u).standalone]
    if runs or shared:
        link_and_run(batch, ws, runs, shared)
    go_test(batch, ws, [u for u in tests if u not in shared])


def vet(batch: Batch, ws: runner.Workspace, units: list[Unit]) -> None:
    with timed("go vet"):
        vetted = runner.vet(ws, [u.id for u in units])
    by_id = {u.id: u for u in units}
    for unit_id, hits in vetted.items():
        batch.keep(by_id[unit_id], "vet", hits)


def link_and_run(batch: Batch, ws: runner.Workspace, runs: list[Unit], shared: list[Unit]) -> None:
    """Link the programs and the shared binary's tests (runner.build_runner), then run them."""
    units = list(dict.fromkeys(runs + shared))
    with timed("go build"):
        linked = runner.build_runner(
            ws,
            [u.id for u in shared if u.kind is Kind.RUN],
            {u.id: batch.check(u).tests or HeldTests() for u in shared if u.kind is Kind.TEST},
            [u.id for u in runs if batch.check(u).standalone],
        )
    for u in units:
        if u.id in linked.errors:
            batch.verdicts[u.key] = RunResult(False, build_error=linked.errors[u.id])
    todo: list[runner.Run] = [
        (u.id, linked.binary.get(u.id), u.timeout, runner.run_args(u.kind is Kind.TEST, u.timeout))
        for u in units
        if u.id not in linked.errors
    ]
    with timed("runs"):
        done = runner.run_all(ws, todo, _chancy(batch, units))
    _keep_verdicts(batch, units, done)


def go_test(batch: Batch, ws: runner.Workspace, tests: list[Unit]) -> None:
    """Test units the shared binary cannot hold (TestMain, init, external tests)."""
    with timed("go test"):
        tested = runner.test_all(ws, [(u.id, u.timeout) for u in tests], _chancy(batch, tests))
    _keep_verdicts(batch, tests, tested)


def _keep_verdicts(batch: Batch, units: list[Unit], done: dict[str, RunResult]) -> None:
    by_id = {u.id: u for u in units}
    for unit_id, result in done.items():
        batch.keep_verdict(by_id[unit_id], result)


def _chancy(batch: Batch, units: list[Unit]) -> frozenset[str]:
    """Units that read the clock or random numbers or start goroutines (the helper says)."""
    return frozenset(u.id for u in units if batch.check(u).chancy)
