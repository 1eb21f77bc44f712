"""The course model: the manifest, the hub page's roadmap and every day module, parsed once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from coursecheck.errors import FatalError
from coursecheck.frontmatter import Split, blank_front_matter, split_front_matter
from coursecheck.markdown import Document, parse_markdown
from coursecheck.models import FrontMatter, Manifest
from coursecheck.reads import Reader, Reads
from coursecheck.roadmap import Roadmap, parse_roadmap
from coursecheck.source import SourceFile, read_source
from coursecheck.yamldoc import YamlDoc, load_yaml, plain

MANIFEST = "course.yaml"
# What marks the repository that holds the course, most telling first (see `repository_root`).
REPOSITORY_MARKERS = (".git", "pyproject.toml")
M = TypeVar("M", bound=BaseModel)
MODULE_NAME_RE = re.compile(r"^day-(?P<day>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


@dataclass
class Validated(Generic[M]):
    """A YAML mapping and what pydantic made of it."""

    yaml: YamlDoc | None
    model: M | None = None
    errors: list[ErrorDetails] = field(default_factory=list)


@dataclass
class Module:
    source: SourceFile
    split: Split | None = None
    front: Validated[FrontMatter] = field(default_factory=lambda: Validated(None))
    doc: Document | None = None

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def file_day(self) -> str | None:
        m = MODULE_NAME_RE.match(self.path.name)
        return m["day"] if m else None


@dataclass
class Course:
    root: Path
    manifest_source: SourceFile
    manifest: Validated[Manifest]
    hub: SourceFile | None = None
    hub_doc: Document | None = None
    roadmap: Roadmap | None = None
    modules: list[Module] = field(default_factory=list)
    extra_markdown: list[SourceFile] = field(default_factory=list)
    files: Reads = field(default_factory=Reads)  # every look at the disk, for the rules too
    repository: Path = Path()  # absolute; links are checked only inside it

    def sources(self) -> list[SourceFile]:
        found = [self.manifest_source]
        found += [self.hub] if self.hub else []
        return found + [m.source for m in self.modules] + self.extra_markdown

    def module_for_day(self, day: int) -> Module | None:
        return next((m for m in self.modules if m.front.model and m.front.model.day == day), None)


def validate(model: type[M], yaml: YamlDoc) -> Validated[M]:
    if yaml.data is None:
        return Validated(yaml)
    try:
        return Validated(yaml, model.model_validate(plain(yaml.data)))
    except ValidationError as exc:
        return Validated(yaml, None, exc.errors(include_url=False))


def load_course(root: Path, read: Reader = read_source) -> Course:
    """`read` lets `--fix` check its pending edits before anything is written."""
    files = Reads(read)
    manifest_path = root / MANIFEST
    if not files.is_file(manifest_path):
        raise FatalError(f"{manifest_path}: no {MANIFEST} here; is {root} a course folder?")
    manifest_source = files.read(manifest_path)
    manifest = Validated[Manifest](None)
    if manifest_source.text is not None:
        manifest = validate(Manifest, load_yaml(manifest_source.text))
    course = Course(root, manifest_source, manifest, files=files)
    course.repository = repository_root(root, files)
    hub_name = manifest.model.hub if manifest.model else "README.md"
    modules_dir = manifest.model.modules_dir if manifest.model else "days"
    _load_hub(course, root / hub_name)
    course.modules = [load_module(p, files.read) for p in files.glob(root / modules_dir, "*.md")]
    known = {s.path for s in course.sources()}
    course.extra_markdown = [files.read(p) for p in files.glob(root, "**/*.md") if p not in known]
    return course


def repository_root(root: Path, files: Reads) -> Path:
    """The boundary links must stay inside: the nearest folder, from the course up, holding
    .git (the git repository), else pyproject.toml, else the course folder itself."""
    start = Path(os.path.normpath(root.absolute()))
    for marker in REPOSITORY_MARKERS:
        for folder in (start, *start.parents):
            if files.exists(folder / marker):
                return folder
    return start


def _load_hub(course: Course, path: Path) -> None:
    if not course.files.is_file(path):
        return
    course.hub = course.files.read(path)
    if course.hub.text is not None:
        course.hub_doc = parse_markdown(course.hub.text)
        course.roadmap = parse_roadmap(course.hub_doc)


def load_module(path: Path, read: Reader = read_source) -> Module:
    module = Module(read(path))
    text = module.source.text
    if text is None:
        return module
    module.split = split_front_matter(text)
    if module.split.yaml is not None and not module.split.unclosed:
        module.front = validate(FrontMatter, load_yaml(module.split.yaml))
    module.doc = parse_markdown(blank_front_matter(text, module.split))
    return module
