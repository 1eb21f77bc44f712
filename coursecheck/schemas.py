"""JSON Schemas generated from the pydantic models, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from coursecheck.models import FrontMatter, Manifest

SCHEMAS: dict[str, type[BaseModel]] = {
    "course.schema.json": Manifest,
    "front-matter.schema.json": FrontMatter,
}


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


def stale_schemas(folder: Path) -> list[str]:
    """Names of committed schemas that differ from what the models generate now."""
    return [
        name
        for name in SCHEMAS
        if not (folder / name).is_file()
        or (folder / name).read_text(encoding="utf-8") != render(name)
    ]
