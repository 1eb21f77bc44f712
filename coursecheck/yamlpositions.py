"""Where a key of a module's front matter or of the manifest is written, for findings to point at.

The file's start (1, 1) when the key is not written or the YAML did not parse.
"""

from __future__ import annotations

from coursecheck.course import Course, Module

# yamldoc (ruamel) is imported where a position is asked for: by then the YAML was parsed,
# and `snippets`, which imports this through the GO rules, never asks.

START = (1, 1)


def front_position(module: Module, key: str) -> tuple[int, int]:
    """Where a front matter key's value is written, as a line of the module."""
    from coursecheck.yamldoc import value_position

    yaml, split = module.front.yaml, module.split
    if yaml is None or yaml.data is None or split is None:
        return START
    found = value_position(yaml.data, key)
    return (found[0] + split.yaml_first_line - 1, found[1]) if found else START


def manifest_position(course: Course, *path: str | int) -> tuple[int, int]:
    """Where a manifest key is written: its value for a top-level key, else the nested key."""
    from coursecheck.yamldoc import key_position, value_position

    yaml = course.manifest.yaml
    if yaml is None or yaml.data is None:
        return START
    if len(path) == 1 and isinstance(path[0], str):
        found = value_position(yaml.data, path[0])
    else:
        found = key_position(yaml.data, path)
    return found or START
