"""Peak memory and time of one report against its size, for the hostile inputs of a batch.

    python benchmarks/memory.py [--mb 1 4]

Each case runs in a fresh process (peak RSS is a process's high-water mark):
dense figures on one line (a figure every 6 characters, the worst case for
memory), Chinese numerals, a DOCX, 1.7 million nested <div>. It prints the
peak RSS, the bytes per input character above the interpreter's start, and
the CPU time; the budget in the README is 150 MB plus 200 bytes per character.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import resource, sys, time
from pathlib import Path
kind, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
from indicators import read_document
from indicators.table import document_table
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.process_time()
if kind in ("docx", "html"):
    doc = read_document(path)
    text = doc.text
else:
    units = {"dense": "投入41.3万元，新增3个，增长5%，", "numerals": "一二三四五六七八九十百千万亿，"}
    text = units[kind] * (size // len(units[kind]))
rows = document_table(text, "m").num_rows
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
chars = max(size, 1)
print(f"{kind:9} {chars:>12,} {rows:>9,} {time.process_time() - t0:>8.1f} {peak / 1024:>8.0f} {(peak - base) * 1024 / chars:>8.0f}")
"""


def _docx(path: Path, chars: int) -> None:
    import docx

    rng = random.Random(1)
    document = docx.Document()
    words = "全县共建成农家书屋间投入万元培训教师人次一二三四五六七八九"
    for _ in range(chars // 60):
        document.add_paragraph("".join(rng.choice(words) for _ in range(40)) + f"{rng.random():.12f}")
    document.save(str(path))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0, 4.0])
    a = ap.parse_args()
    print(f"{'input':9} {'characters':>12} {'rows':>9} {'cpu s':>8} {'peak MB':>8} {'B/char':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in a.mb:
            size = int(mb * 1_000_000)
            cases: list[tuple[str, str]] = [("dense", ""), ("numerals", "")]
            docx_path = Path(tmp) / f"big-{mb}.docx"
            _docx(docx_path, size)
            cases.append(("docx", str(docx_path)))
            html = Path(tmp) / f"deep-{mb}.html"
            depth = size // 11
            html.write_text("<div>" * depth + "共3个" + "</div>" * depth, encoding="utf-8")
            cases.append(("html", str(html)))
            for kind, path in cases:
                subprocess.run([sys.executable, "-c", CHILD, kind, str(size), path], check=True)


if __name__ == "__main__":
    main()
