"""The batch contract: identity, resume, overwrite, locks, outputs and the command line's inputs."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from indicators.batch import plan, run
from indicators.cli import main
from indicators.sink import OutputExists, OutputLocked, open_sink

GOOD = "全县共建成农家书屋18间,投入41.3万元。\n"
OTHER = "新增岗位7个,培训教师120人次。\n"


def _docs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents" if out.is_dir() else out.with_name(f"{out.stem}.documents.parquet"))


def _rows(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "indicators" if out.is_dir() else out)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    (src / "a" / "index.txt").write_text(GOOD, encoding="utf-8")
    (src / "b" / "index.txt").write_text(OTHER, encoding="utf-8")
    (src / "copy.txt").write_text(GOOD, encoding="utf-8")  # the same bytes as a/index.txt
    return src


@pytest.mark.parametrize("out_name", ["out.parquet", "ds"])
def test_resume_contract_in_python_and_on_the_command_line(tmp_path: Path, corpus: Path, out_name: str) -> None:
    out = tmp_path / out_name
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    docs = _docs(out)
    assert sorted(docs["doc_id"]) == ["a/index", "b/index", "copy"]  # identical content is its own document
    rows = len(_rows(out))
    # the README's Python example resumes without doubling a row
    sink = open_sink(out, resume=True)
    summary = run(plan([corpus]), sink)
    sink.close()
    assert (summary.read, summary.skipped) == (0, 3)
    assert len(_rows(out)) == rows
    # an edited report replaces its rows; a new report whose stem is taken gets another id
    (corpus / "b" / "index.txt").write_text(OTHER + "另建成图书室3间。\n", encoding="utf-8")
    (corpus / "copy2").mkdir()
    (corpus / "copy2" / "copy.txt").write_text(OTHER, encoding="utf-8")
    assert main(["extract", str(corpus), "-o", str(out), "--resume"]) == 0
    docs = _docs(out)
    assert len(docs) == 4 and docs["doc_id"].is_unique and docs["path"].is_unique
    b = _rows(out)
    b = b[b["doc_id"] == "b/index"]
    assert "3间" in set(b["surface"]) and b["start"].is_unique  # the new version only, once
    # nothing changed: a second resume reads nothing
    assert main(["extract", str(corpus), "-o", str(out), "--resume"]) == 0
    assert len(_docs(out)) == 4


@pytest.mark.parametrize("out_name", ["out.parquet", "out.csv", "ds"])
def test_an_existing_output_needs_resume_or_overwrite(tmp_path: Path, corpus: Path, out_name: str) -> None:
    out = tmp_path / out_name
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    assert main(["extract", str(corpus), "-o", str(out)]) == 2
    assert main(["extract", str(corpus), "-o", str(out), "--overwrite"]) == 0
    assert not [p for p in tmp_path.rglob(".*lock")], "a finished run leaves no lock behind"


def test_a_second_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    first = open_sink(tmp_path / "out.parquet")
    with pytest.raises(OutputLocked):
        open_sink(tmp_path / "out.parquet", overwrite=True)
    first.close()
    open_sink(tmp_path / "out.parquet", overwrite=True).close()
    ds = open_sink(tmp_path / "ds")
    with pytest.raises(OutputLocked):
        open_sink(tmp_path / "ds", resume=True)
    ds.close()
    with pytest.raises(OutputExists):
        open_sink(tmp_path / "out.parquet")


def test_output_names(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus), "-o", str(tmp_path / "OUT.PARQUET")]) == 0
    assert pq.read_table(tmp_path / "OUT.PARQUET").num_rows > 0  # a Parquet file, not a folder
    assert main(["extract", str(corpus), "-o", str(tmp_path / "out.json")]) == 2
    capsys.readouterr()
    assert main(["extract", str(corpus), "-o", "-"]) == 0
    csv = capsys.readouterr().out
    frame = pd.read_csv(io.StringIO(csv))
    assert {"doc_id", "surface", "value"} <= set(frame.columns) and "41.3万元" in set(frame["surface"])


def test_dataset_folders_read_in_duckdb_and_polars_even_when_empty(tmp_path: Path, corpus: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    polars = pytest.importorskip("polars")
    out = tmp_path / "ds"
    assert main(["extract", str(corpus), "-o", str(out)]) == 0  # a clean run: no error rows
    for name in ("indicators", "documents", "errors"):
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/{name}/*.parquet')").fetchall()[0][0]
        assert n == len(polars.read_parquet(f"{out}/{name}/*.parquet"))
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/errors/*.parquet')").fetchall()[0][0] == 0


def test_parquet_files_carry_version_and_catalogue_hash(tmp_path: Path, corpus: Path) -> None:
    main(["extract", str(corpus), "-o", str(tmp_path / "o.parquet")])
    main(["extract", str(corpus), "-o", str(tmp_path / "ds")])
    for path in [tmp_path / "o.parquet", *sorted((tmp_path / "ds" / "indicators").glob("*.parquet"))]:
        meta = pq.read_schema(path).metadata
        assert meta[b"indicators.version"] and len(meta[b"indicators.catalogue_sha256"]) == 64


def test_globs_stdin_and_what_was_passed_over(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("x.doc", "y.doc", "z.xls"):
        (corpus / name).write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "o.parquet")]) == 0
    assert "passed over .doc ×2, .xls ×1" in capsys.readouterr().err
    assert main(["extract", str(corpus / "*" / "index.txt"), "-o", str(tmp_path / "g.parquet")]) == 0
    assert sorted(_docs(tmp_path / "g.parquet")["doc_id"]) == ["a/index", "b/index"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{corpus / 'copy.txt'}\n{corpus / 'copy.txt'}\n"))
    assert main(["extract", "-", "-o", str(tmp_path / "s.parquet")]) == 0
    assert _docs(tmp_path / "s.parquet")["doc_id"].tolist() == ["copy"]  # each path read once
    assert main(["extract", str(tmp_path / "nothing-here-*.txt"), "-o", str(tmp_path / "n.parquet")]) == 2


def test_symlinks_leaving_the_input_folder(tmp_path: Path, corpus: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("密钥12345个。\n", encoding="utf-8")
    os.symlink(secret, corpus / "link.txt")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "o.parquet")]) == 0
    assert "link" not in set(_docs(tmp_path / "o.parquet")["doc_id"])
    assert main(["extract", str(corpus), "-o", str(tmp_path / "f.parquet"), "--follow-symlinks"]) == 0
    assert "link" in set(_docs(tmp_path / "f.parquet")["doc_id"])


def test_command_line_failures_are_one_line(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "typo"), "-o", str(tmp_path / "o.parquet")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert not list(tmp_path.glob("o*"))  # nothing written for a mistyped path
    (tmp_path / "dir.parquet").mkdir()
    assert main(["extract", str(corpus), "-o", str(tmp_path / "dir.parquet")]) == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "file")]) == 2
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        assert main(["extract", str(corpus), "-o", str(ro / "o.parquet")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("indicators: error:") == 2 + (os.geteuid() != 0)


def test_xlsx_without_openpyxl_is_refused_before_the_work(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["extract", str(corpus), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "pip install 'indicators[excel]'" in capsys.readouterr().err


def test_an_internal_error_is_exit_3_with_the_traceback_behind_v(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import indicators.cli as cli

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "run", broken)
    assert main(["extract", str(corpus), "-o", str(tmp_path / "o.parquet")]) == 3
    err = capsys.readouterr().err
    assert "indicators: error: internal: RuntimeError: a bug" in err and "Traceback" not in err
    assert main(["-v", "extract", str(corpus), "-o", str(tmp_path / "p.parquet")]) == 3
    assert "Traceback" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.parquet"))


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    src = tmp_path / "many"
    src.mkdir()
    for i in range(3000):
        (src / f"r{i}.txt").write_text(GOOD * 20 + f"第{i}号:新增{i}个。\n", encoding="utf-8")
    out = tmp_path / "o.parquet"
    proc = subprocess.Popen(
        [sys.executable, "-m", "indicators.cli", "extract", str(src), "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".o.parquet*"))


def test_hostile_pages_are_never_parsed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """150,000 nested <div> are flattened by pattern, never built into a tree (minutes and
    gigabytes before); a meta date two million characters long is not handed to dateparser."""
    import bs4
    import dateparser

    from indicators import read_document

    deep = tmp_path / "deep.html"
    deep.write_text("<div>" * 150_000 + "共3个" + "</div>" * 150_000, encoding="utf-8")

    def no_tree(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed into a tree")

    with monkeypatch.context() as m:
        m.setattr(bs4, "BeautifulSoup", no_tree)
        assert read_document(deep).text == "共3个"
    long_meta = tmp_path / "meta.html"
    long_meta.write_text(f'<meta name="PubDate" content="2024-01-01 {"9" * 2_000_000}"><p>共3个</p>', encoding="utf-8")
    monkeypatch.setattr(dateparser, "parse", no_tree)
    doc = read_document(long_meta)
    assert doc.text == "共3个" and doc.meta.published is None


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    pytest.importorskip("distributed")
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    out = tmp_path / "o.parquet"
    cmd = [sys.executable, "-m", "indicators.cli", "extract", str(corpus), "-o", str(out)]
    done = subprocess.run(
        [*cmd, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert "cannot reach the Dask scheduler" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "text",
    [
        "2025年2月14日起为期99999999天",
        "2025年2月14日起为期10000年",
        "比例为" + "9" * 400 + ":1",
        "投入" + "9" * 35 + "万元",
        "面积" + "9" * 33 + "公顷",
    ],
    ids=[
        "days past the calendar",
        "years past the calendar",
        "400-digit ratio",
        "money past 1e30",
        "measure past 1e30",
    ],
)
def test_absurd_figures_neither_raise_nor_overflow(text: str) -> None:
    from indicators import extract_text

    df = extract_text(text, doc_id="x")
    for column in ("value", "value_max", "value_base"):
        assert (df[column].dropna().abs() < 1e30).all(), column
    assert all(d.year < 10000 for d in df["period_end"].dropna())


@pytest.mark.parametrize("numeral", ["1又" * 1000 + "1", "百分之" * 1500 + "五", "2^99999999"])
def test_parse_number_raises_only_value_error(numeral: str) -> None:
    from extractors import parse_number

    with pytest.raises(ValueError):
        parse_number(numeral)


def test_resume_never_opens_a_fifo_added_since(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "ds"
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    os.mkfifo(corpus / "pipe.txt")  # opening it to hash it would block forever
    os.symlink("/dev/zero", corpus / "zero.txt")
    assert main(["extract", str(corpus), "-o", str(out), "--resume", "--follow-symlinks"]) == 1
    errors = pd.read_parquet(out / "errors")
    assert sorted(errors["doc_id"]) == ["pipe", "zero"]
    assert errors["message"].str.contains("not a regular file").all()
