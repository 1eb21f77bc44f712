"""The Go helper: built once per toolchain by the pinned go, cached, then asked in one call."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from coursecheck.cachedir import atomic_write
from coursecheck.errors import FatalError
from coursecheck.snippets import proc
from coursecheck.snippets.toolchain import Go

BUILD_TIMEOUT = 300.0


SOURCES = ("main.go", "vet.go", "novet.go", "mapprint.go")


def helper_sources() -> dict[str, str]:
    folder = resources.files("coursecheck.snippets") / "gohelper"
    return {name: (folder / name).read_text("utf-8") for name in SOURCES}


def helper_hash(go: Go) -> str:
    text = "\0".join([go.version, *helper_sources().values()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _prepare(src: Path, go: Go) -> list[str]:
    """Write the helper's module; vet's analyzers come from the toolchain's own cmd/vendor."""
    for name, text in helper_sources().items():
        (src / name).write_text(text, encoding="utf-8")
    cmd = go.goroot / "src" / "cmd"
    if (cmd / "vendor" / "golang.org" / "x" / "tools" / "go" / "analysis").is_dir():
        shutil.copytree(cmd / "vendor", src / "vendor")
        gomod = (
            (cmd / "go.mod").read_text(encoding="utf-8").replace("module cmd", "module cchelper")
        )
        (src / "go.mod").write_text(gomod, encoding="utf-8")
        return ["-mod=vendor"]
    (src / "go.mod").write_text(f"module cchelper\n\ngo {go.language}\n", encoding="utf-8")
    return ["-tags=novet"]


def ensure_helper(go: Go, cache: Path, env: dict[str, str]) -> Path:
    binary = cache / "helper" / helper_hash(go) / "cchelper"
    if binary.is_file():
        return binary
    with tempfile.TemporaryDirectory(dir=_mkdir(cache / "tmp")) as tmp:
        src = Path(tmp)
        flags = _prepare(src, go)
        done = proc.run(
            [str(go.binary), "build", *flags, "-o", str(src / "cchelper"), "."],
            cwd=src,
            env=env,
            timeout=BUILD_TIMEOUT,
        )
        if done.returncode != 0:
            raise FatalError(
                f"cannot build coursecheck's Go helper with {go.binary}:\n{done.stderr}"
            )
        atomic_write(binary, (src / "cchelper").read_bytes())
    binary.chmod(0o755)
    return binary


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def call_helper(
    binary: Path, request: dict[str, Any], cwd: Path, env: dict[str, str], timeout: float
) -> list[dict[str, Any]]:
    done = proc.run([str(binary)], cwd=cwd, env=env, timeout=timeout, stdin=json.dumps(request))
    if done.timed_out:
        raise FatalError(f"coursecheck's Go helper took longer than {timeout:.0f}s")
    try:
        results = json.loads(done.stdout)
    except ValueError:
        raise FatalError(f"coursecheck's Go helper failed:\n{done.stderr}") from None
    assert isinstance(results, list)
    return results
