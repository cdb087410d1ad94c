"""The public API over many reports."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .io import ReportError, iter_reports, read_report
from .schema import empty_table, to_frame
from .table import document_table

__all__ = ["Failure", "extract", "extract_table"]


@dataclass(frozen=True)
class Failure:
    """A report that could not be read, and why."""

    path: str
    message: str


@dataclass
class Batch:
    """The result of a run: the table and the reports that failed."""

    table: pa.Table
    failures: list[Failure] = field(default_factory=list)
    documents: int = 0


def extract_table(paths: Iterable[str | os.PathLike[str]]) -> Batch:
    """Extract every report under ``paths``; bad files are listed, not raised."""
    tables = []
    batch = Batch(empty_table())
    for path in iter_reports(paths):
        try:
            text = read_report(path)
        except ReportError as exc:
            batch.failures.append(Failure(str(path), str(exc)))
            continue
        tables.append(document_table(text, doc_id=Path(path).stem))
        batch.documents += 1
    if tables:
        batch.table = pa.concat_tables(tables)
    return batch


def extract(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> pd.DataFrame:
    """The indicator table of the reports at ``paths`` (files or folders of .txt).

    The doc_id of each report is its file name without the extension. A report
    that cannot be read raises ReportError; use the command line, or
    :func:`extract_table`, to skip bad files and list them instead.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    batch = extract_table(paths)
    if batch.failures:
        raise ReportError("; ".join(f.message for f in batch.failures))
    return to_frame(batch.table)
