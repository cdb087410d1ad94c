"""The shared gold reports, scored by ../shared/tools/score.py (skipped without ../shared)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.cli import main

# Floors below the figures measured when they were set: a drop below them is a
# regression. Gold is a development set, so these are not targets to tune to.
FLOORS = {
    "yunan-xuncha-2025.jsonl": {"detect_f1": 0.98, "strict_f1": 0.96, "kind_acc": 0.97, "subject_acc": 0.85},
    "excerpts.jsonl": {"detect_f1": 0.97, "strict_f1": 0.93, "subject_acc": 0.8},
}


@pytest.fixture(scope="module")
def predictions(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gold") / "pred.parquet"
    assert main(["extract", str(shared / "data" / "reports"), "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("gold", sorted(FLOORS))
def test_gold_scores(shared: Path, predictions: Path, gold: str) -> None:
    run = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), str(shared / "gold" / gold), str(predictions)],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(run.stdout.strip().splitlines()[-1])
    for key, floor in FLOORS[gold].items():
        assert scores[key] >= floor, (key, scores)
    if gold.startswith("yunan"):
        assert scores["pred_on_non_indicators"] <= 3, scores
