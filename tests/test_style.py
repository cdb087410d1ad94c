"""The code stays ruff-clean, ruff-formatted and mypy-strict (skipped when a tool is missing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff(args: tuple[str, ...]) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    run = _run(ruff, *args)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    run = _run(sys.executable, "-m", "mypy")
    assert run.returncode == 0, run.stdout + run.stderr
