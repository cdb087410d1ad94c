"""Part files of a dataset folder, written atomically by whichever process holds the rows."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import DOCUMENTS_SCHEMA, ERRORS_SCHEMA, SCHEMA, check_table

__all__ = ["TABLES", "tmp_path", "write_parts"]

TABLES = {"indicators": SCHEMA, "documents": DOCUMENTS_SCHEMA, "errors": ERRORS_SCHEMA}


def tmp_path(path: Path) -> Path:
    """A hidden temporary name beside ``path`` (readers of a folder skip hidden files)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_parts(
    dataset: Path,
    stem: str,
    tables: dict[str, pa.Table],
    metadata: dict[str, str] | None = None,
    only: str | None = None,
) -> None:
    """Write one part of each table; the documents part last, as the record that the rest is complete.

    ``metadata`` goes into each file's schema; ``only`` writes that one table, even empty.
    """
    for name in ("indicators", "errors", "documents") if only is None else (only,):
        schema = TABLES[name].with_metadata({**(TABLES[name].metadata or {}), **(metadata or {})})
        table = check_table(tables.get(name, TABLES[name].empty_table()), schema)
        if table.num_rows or name == "documents" or only:
            final = dataset / name / f"{stem}.parquet"
            tmp = tmp_path(final)
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, final)
