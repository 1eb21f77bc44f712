"""Faults are not findings: a toolchain or machine failure, injected for real through a `go`
wrapper, is retried once, then exit 2 with one line; no GO finding; nothing cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CheckText
from faultkit import (
    PAGE,
    VERDICTS,
    cached_results,
    calls,
    codes_at,
    course_with,
    full_course,
    run_cli,
    wrapped_go,
)
from progresslines import without_progress

from coursecheck.snippets.faults import machine_failure
from coursecheck.snippets.proc import Completed

# The helper dies whenever the batch it checks holds a snippet importing ascii85.
CRASH_ON_ASCII85 = (
    'case " $* " in *" encoding/ascii85 "*) [ "$1" = list ] && kill -SEGV $PPID;; esac'
)
DAY1_VERDICTS = ["day-01-first-steps.md:23:13: GO001"]

# Shell run before the real go: how `go list` (the helper's export-data query) fails.
LIST_FAILS = {
    "exits-1": 'if [ "$1" = list ]; then echo "go: simulated list failure" >&2; exit 1; fi',
    "killed": 'if [ "$1" = list ]; then kill -KILL $$; fi',
    "too-slow": 'if [ "$1" = list ]; then sleep 60; fi',
}
BUILD_FAILS = {
    "killed": 'if [ "$1" = build ]; then kill -KILL $$; fi',
    "disk-full": (
        'if [ "$1" = build ]; then '
        'echo "go: writing output: write /tmp/x: no space left on device" >&2; exit 1; fi'
    ),
    "no-threads": (
        'if [ "$1" = build ]; then echo "runtime: failed to create new OS thread '
        '(errno=11: resource temporarily unavailable)" >&2; exit 2; fi'
    ),
}


def _assert_fault(done: object, step: str, cache: Path) -> None:
    stdout, stderr, code = done.stdout, done.stderr, done.returncode  # type: ignore[attr-defined]
    assert code == 2, (stdout, stderr)
    assert len(without_progress(stderr)) == 1, stderr
    assert without_progress(stderr)[0].startswith(f"coursecheck: error: {step} failed: "), stderr
    assert "--verbose" in stderr
    assert "GO0" not in stdout
    assert cached_results(cache) == []


@pytest.mark.parametrize("how", sorted(LIST_FAILS))
def test_a_failing_go_list_is_a_fault(tmp_path: Path, how: str) -> None:
    go = wrapped_go(tmp_path / "go", LIST_FAILS[how])
    root, cache = full_course(tmp_path / "course"), tmp_path / "cache"
    limit = {"COURSECHECK_TOOL_TIMEOUT": "8"}
    done = run_cli(["check", "."], root, cache, go, env=limit)
    _assert_fault(done, "coursecheck's Go helper", cache)
    assert "go list" in done.stderr
    assert calls(go, "list") == 2  # tried once more
    again = run_cli(["check", "."], root, cache, go, env=limit)
    assert again.returncode == 2  # nothing poisoned was served from a cache
    healthy = run_cli(["check", "."], root, cache)
    assert healthy.returncode == 1
    assert codes_at(healthy.stdout) == DAY1_VERDICTS


def test_verbose_shows_the_tools_output(tmp_path: Path) -> None:
    go = wrapped_go(tmp_path / "go", LIST_FAILS["exits-1"])
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    done = run_cli(["check", "--verbose", "."], full_course(tmp_path / "c2"), cache, go)
    assert done.returncode == 2
    assert "go: simulated list failure" in done.stderr
    quiet = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    assert quiet.returncode == 2
    assert "simulated" not in quiet.stderr
    loud = run_cli(["snippets", "--verbose", "--check", "page.md"], root, cache, go)
    assert loud.returncode == 2
    assert "go: simulated list failure" in loud.stderr


def test_a_fault_that_passes_on_retry_changes_nothing(tmp_path: Path) -> None:
    once = 'if [ "$1" = list ] && [ "$(grep -c "^list" "$COUNT")" = 1 ]; then kill -KILL $$; fi'
    go = wrapped_go(tmp_path / "go", once)
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    assert done.returncode == 1, done.stderr
    assert codes_at(done.stdout) == VERDICTS
    assert without_progress(done.stderr) == []
    assert calls(go, "list") == 2
    assert cached_results(cache)  # a good run is cached as usual


@pytest.mark.parametrize("how", sorted(BUILD_FAILS))
def test_a_failing_build_is_a_fault(tmp_path: Path, how: str) -> None:
    go = wrapped_go(tmp_path / "go", BUILD_FAILS[how])
    root, cache = full_course(tmp_path / "course"), tmp_path / "cache"
    done = run_cli(["check", "."], root, cache, go)
    _assert_fault(done, "`go build` of the snippets", cache)
    assert calls(go, "build") == 2


def test_a_helper_killed_every_time_is_a_fault(tmp_path: Path) -> None:
    go = wrapped_go(tmp_path / "go", 'if [ "$1" = list ]; then kill -KILL $PPID; fi')
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    _assert_fault(done, "coursecheck's Go helper", cache)
    assert "crashes even on an empty program" in done.stderr


def test_a_unit_that_crashes_the_helper_costs_only_its_own_verdict(tmp_path: Path) -> None:
    # The helper dies whenever the batch it checks holds the snippet importing ascii85.
    go = wrapped_go(tmp_path / "go", CRASH_ON_ASCII85)
    crasher = "```go\n_ = ascii85.MaxEncodedLen(1)\n```\n"
    root, cache = course_with(tmp_path / "course", f"{crasher}\n{PAGE}"), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    assert done.returncode == 1, done.stderr
    shift = len(crasher.splitlines()) + 1
    moved = [v.replace(":12:", f":{12 + shift}:") for v in VERDICTS]
    assert codes_at(done.stdout) == sorted(["page.md:1:1: GO001", *moved])
    assert "checker crashed on this snippet (SIGSEGV: segmentation violation)" in done.stdout


def test_a_run_with_a_helper_crash_is_not_kept_whole(tmp_path: Path) -> None:
    # The crash was kept out of the snippet cache, but the whole-run cache kept the run: the
    # next `check` served the crash finding again without checking the snippet.
    go = wrapped_go(tmp_path / "go", CRASH_ON_ASCII85)
    # Nothing to run: no pass waits for a second check, so only the crash can keep it out.
    page = "# Crash\n\n```go\n_ = ascii85.MaxEncodedLen(1)\n```\n\n```go\nvar n int = 1\n```\n"
    root = full_course(tmp_path / "course", page)
    cache = tmp_path / "cache"
    done = run_cli(["check", "."], root, cache, go)
    assert done.returncode == 1, done.stderr
    assert "checker crashed on this snippet" in done.stdout
    assert [p.parent.parent for p in cached_results(cache)] == [cache / "go"]  # snippets only


EXTERNAL_TEST = """\
```go test
package sum_test

import "testing"

func TestSum(t *testing.T) {
	if 1+1 != 2 {
		t.Fatal("sum")
	}
}
```
"""


def test_a_killed_go_vet_is_a_fault(tmp_path: Path) -> None:
    # An external test package is vetted by `go vet` itself, not in the helper.
    go = wrapped_go(tmp_path / "go", 'if [ "$1" = vet ]; then kill -KILL $$; fi')
    root, cache = course_with(tmp_path / "course", EXTERNAL_TEST), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    _assert_fault(done, "`go vet`", cache)
    assert calls(go, "vet") == 2


def test_a_compiler_error_that_quotes_machine_words_is_not_a_fault() -> None:
    quoted = "# cc/u1\n/coursecheck/m0:3:5: undefined: no_space\n\tx: no space left on device\n"
    assert machine_failure(Completed(1, "", quoted), 10.0) is None
    disk = "go: writing output: write /tmp/x: no space left on device\n"
    assert machine_failure(Completed(1, "", disk), 10.0) == disk.strip()
    assert machine_failure(Completed(-9, "", ""), 10.0) == "it was killed by SIGKILL"
    assert machine_failure(Completed(0, "", "", timed_out=True), 10.0) == (
        "it ran longer than its limit of 10s"
    )


def test_an_external_test_package_is_vetted(check_text: CheckText, tmp_path: Path) -> None:
    # It was never vetted: `go vet` was skipped, so a killed vet could not even be noticed.
    bad = EXTERNAL_TEST.replace('t.Fatal("sum")', 't.Errorf("%d", "sum")')
    assert check_text(tmp_path, EXTERNAL_TEST) == []
    assert check_text(tmp_path, bad) == [("GO002", 8, 13)]


def test_a_snippet_that_keeps_the_checker_busy_costs_only_its_own_verdict(
    tmp_path: Path,
) -> None:
    # 90,000 nested struct types keep go/types busy for minutes, and gigabytes of memory.
    # Nothing else on the page is built or run: only the helper works within the short limit.
    depth = 90_000
    slow = f"```go\nvar x {'struct{ f ' * depth}int{' }' * depth}\nfmt.Println(x)\n```\n"
    others = '```go\nfmt.Println(strings.ToUpper("ok"))\n```\n\n```go\nvar n int = "one"\n```\n'
    root, cache = course_with(tmp_path / "course", f"{slow}\n{others}"), tmp_path / "cache"
    limit = {"COURSECHECK_TOOL_TIMEOUT": "10"}
    done = run_cli(["snippets", "--check", "page.md"], root, cache, env=limit)
    assert done.returncode == 1, done.stderr
    assert codes_at(done.stdout) == sorted(["page.md:1:1: GO001", "page.md:11:13: GO001"])
    assert "checker crashed on this snippet (fatal error: checking it took longer than 10s)" in (
        done.stdout
    )
