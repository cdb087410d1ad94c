"""Soak the batch contract: many reports, faults injected, the result compared with a clean run.

    python benchmarks/soak.py [--reports 10000] [--kills 4] [--workers 2] [--seed 0]

It writes a corpus made from the bundled samples (every report with figures of
its own), with bad files (binary, empty, truncated UTF-8) and identical copies
under other paths. Then it runs ``indicators extract`` into a dataset folder,
kills it (SIGKILL of the parent alone, or of its whole process group) at
random moments, edits some reports and adds copies between runs, and resumes
until a run finishes. Finally it runs once, cleanly, over the final corpus and
checks that the two outputs hold every report once and the same rows (a
content hash of the sorted table), and prints the peak memory of the faulted
runs (the summed resident size of each run's process tree).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "indicators.cli"]


def _corpus(folder: Path, n: int, rng: random.Random) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "reports").glob("*.txt"))]
    paths = []
    for i in range(n):
        sub = folder / f"d{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"r{i:05d}.txt"
        roll = rng.random()
        if roll < 0.004:
            path.write_bytes(os.urandom(200) + b"\x00" * 10)  # binary
        elif roll < 0.007:
            path.write_bytes(b"")  # empty
        elif roll < 0.01:
            path.write_bytes("共建成农家书屋18间".encode()[:-1])  # truncated UTF-8
        else:
            text = texts[i % len(texts)].replace("18间", f"{i + 1}间")
            path.write_text(text + f"\n第{i}号补充:新增岗位{i * 7}个。\n", encoding="utf-8")
        paths.append(path)
    return paths


def _good(path: Path) -> bool:
    try:
        return path.stat().st_size > 100 and b"\x00" not in path.read_bytes() and bool(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return False


def _run(args: list[str], kill_after: float | None, group: bool) -> tuple[int | None, float]:
    """Run the command line; kill it after ``kill_after`` seconds. Returns (exit status, peak MB)."""
    proc = subprocess.Popen(CLI + args, stderr=subprocess.DEVNULL, start_new_session=True)
    peak = 0.0
    t0 = time.time()
    while proc.poll() is None:
        try:
            tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
        except psutil.Error:
            pass
        if kill_after is not None and time.time() - t0 > kill_after:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            return None, peak
        time.sleep(0.05)
    return proc.returncode, peak


def _digest(out: Path) -> tuple[str, int, int]:
    rows = pd.read_parquet(out / "indicators").sort_values(["doc_id", "start", "end"]).reset_index(drop=True)
    docs = pd.read_parquet(out / "documents")
    errors = pd.read_parquet(out / "errors")
    h = hashlib.sha256(pd.util.hash_pandas_object(rows.astype(str), index=False).values.tobytes()).hexdigest()
    assert docs["path"].is_unique and docs["doc_id"].is_unique, "a report twice in the documents table"
    assert errors["path"].is_unique and not set(errors["path"]) & set(docs["path"]), "a report both read and failed"
    return h, len(docs), len(errors)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--kills", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    try:
        corpus = work / "in"
        paths = _corpus(corpus, a.reports, rng)
        out = work / "out"
        common = ["--part-size", "50", "--workers", str(a.workers), "--no-progress"]
        peak = 0.0
        t0 = time.time()
        status, mb = _run(["extract", str(corpus), "-o", str(out), *common], rng.uniform(2, 6), group=False)
        peak = max(peak, mb)
        edits = copies = 0
        for k in range(a.kills):
            for p in rng.sample(paths, max(1, len(paths) // 200)):  # edits between runs
                if _good(p):
                    p.write_text(p.read_text(encoding="utf-8") + f"另新增{k + 2}个项目。\n", encoding="utf-8")
                    edits += 1
            for p in rng.sample(paths, max(1, len(paths) // 500)):  # identical copies elsewhere
                dup = corpus / "copies" / f"k{k}-{p.name}"
                dup.parent.mkdir(exist_ok=True)
                shutil.copyfile(p, dup)
                copies += 1
            status, mb = _run(
                ["extract", str(corpus), "-o", str(out), "--resume", *common],
                rng.uniform(1, 5) if k < a.kills - 1 else None,
                group=bool(k % 2),
            )
            peak = max(peak, mb)
        while status is None or status not in (0, 1):
            status, mb = _run(["extract", str(corpus), "-o", str(out), "--resume", *common], None, False)
            peak = max(peak, mb)
        faulted = time.time() - t0
        clean = work / "clean"
        _run(["extract", str(corpus), "-o", str(clean), *common], None, False)
        got, want = _digest(out), _digest(clean)
        files = sum(1 for _ in corpus.rglob("*.txt"))
        print(
            f"{files:,} reports ({a.reports:,} written, {copies} identical copies added, {edits} edited between runs), "
            f"{a.kills} kills (parent alone and whole group) and resumes in {faulted:.0f} s"
        )
        print(f"faulted: {got[1]:,} documents, {got[2]} errors, rows {got[0][:16]}")
        print(f"clean:   {want[1]:,} documents, {want[2]} errors, rows {want[0][:16]}")
        print(f"every report once: {got[1] + got[2] == files}; same rows as a clean run: {got == want}")
        print(f"peak memory of a faulted run's process tree: {peak:.0f} MB")
        sys.exit(0 if got == want and got[1] + got[2] == files else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
