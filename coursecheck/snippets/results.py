"""What travels through the snippet pipeline, typed: the Go helper's check of a unit, vet's
findings, the verdict of runs. Each is JSON on the wire (the helper's answer, a cache pack);
`decode` builds it from JSON that shapes.py has checked, `encode` writes it back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

from coursecheck.snippets.shapes import valid_result


@dataclass(frozen=True)
class VirtualHit:
    """A position in the generated module, as the tools report it: file m<i> (a member's
    code), s<i> (its setup) or g (generated code); line and column in it; the message."""

    file: str = "g"
    line: int = 0
    col: int = 0
    msg: str = ""
    kind: str = ""  # the helper's: syntax, type, gofmt, sandbox, nomain, crash, maporder, ...


@dataclass(frozen=True)
class Example:
    name: str
    output: str = ""
    unordered: bool = False


@dataclass(frozen=True)
class HeldTests:
    """What a test unit the shared binary runs holds (the helper lists it)."""

    tests: tuple[str, ...] = ()
    benchmarks: tuple[str, ...] = ()
    fuzz: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    """The helper's check of one unit: parse, gofmt, sandbox rules, type check, in-process vet."""

    id: str
    built: bool  # files written: vet, build and run may follow
    findings: tuple[VirtualHit, ...] = ()
    type_errors: int = 0
    standalone: bool = False  # needs a binary of its own (init, flag, a Main clash)
    package: str = ""
    external: bool = False  # has an external _test package
    vet: tuple[VirtualHit, ...] = ()
    tests: HeldTests | None = None
    vet_done: bool = False  # vet ran in-process; False: `go vet` must run
    map_prints: tuple[VirtualHit, ...] = ()  # prints inside a range over a map
    chancy: bool = False  # uses time, rand or goroutines: runs more often
    crashed: bool = False  # the helper crashed on it (never kept: see cache/policy.py)


@dataclass(frozen=True)
class RunResult:
    """The verdict of a program's or a test binary's runs (chance.settle makes one of many)."""

    passed: bool
    output: str = ""
    code: int = 0
    timed_out: bool = False
    truncated: bool = False
    tail: str = ""
    limit: str | None = None  # the sandbox limit that ended it
    build_error: str | None = None  # it never ran: the build failed
    flaky: str | None = None  # what differed between runs: verdict, output or order
    other: str = ""  # the output of the run that differed
    confirmed: bool = False  # a pass a second check saw again (chance.confirm)


VetHits = tuple[VirtualHit, ...]
StageResult = CheckResult | VetHits | RunResult
T = TypeVar("T")


def encode(result: StageResult) -> Any:
    """JSON as the helper writes it (lists, objects); a field left unset (None) is left out."""
    if isinstance(result, tuple):
        return [_json(asdict(hit)) for hit in result]
    return _json(asdict(result))


def _json(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {name: _json(item) for name, item in value.items() if item is not None}
    return value


def decode(stage: str, value: Any) -> StageResult | None:
    """The typed result of `stage` (check, vet, run, test), or None when the JSON is not of
    the shape that stage writes."""
    if not valid_result(stage, value):
        return None
    if stage == "check":
        return check_result(value)
    if stage == "vet":
        return _hits(value)
    return _build(RunResult, value)


def check_result(value: dict[str, Any]) -> CheckResult:
    """A check result from JSON that shapes.check_result_shape accepted."""
    tests = value.get("tests")
    return _build(
        CheckResult,
        value,
        findings=_hits(value.get("findings")),
        vet=_hits(value.get("vet")),
        map_prints=_hits(value.get("map_prints")),
        tests=None if tests is None else _test_names(tests),
    )


def _test_names(value: dict[str, Any]) -> HeldTests:
    return HeldTests(
        tuple(value.get("tests") or ()),
        tuple(value.get("benchmarks") or ()),
        tuple(value.get("fuzz") or ()),
        tuple(_build(Example, e) for e in value.get("examples") or ()),
    )


def _hits(value: list[dict[str, Any]] | None) -> VetHits:
    return tuple(_build(VirtualHit, hit) for hit in value or ())


def _build(cls: type[T], value: dict[str, Any], **typed: Any) -> T:
    """`cls` from the JSON object's known fields (null is the default); extra keys, which a
    newer helper may add, are left out."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    known = {k: v for k, v in value.items() if k in names and v is not None}
    return cls(**(known | typed))
