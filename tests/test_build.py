"""The compiled engine (setup.py compiles the per-figure modules with mypyc) writes exactly
the rows of the pure-Python one, on the bundled reports, 200 generated report-like texts
and, when ../shared is there, every shared report.

Compiling takes about two minutes: it is the one slow test, and the only proof that what
a regular install runs is what every other test checks (they run the editable, pure
sources). Skipped without mypyc or a C compiler.
"""

from __future__ import annotations

import ast
import os
import random
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.support.fuzz import report_like

ROOT = Path(__file__).resolve().parents[1]
SHARED_REPORTS = ROOT.parent / "shared" / "data" / "reports"


def _compiled_list() -> list[str]:
    """setup.py's COMPILED, read without running setup()."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "COMPILED" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError("setup.py declares no COMPILED list")


def _extract(python_path: Path, inputs: list[Path], out: Path) -> None:
    """The CLI over ``inputs``, in a fresh process that imports the packages from ``python_path``."""
    env = {**os.environ, "PYTHONPATH": str(python_path)}
    run = subprocess.run(
        [sys.executable, "-m", "indicators", "-q", "extract", *map(str, inputs), "-o", str(out), "--overwrite"],
        cwd=python_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]


def _compiled_in(python_path: Path) -> list[str]:
    """The modules that load compiled when the packages are imported from ``python_path``."""
    probe = subprocess.run(
        [sys.executable, "-c", "from indicators.engine import compiled_modules; print(*compiled_modules())"],
        cwd=python_path,
        env={**os.environ, "PYTHONPATH": str(python_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    return probe.stdout.split()


def test_compiled_engine_writes_the_rows_of_the_pure_one(tmp_path: Path) -> None:
    pytest.importorskip("mypyc")
    if shutil.which((sysconfig.get_config_var("CC") or "cc").split()[0]) is None:
        pytest.skip("no C compiler")
    if _compiled_in(ROOT):
        pytest.skip("these sources are compiled in place (INDICATORS_COMPILE=1): no pure engine to compare with")
    build = tmp_path / "build"
    build.mkdir()
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, build / name)
    for package in ("extractors", "indicators"):
        shutil.copytree(ROOT / package, build / package, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    run = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=build,
        env={k: v for k, v in os.environ.items() if k not in ("INDICATORS_PURE", "INDICATORS_COMPILE")},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "installing the pure-Python engine" not in run.stderr, run.stderr[-2000:]
    compiled = sorted(p[: -len(".py")].replace("/", ".") for p in _compiled_list())
    assert _compiled_in(build) == compiled

    texts = tmp_path / "texts"
    texts.mkdir()
    rng = random.Random(20261207)
    for i in range(200):
        text = f"第{i}篇。" + report_like(rng, pieces=rng.randint(3, 40))  # never blank: no error row
        (texts / f"generated{i:03d}.txt").write_text(text, encoding="utf-8")
    inputs = [ROOT / "data" / "reports", texts] + ([SHARED_REPORTS] if SHARED_REPORTS.is_dir() else [])
    _extract(ROOT, inputs, tmp_path / "pure.parquet")
    _extract(build, inputs, tmp_path / "compiled.parquet")
    pure = pq.read_table(tmp_path / "pure.parquet")
    assert pure.num_rows > 1000
    assert pq.read_table(tmp_path / "compiled.parquet").equals(pure)
    documents = [pq.read_table(tmp_path / f"{name}.documents.parquet") for name in ("pure", "compiled")]
    assert documents[1].equals(documents[0])
