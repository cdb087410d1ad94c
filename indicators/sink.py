"""Where finished documents go: one Parquet file, or a Parquet dataset folder.

Both write atomically: data goes to hidden temporary files that are renamed
into place once complete, so an interrupted run leaves either nothing new or
only complete files. Three tables are written: the indicator rows, the
documents (one row per report read) and the errors (one row per report that
failed). The documents table is written last and is the record of what is
done: ``--resume`` skips reports whose content hash it holds (and paths that
already failed), and drops rows that no documents row vouches for.
"""

from __future__ import annotations

import os
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .batch import Chunk

if TYPE_CHECKING:
    import pandas as pd
from .parts import TABLES, tmp_path
from .schema import DOCUMENTS_SCHEMA, ERRORS_SCHEMA, SCHEMA, check_table

__all__ = ["DatasetSink", "FileSink", "OutputExists", "open_sink"]

# Row-group size: large enough for fast scans, small enough to keep memory flat.
FLUSH_ROWS = 50_000
FLUSH_DOCS = 200


class OutputExists(Exception):
    """The output is there already and --resume was not given."""


class Sink(ABC):
    """Collects outcomes and writes them; ``done`` tells --resume what to skip."""

    dataset: str | None = None  # a folder the workers write parts to themselves

    def __init__(self, part_size: int = FLUSH_DOCS) -> None:
        self.part_size = part_size
        self.run_id = f"{int(time.time() * 1000):013d}"
        self.done_hashes: set[str] = set()
        self.done_paths: set[str] = set()
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._rows = 0
        self._docs = 0

    def __call__(self, chunk: Chunk) -> None:
        if chunk.table is None:
            return  # a worker wrote its part files itself
        self._buffers["indicators"].append(chunk.table)
        if chunk.documents:
            self._buffers["documents"].append(pa.Table.from_pylist(chunk.documents, schema=DOCUMENTS_SCHEMA))
        if chunk.errors:
            self._buffers["errors"].append(pa.Table.from_pylist(chunk.errors, schema=ERRORS_SCHEMA))
        self._rows += chunk.table.num_rows
        self._docs += len(chunk)
        if self._rows >= FLUSH_ROWS or self._docs >= self.part_size:
            self.flush()

    def _take(self, name: str) -> pa.Table:
        tables, self._buffers[name] = self._buffers[name], []
        if not tables:
            return TABLES[name].empty_table()
        # Each chunk is cast on its own: chunks carry dictionary-encoded text from the workers.
        return pa.concat_tables([check_table(t, TABLES[name]) for t in tables])

    @abstractmethod
    def flush(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def abort(self) -> None: ...


def _beside(out: Path) -> dict[str, Path]:
    """OUT.ext for the indicator table, with OUT.documents.ext and OUT.errors.ext beside it."""
    stem = out.name[: -len(out.suffix)]
    return {"indicators": out} | {name: out.with_name(f"{stem}.{name}{out.suffix}") for name in ("documents", "errors")}


def _clean_stale(folder: Path, stem: str) -> None:
    for stale in folder.glob(f".{stem}.*.tmp"):
        stale.unlink(missing_ok=True)


class FileSink(Sink):
    """OUT.parquet, with OUT.documents.parquet and OUT.errors.parquet beside it."""

    def __init__(self, out: Path, resume: bool, part_size: int = FLUSH_DOCS) -> None:
        super().__init__(part_size)
        self.paths = _beside(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(out.parent, out.stem)
        self._writers = {
            name: pq.ParquetWriter(tmp_path(p), TABLES[name], compression="zstd") for name, p in self.paths.items()
        }
        if resume:
            self._carry_over()

    def _carry_over(self) -> None:
        """Copy what an earlier run wrote, keeping only rows its documents table vouches for."""
        if not self.paths["documents"].exists():
            return
        documents = pq.read_table(self.paths["documents"])
        self.done_hashes = set(documents.column("sha256").to_pylist())
        self._writers["documents"].write_table(check_table(documents, DOCUMENTS_SCHEMA))
        done_ids = documents.column("doc_id")
        if self.paths["indicators"].exists():
            for batch in pq.ParquetFile(self.paths["indicators"]).iter_batches(batch_size=FLUSH_ROWS):
                rows = pa.Table.from_batches([batch])
                rows = rows.filter(pc.is_in(rows.column("doc_id"), value_set=done_ids))
                self._writers["indicators"].write_table(check_table(rows, SCHEMA))
        if self.paths["errors"].exists():
            errors = pq.read_table(self.paths["errors"])
            self.done_paths = set(errors.column("path").to_pylist())
            self._writers["errors"].write_table(check_table(errors, ERRORS_SCHEMA))

    def flush(self) -> None:
        for name, writer in self._writers.items():
            table = self._take(name)
            if table.num_rows:
                writer.write_table(table)
        self._rows = self._docs = 0

    def close(self) -> None:
        self.flush()
        for writer in self._writers.values():
            writer.close()
        # The documents table last: it is the record of what is done.
        for name in ("indicators", "errors", "documents"):
            os.replace(tmp_path(self.paths[name]), self.paths[name])

    def abort(self) -> None:
        for name, writer in self._writers.items():
            writer.close()
            tmp_path(self.paths[name]).unlink(missing_ok=True)


class DatasetSink(Sink):
    """OUT/ with indicators/, documents/ and errors/ folders of part files.

    The workers write the part files themselves (one of each per chunk of
    ``part_size`` reports), so rows never pass through the parent process.
    """

    def __init__(self, out: Path, resume: bool, part_size: int = FLUSH_DOCS) -> None:
        super().__init__(part_size)
        self.out = out
        self.dataset = str(out)
        self.folders = {name: out / name for name in TABLES}
        existing = out.exists() and any(out.iterdir())
        if existing and not resume:
            raise OutputExists(f"{out} exists; pass --resume to continue it, or remove it")
        for folder in self.folders.values():
            folder.mkdir(parents=True, exist_ok=True)
        if existing:
            self._recover()

    def _recover(self) -> None:
        """Drop what a killed run left half done; remember what is done."""
        for folder in self.folders.values():
            for stale in folder.glob(".*.tmp"):
                stale.unlink()
        committed = {p.stem for p in self.folders["documents"].glob("part-*.parquet")}
        for name in ("indicators", "errors"):
            for part in self.folders[name].glob("part-*.parquet"):
                if part.stem not in committed:
                    part.unlink()  # written before a kill, never vouched for
        for part in self.folders["documents"].glob("part-*.parquet"):
            self.done_hashes.update(pq.read_table(part, columns=["sha256"]).column("sha256").to_pylist())
        for part in self.folders["errors"].glob("part-*.parquet"):
            self.done_paths.update(pq.read_table(part, columns=["path"]).column("path").to_pylist())

    def flush(self) -> None:
        """Nothing to write: every chunk's parts were written by its worker."""

    def close(self) -> None:
        self.flush()

    def abort(self) -> None:
        self.flush()


class SpreadsheetSink(Sink):
    """OUT.csv (UTF-8 with a BOM, so that Excel reads Chinese; OUT.documents.csv and
    OUT.errors.csv beside it) or OUT.xlsx (sheets indicators, documents, errors).

    Spreadsheets are written whole at the end, so the rows are held in memory:
    for a large corpus, write Parquet.
    """

    EXCEL_ROWS = 1_048_575  # a sheet's rows, less the header

    def __init__(self, out: Path, resume: bool) -> None:
        super().__init__()
        if resume:
            raise OutputExists("--resume continues Parquet outputs; write .parquet or a folder to resume")
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)

    def flush(self) -> None:
        self._rows = self._docs = 0  # everything is written at close

    def close(self) -> None:
        tables = {name: self._take(name) for name in TABLES}
        if self.out.suffix.lower() == ".csv":
            for name, target in _beside(self.out).items():
                tmp = tmp_path(target)
                defused(tables[name].to_pandas()).to_csv(tmp, index=False, encoding="utf-8-sig")
                os.replace(tmp, target)
            return
        import pandas as pd

        too_big = [name for name, t in tables.items() if t.num_rows > self.EXCEL_ROWS]
        if too_big:
            raise ValueError(f"{', '.join(too_big)}: more rows than an Excel sheet holds; write .parquet or .csv")
        tmp = tmp_path(self.out)
        try:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xlsx:
                for name, table in tables.items():
                    frame = defused(table.to_pandas())
                    frame.to_excel(xlsx, sheet_name=name, index=False)
                    _dress(xlsx.sheets[name], frame)
            os.replace(tmp, self.out)
        finally:
            tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        for name in TABLES:
            self._buffers[name] = []


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @)
    get a leading apostrophe, as OWASP's CSV-injection rule says; numbers stay numbers.

    >>> import pandas as pd
    >>> defused(pd.DataFrame({"s": ["=HYPERLINK(1)", "共3个", "-3"]}))["s"].tolist()
    ["'=HYPERLINK(1)", '共3个', "'-3"]
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or str(column.dtype).startswith(("string", "str")):
            out[name] = column.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


