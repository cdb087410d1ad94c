"""Command line: ``indicators extract PATH... -o OUT [--workers N] [--engine dask] [--resume]``."""

from __future__ import annotations

import argparse
import csv
import glob
import logging
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .batch import EngineError, Walk, plan, run, shown
from .catalogue import Catalogue
from .readers import ReportError
from .review import write_review
from .sink import OutputExists, open_sink, output_metadata

__all__ = ["main"]

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="indicators", description="Figures of Chinese reports as one tidy table.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the traceback of an internal error")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract every figure of the reports into Parquet",
        description="OUT ending in .parquet is one file (with OUT.documents.parquet and OUT.errors.parquet "
        "beside it); .csv is UTF-8 with a BOM (and OUT.documents.csv, OUT.errors.csv); .xlsx has one sheet per "
        "table; any other OUT is a dataset folder with indicators/, documents/ and errors/ parts.",
    )
    ex.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a report (.txt, .html, .docx, .pdf), a folder of them, a quoted glob, or - for a list on stdin",
    )
    ex.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.parquet, OUT.csv, OUT.xlsx, a folder, or - for CSV on stdout",
    )
    ex.add_argument("--workers", type=int, default=1, metavar="N", help="processes to extract with (default 1)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local", help="local processes, or a Dask cluster")
    ex.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); default a LocalCluster")
    ex.add_argument(
        "--resume", action="store_true", help="continue OUT: skip reports it holds, redo the ones that changed"
    )
    ex.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    ex.add_argument(
        "--follow-symlinks", action="store_true", help="read symlinked files that lead out of their input folder"
    )
    ex.add_argument(
        "--part-size", type=int, default=100, metavar="N", help="reports per part file of a dataset (default 100)"
    )
    ex.add_argument(
        "--catalogue",
        action="append",
        default=[],
        metavar="FILE",
        help="your catalogue CSV, tried before the starter one",
    )
    bar = ex.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show it")
    rev = sub.add_parser("review", help="a self-contained HTML page to check one report's extraction")
    rev.add_argument("report", metavar="REPORT", help="a report (.txt, .html, .docx, .pdf)")
    rev.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the page to write")
    cat = sub.add_parser("catalogue", help="work with the indicator catalogue")
    cat_sub = cat.add_subparsers(dest="action", required=True)
    sug = cat_sub.add_parser("suggest", help="the most frequent subjects that no catalogue entry codes")
    sug.add_argument("output", metavar="OUT", help="an extract output: OUT.parquet or a dataset folder")
    sug.add_argument("--top", type=int, default=30, metavar="N", help="how many subjects to list (default 30)")
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from .engine import engine

    try:
        number = version("indicators")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "unknown"
    return f"{number} (engine: {engine()})"


