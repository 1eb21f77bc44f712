"""The `attack` fixture: a fixture course, a target folder, a secret (see attacks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from attacks import Attack, new_attack


@pytest.fixture
def attack(tmp_path: Path) -> Attack:
    return new_attack(tmp_path)
