"""YAML loaded with ruamel.yaml's round-trip loader, keeping every key's line and column."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLFutureWarning, YAMLWarning
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent

from coursecheck.yamlwords import explain

MAX_NODES = 10_000  # an alias bomb expands far past this
# The loader builds nested values recursively: far below Python's recursion limit, far above
# any real front matter (three levels deep).
MAX_DEPTH = 64
# A decimal integer longer than this cannot be converted (sys.get_int_max_str_digits()).
MAX_DIGITS = 4300
DECIMAL_RE = re.compile(r"^[-+]?[0-9_]+$")
DUPLICATE_RE = re.compile(
    r'found duplicate key "(?P<key>.*)" with value "(?P<second>.*)" '
    r'\(original value: "(?P<first>.*)"\)$'
)
SURROGATE_RE = re.compile("[\ud800-\udfff]")  # "\ud800" escapes one: no character, no UTF-8


@dataclass(frozen=True)
class YamlProblem:
    kind: str  # syntax, duplicate, not-mapping, too-large, too-deep, too-long
    message: str
    line: int  # 1-based, relative to the YAML text
    column: int


@dataclass(frozen=True)
class YamlDoc:
    data: CommentedMap | None
    problem: YamlProblem | None


def _loader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


@contextmanager
def quiet_yaml() -> Iterator[None]:
    """ruamel.yaml warns on stderr about YAML it still loads (an anchor defined twice, which
    YAML 1.2 allows): the only output is the report."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", YAMLWarning)
        warnings.simplefilter("ignore", YAMLFutureWarning)
        yield


def load_yaml(text: str) -> YamlDoc:
    beyond = _beyond_limits(text)
    if beyond is not None:
        return YamlDoc(None, beyond)
    try:
        with quiet_yaml():
            data = _loader().load(StringIO(text))
    except DuplicateKeyError as exc:
        return YamlDoc(None, _problem("duplicate", exc, _duplicate_message(exc)))
    except MarkedYAMLError as exc:
        plain = explain(exc, text)
        if plain is not None:
            return YamlDoc(
                None, YamlProblem("syntax", plain.message, plain.line + 1, plain.column + 1)
            )
        return YamlDoc(None, _problem("syntax", exc, f"{exc.problem or exc.context}"))
    except YAMLError as exc:
        return YamlDoc(None, YamlProblem("syntax", str(exc).splitlines()[0], 1, 1))
    if not isinstance(data, CommentedMap):
        kind = (
            "empty" if data is None else ("a list" if isinstance(data, list) else "a single value")
        )
        return YamlDoc(None, YamlProblem("not-mapping", f"is {kind}, not a mapping of keys", 1, 1))
    if _count_nodes(data) > MAX_NODES:
        return YamlDoc(
            None, YamlProblem("too-large", f"expands to more than {MAX_NODES} values", 1, 1)
        )
    return YamlDoc(data, None)


def _beyond_limits(text: str) -> YamlProblem | None:
    """What the loader cannot build (it would crash): nesting past MAX_DEPTH, an integer too
    long to convert. Found from the parser's events, which need no recursion; a syntax error
    ends the scan and is left to the loader, which reports it."""
    depth = 0
    try:
        for event in _loader().parse(StringIO(text)):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _at("too-deep", f"nests deeper than {MAX_DEPTH} levels", event)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent):
                problem = _scalar_problem(event)
                if problem is not None:
                    return problem
    except YAMLError:
        return None
    return None


def _scalar_problem(event: ScalarEvent) -> YamlProblem | None:
    surrogate = SURROGATE_RE.search(event.value)
    if surrogate is not None:
        message = f"{surrogate[0]!r} is a lone surrogate escape, not a character"
        return _at("syntax", message.replace("'", '"'), event)
    digits = len(event.value) - event.value.count("_")
    if event.style is None and digits > MAX_DIGITS and DECIMAL_RE.match(event.value):
        return _at("too-long", f"a number of {digits} digits is longer than {MAX_DIGITS}", event)
    return None


def _at(kind: str, message: str, event: Any) -> YamlProblem:
    mark = event.start_mark
    return YamlProblem(kind, message, mark.line + 1, mark.column + 1)


def _problem(kind: str, exc: MarkedYAMLError, message: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote or bracket is only noticed at the end of the text; where it was opened
    # is where the author has to look.
    at_end = any(end in str(exc.problem) for end in ("end of stream", "<stream end>"))
    if exc.context_mark is not None and exc.context and at_end:
        mark, message = exc.context_mark, f"{message} {exc.context}"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return YamlProblem(kind, message, line, column)


def _duplicate_message(exc: DuplicateKeyError) -> str:
    problem = str(exc.problem or "duplicate key").split("\n")[0].rstrip(".")
    m = DUPLICATE_RE.match(problem)
    if m is None:
        return problem.replace("found duplicate key", "duplicate key")
    return (
        f"duplicate key {m['key']!r}: set to {m['first']!r} above and to {m['second']!r} here; "
        "keep one"
    )


def _count_nodes(value: Any) -> int:
    """Counts values with aliases expanded, stopping early once past the limit."""
    stack = [value]
    count = 0
    while stack and count <= MAX_NODES:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def key_position(data: CommentedMap, path: tuple[int | str, ...]) -> tuple[int, int] | None:
    """1-based (line, column) of the key (or item) a pydantic error location names."""
    node: Any = data
    found: tuple[int, int] | None = None
    for part in path:
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part)
            found = (line + 1, column + 1)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, column = node.lc.item(part)
            found = (line + 1, column + 1)
            node = node[part]
        else:
            break
    return found


def value_position(data: CommentedMap, key: str) -> tuple[int, int] | None:
    if key not in data:
        return None
    line, column = data.lc.value(key)
    return line + 1, column + 1


def plain(value: Any) -> Any:
    """The loaded data as plain dicts, lists and scalars, for pydantic."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    return str(value)
