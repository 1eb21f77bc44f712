"""Findings on the page from a unit's stage results, which speak in snippet coordinates."""

from __future__ import annotations

import contextlib
import difflib
import re
import signal
from collections.abc import Iterator
from pathlib import Path

from coursecheck.diagnostics import Finding
from coursecheck.snippets import codes, panics, proc
from coursecheck.snippets.extract import Block, char_column
from coursecheck.snippets.faults import signal_name
from coursecheck.snippets.generated import in_author_terms
from coursecheck.snippets.results import CheckResult, RunResult, VetHits, VirtualHit
from coursecheck.snippets.trace import Locate, readable
from coursecheck.snippets.units import Hit, Kind, Unit

_KIND_CODES = {
    "syntax": codes.BUILD_ERROR,
    "type": codes.BUILD_ERROR,
    "gofmt": codes.GOFMT,
    "sandbox": codes.SANDBOX,
    "nomain": codes.MISSING_MAIN,
    "goversion": codes.GO_VERSION,
}
_TEST_POS = re.compile(r"\b(?P<file>m\d+):(?P<line>\d+):")
_FRAME_POS = re.compile(r"/coursecheck/(?P<file>m\d+):(?P<line>\d+)\b")  # a panic's frame
_BUILD_POS = re.compile(r"/coursecheck/(?P<file>[msg]\d*):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)")
MAX_DIFF_LINES = 20


def place(unit: Unit, hit: VirtualHit, message: str | None = None) -> Finding:
    """A virtual position (m<i>, s<i> or g; line; column) mapped to the Markdown file."""
    file, line, col = hit.file, hit.line, hit.col
    block = unit.last
    doc_line, doc_col = block.line, block.column
    if file[:1] in "ms" and file[1:].isdigit() and int(file[1:]) < len(unit.members):
        member = unit.members[int(file[1:])]
        block = member
        if file[0] == "m" and line > 0:
            doc_line, doc_col = member.position(line, col)
        elif file[0] == "s" and member.setup and member.setup.origin and line > 0:
            k = min(line, len(member.setup.origin)) - 1
            origin = member.setup.origin[k]
            doc_line = origin[0]
            doc_col = origin[1] + char_column(member.setup.code.split("\n")[k], col)
        else:
            doc_line, doc_col = member.line, member.column
    return Finding(block.path, doc_line, doc_col, message or hit.msg)


BUILD_FAILURES = ("syntax", "type", "nomain")
# What lenient mode's helper notes without a failure: elided code, an external import,
# code for another platform.
# `declared` places a block a lenient reason names (lenient.notes); it is no finding either.
DECLARED = "declared"
NOTE_KINDS = frozenset({"elided", "external", "skipped", DECLARED})


def check_hits(unit: Unit, result: CheckResult) -> Iterator[Hit]:
    findings = in_author_terms(result.findings, lambda hit: place(unit, hit).line)
    for hit in findings:
        if (unit.kind is Kind.FAIL and hit.kind in BUILD_FAILURES) or hit.kind in NOTE_KINDS:
            continue
        yield _KIND_CODES.get(hit.kind, codes.BUILD_ERROR), place(unit, hit)
    if unit.kind is Kind.FAIL:
        yield from _compile_fail(unit, findings)


def _compile_fail(unit: Unit, findings: list[VirtualHit]) -> Iterator[Hit]:
    errors = [h.msg for h in findings if h.kind in BUILD_FAILURES]
    attr = unit.last.info.get("compile_fail")
    where = place(unit, VirtualHit())
    column = unit.last.info_column + (attr.offset if attr else 0)
    if not errors:
        if any(h.kind in ("sandbox", "crash") for h in findings):  # said already
            return
        yield (
            codes.COMPILE_FAIL_BUILT,
            Finding(where.path, where.line, column, "compile_fail block builds without error"),
        )
    elif unit.expect and not any(unit.expect in e for e in errors):
        yield (
            codes.COMPILE_FAIL_TEXT,
            Finding(
                where.path,
                where.line,
                column,
                f"compile_fail expects {unit.expect!r}, but the build says: {errors[0]}",
            ),
        )


def vet_hits(unit: Unit, hits: VetHits) -> Iterator[Hit]:
    for hit in hits:
        yield codes.VET, place(unit, hit)


def normalize(text: str, unordered: bool) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    return sorted(lines) if unordered else lines


