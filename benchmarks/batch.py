"""Batch throughput and memory: documents and MB per second, peak memory of the whole run.

    pip install -e '.[bench]'
    python benchmarks/batch.py [--sizes 2000 8000] [--configs w1 w2 dask]

Generates a corpus from the bundled samples (figures varied per report, and
one bad file in a hundred: empty, binary or truncated UTF-8), then runs the
command line on it as a child process for each configuration: ``--workers 1``,
``--workers 2`` and ``--engine dask --workers 2`` (a LocalCluster). Memory is
the summed resident size of the run's whole process tree, sampled every 20 ms
(the largest over the repeats); time is the fastest of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {
    "w1": ["--workers", "1"],
    "w2": ["--workers", "2"],
    "dask": ["--engine", "dask", "--workers", "2"],
}


def make_corpus(folder: Path, n: int, seed: int = 7) -> int:
    """``n`` reports (about one in a hundred bad); returns their total size in bytes."""
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "reports").glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        path = folder / f"{i // 1000:03d}" / f"report-{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        if i % 100 == 99:
            data = [b"", b"\x00\x01\x02\x03" * 64, "巡察组发现问题31个".encode()[:-1]][i // 100 % 3]
        else:
            text = samples[i % len(samples)]
            text = text.replace("18间", f"{rng.randint(1, 99)}间").replace("41.3万", f"{rng.randint(10, 999) / 10}万")
            text += f"\n附:本期共核查{rng.randint(1, 5000)}件,整改率{rng.randint(50, 100)}%。\n"
            data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak summed RSS (MB) of the process tree, and the exit status."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    return time.perf_counter() - start, peak / 2**20, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000])
    ap.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--repeat", type=int, default=3, help="runs per configuration; the fastest is reported")
    a = ap.parse_args()
    print(f"{'reports':>8} {'config':<6} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'peak MB':>8} {'exit':>4}")
    for n in a.sizes:
        work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
        try:
            size = make_corpus(work / "corpus", n)
            for name in a.configs:
                out = work / f"out-{name}"
                cmd = [sys.executable, "-m", "indicators", "extract", str(work / "corpus"), "-o", str(out)]
                seconds, peak, code = measure([*cmd, "--no-progress", *CONFIGS[name]])
                print(
                    f"{n:>8} {name:<6} {seconds:>8.1f} {n / seconds:>8.0f} {size / 2**20 / seconds:>6.2f} {peak:>8.0f} {code:>4}"
                )
                shutil.rmtree(out, ignore_errors=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
