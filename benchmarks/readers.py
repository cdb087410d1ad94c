"""Reader speed beside extraction speed: pages and characters per second of each reader.

    python benchmarks/readers.py [FILE_OR_FOLDER ...] [--repeat N]

Without arguments it reads the shared whole reports (``../shared/data/reports/whole``)
and the bundled samples. For each file it prints the time to read it (the
reader's text) and the time to extract its figures from that text, fastest of
``--repeat`` runs, and for PDFs the same read with pypdf when it is installed,
the library the project used before (pypdfium2 replaced it: see the README).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from indicators import read_document
from indicators.readers import SUFFIXES
from indicators.table import document_table

ROOT = Path(__file__).resolve().parents[1]


def _best(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def _pypdf_seconds(path: Path, repeat: int) -> float | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return _best(lambda: [p.extract_text() for p in PdfReader(str(path)).pages], repeat)


def _pages(path: Path) -> int | None:
    if path.suffix.lower() != ".pdf":
        return None
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    roots = [Path(p) for p in a.paths] or [
        ROOT.parent / "shared" / "data" / "reports" / "whole",
        ROOT / "data" / "reports",
    ]
    files = sorted(f for r in roots for f in ([r] if r.is_file() else r.rglob("*")) if f.suffix.lower() in SUFFIXES)
    print(
        f"{'file':34} {'pages':>5} {'chars':>8} {'read s':>8} {'extract s':>9} {'read/extr':>9} {'pages/s':>8} {'chars/s':>10} {'pypdf s':>8}"
    )
    totals = {"read": 0.0, "extract": 0.0, "pdf_read": 0.0, "pdf_extract": 0.0, "pypdf": 0.0}
    for f in files:
        doc = read_document(f)
        read = _best(lambda f=f: read_document(f), a.repeat)
        extract = _best(lambda doc=doc: document_table(doc.text, doc.doc_id, doc.meta), a.repeat)
        pages = _pages(f)
        old = _pypdf_seconds(f, 1) if pages else None
        totals["read"] += read
        totals["extract"] += extract
        if pages:
            totals["pdf_read"] += read
            totals["pdf_extract"] += extract
            totals["pypdf"] += old or 0.0
        print(
            f"{f.name[:34]:34} {pages or '':>5} {doc.characters:>8,} {read:>8.3f} {extract:>9.3f} {read / extract:>9.2f} "
            f"{(pages / read if pages else 0):>8.0f} {doc.characters / read:>10,.0f} {(f'{old:.3f}' if old else ''):>8}"
        )
    print(f"all files: read {totals['read']:.2f} s, extract {totals['extract']:.2f} s")
    if totals["pdf_extract"]:
        print(
            f"PDFs: read {totals['pdf_read']:.2f} s, extract {totals['pdf_extract']:.2f} s "
            f"(read/extract {totals['pdf_read'] / totals['pdf_extract']:.2f}); pypdf would read them in {totals['pypdf']:.2f} s"
        )


if __name__ == "__main__":
    main()
