"""Batch runs: bad inputs become error rows, engines agree, an interrupted run resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from indicators.cli import main
from tests.support.formats import write_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "reports").glob("*.txt"))
GOOD = "全县共建成农家书屋18间,投入41.3万元。\n"


def _corpus(folder: Path, n: int) -> Path:
    """``n`` reports made from the samples, each with its own figures."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    for i in range(n):
        text = texts[i % len(texts)].replace("2024年", f"{2000 + i % 25}年").replace("18间", f"{i + 1}间")
        (folder / f"r{i:05d}.txt").write_text(text + f"\n第{i}号补充:新增岗位{i * 7}个。\n", encoding="utf-8")
    return folder


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["doc_id", "start"]).reset_index(drop=True)


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Every kind of bad input, with the error kind it must give."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "truncated.txt").write_bytes("巡察组发现问题31个".encode()[:-1])
    (folder / "text-as.docx").write_text("这是文本,不是Word文档。", encoding="utf-8")
    (folder / "html-as.pdf").write_text("<html><body>不是PDF</body></html>", encoding="utf-8")
    with open(folder / "huge.txt", "wb") as f:  # 50 MB, written sparse
        f.truncate(50 * 1024 * 1024)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog" + os.urandom(500))
    with zipfile.ZipFile(folder / "bomb.docx", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(120):
                member.write(block)
    (folder / "nobody.html").write_text(
        "<html><head><title>空页</title><script>var a=1;</script></head><body><nav>首页</nav></body></html>",
        encoding="utf-8",
    )
    os.symlink(folder, folder / "loop")  # a folder that contains itself
    return {
        "empty": "empty",
        "binary": "binary",
        "truncated": "unreadable",
        "text-as": "corrupt",
        "html-as": "corrupt",
        "huge": "too_large",
        "corrupt": "corrupt",
        "bomb": "too_large",
        "nobody": "empty",
    }


def test_bad_inputs_become_error_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _corpus(tmp_path / "in" / "good", 3)
    expected = _bad_inputs(tmp_path / "in" / "bad")
    out = tmp_path / "out.parquet"
    code = main(["extract", str(tmp_path / "in"), str(tmp_path / "nowhere.txt"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    errors = pd.read_parquet(tmp_path / "out.errors.parquet")
    got = dict(zip(errors["doc_id"], errors["error"], strict=False))
    # corrupt.docx and corrupt.pdf share a stem and a folder: their ids keep the suffix (bad/corrupt.pdf)
    assert got.pop("nowhere") == "missing"
    assert len(set(errors["doc_id"])) == len(errors)
    for stem, kind in expected.items():
        matches = [v for k, v in got.items() if k == stem or k.rsplit("/", 1)[-1].split(".")[0] == stem]
        assert matches and all(v == kind for v in matches), (stem, got)
    assert all(errors["message"].str.len() > 10)
    assert "would inflate" in " ".join(errors["message"])
    docs = pd.read_parquet(tmp_path / "out.documents.parquet")
    assert sorted(docs["doc_id"]) == sorted(p.stem for p in good.iterdir())
    assert f"3 reports read, {len(errors)} failed" in err


def test_two_workers_give_the_same_rows(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 40)
    assert main(["extract", str(corpus), "-o", str(tmp_path / "one.parquet")]) == 0
    assert main(["extract", str(corpus), "-o", str(tmp_path / "two"), "--workers", "2", "--part-size", "7"]) == 0
    one = _sorted(pd.read_parquet(tmp_path / "one.parquet"))
    two = _sorted(pd.read_parquet(tmp_path / "two" / "indicators"))
    pd.testing.assert_frame_equal(one, two)
    assert len(pd.read_parquet(tmp_path / "two" / "documents")) == 40


def test_dask_local_cluster_gives_the_same_rows(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    corpus = _corpus(tmp_path / "in", 30)
    (corpus / "bad.txt").write_bytes(b"")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "local.parquet")]) == 1
    code = main(["extract", str(corpus), "-o", str(tmp_path / "dask"), "--engine", "dask", "--workers", "2"])
    assert code == 1
    local = _sorted(pd.read_parquet(tmp_path / "local.parquet"))
    dask = _sorted(pd.read_parquet(tmp_path / "dask" / "indicators"))
    pd.testing.assert_frame_equal(local, dask)
    assert pd.read_parquet(tmp_path / "dask" / "errors")["doc_id"].tolist() == ["bad"]


def test_dask_python_entry_point(tmp_path: Path) -> None:
    """The Python entry point: run() with engine='dask' against a LocalCluster of 2 workers."""
    distributed = pytest.importorskip("distributed")
    from indicators.batch import plan, run
    from indicators.sink import open_sink

    corpus = _corpus(tmp_path / "in", 12)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        sink = open_sink(tmp_path / "out.parquet")
        summary = run(plan([corpus]), sink, engine="dask", scheduler=cluster.scheduler_address, progress=False)
        sink.close()
    assert summary.read == 12 and summary.failed == 0
    assert pd.read_parquet(tmp_path / "out.parquet")["doc_id"].nunique() == 12


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "indicators", "extract", *args]


@pytest.mark.parametrize("out_name", ["ds", "out.parquet"])
def test_sigkill_then_resume_gives_the_same_dataset(tmp_path: Path, out_name: str) -> None:
    corpus = _corpus(tmp_path / "in", 400)
    (corpus / "broken.txt").write_bytes(b"\x00\x01" * 100)
    full = tmp_path / "full"
    subprocess.run(_cli(str(corpus), "-o", str(full), "--part-size", "20"), check=False, capture_output=True)
    out = tmp_path / out_name
    proc = subprocess.Popen(_cli(str(corpus), "-o", str(out), "--part-size", "20"), stderr=subprocess.PIPE)
    deadline = time.time() + 60
    # Kill it once some parts are committed (dataset) or mid-way through (single file).
    while time.time() < deadline and proc.poll() is None:
        parts = list((out / "documents").glob("part-*.parquet")) if out.suffix != ".parquet" else []
        if len(parts) >= 3 or (out.suffix == ".parquet" and any(tmp_path.glob(".out*.tmp"))):
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if out.suffix == ".parquet":
        assert not out.exists()  # nothing half-written at OUT
    else:
        for part in (out / "indicators").glob("*.parquet"):
            pd.read_parquet(part)  # every visible part is complete
    again = subprocess.run(_cli(str(corpus), "-o", str(out), "--resume", "--part-size", "20"), capture_output=True)
    # 1 if broken.txt failed in this run, 0 if its error row was committed before the kill
    assert again.returncode in (0, 1), again.stderr
    if out.suffix == ".parquet":
        got = pd.read_parquet(out)
        docs, errors = (
            pd.read_parquet(tmp_path / "out.documents.parquet"),
            pd.read_parquet(tmp_path / "out.errors.parquet"),
        )
    else:
        got = pd.read_parquet(out / "indicators")
        docs, errors = pd.read_parquet(out / "documents"), pd.read_parquet(out / "errors")
    pd.testing.assert_frame_equal(_sorted(got), _sorted(pd.read_parquet(full / "indicators")))
    assert sorted(docs["doc_id"]) == sorted(pd.read_parquet(full / "documents")["doc_id"])
    assert errors["doc_id"].tolist() == ["broken"]


def test_html_page_without_text_and_unsupported_suffix(tmp_path: Path) -> None:
    write_html("", tmp_path / "blank.html")
    (tmp_path / "notes.md").write_text("共3个", encoding="utf-8")
    code = main(
        ["extract", str(tmp_path / "blank.html"), str(tmp_path / "notes.md"), "-o", str(tmp_path / "o.parquet")]
    )
    assert code == 1
    errors = pd.read_parquet(tmp_path / "o.errors.parquet")
    assert dict(zip(errors["doc_id"], errors["error"], strict=False)) == {"blank": "empty", "notes": "unsupported"}


def test_a_killed_worker_costs_only_its_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool worker killed mid-report (as the OOM killer would): the batch goes on, the
    other reports in flight are retried, and the report that kills its worker twice is an error row."""
    import indicators.batch as batch
    from indicators.sink import open_sink

    real = batch.read_document

    def deadly(path: str, doc_id: str | None = None) -> object:
        if "killer" in str(path):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, doc_id=doc_id)

    monkeypatch.setattr(batch, "read_document", deadly)  # the pool forks: its workers see it too
    for i in range(6):
        (tmp_path / f"r{i}.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "killer.txt").write_text(GOOD, encoding="utf-8")
    sink = open_sink(tmp_path / "out.parquet")
    summary = batch.run(batch.plan([tmp_path]), sink, workers=2, progress=False)
    sink.close()
    assert (summary.read, summary.failed) == (6, 1)
    errors = pd.read_parquet(tmp_path / "out.errors.parquet")
    assert errors["error"].tolist() == ["worker_died"] and errors["doc_id"].tolist() == ["killer"]
    assert sorted(pd.read_parquet(tmp_path / "out.documents.parquet")["doc_id"]) == [f"r{i}" for i in range(6)]


def test_file_names_that_are_not_utf8_or_hold_newlines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / os.fsdecode(b"bad\xff\xfe.txt")).write_text(GOOD, encoding="utf-8")
    (tmp_path / "two\nlines.txt").write_text("", encoding="utf-8")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "out.parquet")]) == 1
    docs = pd.read_parquet(tmp_path / "out.documents.parquet")
    assert docs["doc_id"].tolist() == ["bad\\xff\\xfe"]
    errors = pd.read_parquet(tmp_path / "out.errors.parquet")
    assert errors["doc_id"].tolist() == ["two\\nlines"]
    err = capsys.readouterr().err
    assert "two\\nlines.txt" in err and "two\nlines" not in err  # no forged lines on stderr


def test_killing_the_parent_alone_stops_its_workers(tmp_path: Path) -> None:
    """SIGKILL of the parent process only (not its group): the pool workers die with it,
    so nothing goes on committing parts behind a resume, which then gives the same dataset."""
    psutil = pytest.importorskip("psutil")
    corpus = _corpus(tmp_path / "in", 600)
    full = tmp_path / "full"
    subprocess.run(_cli(str(corpus), "-o", str(full), "--part-size", "20"), check=False, capture_output=True)
    out = tmp_path / "ds"
    proc = subprocess.Popen(
        _cli(str(corpus), "-o", str(out), "--part-size", "20", "--workers", "2"), stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 60
    children: list = []
    while time.time() < deadline and proc.poll() is None:
        children = psutil.Process(proc.pid).children(recursive=True)
        if len(list((out / "documents").glob("part-*.parquet"))) >= 2 and len(children) >= 2:
            break
        time.sleep(0.02)
    assert children, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"
    again = subprocess.run(_cli(str(corpus), "-o", str(out), "--resume", "--part-size", "20"), capture_output=True)
    assert again.returncode == 0, again.stderr
    pd.testing.assert_frame_equal(
        _sorted(pd.read_parquet(out / "indicators")), _sorted(pd.read_parquet(full / "indicators"))
    )
    assert pd.read_parquet(out / "documents")["doc_id"].is_unique
