"""Build constraints of a block, as `go build` honours them on the machine that checks it:
`//go:build` lines (and old `// +build` lines) and GOOS/GOARCH-specific file names."""

from __future__ import annotations

import platform
import re
from collections.abc import Callable

from coursecheck.snippets.extract import Block

GOOS = frozenset(
    {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js"}
    | {"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
)
GOARCH = frozenset(
    {"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le"}
    | {"ppc64", "ppc64le", "riscv64", "s390x", "wasm"}
)
UNIX = frozenset(GOOS - {"js", "nacl", "plan9", "wasip1", "windows"})
_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "i686": "386"}
_GO_BUILD = re.compile(r"^//go:build\s+(.+?)\s*$", re.MULTILINE)
_PLUS_BUILD = re.compile(r"^//\s*\+build\s+(.+?)\s*$", re.MULTILINE)
_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[\w.]+)")
_FILE_NAME = re.compile(r"(?:^|[\s\"'=/])([\w.-]+\.go)\b")
_RELEASE = re.compile(r"^go1\.\d+$")


def target() -> tuple[str, str]:
    """The GOOS and GOARCH the snippets are built for: the checking machine's (no cross build)."""
    return platform.system().lower(), _ARCH.get(platform.machine(), platform.machine())


def satisfied(tag: str, goos: str, goarch: str) -> bool:
    """As go/build's matchTag, with cgo off (the sandbox disables it) and every release tag
    on (the pinned toolchain is newer than what a book claims)."""
    if tag in (goos, goarch, "gc") or _RELEASE.match(tag):
        return True
    return tag == "unix" and goos in UNIX


def excluded(block: Block) -> str | None:
    """Why `go build` would leave this block out on the checking machine, or None."""
    goos, goarch = target()
    for line in _GO_BUILD.findall(block.code):
        try:
            if not _Expr(line, lambda t: satisfied(t, goos, goarch)).value():
                return f"//go:build {line}: not built on {goos}/{goarch}"
        except ValueError:
            return f"//go:build {line}: not a build constraint go can read"
    if not _GO_BUILD.search(block.code):
        for line in _PLUS_BUILD.findall(block.code):
            if not any(
                all(_term(t, goos, goarch) for t in option.split(",")) for option in line.split()
            ):
                return f"// +build {line}: not built on {goos}/{goarch}"
    name = _goos_file(block, goos, goarch)
    return f"GOOS-specific file name {name}: not built on {goos}/{goarch}" if name else None


def _term(term: str, goos: str, goarch: str) -> bool:
    return (
        not satisfied(term[1:], goos, goarch)
        if term.startswith("!")
        else satisfied(term, goos, goarch)
    )


def _goos_file(block: Block, goos: str, goarch: str) -> str | None:
    """A file name among the fence's attributes (`title="x_windows.go"`) that go build would
    leave out here: name_GOOS.go, name_GOARCH.go or name_GOOS_GOARCH.go."""
    for attr in (*block.info.attrs, *block.info.foreign):
        name: str
        for name in _FILE_NAME.findall(attr.value or attr.name):
            parts = name[: -len(".go")].removesuffix("_test").split("_")[1:]
            if len(parts) >= 2 and parts[-2] in GOOS and parts[-1] in GOARCH:
                wrong = (parts[-2], parts[-1]) != (goos, goarch)
            else:
                last = parts[-1] if parts else ""
                wrong = (last in GOOS and last != goos) or (last in GOARCH and last != goarch)
            if wrong:
                return name
    return None


class _Expr:
    """A `//go:build` expression: ||, &&, ! and parentheses over tags."""

    def __init__(self, text: str, tag: Callable[[str], bool]) -> None:
        self.tokens = [m.group(1) for m in _TOKEN.finditer(text)]
        if "".join(self.tokens) != re.sub(r"\s+", "", text):
            raise ValueError(text)
        self.at = 0
        self.tag = tag

    def value(self) -> bool:
        result = self._or()
        if self.at != len(self.tokens):
            raise ValueError("trailing tokens")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise ValueError("unexpected end")
        self.at += 1
        return token

    def _or(self) -> bool:
        result = self._and()
        while self._peek() == "||":
            self._take()
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._not()
        while self._peek() == "&&":
            self._take()
            result = self._not() and result
        return result

    def _not(self) -> bool:
        token = self._take()
        if token == "!":
            return not self._not()
        if token == "(":
            result = self._or()
            if self._take() != ")":
                raise ValueError("unbalanced parentheses")
            return result
        if not re.fullmatch(r"[\w.]+", token):
            raise ValueError(token)
        return self.tag(token)
