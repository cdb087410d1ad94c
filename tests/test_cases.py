"""Golden spec cases (tests/cases/figures.jsonl), one parametrised test.

Each case is a sentence of our own and the figures it must yield, in order;
only the fields a case names are compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import find_figures

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases" / "figures.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_case(case: dict) -> None:
    text = case["text"]
    figures = find_figures(text)
    for fig in figures:
        assert text[fig.start : fig.end] == fig.surface
    got = [
        {key: getattr(fig, key) for key in expected} for fig, expected in zip(figures, case["figures"], strict=False)
    ]
    assert len(figures) == len(case["figures"]), [f.surface for f in figures]
    for fig_fields, expected in zip(got, case["figures"], strict=True):
        for key, value in expected.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert fig_fields[key] == pytest.approx(value, rel=1e-12), (key, fig_fields)
            else:
                assert fig_fields[key] == value, (key, fig_fields)
