"""Where finished documents go: one Parquet file, a Parquet dataset folder, a spreadsheet, or stdout.

Every file is written atomically: data goes to hidden temporary files that
are renamed into place once complete, so an interrupted run leaves either
nothing new or only complete files. Three tables are written: the indicator
rows, the documents (one row per report read) and the errors (one row per
report that failed). The documents table is written last and is the record
of what is done.

One policy for every output: an existing OUT is refused unless ``overwrite``
(start afresh) or ``resume`` (continue it). A sink holds a lock on OUT while
it is open, so a second run on the same OUT is refused instead of mixing its
files with the first. On resume the sink tells the batch layer what is done
(``done``: path -> doc_id and content hash) and forgets, on request, the
documents that changed since (``forget``): their old rows are dropped.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import shutil
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .batch import Chunk
from .parts import TABLES, tmp_path, write_parts
from .schema import check_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DatasetSink", "FileSink", "OutputExists", "OutputLocked", "Sink", "open_sink", "output_metadata"]

# Row-group size: large enough for fast scans, small enough to keep memory flat.
FLUSH_ROWS = 50_000
FLUSH_DOCS = 200


class OutputExists(Exception):
    """The output is there already and neither --resume nor --overwrite was given."""


class OutputLocked(OutputExists):
    """Another run holds the output."""


def output_metadata(catalogues: Iterable[str] = ()) -> dict[str, str]:
    """Key-value metadata of every Parquet file written: the package version and a hash
    of the catalogues that coded the rows (the starter one, then the user's).

    >>> sorted(output_metadata())
    ['indicators.catalogue_sha256', 'indicators.version']
    """
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(resources.files("indicators").joinpath("data", "catalogue.csv").read_bytes())
    for path in catalogues:
        h.update(Path(path).read_bytes())
    try:
        v = version("indicators")
    except PackageNotFoundError:
        v = "unknown"
    return {"indicators.version": v, "indicators.catalogue_sha256": h.hexdigest()}


class Sink(ABC):
    """Collects outcomes and writes them; ``done`` tells a resumed run what to skip."""

    dataset: str | None = None  # a folder the workers write parts to themselves

    def __init__(self, part_size: int = FLUSH_DOCS, metadata: dict[str, str] | None = None) -> None:
        self.part_size = part_size
        self.run_id = f"{int(time.time() * 1000):013d}"
        self.metadata = metadata if metadata is not None else output_metadata()
        # path -> (doc_id, sha256) of every report the output already holds (read or failed)
        self.done: dict[str, tuple[str, str | None]] = {}
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._rows = 0
        self._docs = 0
        self._lock: IO[bytes] | None = None

    def _take_lock(self, lock: Path) -> None:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise OutputLocked(
                f"{lock.parent}: another run is writing this output; wait for it or choose another"
            ) from None
        self._lock = handle
        self._lock_path = lock

    def _release(self) -> None:
        if self._lock is not None:
            # the lock goes with the handle (and with the process, if it dies); the file goes too,
            # so that a finished output holds nothing but its tables
            self._lock_path.unlink(missing_ok=True)
            self._lock.close()
            self._lock = None

    def schema(self, name: str) -> pa.Schema:
        return TABLES[name].with_metadata({**(TABLES[name].metadata or {}), **self.metadata})

    def __call__(self, chunk: Chunk) -> None:
        if chunk.table is None:
            return  # a worker wrote its part files itself
        self._buffers["indicators"].append(chunk.table)
        if chunk.documents:
            self._buffers["documents"].append(pa.Table.from_pylist(chunk.documents, schema=TABLES["documents"]))
        if chunk.errors:
            self._buffers["errors"].append(pa.Table.from_pylist(chunk.errors, schema=TABLES["errors"]))
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

    def _remember(self, documents: pa.Table, errors: pa.Table) -> None:
        for doc_id, path, sha in zip(
            *(documents.column(c).to_pylist() for c in ("doc_id", "path", "sha256")), strict=True
        ):
            self.done[path] = (doc_id, sha)
        for doc_id, path, sha in zip(
            *(errors.column(c).to_pylist() for c in ("doc_id", "path", "sha256")), strict=True
        ):
            self.done.setdefault(path, (doc_id, sha))

    def forget(self, doc_ids: set[str], paths: set[str]) -> None:
        """Drop the rows of these documents (reports that changed since they were written)."""
        if doc_ids or paths:  # only an output that can be resumed holds earlier documents
            raise NotImplementedError(f"{type(self).__name__} cannot forget documents")

    def begin(self) -> None:  # noqa: B027 - most sinks need nothing before the first chunk
        """Called once before the first chunk."""

    @abstractmethod
    def flush(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def abort(self) -> None: ...


def _beside(out: Path) -> dict[str, Path]:
    """OUT.parquet and the OUT.documents.parquet and OUT.errors.parquet beside it."""
    stem = out.name[: -len(out.suffix)]
    return {"indicators": out} | {name: out.with_name(f"{stem}.{name}{out.suffix}") for name in ("documents", "errors")}


def _clean_stale(folder: Path, stem: str) -> None:
    for stale in folder.glob(f".{stem}.*.tmp"):
        stale.unlink(missing_ok=True)


def _check_fresh(paths: Iterable[Path], resume: bool, overwrite: bool) -> bool:
    """Whether an earlier output is there to continue; refuse one that is neither resumed nor overwritten."""
    existing = [p for p in paths if p.exists()]
    if existing and not (resume or overwrite):
        raise OutputExists(f"{existing[0]} exists; pass --resume to continue it or --overwrite to replace it")
    return bool(existing) and resume


def _not_in(table: pa.Table, column: str, values: set[str]) -> pa.Table:
    if not values or not table.num_rows:
        return table
    return table.filter(pc.invert(pc.is_in(table.column(column), value_set=pa.array(sorted(values), pa.string()))))


class FileSink(Sink):
    """OUT.parquet, with OUT.documents.parquet and OUT.errors.parquet beside it."""

    def __init__(
        self,
        out: Path,
        resume: bool,
        part_size: int = FLUSH_DOCS,
        overwrite: bool = False,
        metadata: dict[str, str] | None = None,
    ) -> None:
        super().__init__(part_size, metadata)
        self.paths = _beside(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        self._take_lock(out.with_name(f".{out.name}.lock"))
        try:
            self._resuming = _check_fresh(self.paths.values(), resume, overwrite)
            _clean_stale(out.parent, out.stem)
            if self._resuming and self.paths["documents"].exists():
                self._remember(
                    pq.read_table(self.paths["documents"], columns=["doc_id", "path", "sha256"]),
                    pq.read_table(self.paths["errors"])
                    if self.paths["errors"].exists()
                    else TABLES["errors"].empty_table(),
                )
            self._forget_ids: set[str] = set()
            self._forget_paths: set[str] = set()
            self._writers: dict[str, pq.ParquetWriter] | None = None
        except BaseException:
            self._release()
            raise

    def forget(self, doc_ids: set[str], paths: set[str]) -> None:
        self._forget_ids |= doc_ids
        self._forget_paths |= paths

    def begin(self) -> None:
        if self._writers is not None:
            return
        self._writers = {
            name: pq.ParquetWriter(tmp_path(p), self.schema(name), compression="zstd") for name, p in self.paths.items()
        }
        if self._resuming:
            self._carry_over()

    def _carry_over(self) -> None:
        """Copy what an earlier run wrote, keeping only rows its documents table vouches for,
        less the documents to forget."""
        assert self._writers is not None
        if not self.paths["documents"].exists():
            return
        documents = _not_in(pq.read_table(self.paths["documents"]), "doc_id", self._forget_ids)
        self._writers["documents"].write_table(check_table(documents, self.schema("documents")))
        done_ids = documents.column("doc_id")
        if self.paths["indicators"].exists():
            for batch in pq.ParquetFile(self.paths["indicators"]).iter_batches(batch_size=FLUSH_ROWS):
                rows = pa.Table.from_batches([batch])
                rows = rows.filter(pc.is_in(rows.column("doc_id"), value_set=done_ids))
                self._writers["indicators"].write_table(check_table(rows, self.schema("indicators")))
        if self.paths["errors"].exists():
            errors = _not_in(pq.read_table(self.paths["errors"]), "path", self._forget_paths)
            self._writers["errors"].write_table(check_table(errors, self.schema("errors")))

    def flush(self) -> None:
        self.begin()
        assert self._writers is not None
        for name, writer in self._writers.items():
            table = self._take(name)
            if table.num_rows:
                writer.write_table(check_table(table, self.schema(name)))
        self._rows = self._docs = 0

    def close(self) -> None:
        try:
            self.flush()
            assert self._writers is not None
            for writer in self._writers.values():
                writer.close()
            # The documents table last: it is the record of what is done.
            for name in ("indicators", "errors", "documents"):
                os.replace(tmp_path(self.paths[name]), self.paths[name])
        finally:
            self._release()

    def abort(self) -> None:
        for name, writer in (self._writers or {}).items():
            writer.close()
            tmp_path(self.paths[name]).unlink(missing_ok=True)
        self._release()


class DatasetSink(Sink):
    """OUT/ with indicators/, documents/ and errors/ folders of part files.

    The workers write the part files themselves (one of each per chunk of
    ``part_size`` reports), so rows never pass through the parent process.
    """

    def __init__(
        self,
        out: Path,
        resume: bool,
        part_size: int = FLUSH_DOCS,
        overwrite: bool = False,
        metadata: dict[str, str] | None = None,
    ) -> None:
        super().__init__(part_size, metadata)
        self.out = out
        self.dataset = str(out)
        self.folders = {name: out / name for name in TABLES}
        out.mkdir(parents=True, exist_ok=True)
        self._take_lock(out / ".lock")
        try:
            existing = any(p.name != ".lock" for p in out.iterdir())
            if existing and not (resume or overwrite):
                raise OutputExists(f"{out} exists; pass --resume to continue it or --overwrite to replace it")
            if existing and overwrite and not resume:
                for folder in self.folders.values():
                    shutil.rmtree(folder, ignore_errors=True)
            for folder in self.folders.values():
                folder.mkdir(parents=True, exist_ok=True)
            if existing and resume:
                self._recover()
        except BaseException:
            self._release()
            raise

    def _parts(self, name: str) -> list[Path]:
        return sorted(self.folders[name].glob("part-*.parquet"))

    def _recover(self) -> None:
        """Drop what a killed run left half done; remember what is done."""
        for folder in self.folders.values():
            for stale in folder.glob(".*.tmp"):
                stale.unlink()
        committed = {p.stem for p in self._parts("documents")}
        for name in ("indicators", "errors"):
            for part in self._parts(name):
                if part.stem not in committed:
                    part.unlink()  # written before a kill, never vouched for
        pending = self.out / ".forgetting"
        if pending.exists():  # a run killed while it dropped changed reports: finish the job
            ids, _, paths = pending.read_text(encoding="utf-8").partition("\n\n")
            self._drop(set(filter(None, ids.split("\n"))), set(filter(None, paths.split("\n"))))
        docs = [pq.read_table(p, columns=["doc_id", "path", "sha256"]) for p in self._parts("documents")]
        errs = [pq.read_table(p, columns=["doc_id", "path", "sha256"]) for p in self._parts("errors")]
        self._remember(
            pa.concat_tables(docs) if docs else TABLES["documents"].empty_table().select(["doc_id", "path", "sha256"]),
            pa.concat_tables(errs) if errs else TABLES["errors"].empty_table().select(["doc_id", "path", "sha256"]),
        )

    def forget(self, doc_ids: set[str], paths: set[str]) -> None:
        if not doc_ids and not paths:
            return
        # Written down first, so that a run killed halfway finishes on the next resume.
        pending = self.out / ".forgetting"
        tmp = tmp_path(pending)
        tmp.write_text("\n".join(sorted(doc_ids)) + "\n\n" + "\n".join(sorted(paths)), encoding="utf-8")
        os.replace(tmp, pending)
        self._drop(doc_ids, paths)
        for path in paths:
            self.done.pop(path, None)

    def _drop(self, doc_ids: set[str], paths: set[str]) -> None:
        """Rewrite the parts that hold these documents without them: documents first (the
        record), then their rows and error rows."""
        for name, column, values in (
            ("documents", "doc_id", doc_ids),
            ("indicators", "doc_id", doc_ids),
            ("errors", "path", paths),
        ):
            for part in self._parts(name):
                table = pq.read_table(part)
                kept = _not_in(table, column, values)
                if kept.num_rows != table.num_rows:
                    tmp = tmp_path(part)
                    pq.write_table(check_table(kept, self.schema(name)), tmp, compression="zstd")
                    os.replace(tmp, part)
        (self.out / ".forgetting").unlink(missing_ok=True)

    def flush(self) -> None:
        """Nothing to write: every chunk's parts were written by its worker."""

    def close(self) -> None:
        # Every folder holds at least one part, so that DuckDB and Polars read an empty table.
        for name in TABLES:
            if not self._parts(name):
                write_parts(self.out, f"part-{self.run_id}-empty", {}, self.metadata, only=name)
        self._release()

    def abort(self) -> None:
        self._release()


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
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if frame.shape[1]:
        sheet.auto_filter.ref = sheet.dimensions
    for i, name in enumerate(frame.columns, start=1):
        sample = [str(name), *(str(v) for v in frame[name].head(200) if v is not None)]
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, max(len(v) for v in sample) * 1.2))


