"""Command line: ``indicators extract PATH... -o OUT.parquet``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .api import extract_table
from .io import write_parquet

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="indicators", description="Figures of Chinese reports as one tidy table.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract every figure of the reports into a Parquet file")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="a report (.txt, UTF-8) or a folder searched for them")
    ex.add_argument("-o", "--output", required=True, metavar="OUT.parquet", help="the Parquet file to write")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns 0 if all reports were read, 1 if some failed, 2 on usage errors."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.output.endswith(".parquet"):
        parser.print_usage(sys.stderr)
        print("indicators: error: the output must end in .parquet", file=sys.stderr)
        return 2
    batch = extract_table(args.paths)
    for failure in batch.failures:
        print(f"indicators: skipped {failure.message}", file=sys.stderr)
    if batch.documents == 0 and batch.failures:
        print("indicators: no report could be read; nothing written", file=sys.stderr)
        return 1
    write_parquet(batch.table, args.output)
    indicators = sum(batch.table.column("is_indicator").to_pylist())
    print(
        f"{batch.documents} reports, {batch.table.num_rows} figures ({indicators} indicators), "
        f"{len(batch.failures)} failed -> {args.output}",
        file=sys.stderr,
    )
    return 1 if batch.failures else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