def _suggest(output: str, top: int) -> int:
    """Print the most frequent uncatalogued (kind, subject) pairs, as rows to start a catalogue from."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = Path(output)
    source = path / "indicators" if path.is_dir() else path
    try:
        table = pq.read_table(source, columns=["is_indicator", "kind", "subject", "unit", "indicator_code"])
    except (OSError, ValueError) as exc:
        print(f"indicators: error: cannot read {output}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    mask = pc.and_(
        pc.and_(table.column("is_indicator"), pc.is_null(table.column("indicator_code"))),
        pc.is_valid(table.column("subject")),
    )
    rows = table.filter(mask).group_by(["kind", "subject", "unit"], use_threads=False).aggregate([("subject", "count")])
    counts: dict[tuple[str, str], int] = {}
    units: dict[tuple[str, str], tuple[int, str]] = {}  # the unit most of a subject's figures are in
    for n, kind, subject, unit in zip(
        *(rows.column(c).to_pylist() for c in ("subject_count", "kind", "subject", "unit")), strict=True
    ):
        counts[kind, subject] = counts.get((kind, subject), 0) + n
        units[kind, subject] = max(units.get((kind, subject), (0, "")), (n, unit or ""))
    ranked = sorted(((n, kind, subject) for (kind, subject), n in counts.items()), reverse=True)
    # Rows in the catalogue's own format, ready to edit (a code and a name to choose, a pattern
    # to widen) and to pass back with --catalogue; the count of figures stands in a comment.
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["code", "name", "kind", "pattern", "fallback", "example", "unit"])
    for k, (n, kind, subject) in enumerate(ranked[:top], start=1):
        print(f"# {n} figures")
        writer.writerow([f"USER.SUBJECT_{k}", subject, kind, re.escape(subject), "", subject, units[kind, subject][1]])
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: 0 if every report was read, 1 if some failed, 2 on usage
    errors, 3 on an internal error (the traceback behind -v), 130 when interrupted."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _main(args)
    except EngineError as exc:
        print(f"indicators: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("indicators: interrupted; nothing half-written was left at the output", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a folder that went away: not a report's fault
        print(f"indicators: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        if args.verbose:
            traceback.print_exc()
        return EXIT_INTERNAL
    except Exception as exc:  # a bug: one line, the traceback behind -v
        print(
            f"indicators: error: internal: {type(exc).__name__}: {exc} (run with -v for the traceback)", file=sys.stderr
        )
        if args.verbose:
            traceback.print_exc()
        return EXIT_INTERNAL


def _main(args: argparse.Namespace) -> int:
    if args.command == "catalogue":
        return _suggest(args.output, args.top)
    if args.command == "review":
        try:
            n = write_review(args.report, args.output)
        except ReportError as exc:
            print(f"indicators: error: {exc}", file=sys.stderr)
            return EXIT_FAILURES
        print(f"{n} indicators highlighted -> {args.output}", file=sys.stderr)
        return EXIT_OK
    if args.workers < 1 or args.part_size < 1:
        print("indicators: error: --workers and --part-size must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler and args.engine != "dask":
        print("indicators: error: --scheduler goes with --engine dask", file=sys.stderr)
        return EXIT_USAGE
    try:
        for path in args.catalogue:
            Catalogue.load(path)
    except (OSError, ValueError) as exc:
        print(f"indicators: error: catalogue: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            print(
                "indicators: error: --engine dask needs the 'dask' extra: pip install 'indicators[dask]'",
                file=sys.stderr,
            )
            return EXIT_USAGE
    # Libraries log at INFO (Dask's cluster start-up); a batch run says only what matters.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    paths = list(args.paths)
    if "-" in paths:  # a list of paths on standard input, one a line
        paths = [p for p in paths if p != "-"] + [line.rstrip("\n") for line in sys.stdin if line.strip()]
    missing = [p for p in paths if not os.path.exists(p) and not glob.glob(p)]
    if missing and len(missing) == len(paths):  # a mistyped path: say so, and write nothing
        print(f"indicators: error: no such file or folder: {', '.join(map(shown, missing))}", file=sys.stderr)
        return EXIT_USAGE
    walk = Walk()
    tasks = plan(paths, walk, follow_symlinks=args.follow_symlinks)
    if not tasks:
        print("indicators: error: no reports found at " + ", ".join(map(shown, paths)), file=sys.stderr)
        return EXIT_USAGE
    try:
        sink = open_sink(
            args.output,
            resume=args.resume,
            part_size=args.part_size,
            overwrite=args.overwrite,
            metadata=output_metadata(args.catalogue),
        )
    except (OutputExists, ValueError) as exc:
        print(f"indicators: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a read-only folder, a file where a folder should be: before any work
        print(f"indicators: error: cannot write {shown(args.output)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = run(
            tasks,
            sink,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            progress=args.progress,
            catalogue=args.catalogue,
        )
        sink.close()
    except BaseException:
        sink.abort()
        raise
    for failure in summary.failures:
        print(f"indicators: failed {failure['message']}", file=sys.stderr)
    if args.quiet:
        return EXIT_FAILURES if summary.failed else EXIT_OK
    passed = f"; passed over {walk.summary()}" if walk.skipped else ""
    print(
        f"{summary.read} reports read, {summary.failed} failed, {summary.skipped} already in the output{passed}; "
        f"{summary.figures} figures ({summary.indicators} indicators) -> {args.output}",
        file=sys.stderr,
    )
    return EXIT_FAILURES if summary.failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
