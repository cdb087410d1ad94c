"""The public API over many reports, in this process."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .batch import plan, process_chunk
from .readers import ReportError
from .schema import DOCUMENTS_SCHEMA, check_table, to_frame

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Batch", "extract", "extract_table"]

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


@dataclass
class Batch:
    """The result of extracting several reports: indicator rows, documents, failures."""

    table: pa.Table
    documents: pa.Table
    failures: list[dict[str, Any]] = field(default_factory=list)


def extract_table(paths: Paths) -> Batch:
    """Extract every report under ``paths``; bad files are listed, not raised."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    chunk = process_chunk(plan(paths))  # the batch engines' unit of work, here in one piece
    assert chunk.table is not None
    return Batch(
        check_table(chunk.table),
        pa.Table.from_pylist(chunk.documents, schema=DOCUMENTS_SCHEMA),
        chunk.errors,
    )


def extract(paths: Paths) -> pd.DataFrame:
    """The indicator table of the reports at ``paths`` (files, or folders searched for reports).

    Reads .txt (any common encoding), .html, .docx and .pdf. The doc_id of a
    report is its file name without the extension. A report that cannot be
    read raises ReportError; the command line, and :func:`extract_table`, skip
    bad files and list them instead.
    """
    batch = extract_table(paths)
    if batch.failures:
        raise ReportError("; ".join(f["message"] for f in batch.failures))
    return to_frame(batch.table)
