"""A snippet's output as its author should read it: a panic's stack trace names the Markdown
file and line, never the generated module, its temporary folder or its package names."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from coursecheck.snippets.chance import steady
from coursecheck.snippets.runner import MODULE, MUX_PACKAGE
from coursecheck.snippets.units import Unit

Locate = Callable[[str, int], tuple[Path, int]]  # virtual file and line -> page and line

UNIT_PACKAGE = re.compile(rf"\b{MODULE}/u[0-9a-f]{{20}}(?:_test)?\.")  # cc/u<id>.Main, ...
RENAMED_MAIN = re.compile(rf"\b{MUX_PACKAGE}\.")  # package main, as the shared binary holds it
VIRTUAL = re.compile(r"/coursecheck/(?P<file>[msg]\d*):(?P<line>\d+)(?::\d+)?(?: \+0x[0-9a-f]+)?")
LOGGED = re.compile(r"^(?P<indent>\s+)(?P<file>[ms]\d+):(?P<line>\d+):")  # t.Error's "m0:5:"
GENERATED_MAIN = re.compile(r"^\t\S*(?:/mux\d*/main\.go|_testmain\.go):\d+(?: \+0x[0-9a-f]+)?$")
SHARED_MAIN = re.compile(r"\bmain\.Main(?=[.(])")  # main.Main(...), main.Main.func2(...)
PACKAGE_CLAUSE = re.compile(r"^package\s+(\w+)", re.MULTILINE)


def package_of(unit: Unit) -> str:
    for member in unit.members:
        m = PACKAGE_CLAUSE.search(member.code)
        if m:
            return m[1]
    return "main"


def readable(unit: Unit, text: str, locate: Locate) -> str:
    """Map virtual positions (in traces and test logs) to the page, name the snippet's
    package as its author wrote it, and drop the frames of the generated main that runs it."""
    package = package_of(unit) + "."

    def page(m: re.Match[str]) -> str:
        path, line = locate(m["file"], int(m["line"]))
        return f"{Path(os.path.relpath(path)).as_posix()}:{line}"  # as findings show paths

    kept: list[str] = []
    for line in steady(text).split("\n"):
        if GENERATED_MAIN.match(line):
            if kept and kept[-1].startswith("main.main("):
                kept.pop()  # the frame's function line goes with it
            continue
        line = RENAMED_MAIN.sub("main.", UNIT_PACKAGE.sub(package, line))
        line = SHARED_MAIN.sub("main.main", line)  # the shared binary's rename, undone
        line = LOGGED.sub(lambda m: m["indent"] + page(m) + ":", line)
        kept.append(VIRTUAL.sub(page, line))
    return "\n".join(kept)
