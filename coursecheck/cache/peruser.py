"""coursecheck's per-user cache folder (the platform's convention, through platformdirs): the
Go toolchain's part (Go's build and module caches, the Go helper, the sandbox launcher) and the
key that signs cached results.

Nothing there may come from the repository being checked: a pull request could commit a
binary that coursecheck would run, or a key that would let it forge results. So the folders
are refused when they lie inside it, even when set explicitly (COURSECHECK_GOCACHE,
XDG_CACHE_HOME): that is exactly the layout a pull request can plant files in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from coursecheck.errors import FatalError
from coursecheck.snippets.toolchain import go_version

GO_CACHE_VAR = "COURSECHECK_GOCACHE"
REPOSITORY_MARKERS = (".git", "pyproject.toml")


def user_cache() -> Path:
    return Path(platformdirs.user_cache_dir("coursecheck", appauthor=False)).absolute()


def toolchain_cache() -> Path:
    """Go's own caches and coursecheck's Go binaries, one folder per toolchain version (the
    helper and the launcher are keyed by their sources inside it); COURSECHECK_GOCACHE moves
    it, for example to share one between users or CI jobs."""
    explicit = os.environ.get(GO_CACHE_VAR)
    if explicit:
        folder = Path(explicit).resolve()
        if folder.exists() and not folder.is_dir():
            # Said here, naming the setting: later it is only "Not a directory" from Go.
            raise FatalError(
                f"{GO_CACHE_VAR}={explicit} is not a folder: point it at a folder "
                "(it need not exist yet), or unset it to use the per-user cache"
            )
        return folder
    return user_cache() / "go" / (go_version() or "no-go")


def refuse_inside_checkout(places: Iterable[Path]) -> None:
    """Exit 2 when a per-user folder lies inside the repository of one of `places` (the
    course, the pages being checked)."""
    guarded = {
        "the Go toolchain cache": toolchain_cache().resolve(),
        "the per-user cache (which holds the key that signs results)": user_cache().resolve(),
    }
    for repository in {repository_of(place) for place in places}:
        for what, folder in guarded.items():
            if folder.is_relative_to(repository):
                raise FatalError(
                    f"{what} {folder} lies inside {repository}, the repository being checked, "
                    "where a pull request could plant files: point COURSECHECK_GOCACHE (and "
                    "XDG_CACHE_HOME) outside it"
                )


def repository_of(place: Path) -> Path:
    """The nearest folder, from `place` up, holding .git, else pyproject.toml, else `place`'s
    own folder (as course.repository_root bounds links)."""
    start = place.resolve()
    start = start if start.is_dir() else start.parent
    for marker in REPOSITORY_MARKERS:
        for folder in (start, *start.parents):
            if (folder / marker).exists():
                return folder
    return start
