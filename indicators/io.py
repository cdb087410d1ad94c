"""Reading one report's text, and writing a table atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from .readers import ReportError, read_document
from .schema import check_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ReportError", "read_report", "write_parquet"]


def read_report(path: str | os.PathLike[str]) -> str:
    """The text of a report file (.txt in any common encoding, .html, .docx, .pdf).

    Raises ReportError for a missing, empty, oversized, binary or corrupt file.
    """
    return read_document(path).text


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
