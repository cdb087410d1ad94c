"""Reading reports and writing tables, with clear errors and atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schema import check_table

__all__ = ["MAX_BYTES", "ReportError", "iter_reports", "read_report", "write_parquet"]

# A single report larger than this is refused rather than read into memory.
MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = (".txt",)


class ReportError(Exception):
    """A report that cannot be read: the message says why, for the user."""


def read_report(path: str | os.PathLike[str]) -> str:
    """The text of a UTF-8 report (a byte-order mark is dropped).

    Raises ReportError for a missing, empty, oversized, binary or non-UTF-8 file.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReportError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    if not p.is_file():
        raise ReportError(f"{p}: not a file")
    if size == 0:
        raise ReportError(f"{p}: empty file")
    if size > MAX_BYTES:
        raise ReportError(f"{p}: {size} bytes is more than the {MAX_BYTES} bytes a report may have")
    data = p.read_bytes()
    if b"\x00" in data[:8192]:
        raise ReportError(f"{p}: binary file (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{p}: not valid UTF-8 (byte {exc.start}: {exc.reason})") from exc
    if not text.strip():
        raise ReportError(f"{p}: no text")
    return text


def iter_reports(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Report files named by ``paths``: files as given, folders searched for .txt.

    A path that does not exist is yielded as is, so that reading it reports the
    error; folders are walked in sorted order without following symlinked folders.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(p):
                dirs.sort()
                found.extend(Path(root) / f for f in files if f.lower().endswith(SUFFIXES))
            yield from sorted(found)
        else:
            yield p


def write_parquet(data: pd.DataFrame | pa.Table, path: str | os.PathLike[str]) -> None:
    """Write the indicator table to ``path`` atomically.

    The table is checked against the schema (no nulls in required columns),
    written to a temporary file beside ``path``, then renamed over it: a reader
    or an interrupted run never sees a half-written file.
    """
    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    table = check_table(table)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
