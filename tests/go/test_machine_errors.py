"""A build error that points into no snippet's files (an I/O error, say) is a finding only if
a known-good control package builds and the unit fails again alone; otherwise it is a fault:
exit 2, nothing cached (review defect 4, with the reviewer's failing `go` wrappers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import PAGE, VERDICTS, cached_results, codes_at, course_with, run_cli, wrapped_go
from progresslines import without_progress

# An external test package: `go test -c` builds it, outside the shared binary.
EXTERNAL = (
    '\n```go test\npackage m_test\n\nimport "testing"\n\nfunc TestOutside(t *testing.T) {}\n```\n'
)


def _eio(verb: str, times: str = "") -> str:
    """Shell for the wrapper: `go VERB` fails with EIO (only for its first TIMES calls), except
    the build of coursecheck's own helper (the machine lets it through, this time)."""
    first = f' && [ "$(grep -c "^{verb} " "$COUNT")" -le {times} ]' if times else ""
    return (
        f'if [ "$1" = {verb} ]{first}; then case "$*" in *cchelper*) ;; *) '
        'echo "link: open /tmp/go-build/x/go.o: input/output error" >&2; exit 1;; esac; fi'
    )


STEPS = {"build": "`go build` of the snippets", "test": "`go test -c` of the test snippets"}


@pytest.mark.parametrize(
    ("verb", "times", "reason"),
    [
        ("build", "", "a known-good control package does not build either"),
        ("test", "", "a known-good control package does not build either"),
        ("test", "1", "a snippet failed to build once, then built"),
    ],
)
def test_an_error_outside_the_snippets_is_a_fault(
    tmp_path: Path, verb: str, times: str, reason: str
) -> None:
    go = wrapped_go(tmp_path / "go", _eio(verb, times))
    root, cache = course_with(tmp_path / "course", PAGE + EXTERNAL), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, go)
    assert done.returncode == 2, (done.stdout, done.stderr)
    [error] = without_progress(done.stderr)
    assert error.startswith(f"coursecheck: error: {STEPS[verb]} failed: {reason}")
    assert "GO0" not in done.stdout
    assert cached_results(cache) == []
    healthy = run_cli(["snippets", "--check", "page.md"], root, cache)
    assert healthy.returncode == 1, healthy.stderr
    assert sorted(set(codes_at(healthy.stdout))) == VERDICTS
