"""The command line and file handling: bad input never crashes the batch."""

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
    assert set(df["doc_id"]) == {p.stem for p in (ROOT / "data" / "reports").glob("*.txt")}
    assert df["is_indicator"].sum() > 40


def test_bad_files_are_named_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (tmp_path / "gbk.txt").write_bytes("巡察组发现问题3个".encode("gb18030"))
    (tmp_path / "truncated.txt").write_bytes("发现问题31个".encode()[:-1])
    out = tmp_path / "o.parquet"
    code = main(["extract", str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    for name in (
        "empty.txt: empty file",
        "binary.txt: binary file",
        "gbk.txt: not valid UTF-8",
        "truncated.txt: not valid UTF-8",
        "missing.txt: cannot read",
    ):
        assert name in err
    assert "Traceback" not in err
    df = pd.read_parquet(out)
    assert df["doc_id"].unique().tolist() == ["good"]
    assert df.loc[df["is_indicator"], "value"].tolist() == [31.0]


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "o.parquet"
    assert main(["extract", str(tmp_path / "empty.txt"), "-o", str(out)]) == 1
    assert not out.exists()


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.csv")]) == 2
    assert main(["nonsense"]) == 2
    assert main([]) == 2


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.parquet"

    def boom(table: object, where: str, **kwargs: object) -> None:
        Path(where).write_bytes(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", boom)
    with pytest.raises(OSError):
        main(["extract", str(tmp_path / "a.txt"), "-o", str(out)])
    assert os.listdir(tmp_path) == ["a.txt"]


def test_read_report_bom_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_report(p) == GOOD
    with pytest.raises(ReportError, match="no text"):
        (tmp_path / "blank.txt").write_text("  \n", encoding="utf-8")
        read_report(tmp_path / "blank.txt")


def test_extract_api(tmp_path: Path) -> None:
    (tmp_path / "r1.txt").write_text(GOOD, encoding="utf-8")
    df = extract(tmp_path)
    assert df["doc_id"].unique().tolist() == ["r1"]
    (tmp_path / "r2.txt").write_bytes(b"")
    with pytest.raises(ReportError, match="empty"):
        extract([tmp_path])
