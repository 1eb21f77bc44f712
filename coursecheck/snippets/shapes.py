"""The shapes of stage results, checked wherever they come from outside this process (the
helper's answer, a cache file another process or a person wrote): a result of the wrong
shape is a crash of the helper or a cache miss, never a crash of coursecheck nor a verdict."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
_GO_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # test names go into generated Go code


def _is(*types: type) -> Check:
    def check(value: Any) -> bool:
        return isinstance(value, types) and (bool in types or not isinstance(value, bool))

    return check


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _list_of(check: Check) -> Check:
    return lambda value: isinstance(value, list) and all(map(check, value))


def _record(**fields: Check) -> Check:
    """A dict whose listed keys, where present, pass their check (extra keys are allowed)."""

    def check(value: Any) -> bool:
        return isinstance(value, dict) and all(
            key not in value or ok(value[key]) for key, ok in fields.items()
        )

    return check


def _requires(*keys: str, shape: Check) -> Check:
    return lambda value: shape(value) and all(key in value for key in keys)


_TEXT, _INT, _BOOL = _is(str), _is(int), _is(bool)
_NUMBER = _is(int, float)
_NAMES = _optional(_list_of(lambda n: isinstance(n, str) and bool(_GO_NAME.match(n))))
_HIT = _requires(
    "file",
    "line",
    "col",
    "msg",
    shape=_record(file=_TEXT, line=_INT, col=_INT, msg=_TEXT, kind=_TEXT),
)
_FINDING = _requires("kind", shape=_record(kind=_TEXT, file=_TEXT, line=_INT, col=_INT, msg=_TEXT))
_TESTS = _record(
    tests=_NAMES,
    benchmarks=_NAMES,
    fuzz=_NAMES,
    examples=_optional(
        _list_of(
            lambda e: (
                _record(output=_TEXT, unordered=_BOOL)(e)
                and isinstance(e.get("name"), str)
                and bool(_GO_NAME.match(e["name"]))
            )
        )
    ),
)
check_result_shape = _requires(
    "id",
    "built",
    shape=_record(
        id=_TEXT,
        findings=_optional(_list_of(_FINDING)),
        built=_BOOL,
        type_errors=_INT,
        standalone=_BOOL,
        package=_TEXT,
        external=_BOOL,
        vet=_optional(_list_of(_HIT)),
        tests=_optional(_TESTS),
        vet_done=_BOOL,
        map_prints=_optional(_list_of(_HIT)),
        chancy=_BOOL,
        crashed=_BOOL,
    ),
)
_OUTCOME = _requires(
    "passed",
    shape=_record(
        passed=_BOOL,
        output=_TEXT,
        code=_optional(_INT),
        timed_out=_BOOL,
        truncated=_BOOL,
        elapsed=_NUMBER,
        build_error=_TEXT,
        limit=_optional(_TEXT),
        tail=_TEXT,
        other=_TEXT,
        flaky=_optional(_TEXT),
        confirmed=_BOOL,
    ),
)
STAGE_SHAPES: dict[str, Check] = {
    "check": check_result_shape,
    "vet": _list_of(_HIT),
    "run": _OUTCOME,
    "test": _OUTCOME,
}


def valid_result(stage: str, value: Any) -> bool:
    """Whether a stored result of `stage` has the shape the report reads; unknown: no."""
    shape = STAGE_SHAPES.get(stage)
    return shape is not None and shape(value)
