"""Page entries on disk: an unchanged page's findings are served from its entry, and an entry
that is truncated, tampered with, unsigned, signed with another key or for another page, or of
another shape is a miss, never a verdict; nothing in one is unpickled unless this user's
coursecheck signed it. Real courses, real processes, real files."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from coursedir import DAY1, DAY2, CourseDir
from signed import seal_bytes

from coursecheck.cache.signing import HEADER, result_key, seal, unseal
from coursecheck.diagnostics import Finding

AMBIENT = ("COURSECHECK_CACHE_DIR", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT")
H1_DIFFERS = "H1 'Values' differs from the title 'Values & Types'"


class Project:
    """The minimal course with one finding (day 2's H1), checked with a cache beside it."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.course = CourseDir(top / "course")
        self.course.replace(DAY2, "# Values & Types", "# Values")
        self.cache = top / "cache"

    def check(self, *args: str) -> tuple[int, str]:
        env = {k: v for k, v in os.environ.items() if k not in AMBIENT}
        done = subprocess.run(
            [sys.executable, "-m", "coursecheck", "check", "course", "--format", "json", *args],
            cwd=self.top,
            env={**env, "COURSECHECK_CACHE_DIR": str(self.cache)},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        return done.returncode, done.stdout

    def entry(self, page: str) -> Path:
        """The entry file of a page, found by the path it records."""
        wanted = str(Path("course") / page)
        for entry in (self.cache / "pages").glob("*.pickle"):
            if _unsealed(entry)["path"] == wanted:
                return entry
        raise AssertionError(f"no entry for {wanted}")

    def touch_another_page(self, n: int = 1) -> None:
        """An edit elsewhere: the whole-run entry misses, so the page entries are read."""
        self.course.write(DAY1, self.course.read(DAY1) + f"\nEdit {n}.\n")


def _unsealed(entry: Path) -> dict[str, Any]:
    key = result_key()
    assert key is not None
    data = unseal(key, f"page {entry.stem}", entry.read_bytes())
    assert data is not None, f"{entry} is not signed for its slot"
    loaded = pickle.loads(data)
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "project")
    made.check()
    return made


def _codes(report: str) -> list[str]:
    return [d["code"] for d in json.loads(report)["diagnostics"]]


def test_an_unchanged_pages_findings_come_from_its_entry(project: Project) -> None:
    entry = project.entry(DAY2)
    data = _unsealed(entry)
    (hit,) = data["findings"]["ST"]
    assert hit[1].message == H1_DIFFERS
    planted = Finding(hit[1].path, 1, 1, "served from the page entry")
    data["findings"]["ST"] = [("ST003", planted)]
    entry.write_bytes(seal_bytes(pickle.dumps(data), f"page {entry.stem}"))
    project.touch_another_page()
    _, report = project.check()
    messages = [d["message"] for d in json.loads(report)["diagnostics"]]
    assert messages == ["served from the page entry"]


class Planted:
    """Runs a command when unpickled: it must never be."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _forged(project: Project, entry: Path) -> dict[str, Any]:
    """The day-2 entry with its findings gone: believed, the finding would be lost."""
    data = _unsealed(entry)
    data["findings"] = {prefix: [] for prefix in data["findings"]}
    return data


def _truncated(project: Project, entry: Path) -> bytes:
    return entry.read_bytes()[: entry.stat().st_size // 2]


def _tampered(project: Project, entry: Path) -> bytes:
    blob = bytearray(entry.read_bytes())
    blob[-40] ^= 0x01  # one bit of the pickled payload; the signature still names the old one
    return bytes(blob)


def _unsigned(project: Project, entry: Path) -> bytes:
    return pickle.dumps(_forged(project, entry))


def _unsigned_code(project: Project, entry: Path) -> bytes:
    return pickle.dumps(Planted(project.top / "ran"))


def _headed_code(project: Project, entry: Path) -> bytes:
    """A signature line copied from a real entry, over a payload that runs code."""
    head = entry.read_bytes().partition(b"\n")[0]
    return head + b"\n" + pickle.dumps(Planted(project.top / "ran"))


def _another_key(project: Project, entry: Path) -> bytes:
    return seal(os.urandom(32), f"page {entry.stem}", pickle.dumps(_forged(project, entry)))


def _another_pages_entry(project: Project, entry: Path) -> bytes:
    return project.entry(DAY1).read_bytes()  # signed, but for day 1's slot


def _another_pages_contents(project: Project, entry: Path) -> bytes:
    """Day 1's entry re-signed for day 2's slot: the path it records is not day 2's."""
    data = _unsealed(project.entry(DAY1))
    return seal_bytes(pickle.dumps(data), f"page {entry.stem}")


def _signed_garbage(project: Project, entry: Path) -> bytes:
    return seal_bytes(b"\x80\x05not a pickle", f"page {entry.stem}")


def _signed_wrong_shape(project: Project, entry: Path) -> bytes:
    data = _forged(project, entry)
    data["findings"] = {"ST": [("ST003", "not a finding")]}
    return seal_bytes(pickle.dumps(data), f"page {entry.stem}")


def _signed_model_of_another_shape(project: Project, entry: Path) -> bytes:
    data = _forged(project, entry)
    data["model"] = pickle.dumps({"not": "a model"})
    return seal_bytes(pickle.dumps(data), f"page {entry.stem}")


def _signed_model_garbage(project: Project, entry: Path) -> bytes:
    data = _forged(project, entry)
    data["model"] = b"\x80\x05garbage"
    return seal_bytes(pickle.dumps(data), f"page {entry.stem}")


def _empty(project: Project, entry: Path) -> bytes:
    return b""


DAMAGE: dict[str, Callable[[Project, Path], bytes]] = {
    "truncated": _truncated,
    "tampered": _tampered,
    "unsigned": _unsigned,
    "unsigned-code": _unsigned_code,
    "signature-of-another-payload-over-code": _headed_code,
    "another-key": _another_key,
    "another-pages-entry": _another_pages_entry,
    "another-pages-contents-resigned": _another_pages_contents,
    "signed-garbage": _signed_garbage,
    "signed-wrong-shape": _signed_wrong_shape,
    "signed-model-of-another-shape": _signed_model_of_another_shape,
    "signed-model-garbage": _signed_model_garbage,
    "empty": _empty,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_entry_is_a_miss_never_a_verdict(project: Project, damage: str) -> None:
    entry = project.entry(DAY2)
    project.touch_another_page()
    expected = project.check("--no-cache")
    assert _codes(expected[1]) == ["ST003"]
    entry.write_bytes(DAMAGE[damage](project, entry))
    assert project.check() == expected
    assert not (project.top / "ran").exists(), "an unsigned entry was unpickled"
    # The miss made the page's entry again, whole and signed.
    assert _unsealed(entry)["findings"]["ST"][0][1].message == H1_DIFFERS
    assert entry.read_bytes().startswith(HEADER)
