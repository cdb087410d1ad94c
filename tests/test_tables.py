"""Tables: golden cases (tests/cases/tables.jsonl) and one budget in four formats.

Each case is a text of our own with a table and the figures it must yield,
in order; only the fields a case names are compared. The budget of
``tests/support/budget.py`` is written as text, HTML, DOCX and PDF, and every
table cell must read the same (value, unit, subject) from each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicators import extract_table, extract_text, read_document
from indicators.tables import find_tables
from tests.support import budget

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases" / "tables.jsonl").open(encoding="utf-8")]


def _same(got: object, want: object) -> bool:
    if isinstance(want, float):
        return isinstance(got, float) and got == pytest.approx(want, rel=1e-12)
    return bool(got == want)


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_table_case(case: dict) -> None:
    df = extract_text(case["text"], doc_id="case")
    rows = df.to_dict("records")
    assert [r["surface"] for r in rows] == [f["surface"] for f in case["figures"]]
    for row, expected in zip(rows, case["figures"], strict=True):
        assert case["text"][row["start"] : row["end"]] == row["surface"]
        for key, want in expected.items():
            got = row[key]
            if key.startswith("period_") and got is not None and not isinstance(got, str):
                got = got.isoformat()
            if want is None:
                assert got is None or got != got, (key, row)  # null (None or NaN)
            else:
                assert _same(got, want), (key, got, want, row["surface"])


@pytest.fixture(scope="module")
def budgets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("budget")
    return {
        "txt": budget.write_txt(d / "b.txt"),
        "html": budget.write_html(d / "b.html"),
        "docx": budget.write_docx(d / "b.docx"),
        "pdf": budget.write_pdf(d / "b.pdf", repeat=1),
    }


def _cells(path: Path) -> list[tuple[object, ...]]:
    batch = extract_table([path])
    assert not batch.failures, batch.failures
    t = batch.table.to_pandas()
    t = t[t["is_indicator"]]
    return [(r.value, r.unit, r.subject) for r in t.itertuples()]


def test_budget_reads_the_same_in_every_format(budgets: dict[str, Path]) -> None:
    expected = _cells(budgets["txt"])
    # 7 prose figures, 29 cells of the 12 rows (empty cells skipped), 3 of the total, 2 closing figures
    assert len(expected) == 7 + 29 + 3 + 2
    for fmt in ("html", "docx", "pdf"):
        assert _cells(budgets[fmt]) == expected, fmt


def test_budget_table_cells_take_the_table_unit(budgets: dict[str, Path]) -> None:
    for fmt, path in budgets.items():
        text = read_document(path).text
        tables = find_tables(text)
        cells = [c for t in tables for c in t.cells if not c.code]
        assert {c.unit for c in cells} == {"万元"}, fmt
        first = next(c for c in cells if text[c.start : c.end] == "4,812.60")
        assert first.label == "教育支出", fmt
        codes = [text[c.start : c.end] for t in tables for c in t.cells if c.code]
        assert codes[:3] == ["205", "205", "01"], fmt


def test_multi_page_pdf_table_keeps_its_unit_and_drops_page_furniture(tmp_path: Path) -> None:
    path = budget.write_pdf(tmp_path / "long.pdf", repeat=4)
    text = read_document(path).text
    assert "— 1 —" not in text and "— 2 —" not in text
    df = extract_table([path]).table.to_pandas()
    cells = df[df["surface"] == "1,230.00"]
    assert len(cells) == 8  # two cells a row, four copies of the rows, over three pages
    assert set(cells["kind"]) == {"money"} and set(cells["value"]) == {12300000.0}
    assert not ((df["kind"] == "count") & df["unit"].isna()).any(), "a bare count means a unit or a code was lost"
