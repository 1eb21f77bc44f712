"""docs/architecture.md holds the code to its word: the paths it names exist, every rule family
is in its table, and only the modules it lets print or start processes do."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from coursecheck.rules import FAMILIES
from coursecheck.rules.base import Family

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coursecheck"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PATH_RE = re.compile(r"`([\w./-]+(?:\.py|\.go|/))`")
MAY_PRINT = {"cli.py", "cli_workflow.py", "docs_cli.py"}
MAY_START_PROCESSES = {"snippets/proc.py"}
# Still printing or starting a process while their owners move it out: each is named in the
# doc. Remove an entry when its module stops; a new module that prints fails the test.
PENDING_PRINTS: set[str] = set()
PENDING_PROCESSES: set[str] = set()
# The model's modules: they look at the disk only through `course.files` (reads.py), which
# records each look for the whole-run cache. Path methods and os functions that would look
# themselves, by name; os.path's pure string functions are fine.
MODEL = ("course.py", "roadmapindex.py", "linkpaths.py", "yamlpositions.py", "ordering.py")
LOOKS = (
    *("exists", "is_file", "is_dir", "is_symlink", "stat", "lstat", "read_text", "read_bytes"),
    *("open", "glob", "rglob", "iterdir", "resolve", "readlink", "listdir", "scandir", "walk"),
)
LOOK_RE = re.compile(r"(?<!files)\.(?:" + "|".join(LOOKS) + r")\(|\bopen\(|\bread_source\(")
PROCESS_MODULES = ("subprocess", "pty")
PROCESS_CALLS = ("system", "exec", "spawn", "fork", "posix_spawn")


def _modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def _tree(module: str) -> ast.AST:
    return ast.parse((PACKAGE / module).read_text(encoding="utf-8"))


def _prints(tree: ast.AST) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id == "print")
        or (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        )
        for node in ast.walk(tree)
    )


def _starts_processes(tree: ast.AST) -> bool:
    """Imports subprocess or pty, or calls os.system, os.exec*, os.spawn*, os.fork*."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(name.split(".")[0] in PROCESS_MODULES for name in found):
                return True
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr.startswith(PROCESS_CALLS)
        ):
            return True
    return False


@pytest.mark.parametrize("name", sorted(set(PATH_RE.findall(DOC))))
def test_every_path_the_doc_names_exists(name: str) -> None:
    assert (ROOT / name).exists() or (PACKAGE / name).exists(), f"{name} is gone"


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.prefix)
def test_every_family_is_in_the_rule_table(family: Family) -> None:
    prefix = family.prefix
    module = family.check.__module__.replace(".", "/") + ".py"
    row = next((line for line in DOC.splitlines() if line.startswith(f"| `{prefix}` |")), None)
    assert row is not None, f"no row for {prefix} in docs/architecture.md"
    assert f"`{module}`" in row


def test_only_the_command_line_prints() -> None:
    printing = {m for m in _modules() if _prints(_tree(m))}
    assert printing <= MAY_PRINT | PENDING_PRINTS, printing - MAY_PRINT - PENDING_PRINTS
    for module in MAY_PRINT | PENDING_PRINTS:
        assert f"`{module}`" in DOC


def test_only_proc_starts_processes() -> None:
    starting = {m for m in _modules() if _starts_processes(_tree(m))}
    allowed = MAY_START_PROCESSES | PENDING_PROCESSES
    assert starting <= allowed, starting - allowed
    assert "snippets/proc.py" in starting


@pytest.mark.parametrize("module", MODEL)
def test_the_model_looks_at_the_disk_only_through_course_files(module: str) -> None:
    lines = (PACKAGE / module).read_text(encoding="utf-8").splitlines()
    looks = [
        f"{module}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if LOOK_RE.search(line)
    ]
    assert looks == []


# What `snippets` must not load: the course workflow, the engine and the manifest's libraries
# cost it half a second per run, and came back once already through a shared helper.
SNIPPETS_NEVER_IMPORTS = (
    "pydantic",
    "ruamel",
    "ftfy",
    "coursecheck.engine",
    "coursecheck.workflow",
)


def test_snippets_loads_none_of_the_course_machinery(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "page.md"
    page.write_text("# A page\n\n```text\nno Go here\n```\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coursecheck", "snippets", str(page), "--check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    heavy = sorted(m for m in loaded if m.startswith(SNIPPETS_NEVER_IMPORTS))
    assert heavy == [], f"`snippets --check` imported {heavy}"
