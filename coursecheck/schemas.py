"""JSON Schemas generated from the pydantic models, for editors and other tools."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from pydantic import BaseModel

from coursecheck.models import FrontMatter, Manifest

DEFAULT_DIR = Path("schemas")
SCHEMAS: dict[str, type[BaseModel]] = {
    "course.schema.json": Manifest,
    "front-matter.schema.json": FrontMatter,
}


def keys_at(model: type[BaseModel], location: tuple[int | str, ...]) -> list[str]:
    """The keys the schema allows in the mapping that holds `location`'s last part."""
    current = model
    for part in location[:-1]:
        if isinstance(part, int):
            continue  # an item of a list: the same model as the list's
        field = current.model_fields.get(part)
        inner = _model_in(field.annotation) if field is not None else None
        if inner is None:
            return []
        current = inner
    return list(current.model_fields)


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model inside `list[Week]`, `Week | None` or `Week`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model_in, typing.get_args(annotation))), None)


def render(name: str) -> str:
    schema = SCHEMAS[name].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        target = folder / name
        text = render(name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def schema_problems(folder: Path) -> list[str]:
    """One line per committed schema that is missing or differs from what the models generate,
    each saying what to run."""
    write = "coursecheck schema" + ("" if folder == DEFAULT_DIR else f" --dir {folder}")
    if not folder.is_dir():
        return [f"{folder}/: no schemas here; run `{write}` to write them, then commit them"]
    problems = []
    for name in SCHEMAS:
        target = folder / name
        if not target.is_file():
            problems.append(f"{target}: missing; run `{write}`")
        elif target.read_text(encoding="utf-8") != render(name):
            problems.append(f"{target}: out of date; run `{write}`")
    return problems
