"""The command line: outputs, exit status, usage errors, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from indicators import ReportError, extract, read_report
from indicators.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOOD = "督导组共发现问题31个,已全部整改。"


def test_extract_bundled_samples(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    assert main(["extract", str(ROOT / "data" / "reports"), "-o", str(out)]) == 0
    df = pd.read_parquet(out)
    assert set(df["doc_id"]) == {p.stem for p in (ROOT / "data" / "reports").iterdir()}
    assert df["is_indicator"].sum() > 40
    docs = pd.read_parquet(tmp_path / "out.documents.parquet")
    assert sorted(docs["doc_id"]) == sorted(set(df["doc_id"]))
    assert pd.read_parquet(tmp_path / "out.errors.parquet").empty


def test_dataset_folder_output(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    assert main(["extract", str(ROOT / "data" / "reports"), "-o", str(out), "--part-size", "1"]) == 0
    reports = len(list((ROOT / "data" / "reports").iterdir()))
    assert len(list((out / "indicators").glob("part-*.parquet"))) == reports
    assert len(pd.read_parquet(out / "documents")) == reports
    single = tmp_path / "one.parquet"
    main(["extract", str(ROOT / "data" / "reports"), "-o", str(single)])
    a = pd.read_parquet(out / "indicators").sort_values(["doc_id", "start"]).reset_index(drop=True)
    b = pd.read_parquet(single).sort_values(["doc_id", "start"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_existing_dataset_needs_resume(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "ds"
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(out)]) == 0
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(out)]) == 2
    assert "pass --resume" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "--resume"]) == 0
    assert "1 already in the output" in capsys.readouterr().err
    assert len(pd.read_parquet(out / "documents")) == 1


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["nonsense"]) == 2
    assert main([]) == 2
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.parquet"), "--workers", "0"]) == 2
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.parquet"), "--scheduler", "tcp://x:1"]) == 2


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out" / "o.parquet"

    def boom(self: object, table: object, *args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", boom)
    assert main(["extract", str(tmp_path / "in"), "-o", str(out)]) == 3  # one line, no traceback
    assert "indicators: error: disk full" in capsys.readouterr().err
    assert list((tmp_path / "out").iterdir()) == []


def test_read_report_bom_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_report(p) == GOOD
    (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(ReportError, match="empty"):
        read_report(tmp_path / "blank.txt")


def test_extract_api(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text(GOOD, encoding="utf-8")
    df = extract(tmp_path)
    assert df["doc_id"].unique().tolist() == ["r1"]
    (tmp_path / "r2.txt").write_bytes(b"")
    with pytest.raises(ReportError, match="empty"):
        extract([tmp_path])


def test_same_file_names_get_distinct_doc_ids(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a" / "other.txt").write_text(GOOD, encoding="utf-8")
    df = extract(tmp_path)
    # the path below the input folder where the file name repeats; the short id where it is unique
    assert set(df["doc_id"]) == {"a/report", "b/report", "other"}


def test_demo_outputs_are_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """data/out holds what the README's first command writes; it must match the code."""
    monkeypatch.chdir(ROOT)
    assert main(["extract", "data/reports", "-o", str(tmp_path / "indicators.parquet")]) == 0
    for name in ("indicators.parquet", "indicators.documents.parquet", "indicators.errors.parquet"):
        fresh = pd.read_parquet(tmp_path / name)
        committed = pd.read_parquet(ROOT / "data" / "out" / name)
        pd.testing.assert_frame_equal(fresh, committed, obj=f"{name}: rerun the README's first command")


def test_spreadsheet_cells_never_run_as_formulas(tmp_path: Path) -> None:
    import openpyxl

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text('=HYPERLINK("http://evil.example/x","共3个")\n', encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.csv")]) == 0
    csv = (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    assert "\n'=HYPERLINK" in csv or ",'=HYPERLINK" in csv or "\"'=HYPERLINK" in csv
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx")["indicators"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in cells)
    assert not any(v.startswith("=") for v in cells)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_usage_errors_and_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(ROOT / "data" / "reports"), "-o", str(tmp_path / "out.json")]) == 2
    assert "unknown output format '.json'" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("indicators ")


def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert main(["extract", str(fifo), "-o", str(tmp_path / "o.parquet")]) == 1
    errors = pd.read_parquet(tmp_path / "o.errors.parquet")
    assert errors["message"].str.contains("not a regular file").all()
