"""The fence info string: a language, then attributes separated by spaces or commas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coursecheck.hints import did_you_mean

GO_LANGS = frozenset({"go", "golang"})
KNOWN = frozenset(
    {"ignore", "compile_fail", "no_run", "test", "continue", "timeout", "go_version"}
    | {"should_panic", "exit"}
)
OUTPUT_KNOWN = frozenset({"unordered"})
_TOKEN = re.compile(r"""([^\s,=]+)(?:=("(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,]*))?""")


@dataclass(frozen=True)
class Attr:
    name: str
    value: str | None
    offset: int  # 0-based offset of the attribute in the info string


@dataclass(frozen=True)
class Info:
    lang: str  # as written
    attrs: tuple[Attr, ...]

    @property
    def is_go(self) -> bool:
        return self.lang.lower() in GO_LANGS

    @property
    def is_output(self) -> bool:
        return self.lang.lower() == "output"

    def get(self, name: str) -> Attr | None:
        return next((a for a in self.attrs if a.name == name), None)

    def has(self, name: str) -> bool:
        return self.get(name) is not None


def unknown_attribute(name: str, known: Iterable[str]) -> str:
    """The message for an attribute not in `known`, with the one it nearly spells."""
    return f"unknown attribute {name!r}{did_you_mean(name, sorted(known))}"


def parse_info(info: str) -> Info:
    tokens = list(_TOKEN.finditer(info))
    if not tokens:
        return Info("", ())
    first = tokens[0]
    lang = first.group(1)
    attrs = [Attr(m.group(1), _unquote(m.group(2)), m.start()) for m in tokens[1:]]
    if first.group(2) is not None:  # "go=..." is not a language; keep it visible as an attr
        attrs.insert(0, Attr(lang, _unquote(first.group(2)), first.start()))
        lang = ""
    if lang.startswith("{") or lang.startswith("."):  # pandoc style {.go} is not supported
        lang = lang.strip("{.}")
    return Info(lang, tuple(attrs))


def _unquote(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return re.sub(r"\\(.)", r"\1", inner) if value[0] == '"' else inner
    return value


def parse_duration(text: str) -> float | None:
    """Seconds in a Go-style duration such as 5s, 1500ms or 2m."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", text.strip())
    if not m:
        return None
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0}[m.group(2)]
    return float(m.group(1)) * scale
