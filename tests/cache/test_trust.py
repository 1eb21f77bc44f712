"""Nothing that runs comes from the checkout, and no result in its cache can be forged: the
reviewer's pwn, t2f and pol reproductions (review1.md, defects 1, 3 and 8), for real."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from coursedir import DAY1
from progresslines import without_progress
from trustkit import DEFAULT_PLACE, Checkout, without_namespaces

from coursecheck.cache import whole_run
from coursecheck.cache.signing import HEADER, KEY_NAME
from coursecheck.snippets.helper import helper_hash
from coursecheck.snippets.sandbox import launcher_sources
from coursecheck.snippets.toolchain import require_go

PLANTED = '#!/bin/sh\necho "ran $0" >> {marker}\nexit 1\n'


@pytest.fixture
def checkout(tmp_path: Path, go_cache: Path) -> Checkout:
    made = Checkout(tmp_path, go_cache)
    made.expect("hi")
    return made


def _old_toolchain_paths(checkout: Checkout) -> dict[str, Path]:
    """Where coursecheck once looked for its Go binaries: inside the checkout."""
    go = require_go()
    jail = hashlib.sha256("\0".join([go.version, *launcher_sources().values()]).encode())
    folder = checkout.cache / "go" / "toolchain"
    return {
        "helper": folder / "helper" / helper_hash(go) / "cchelper",
        "launcher": folder / "gojail" / jail.hexdigest()[:16] / "gojail",
    }


@pytest.mark.parametrize("binary", ["helper", "launcher"])
def test_a_binary_committed_under_the_cache_folder_is_never_run(
    checkout: Checkout, tmp_path: Path, binary: str
) -> None:
    marker = tmp_path / "PWNED"
    planted = _old_toolchain_paths(checkout)[binary]
    planted.parent.mkdir(parents=True)
    planted.write_text(PLANTED.format(marker=marker))
    planted.chmod(0o755)
    env = {"CI": "true", "COURSECHECK_SANDBOX": "required", "GITHUB_TOKEN": "ghs_fake"}
    done = checkout.check(**env, **DEFAULT_PLACE)
    assert not marker.exists(), marker.read_text()
    assert (done.code, without_progress(done.stderr)) == (0, []), done


def test_the_checkouts_cache_folder_holds_results_only(checkout: Checkout) -> None:
    """Go's build cache there could be poisoned by a commit: it must live elsewhere."""
    assert checkout.check(COURSECHECK_SANDBOX="required", **DEFAULT_PLACE).code == 0
    # The second check confirms the passes: only then is the whole run kept.
    assert checkout.check(COURSECHECK_SANDBOX="required", **DEFAULT_PLACE).code == 0
    kept = sorted(str(p.relative_to(checkout.cache)) for p in checkout.cache.rglob("*"))
    # Results are the snippet verdict packs, the whole-run entries and the page entries
    # (each page's model and findings, signed: cache/pages.py).
    results = [p for p in kept if p.startswith(("go/results/", "results/", "pages/"))]
    folders = ["go", "go/results", "results", "pages"]
    assert kept == sorted([".gitignore", "CACHEDIR.TAG", *folders, *results])
    assert all(p.endswith(".pickle") for p in results if p.startswith("pages/"))
    assert {p.split("/")[0] for p in results} == {"go", "results", "pages"}  # all were written


def _forge_run_outputs(checkout: Checkout, output: str) -> dict[str, dict[str, object]]:
    """Every cached result of the checkout's packs, the runs now saying they printed `output`."""
    entries: dict[str, dict[str, object]] = {}
    for pack in (checkout.cache / "go" / "results").glob("*.json"):
        data = pack.read_bytes()
        entries |= json.loads(data.split(b"\n", 1)[1] if data.startswith(HEADER) else data)
    for name, entry in entries.items():
        if name.startswith("run:"):
            entry["output"] = output
    return entries


@pytest.mark.parametrize("signature", ["unsigned", "another key"])
def test_a_forged_snippet_result_does_not_pass_a_wrong_program(
    checkout: Checkout, signature: str
) -> None:
    assert checkout.check().code == 0
    forged = json.dumps(_forge_run_outputs(checkout, "bye\n")).encode()
    if signature == "another key":
        mac = hashlib.sha256(b"guessed" + forged).hexdigest().encode()
        forged = HEADER + mac + b"\n" + forged
    (checkout.cache / "go" / "results" / "zz.json").write_bytes(forged)
    checkout.expect("bye")  # the program prints hi
    done = checkout.check()
    assert done.code == 1, done
    assert "GO0" in done.stdout and DAY1 in done.stdout


def _run_entry(checkout: Checkout) -> Path:
    [entry] = (checkout.cache / "results").glob("*.json")
    return entry


