"""Golden cases for periods, document facts, measures and subjects (tests/cases/periods.jsonl,
documents.jsonl, measures.jsonl, subjects.jsonl).

Each is a text of our own; only the fields a case names are compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicators import extract_text
from indicators.metadata import text_metadata

CASES = Path(__file__).parent / "cases"
PERIODS = [json.loads(line) for line in (CASES / "periods.jsonl").open(encoding="utf-8")]
DOCUMENTS = [json.loads(line) for line in (CASES / "documents.jsonl").open(encoding="utf-8")]


def _iso(value: object) -> object:
    if value is None or value != value:  # None or NaN/NA
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("case", PERIODS, ids=[c["rule"] for c in PERIODS])
def test_period_case(case: dict) -> None:
    df = extract_text(case["text"], doc_id="case", published=case.get("published"), covers=case.get("covers"))
    rows = df[df["is_indicator"]].to_dict("records")
    assert [r["surface"] for r in rows] == [f["surface"] for f in case["figures"]]
    for row, expected in zip(rows, case["figures"], strict=True):
        for key, want in expected.items():
            got = row[key] if key == "surface" else _iso(row[key])
            assert got == want, (key, got, want, row["surface"])


@pytest.mark.parametrize("case", DOCUMENTS, ids=[c["rule"] for c in DOCUMENTS])
def test_document_case(case: dict) -> None:
    meta = text_metadata(case["text"])
    for key, want in case["expect"].items():
        assert getattr(meta, key) == want, (key, getattr(meta, key), want)


MEASURES = [json.loads(line) for line in (CASES / "measures.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", MEASURES, ids=[c["rule"] for c in MEASURES])
def test_measure_case(case: dict) -> None:
    _check_figures(case)


SUBJECTS = [json.loads(line) for line in (CASES / "subjects.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", SUBJECTS, ids=[c["rule"] for c in SUBJECTS])
def test_subject_case(case: dict) -> None:
    _check_figures(case)


def _check_figures(case: dict) -> None:
    df = extract_text(case["text"], doc_id="case")
    rows = df[df["is_indicator"]].to_dict("records")
    assert [r["surface"] for r in rows] == [f["surface"] for f in case["figures"]]
    for row, expected in zip(rows, case["figures"], strict=True):
        for key, want in expected.items():
            got = _iso(row[key])
            assert got == want, (key, got, want, row["surface"])
