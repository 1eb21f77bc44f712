"""A cache that cannot be read is a miss; one that cannot be written costs speed, never a
verdict; a forged entry is a miss; concurrent runs never see half an entry. Mounts, limits
and processes are real: a read-only bind mount and a tiny tmpfs in a user namespace."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CheckText
from faultkit import VERDICTS, cached_results, codes_at, course_with, full_course, run_cli
from progresslines import without_progress
from signed import PACK, read_signed, seal_bytes

from coursecheck.cache.peruser import toolchain_cache

PAGE = "```go\nfmt.Println(1)\n```\n\n```output\n1\n```\n\n```go\nvar s string = 1\n_ = s\n```\n"
WANT = [("GO001", 10, 16)]
# A value of the wrong shape for each stage: a crash or a false verdict if it were believed.
FORGED = {
    "check": {"built": "yes", "findings": 5},
    "vet": [{"file": "m0", "line": "one"}],
    "run": {"passed": "maybe", "output": 3},
    "test": {"passed": True, "tests": {"tests": ["X}; os.Exit(0); {"]}},
}


def _unshare() -> str:
    tool = shutil.which("unshare")
    probe = tool and subprocess.run([tool, "-rm", "true"], capture_output=True).returncode == 0
    if not probe:
        pytest.fail("these tests need `unshare -rm` (util-linux, user namespaces enabled)")
    return str(tool)


def _in_namespace(mount: str, folder: Path) -> list[str]:
    """Run the rest of the command in a user and mount namespace where `mount` (shell, $0 is
    the folder) has been done; print the folder's files when the command ends."""
    # The sandbox cannot nest in this namespace: allow unsandboxed runs explicitly, or under
    # CI=true the check would stop at the sandbox before it reaches the cache.
    script = (
        f'{mount} && COURSECHECK_SANDBOX=optional "$@"; rc=$?; '
        'echo "FILES:"; find "$0" -type f; exit $rc'
    )
    return [_unshare(), "-rm", "sh", "-c", script, str(folder)]


READ_ONLY = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"'
TINY_DISK = 'mount -t tmpfs -o size=256k tmpfs "$0"'


def _own_lines(stderr: str) -> list[str]:
    """stderr without the sandbox's warning: in our namespace it cannot nest its own."""
    return [
        line for line in without_progress(stderr) if "snippet sandbox cannot be built" not in line
    ]


def _check_under(mount: str, root: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    cache.mkdir(exist_ok=True)
    return run_cli(
        ["snippets", "--check", "page.md"], root, cache, wrap=_in_namespace(mount, cache)
    )


def test_forged_and_garbage_entries_are_misses(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(tmp_path, PAGE) == WANT
    packs = tmp_path / ".coursecheck_cache" / "go" / "results"
    for pack in packs.glob("*.json"):
        entries = read_signed(pack, PACK)
        forged = {key: FORGED[key.split(":", 1)[0]] for key in entries}
        # Signed with the right key, so the shapes are what turns them away.
        pack.write_bytes(seal_bytes(json.dumps(forged).encode(), PACK))
    (packs / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (packs / "list.json").write_text("[1, 2]")
    (packs / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (packs / "folder.json").mkdir()  # cannot be read as a file
    assert check_text(tmp_path, PAGE) == WANT


def test_a_read_only_cache_warns_once_and_keeps_the_verdicts(tmp_path: Path) -> None:
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    done = _check_under(READ_ONLY, root, cache)
    assert done.returncode == 1, done.stderr
    assert codes_at(done.stdout) == VERDICTS
    assert _own_lines(done.stderr) == [
        f"coursecheck: warning: cannot write the cache in {cache} (Read-only file system): "
        "results are correct but not kept"
    ]
    assert done.stdout.endswith("FILES:\n")


def test_a_read_only_cache_with_entries_still_serves_them(tmp_path: Path) -> None:
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    first = run_cli(["snippets", "--check", "page.md"], root, cache)
    (root / "page.md").write_text((root / "page.md").read_text() + "\n```go\nx := 1\n```\n")
    done = _check_under(READ_ONLY, root, cache)
    assert done.returncode == 1, done.stderr
    assert codes_at(done.stdout) == sorted([*codes_at(first.stdout), "page.md:29:1: GO001"])
    lines = _own_lines(done.stderr)
    assert len(lines) == 1 and "cannot write the cache" in lines[0]


def test_a_full_disk_is_a_fault_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    run_cli(["snippets", "--check", "page.md"], root, tmp_path / "warm")  # the helper is built
    work = toolchain_cache() / "tmp"  # where the snippets are built: full in the namespace
    work.mkdir(parents=True, exist_ok=True)
    argv = ["snippets", "--check", "page.md"]
    done = run_cli(argv, root, cache, wrap=_in_namespace(TINY_DISK, work))
    assert done.returncode == 2, done.stdout
    assert len(_own_lines(done.stderr)) == 1, done.stderr
    assert "no space left on device" in done.stderr
    files = done.stdout.split("FILES:\n", 1)[1].split()
    assert "GO0" not in done.stdout
    assert not [f for f in files if f.endswith(".tmp")]
    assert cached_results(cache) == []


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 10, 256 << 10))


def test_a_file_size_limit_is_a_fault(tmp_path: Path) -> None:
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    done = run_cli(["snippets", "--check", "page.md"], root, cache, preexec=_small_files)
    assert done.returncode == 2, done.stdout
    assert len(without_progress(done.stderr)) == 1, done.stderr
    assert "`go build` of the snippets failed" in done.stderr
    assert "GO0" not in done.stdout
    assert cached_results(cache) == []
    assert not list(cache.rglob("*.tmp"))


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    root, cache = course_with(tmp_path / "course"), tmp_path / "cache"
    for i in range(20):  # enough runs to make the packs compact while others read them
        (root / f"extra{i}.md").write_text(f"```go\nfmt.Println({i})\n```\n")
    env = dict(__import__("os").environ, PYTHONPATH=str(Path(__file__).parents[2]))
    env["COURSECHECK_CACHE_DIR"] = str(cache)
    argv = [__import__("sys").executable, "-m", "coursecheck", "snippets", "--check", "."]
    procs = [
        subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = {p.communicate(timeout=600)[0] for p in procs}
    assert len(outputs) == 1
    for pack in (cache / "go" / "results").glob("*.json"):
        assert isinstance(read_signed(pack, PACK), dict)
    assert not list(cache.rglob("*.tmp"))
    warm = run_cli(["snippets", "--check", "."], root, cache)
    assert {warm.stdout} == outputs


def test_a_garbage_whole_run_entry_is_a_miss(tmp_path: Path) -> None:
    root, cache = full_course(tmp_path / "course"), tmp_path / "cache"
    run_cli(["check", "."], root, cache)  # a whole-run entry once a second check confirms
    first = run_cli(["check", "."], root, cache)
    entries = list((cache / "results").glob("*.json"))
    assert first.returncode == 1 and entries
    for entry in entries:
        entry.write_text("[" * 100_000 + "]" * 100_000)
    again = run_cli(["check", "."], root, cache)
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, "")