def test_a_forged_whole_run_entry_is_a_miss(checkout: Checkout) -> None:
    checkout.course.replace(DAY1, "## Exercises", "## Exercise")
    first = checkout.check("--ignore", "GO")
    assert first.code == 1
    clean = {"format": whole_run.FORMAT, "diagnostics": [], "files_checked": 4}
    _run_entry(checkout).write_text(json.dumps(clean | {"observations": []}))
    assert checkout.check("--ignore", "GO") == first


def test_a_genuine_whole_run_entry_cannot_serve_another_run(checkout: Checkout) -> None:
    assert checkout.check("--ignore", "GO").code == 0
    clean = _run_entry(checkout).read_bytes()
    _run_entry(checkout).unlink()
    checkout.course.replace(DAY1, "## Exercises", "## Exercise")
    broken = checkout.check("--ignore", "GO")
    assert broken.code == 1
    _run_entry(checkout).write_bytes(clean)  # signed, but for the clean course's key
    assert checkout.check("--ignore", "GO") == broken


def test_an_unsandboxed_result_never_serves_a_run_that_requires_the_sandbox(
    checkout: Checkout,
) -> None:
    nowhere = without_namespaces()
    optional = checkout.check(prefix=nowhere, CI="true", COURSECHECK_SANDBOX="optional")
    assert optional.code == 0, optional
    assert "snippets run" in optional.stderr  # unsandboxed, and said so
    required = checkout.check(prefix=nowhere, CI="true", COURSECHECK_SANDBOX="required")
    assert required.code == 2, required
    [line] = without_progress(required.stderr)
    assert line.startswith("coursecheck: error: the snippet sandbox cannot be built here")


def _make_unusable(key: Path, how: str) -> None:
    key.parent.mkdir(parents=True, exist_ok=True)
    if how == "a folder":
        key.mkdir()
    else:
        key.write_bytes(os.urandom(32))
        key.chmod(0o644)


@pytest.mark.parametrize("how", ["a folder", "readable by others"])
def test_an_unusable_key_costs_the_cache_not_the_verdict(checkout: Checkout, how: str) -> None:
    key = checkout.home_cache / "coursecheck" / KEY_NAME
    _make_unusable(key, how)
    checkout.expect("bye")
    for _ in range(2):
        done = checkout.check()
        assert done.code == 1 and "GO0" in done.stdout, done
        [line] = without_progress(done.stderr)
        warning = "coursecheck: warning: cannot use the key that signs cached results"
        assert line.startswith(f"{warning}, {key} (")
        assert line.endswith("): results are correct but not cached")
    assert not list(checkout.cache.rglob("*.json"))


@pytest.mark.parametrize("variable", ["COURSECHECK_GOCACHE", "XDG_CACHE_HOME"])
def test_a_per_user_cache_inside_the_checkout_is_refused(checkout: Checkout, variable: str) -> None:
    inside = checkout.top / "tools" / "cache"
    done = checkout.check(**{variable: str(inside)})
    assert done.code == 2, done
    [line] = done.stderr.splitlines()
    assert f"{inside}" in line and f"lies inside {checkout.top}, the repository" in line
    assert not inside.exists()


def test_the_key_is_made_once_private_even_by_racing_processes(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = "from coursecheck.cache.signing import result_key; print(result_key().hex())"
    runs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    keys = {run.communicate(timeout=60)[0] for run in runs}
    assert len(keys) == 1 and len(keys.pop().strip()) == 64
    [key] = (tmp_path / "coursecheck").iterdir()  # no temporary file left
    assert key.name == KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600


def test_racing_processes_build_the_helper_and_launcher_once_each(
    checkout: Checkout, tmp_path: Path, go_cache: Path
) -> None:
    toolchain = tmp_path / "toolchain"
    toolchain.mkdir()
    (toolchain / "go-build").symlink_to(go_cache / "go-build")  # warm: only the links race
    env = {**os.environ, "COURSECHECK_GOCACHE": str(toolchain), "COURSECHECK_SANDBOX": "required"}
    argv = [sys.executable, "-m", "coursecheck", "check", "course", "--no-cache"]
    runs = [
        subprocess.Popen(argv, cwd=checkout.top, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    assert [run.wait(timeout=600) for run in runs] == [0, 0, 0]
    for name in ("helper", "gojail"):
        [binary] = [p for p in (toolchain / name).rglob("*") if p.is_file()]
        assert binary.stat().st_mode & 0o777 == 0o755
    # No build folder nor half-written binary left (Go keeps its .config there: HOME).
    assert [p.name for p in (toolchain / "tmp").iterdir()] in ([], [".config"])
