"""One unit's initialisation never changes another unit's verdict, and units that clash only
in the shared link each get their true verdict (review defects 2 and 6): through the real CLI
(the helper's static rule), and through the real shared build (the init probe)."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultkit import codes_at, course_with, run_cli

from coursecheck.cache.peruser import toolchain_cache
from coursecheck.snippets import runner
from coursecheck.snippets.toolchain import hermetic_env, require_go

INNOCENT = '```go\nfmt.Println("hi")\n```\n\n```output\nhi\n```\n'
BROKEN_TEST = (
    '```go test\npackage m\n\nimport "testing"\n\n'
    'func TestBroken(t *testing.T) { t.Fatal("really broken") }\n```\n'
)
PASSING_TEST = '```go test\npackage m\n\nimport "testing"\n\nfunc TestFine(t *testing.T) {}\n```\n'
# A fragment whose package-level initialiser runs at start-up, its expected output, and its
# own verdict in a binary of its own: None, or (where, code) of its finding.
INITS: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "exit0": (
        'var _ = func() int { os.Exit(0); return 0 }()\n\nfmt.Println("never")',
        "never",
        ("never\n```", "GO004"),
    ),
    "prints": ('var _, _ = os.Stdout.WriteString("X")\n\nfmt.Println("me")', "Xme", None),
    "panics": ('var bad = regexp.MustCompile("(")\n\nfmt.Println(bad)', "(", ("(\n```", "GO004")),
    "allocates": (
        'var big = strings.Repeat("x", 600<<20)\n\nfmt.Println(len(big))',
        "629145600",
        ("```go\nvar big", "GO017"),
    ),
}


def _at(text: str, marker: str, code: str) -> str:
    """`page.md:LINE:1: CODE` for a finding at the line where `marker` starts."""
    return f"page.md:{text[: text.index(marker)].count(chr(10)) + 1}:1: {code}"


def _verdicts(stdout: str) -> list[str]:
    return sorted(set(codes_at(stdout)))  # `snippets --check` lists a finding per block


def _page(init: str, output: str) -> str:
    culprit = f"```go\n{init}\n```\n\n```output\n{output}\n```\n"
    return "\n".join([INNOCENT, BROKEN_TEST, culprit, PASSING_TEST, INNOCENT])


@pytest.mark.parametrize("name", sorted(INITS))
def test_a_units_initialisation_changes_no_other_verdict(tmp_path: Path, name: str) -> None:
    init, output, own = INITS[name]
    text = _page(init, output)
    root = course_with(tmp_path / "course", text)
    done = run_cli(["snippets", "--check", "page.md"], root, tmp_path / "cache")
    assert done.returncode == 1, done.stderr
    expected = [_at(text, "func TestBroken", "GO007")]
    if own is not None:
        expected.append(_at(text, *own))
    assert _verdicts(done.stdout) == sorted(expected), done.stdout


def test_units_that_clash_only_in_the_shared_link_get_their_verdicts(tmp_path: Path) -> None:
    """/tmp/review/iso6: two programs define the same linkname symbol; each builds alone."""
    clash = (
        '```go\npackage main\n\nimport (\n\t"fmt"\n\t_ "unsafe"\n)\n\n'
        "//go:linkname shared evil.shared\nfunc shared() int {{ return {n} }}\n\n"
        "func main() {{ fmt.Println(shared()) }}\n```\n\n```output\n{out}\n```\n"
    )
    wrong = "```go\nfmt.Println(7)\n```\n\n```output\n8\n```\n"
    text = "\n".join([INNOCENT, clash.format(n=1, out=1), clash.format(n=2, out=3), wrong])
    root = course_with(tmp_path / "course", text)
    done = run_cli(["snippets", "--check", "page.md"], root, tmp_path / "cache")
    assert done.returncode == 1, done.stderr
    assert _verdicts(done.stdout) == [
        _at(text, "3\n```", "GO004"),
        _at(text, "8\n```", "GO004"),
    ], done.stdout


# Units as the helper writes them for the shared binary (package mai_, an exported Main); the
# second one's init would pass the helper's static rule if it were a variable initialiser the
# rule missed: the probe, not the helper, must catch it here.
UNITS = {
    "u" + "1" * 20: ('import "fmt"', 'fmt.Println("one")', ""),
    "u" + "2" * 20: ('import (\n\t"fmt"\n\t"os"\n)', 'fmt.Println("two")', "{init}"),
    "u" + "3" * 20: ('import "fmt"', 'fmt.Println("three")', ""),
}
PROBE_CULPRITS = {
    "exit0": ("func init() { os.Exit(0) }", ""),
    "prints": ('func init() { fmt.Fprint(os.Stdout, "X") }', "Xtwo\n"),
}


@pytest.mark.parametrize("name", sorted(PROBE_CULPRITS))
def test_the_init_probe_gives_a_culprit_its_own_binary(tmp_path: Path, name: str) -> None:
    init, own_output = PROBE_CULPRITS[name]
    go = require_go()
    root = tmp_path / "mod"
    root.mkdir()
    (root / "go.mod").write_text(f"module {runner.MODULE}\n\ngo {go.language}\n")
    for unit, (imports, body, extra) in UNITS.items():
        (root / unit).mkdir()
        code = (
            f"package mai_\n\n{imports}\n\n{extra.format(init=init)}\n\nfunc Main() {{ {body} }}\n"
        )
        (root / unit / "main.go").write_text(code)
    ws = runner.Workspace(root, go, hermetic_env(go, toolchain_cache(), tmp_path))
    built = runner.build_runner(ws, list(UNITS), {}, [])
    assert built.errors == {}
    one, two, three = UNITS
    assert [u for u in UNITS if built.binary[u] == built.binary[two]] == [two]  # its own
    done = runner.run_all(ws, [(u, built.binary[u], 30.0, ()) for u in UNITS])
    outputs = {unit: result.output for unit, result in done.items()}
    assert outputs == {one: "one\n", two: own_output, three: "three\n"}