class SpreadsheetSink(Sink):
    """OUT.csv (UTF-8 with a BOM, so that Excel reads Chinese; OUT.documents.csv and
    OUT.errors.csv beside it), OUT.xlsx (sheets indicators, documents, errors), or
    ``-``: the indicator rows as CSV on standard output (errors go to stderr).

    Spreadsheets are written whole at the end, so the rows are held in memory:
    for a large corpus, write Parquet.
    """

    EXCEL_ROWS = 1_048_575  # a sheet's rows, less the header

    def __init__(self, out: Path | None, resume: bool, overwrite: bool = False) -> None:
        super().__init__(metadata={})
        if resume:
            raise OutputExists("--resume continues Parquet outputs; write .parquet or a folder to resume")
        self.out = out
        if out is None:
            return
        if out.suffix.lower() == ".xlsx":
            try:
                import openpyxl  # noqa: F401
            except ImportError:
                raise ValueError("writing .xlsx needs the 'excel' extra: pip install 'indicators[excel]'") from None
        out.parent.mkdir(parents=True, exist_ok=True)
        self._take_lock(out.with_name(f".{out.name}.lock"))
        try:
            _check_fresh(_beside(out).values() if out.suffix.lower() == ".csv" else [out], False, overwrite)
        except BaseException:
            self._release()
            raise

    def flush(self) -> None:
        self._rows = self._docs = 0  # everything is written at close

    def close(self) -> None:
        try:
            self._write({name: self._take(name) for name in TABLES})
        finally:
            self._release()

    def _write(self, tables: dict[str, pa.Table]) -> None:
        if self.out is None:
            text = io.StringIO()
            defused(tables["indicators"].to_pandas()).to_csv(text, index=False)
            sys.stdout.write(text.getvalue())
            sys.stdout.flush()
            return
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
        self._release()


