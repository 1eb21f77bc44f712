"""The fence info string: a language, then attributes separated by spaces or commas.

Books written for other tools carry their attributes too (`hl_lines="2 3"`, `title=`,
`linenums`, `showLineNumbers`, brace groups such as `{hl_lines="2"}`, `{.go title="x"}` or
`{1,3-4}`): they are parsed and kept apart as foreign, never reported. A word outside any
brace group that nearly spells one of ours (`norun`) stays ours, for GO010 to name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from coursecheck.hints import closest, did_you_mean

GO_LANGS = frozenset({"go", "golang"})
KNOWN = frozenset(
    {"ignore", "compile_fail", "no_run", "test", "continue", "timeout", "go_version"}
    | {"should_panic", "exit"}
)
OUTPUT_KNOWN = frozenset({"unordered"})
# Other tools' attributes, in lower case (pymdownx, Hugo, Docusaurus, Pandoc, mdBook, Sphinx,
# Nextra, VitePress): foreign even where the spelling comes near one of ours.
FOREIGN = frozenset(
    {"hl_lines", "linenums", "title", "showlinenumbers", "linenos", "linenostart", "hl"}
    | {"anchor_linenums", "line_spans", "lineanchors", "highlight", "mark", "ins", "del"}
    | {"filename", "file", "name", "caption", "label", "class", "id", "lang", "language"}
    | {"tab", "collapse", "copy", "nocopy", "noplayground", "editable", "numberlines"}
    | {"startfrom", "emphasize-lines", "dedent", "lines", "wrap", "icon", "open", "source"}
)
_TOKEN = re.compile(r"""([^\s,={}]+)(?:=("(?:[^"\\]|\\.)*"?|'[^']*'?|[^\s,{}]*))?""")
_GROUP = re.compile(r"\{[^}]*\}?")  # a brace group; unclosed, it runs to the end


@dataclass(frozen=True)
class Attr:
    name: str
    value: str | None
    offset: int  # 0-based offset of the attribute in the info string


@dataclass(frozen=True)
class Info:
    lang: str  # as written
    attrs: tuple[Attr, ...]
    foreign: tuple[Attr, ...] = ()  # other tools' attributes: accepted and ignored

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
    words = list(_words(info))
    if not words:
        return Info("", ())
    (first, grouped), rest = words[0], [w for word in words[1:] for w in _expand(word)]
    if grouped:  # {.go title="x"}: the language is the group's first class or word
        inner = list(_expand(words[0]))
        named = bool(inner) and inner[0][0].value is None
        lang = inner[0][0].name.removeprefix(".") if named else ""
        rest = inner[named:] + rest
    elif first.value is not None:  # "go=..." is not a language; keep it visible as an attr
        lang, rest = "", [words[0], *rest]
    else:
        lang = first.name.removeprefix(".")
    known = _known(lang)
    ours = [a for a, inside in rest if not inside and _is_ours(a.name, known)]
    foreign = [a for a, inside in rest if inside or not _is_ours(a.name, known)]
    return Info(lang, tuple(ours), tuple(foreign))


def _known(lang: str) -> frozenset[str] | None:
    """Our attributes for the language; None where we check none (all but foreign are kept)."""
    if lang.lower() in GO_LANGS:
        return KNOWN
    return OUTPUT_KNOWN if lang.lower() == "output" else None


def _is_ours(name: str, known: frozenset[str] | None) -> bool:
    if name.lower() in FOREIGN:
        return False
    return known is None or name in known or closest(name, known) is not None


Word = tuple[Attr, bool]  # an attribute, and whether it came from a brace group


def _words(info: str) -> Iterator[Word]:
    at = 0
    while at < len(info):
        group = _GROUP.match(info, at)
        token = _TOKEN.match(info, at)
        if group:
            yield Attr(group[0], None, at), True
            at = group.end()
        elif token:
            yield Attr(token[1], _unquote(token[2]), at), False
            at = token.end()
        else:
            at += 1  # a space, a comma, a stray '}' or '='


def _expand(word: Word) -> Iterator[Word]:
    """A brace group's own words, at their offsets in the info string."""
    group, grouped = word
    if not grouped:
        yield word
        return
    for attr, _ in _words(group.name[1:].removesuffix("}")):
        yield Attr(attr.name, attr.value, group.offset + 1 + attr.offset), True


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
