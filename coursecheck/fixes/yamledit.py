"""Round-trip YAML edits that keep comments, quotes, flow style and layout byte for byte.

ruamel.yaml keeps comments and styles but not every author's indentation, so an edit is only
made with dump settings that reproduce the unedited text exactly; otherwise it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from coursecheck.yamldoc import quiet_yaml

# (mapping, sequence, offset): ruamel's default, then the two common list styles.
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the author wrote
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edit_yaml(text: str, mutate: Callable[[CommentedMap], None]) -> str | None:
    """`text` with `mutate` applied to its top-level mapping; None when it cannot be faithful."""
    body = text if text.endswith("\n") else text + "\n"
    for indent in INDENTS:
        yaml = _yaml(indent)
        try:
            with quiet_yaml():
                data = yaml.load(body)
            if not isinstance(data, CommentedMap) or _dump(yaml, data) != body:
                continue
            mutate(data)
            edited = _dump(yaml, data)
        except YAMLError:
            return None
        return edited if text.endswith("\n") else edited.removesuffix("\n")
    return None
