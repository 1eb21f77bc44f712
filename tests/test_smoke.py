from pathlib import Path

import pytest

from coursecheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_course_is_clean(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["--select", "EN", "--select", "FM"]) == 0
    assert "All checks passed!" in capsys.readouterr().out
