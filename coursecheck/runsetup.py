"""Setting up a run: the course folder and configuration a command uses, and the toolchain
and sandbox policy they choose (through the environment). The configuration file itself is
read in `config.py`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from coursecheck.cache.folder import use_project
from coursecheck.config import Config, find_pyproject, load_config
from coursecheck.discover import Found, find_course, project_root, project_root_of, shown
from coursecheck.errors import FatalError
from coursecheck.snippets.toolchain import GO_ENV_VAR, find_go


def resolve_course(path: str | None) -> tuple[Path, Config]:
    """The course folder and the configuration that governs it (see `resolve_paths`)."""
    found, config = resolve_paths([path] if path else [])
    return found.root, config


def resolve_paths(paths: Sequence[str]) -> tuple[Found, Config]:
    """The course the paths belong to (none: the one around the working directory, or
    [tool.coursecheck] course) and its configuration: pyproject.toml from the working directory
    up, else from the first path up."""
    config = resolve_config(Path(paths[0] if paths else "."))
    found = find_course(paths, config)
    use_project(project_root(found.root))  # one cache folder, from whichever folder it runs
    return found, config


def resolve_config(hint: Path) -> Config:
    """The configuration that governs HINT (a course, a folder or a file of Markdown):
    pyproject.toml from HINT up, else from the working directory up, so checking a course from
    inside another project uses the course's own settings. Its `go` and `sandbox` then take
    effect for the run."""
    try:
        config = load_config(find_pyproject(hint.resolve()) or find_pyproject(Path.cwd()))
    except OSError as exc:  # a name too long for the file system, say
        raise FatalError(f"{shown(hint)}: cannot look for pyproject.toml: {exc.strerror}") from exc
    use_project(project_root_of(hint))
    use_configured_go(config)
    use_configured_sandbox(config)
    return config


def use_configured_go(config: Config) -> None:
    """`go = "..."` in [tool.coursecheck] picks the toolchain; COURSECHECK_GO still wins."""
    if config.go is None or os.environ.get(GO_ENV_VAR):
        return
    base = config.source.parent if config.source else Path.cwd()
    binary = Path(config.go).expanduser()
    binary = binary if binary.is_absolute() or os.sep not in config.go else base / binary
    _refuse_checked_in_go(config, binary)
    os.environ[GO_ENV_VAR] = str(binary)
    if find_go() is None:
        raise FatalError(
            f"{config.source}: [tool.coursecheck] go = {config.go!r} is not a go binary "
            "inside a GOROOT"
        )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def _refuse_checked_in_go(config: Config, binary: Path) -> None:
    """Under CI the configuration comes from the pull request: a `go` it points at inside the
    repository would be the pull request's own program, run on the host outside the sandbox."""
    if not in_ci():
        return
    real = binary.resolve()
    for boundary in {Path.cwd().resolve(), (config.source or Path.cwd()).resolve().parent}:
        if real.is_relative_to(boundary):
            raise FatalError(
                f"{config.source}: [tool.coursecheck] go = {config.go!r} lies inside the "
                "repository; under CI that would run a pull request's own program on the host. "
                f"Point {GO_ENV_VAR} at a toolchain outside the checkout in the workflow instead"
            )


SANDBOX_ENV_VAR = "COURSECHECK_SANDBOX"


def use_configured_sandbox(config: Config) -> None:
    """`sandbox = "..."` in [tool.coursecheck] sets the policy; COURSECHECK_SANDBOX still wins."""
    if config.sandbox is not None and not os.environ.get(SANDBOX_ENV_VAR):
        os.environ[SANDBOX_ENV_VAR] = config.sandbox
