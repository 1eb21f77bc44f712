"""Go's build cache across folders: a course checked in a second folder (a clone, a worktree)
compiles no package again, and a changed snippet is still compiled and run anew.

What the go command compiled is read from its own record of the actions it ran
(`-debug-actiongraph`, which a wrapped `go` adds to every call): an action that ran a command
did the work, one served from the cache ran none."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from pathlib import Path

from faultkit import codes_at, full_course, run_cli, wrapped_go

# A program, a crashing program, a test the shared binary runs, and a test with its own
# TestMain (built by `go test -c`): every build the check makes.
PAGE = """\
# Cache

```go
fmt.Println(strings.Repeat("ab", 2), "trimpath")
```

```output
abab trimpath
```

```go should_panic
package main

func main() {
	var m map[string]int
	m["trimpath"] = 1
}
```

```output
panic: assignment to entry in nil map

goroutine N [running]:
main.main()
```

```go test
package m

import "testing"

func TestTrimpath(t *testing.T) {
	if len("trimpath") != 8 {
		t.Fatal("len")
	}
}
```

```go test
package m

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestTrimpathMain(t *testing.T) {}
```
"""
# Verbs whose actions the go command records; `go list -export` is the helper's.
RECORDED = "build|vet|test|list"


def recording_go(folder: Path, graphs: Path) -> Path:
    """A go that writes the action graph of each build, vet, test and list call into `graphs`."""
    graphs.mkdir(parents=True)
    return wrapped_go(
        folder,
        f'case "$1" in {RECORDED}) verb="$1"; shift; '
        f'set -- "$verb" -debug-actiongraph="{graphs}/$$.json" "$@";; esac',
    )


def compiled(graphs: Path) -> list[str]:
    """The packages the recorded calls compiled (a build action that ran a command)."""
    done = []
    for graph in sorted(graphs.glob("*.json")):
        for action in json.loads(graph.read_text(encoding="utf-8")):
            if action.get("Mode") == "build" and action.get("Cmd"):
                done.append(action["Package"])
    return sorted(done)


def check(root: Path, go: Path) -> subprocess.CompletedProcess[str]:
    done = run_cli(["check", "."], root, root / ".coursecheck_cache", go=go)
    assert done.returncode in (0, 1), done.stderr
    return done


def test_a_second_folder_compiles_no_package_again(tmp_path: Path) -> None:
    first_graphs, second_graphs = tmp_path / "graphs-1", tmp_path / "graphs-2"
    first = full_course(tmp_path / "first", PAGE)
    first_done = check(first, recording_go(tmp_path / "go-1", first_graphs))
    assert codes_at(first_done.stdout) == [], first_done.stdout
    assert list(first_graphs.glob("*.json")), "the wrapped go recorded no action graph"
    second = tmp_path / "second"
    shutil.copytree(first, second, ignore=shutil.ignore_patterns(".coursecheck_cache"))
    second_done = check(second, recording_go(tmp_path / "go-2", second_graphs))
    assert codes_at(second_done.stdout) == [], second_done.stdout
    assert list(second_graphs.glob("*.json")), "the second folder's check ran no go build"
    assert compiled(second_graphs) == []


def test_a_changed_snippet_is_compiled_and_run_again(tmp_path: Path) -> None:
    root = full_course(tmp_path / "course", PAGE)
    graphs = tmp_path / "graphs"
    go = recording_go(tmp_path / "go", graphs)
    assert codes_at(check(root, go).stdout) == []
    for graph in graphs.glob("*.json"):
        graph.unlink()
    nonce = secrets.token_hex(6)  # code no earlier session compiled into the shared cache
    page = next((root / "days").glob("day-01-*.md"))
    text = page.read_text(encoding="utf-8")
    text = text.replace('"ab", 2), "trimpath")', f'"ab", 3), "{nonce}")')
    text = text.replace('len("trimpath") != 8', f'len("{nonce}") != 8')
    page.write_text(text, encoding="utf-8")
    done = check(root, go)
    assert [c.split(" ")[1] for c in codes_at(done.stdout)] == ["GO004", "GO007"], done.stdout
    assert f"ababab {nonce}" in done.stdout
    assert sum(p.startswith("cc/u") for p in compiled(graphs)) >= 2  # both edited units