def _dress(sheet: Any, frame: pd.DataFrame) -> None:
    """A sheet a person can read: header row frozen, filters on, columns as wide as their text."""
    sheet.freeze_panes = "A2"
    if frame.shape[1]:
        sheet.auto_filter.ref = sheet.dimensions
    from openpyxl.utils import get_column_letter

    for i, name in enumerate(frame.columns, start=1):
        sample = [str(name), *(str(v) for v in frame[name].head(200) if v is not None)]
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, max(len(v) for v in sample) * 1.2))


def open_sink(out: str | os.PathLike[str], resume: bool = False, part_size: int = FLUSH_DOCS) -> Sink:
    """A file sink for OUT ending in .parquet (or .csv, .xlsx), a dataset folder sink otherwise.

    ``part_size`` is the number of reports per row group (file) or part file
    (dataset): what an interrupted run can lose, at most, before --resume.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return FileSink(path, resume, part_size)
    if suffix in (".csv", ".xlsx"):
        return SpreadsheetSink(path, resume)
    if suffix and not path.is_dir() and not suffix[1:].isdigit():
        # out.json, out.parket: a mistyped file name, not a folder to fill with parts
        raise ValueError(f"{out}: unknown output format {path.suffix!r}; use .parquet, .csv, .xlsx or a folder name")
    return DatasetSink(path, resume, part_size)