def open_sink(
    out: str | os.PathLike[str],
    resume: bool = False,
    part_size: int = FLUSH_DOCS,
    *,
    overwrite: bool = False,
    metadata: dict[str, str] | None = None,
) -> Sink:
    """A sink for OUT: ``.parquet`` (any case) is one file, ``.csv`` and ``.xlsx``
    spreadsheets, ``-`` CSV on standard output, a name without a suffix a dataset folder.

    An existing OUT is refused unless ``resume`` (continue it) or ``overwrite``;
    an unknown suffix (``out.json``) is refused. ``part_size`` is the number of
    reports per row group (file) or part file (dataset): what an interrupted run
    can lose, at most, before a resume.
    """
    if str(out) == "-":
        return SpreadsheetSink(None, resume)
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        if path.is_dir():
            raise ValueError(f"{out} is a folder; name a file, or a folder without the .parquet suffix")
        return FileSink(path, resume, part_size, overwrite, metadata)
    if suffix in (".csv", ".xlsx"):
        if path.is_dir():
            raise ValueError(f"{out} is a folder; name a file")
        return SpreadsheetSink(path, resume, overwrite)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{out} is a file; a dataset output is a folder")
    if suffix and not path.is_dir() and not suffix[1:].isdigit():
        # out.json, out.parket: a mistyped file name, not a folder to fill with parts
        raise ValueError(f"{out}: unknown output format {path.suffix!r}; use .parquet, .csv, .xlsx or a folder name")
    return DatasetSink(path, resume, part_size, overwrite, metadata)
