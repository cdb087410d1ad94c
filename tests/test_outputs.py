"""The Parquet output as dashboards read it (DuckDB, Polars), and the spreadsheet outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from indicators.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outputs") / "out.parquet"
    assert main(["extract", str(SAMPLES), "-o", str(path)]) == 0
    return path


def test_duckdb_reads_the_types(out: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    # DuckDB 2: a relation has no fetchone(); fetchall() it is
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()}
    assert types["value"] == "DOUBLE" and types["start"] == "BIGINT"
    assert types["is_indicator"] == "BOOLEAN" and types["period_start"] == "DATE" and types["kind"] == "VARCHAR"
    # the README's dashboard query
    rows = con.execute(
        f"SELECT kind, count(*) AS n, sum(value) AS total FROM read_parquet('{out}') "
        "WHERE is_indicator GROUP BY kind ORDER BY n DESC"
    ).fetchall()
    assert (
        rows
        and rows[0][1] > 0
        and {r[0] for r in rows} <= {"count", "money", "percent", "duration", "measure", "ratio"}
    )
    joined = con.execute(
        f"SELECT d.region, count(*) FROM read_parquet('{out}') i "
        f"JOIN read_parquet('{out.with_name('out.documents.parquet')}') d USING (doc_id) GROUP BY d.region"
    ).fetchall()
    assert sum(n for _, n in joined) == len(pd.read_parquet(out))


def test_polars_reads_the_types(out: Path) -> None:
    pl = pytest.importorskip("polars")
    df = pl.read_parquet(out)
    assert df.schema["value"] == pl.Float64 and df.schema["start"] == pl.Int64
    assert df.schema["is_indicator"] == pl.Boolean and df.schema["period_end"] == pl.Date
    assert df.filter(pl.col("is_indicator")).height > 40


def test_csv_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["extract", str(SAMPLES), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert "阅读资源投入" in set(df["subject"].dropna())
    assert (tmp_path / "out.documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_has_the_tables_as_sheets(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    out = tmp_path / "out.xlsx"
    assert main(["extract", str(SAMPLES), "-o", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"indicators", "documents", "errors"}
    ind = sheets["indicators"]
    assert len(ind) == len(pd.read_csv(_csv(tmp_path), encoding="utf-8-sig"))
    assert isinstance(sheets["documents"]["published"].dropna().iloc[0], (dt.date, pd.Timestamp))


def _csv(tmp_path: Path) -> Path:
    out = tmp_path / "again.csv"
    assert main(["extract", str(SAMPLES), "-o", str(out)]) == 0
    return out


def test_readme_dashboard_query_runs(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    import re

    query = re.search(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    assert main(["extract", str(SAMPLES), "-o", str(tmp_path / "out")]) == 0
    rows = duckdb.sql(query.replace("out/indicators", str(tmp_path / "out" / "indicators"))).fetchall()
    assert rows and all(r[0] for r in rows)
    # no group adds up what must not be added: each of the query's groups holds one measure,
    # one unit, and plans or outcomes, never both
    keys = re.search(r"GROUP BY (.*?)\n", query).group(1)
    source = str(tmp_path / "out" / "indicators" / "*.parquet")
    where = re.search(r"(WHERE .*?)\nGROUP BY", query, re.S).group(1)
    mixed = duckdb.sql(
        f"SELECT {keys} FROM read_parquet('{source}') {where} GROUP BY {keys} "
        "HAVING count(DISTINCT measure) > 1 OR count(DISTINCT unit) > 1 OR count(DISTINCT target) > 1"
        ' OR count(DISTINCT "column") > 1'
    ).fetchall()
    assert mixed == []
    assert {r[2] for r in rows} == {"level"}


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    code = re.search(r"## Python\n\n```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(
        1
    )
    (tmp_path / "data").symlink_to(ROOT / "data")  # the example's relative paths, outputs kept out of the tree
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert len(pd.read_parquet(tmp_path / "out.parquet")) > 50