def build_error_hits(unit: Unit, text: str) -> Iterator[Hit]:
    """The linker or compiler failed after the type check passed: map what it names."""
    found = False
    for line in text.splitlines():
        m = _BUILD_POS.search(line)
        if m:
            found = True
            hit = VirtualHit(m["file"], int(m["line"]), int(m["col"]))
            yield codes.BUILD_ERROR, place(unit, hit, m["msg"].strip())
    if not found:
        yield codes.BUILD_ERROR, place(unit, VirtualHit(), f"the build failed: {text.strip()}")


def run_hits(unit: Unit, result: RunResult, check: CheckResult | None = None) -> Iterator[Hit]:
    output = unit.output
    assert output is not None
    unordered = output.info.has("unordered")
    by_map = () if unordered or check is None else check.map_prints
    for hit in by_map[:1]:
        yield codes.NONDETERMINISTIC, place(unit, hit, _map_order_message(hit.kind, hit.msg))
    ended = _ended(unit, result, "program")
    yield from ended if ended is not None else _output_hits(unit, result, bool(by_map))


def _ended(unit: Unit, result: RunResult, what: str) -> list[Hit] | None:
    """The findings of runs that never reached their end (the build failed, a time or sandbox
    limit stopped them); None when they did."""
    if result.build_error is not None:
        return list(build_error_hits(unit, result.build_error))
    if result.timed_out:
        stopped = "was stopped" if what == "program" else "were stopped"
        message = f"the {what} ran longer than {unit.timeout:g}s and {stopped}"
        return [(codes.TIMEOUT, place(unit, VirtualHit(), message))]
    if result.limit:
        return [_limit_hit(unit, result.limit, what)]
    return None


def _output_hits(unit: Unit, result: RunResult, by_map: bool) -> Iterator[Hit]:
    """The program's output against its output block."""
    output = unit.output
    assert output is not None
    unordered = output.info.has("unordered")
    got = normalize(readable(unit, result.output, _locator(unit)), unordered)
    flaky = result.flaky == "output" or (result.flaky is not None and not unordered)
    if flaky and not by_map:  # with by_map, GO016 is reported already
        yield codes.NONDETERMINISTIC, _runs_differ(unit, result, got)
        return
    want = normalize(output.code, unordered)
    code = result.code
    if panics.expected_status(unit.last) is not None:  # should_panic, exit=N
        ended = list(panics.status_hits(unit.last, code, "\n".join(got)))
        yield from ended
        if ended:
            return
        got, want, code = panics.compared(got), panics.compared(want), 0
    if want == got or (by_map and _reordered(want, got)):
        if code:  # the expected text, then os.Exit(1) or a signal: not a pass
            message = (
                "the program prints the expected output, but a run passes only with exit "
                f"status 0 ({exit_words(code)})"
            )
            yield codes.OUTPUT_MISMATCH, Finding(output.path, output.line, output.column, message)
        return  # an order left to the map is GO016's finding, not a mismatch
    diff = _diff(want, got, "expected", "actual")
    status = f" ({exit_words(code)}{panics.hint(code, got)})" if code else ""
    more = " (output truncated)" if result.truncated else ""
    message = f"output differs from the program's{status}{more}:\n" + "\n".join(diff)
    line, column = _first_difference(output, want, got, unordered)
    yield codes.OUTPUT_MISMATCH, Finding(output.path, line, column, message)


def exit_words(code: int) -> str:
    """How a run ended, in words: `exit status 2`, or `killed by signal SIGSEGV
    (segmentation fault)` (a negative code is the signal's number)."""
    if code >= 0:
        return f"exit status {code}"
    what = signal_name(-code).removeprefix("signal ")
    with contextlib.suppress(ValueError):
        description = signal.strsignal(-code)
        if description:
            what += f" ({description.lower()})"
    return f"killed by signal {what}"


REMEDY = "sort the keys before printing, or mark the output block `output unordered`"


BUILT_REMEDY = "range over the sorted keys, or sort what the loop builds before using it"


def _map_order_message(kind: str, what: str) -> str:
    """`fmt.Println prints ...` (kind maporder), or an effect that keeps the map's order:
    `append to ks`, `sb.WriteString writes`, `s += concatenates`, `a send on ch`."""
    if kind == "mapeffect":
        return (
            f"{what} inside a range over a map, whose order changes from run to run, and the "
            f"result is used unsorted: {BUILT_REMEDY}"
        )
    return f"{what} prints inside a range over a map, whose order changes from run to run: {REMEDY}"


