"""Shared fixtures: the shared development material beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, or skip when it is not there (a clone without the material)."""
    if not (SHARED / "tools" / "score.py").is_file():
        pytest.skip("../shared is not present")
    return SHARED
