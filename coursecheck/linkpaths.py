"""The file a relative link names: its path resolved from the linking page, and its #fragment."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote


def link_target(repository: Path, base: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL points at from the folder `base`, and its #fragment. A URL
    starting with `/` starts at the repository's top, as on GitHub."""
    path, _, fragment = url.partition("#")
    path = unquote(path.partition("?")[0])
    if path.startswith("/"):
        return repository / path.lstrip("/"), unquote(fragment)
    return (base / path if path else base), unquote(fragment)
