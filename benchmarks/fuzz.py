"""Fuzz extract_text with report-like texts: exceptions and out-of-range values counted.

python benchmarks/fuzz.py [--texts 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators.table import document_table
from tests.support.fuzz import report_like


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    errors = big = rows = 0
    t0 = time.perf_counter()
    for i in range(a.texts):
        text = report_like(rng)
        try:
            table = document_table(text, f"f{i}")
        except Exception:  # the count is the point: any exception is a failure
            errors += 1
            if errors <= 3:
                print(repr(text[:200]), file=sys.stderr)
                traceback.print_exc()
            continue
        rows += table.num_rows
        for column in ("value", "value_max", "value_base"):
            for v in table.column(column).to_pylist():
                if v is not None and (not math.isfinite(v) or abs(v) >= 1e30):
                    big += 1
    dt = time.perf_counter() - t0
    print(f"{a.texts:,} texts, {rows:,} rows in {dt:.0f} s: {errors} exceptions, {big} values >= 1e30 or not finite")
    sys.exit(1 if errors or big else 0)


if __name__ == "__main__":
    main()