def _reordered(want: list[str], got: list[str]) -> bool:
    """The same characters in another order: keys joined on one line, say."""
    return sorted("\n".join(want)) == sorted("\n".join(got))


def _runs_differ(unit: Unit, result: RunResult, got: list[str]) -> Finding:
    assert unit.output is not None
    other = readable(unit, result.other, _locator(unit))
    diff = _diff(got, normalize(other, unit.output.info.has("unordered")), "run 1", "run 2")
    message = (
        "the output differs between two runs of the program (chance decides what it prints: "
        f"map order, goroutines, time or random numbers); {REMEDY}, or print only what is "
        "certain:\n" + "\n".join(diff)
    )
    return Finding(unit.output.path, unit.output.line, unit.output.column, message)


def _diff(a: list[str], b: list[str], name_a: str, name_b: str) -> list[str]:
    diff = list(difflib.unified_diff(a, b, name_a, name_b, lineterm="", n=1))[2:]
    return diff[:MAX_DIFF_LINES] + (["..."] if len(diff) > MAX_DIFF_LINES else [])


def _locator(unit: Unit) -> Locate:
    def locate(file: str, line: int) -> tuple[Path, int]:
        finding = place(unit, VirtualHit(file, line, 1))
        return finding.path, finding.line

    return locate


def _first_difference(
    output: Block, want: list[str], got: list[str], unordered: bool
) -> tuple[int, int]:
    """The expected line where the output first differs (the fence when order is free, or
    when the block is empty)."""
    lines = output.code.split("\n")
    leading = next((i for i, line in enumerate(lines) if line.strip()), None)
    if unordered or leading is None:
        return output.line, output.column
    index = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), None)
    index = min(len(want), len(got)) if index is None else index
    return output.position(leading + min(index, len(want) - 1) + 1, 1)


def test_hits(unit: Unit, result: RunResult) -> Iterator[Hit]:
    ended = _ended(unit, result, "tests")
    if ended is not None:
        yield from ended
        return
    if result.passed:
        return
    output = result.output + (f"\n...\n{result.tail}" if result.tail else "")
    m = _TEST_POS.search(output) or _FRAME_POS.search(output)
    hit = VirtualHit(m["file"], int(m["line"]), 1) if m else VirtualHit()
    summary = _test_summary(readable(unit, output, _locator(unit)))
    if result.flaky:
        message = f"the tests pass in one run and fail in another, left to chance:\n{summary}"
        yield codes.NONDETERMINISTIC, place(unit, hit, message)
        return
    how = f" ({exit_words(result.code)})" if result.code < 0 else ""  # a signal, not an assert
    yield codes.TEST_FAILURE, place(unit, hit, f"go test fails{how}:\n{summary}")


_NOISE = ("=== ", "ok ", "FAIL\t", "exit status", "PASS", "...")
_FAILURE = ("--- FAIL", "panic:")
MAX_SUMMARY_LINES, MAX_LINE = 15, 200


def _test_summary(output: str) -> str:
    """What failed, from the first `--- FAIL` or panic on: a test's own printing before it
    (a megabyte of it, maybe) is not the failure."""
    lines = [ln for ln in output.splitlines() if ln.strip() and not ln.startswith(_NOISE)]
    start = next((i for i, ln in enumerate(lines) if ln.startswith(_FAILURE)), 0)
    shown = lines[start : start + MAX_SUMMARY_LINES]
    return "\n".join(ln if len(ln) <= MAX_LINE else ln[:MAX_LINE] + "..." for ln in shown)


_DEFAULT = proc.Limits()
_LIMITS = {
    "memory": f"memory limit ({_DEFAULT.memory >> 20} MiB of data: heap and global variables)",
    "processes": f"process limit ({_DEFAULT.processes} threads and processes)",
    "new-process": "process limit (a run is one process: it may start threads, not programs)",
    "cpu": "CPU time limit (the time limit, in CPU seconds)",
    "open-files": f"open-files limit ({_DEFAULT.open_files} descriptors)",
    "file-size": f"file-size limit ({_DEFAULT.file_size >> 20} MiB per file)",
    "disk": f"scratch space limit ({_DEFAULT.scratch >> 20} MiB)",
}


def _limit_hit(unit: Unit, limit: str, what: str) -> Hit:
    name = _LIMITS.get(limit, f"{limit} limit")
    return codes.RESOURCE_LIMIT, place(unit, VirtualHit(), f"the {what} hit the sandbox's {name}")
