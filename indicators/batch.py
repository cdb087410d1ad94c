"""Many reports: one pure function per document, mapped by an engine.

``process_paths`` is the per-document function (read, extract, describe; a
failure becomes an error row, never an exception). Engines map it over the
corpus: in this process, a process pool on one machine, or a Dask cluster.
Finished documents stream to a sink (``sink.py``) as they complete, so memory
does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from .readers import SUFFIXES, ReportError, read_document
from .table import document_table

__all__ = ["Outcome", "Task", "iter_report_paths", "plan", "process_paths", "run"]

# Documents per task sent to a worker: enough to hide the cost of a round trip.
CHUNK = 8


@dataclass(frozen=True)
class Task:
    """One report to read: its path and the doc_id it gets."""

    path: str
    doc_id: str


@dataclass
class Outcome:
    """What became of one report: its rows and its documents row, or an error row."""

    doc_id: str
    path: str
    table: pa.Table | None = None
    document: dict[str, Any] | None = None
    error: dict[str, str] | None = None


def process(task: Task) -> Outcome:
    """Read and extract one report; any failure becomes an error row."""
    try:
        doc = read_document(task.path, doc_id=task.doc_id)
        table = document_table(doc.text, doc.doc_id)
    except ReportError as exc:
        return Outcome(task.doc_id, task.path, error=_error(task, exc.kind, str(exc)))
    except (MemoryError, RecursionError, ValueError, TypeError, OSError, UnicodeError, LookupError) as exc:
        # A bug or an input no reader foresaw: the batch goes on, and the row says what happened.
        return Outcome(
            task.doc_id, task.path, error=_error(task, "internal", f"{task.path}: {type(exc).__name__}: {exc}")
        )
    meta = doc.meta
    document = {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "characters": doc.characters,
        "figures": table.num_rows,
        "title": meta.title,
        "issuer": meta.issuer,
        "published": date.fromisoformat(meta.published) if meta.published else None,
        "region": meta.region,
    }
    return Outcome(doc.doc_id, doc.path, table=table, document=document)


def _error(task: Task, kind: str, message: str) -> dict[str, str]:
    return {"doc_id": task.doc_id, "path": task.path, "error": kind, "message": message}


def process_paths(tasks: Sequence[Task]) -> list[Outcome]:
    """The per-document function over a small chunk (the unit of work of a worker)."""
    return [process(task) for task in tasks]


def iter_report_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Report files named by ``paths``: files as given, folders searched recursively.

    Symlinked folders are not followed, so a symlink loop ends the walk
    instead of looping; a path that does not exist is yielded as it is, so
    that reading it makes an error row.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found: list[str] = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                found.extend(os.path.join(root, f) for f in files if f.lower().endswith(SUFFIXES))
            yield from sorted(found)
        else:
            yield str(p)


def plan(paths: Iterable[str | os.PathLike[str]]) -> list[Task]:
    """A task per report, with a doc_id that is unique in the run.

    The doc_id is the file name without its extension; a name seen before in
    the same run gets a short hash of its path appended.
    """
    tasks = []
    seen: set[str] = set()
    for path in iter_report_paths(paths):
        doc_id = Path(path).stem
        if doc_id in seen:
            doc_id = f"{doc_id}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"
        seen.add(doc_id)
        tasks.append(Task(path, doc_id))
    return tasks


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _chunks(tasks: Sequence[Task], size: int) -> Iterator[list[Task]]:
    for i in range(0, len(tasks), size):
        yield list(tasks[i : i + size])


def _local(tasks: Sequence[Task]) -> Iterator[list[Outcome]]:
    for chunk in _chunks(tasks, CHUNK):
        yield process_paths(chunk)


def _pool(tasks: Sequence[Task], workers: int) -> Iterator[list[Outcome]]:
    """A process pool, with at most two chunks per worker in flight (bounded memory)."""
    chunks = _chunks(tasks, CHUNK)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[list[Outcome]]] = set()
        for chunk in chunks:
            pending.add(pool.submit(process_paths, chunk))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        for future in _as_done(pending):
            yield future.result()


def _as_done(pending: set[Future[list[Outcome]]]) -> Iterator[Future[list[Outcome]]]:
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from done


def _dask(tasks: Sequence[Task], workers: int, scheduler: str | None) -> Iterator[list[Outcome]]:
    """The same function on a Dask distributed cluster (a LocalCluster when no scheduler is given).

    The workers read the report files themselves, so the paths must be visible
    to them (a shared file system).
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SystemExit("indicators: --engine dask needs the 'dask' extra: pip install 'indicators[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        chunks = _chunks(tasks, CHUNK)
        window = max(2, 2 * sum(client.nthreads().values()))
        futures = as_completed([client.submit(process_paths, c, pure=False) for c in _take(chunks, window)])
        for future in futures:
            yield future.result()
            future.release()
            for chunk in _take(chunks, 1):
                futures.add(client.submit(process_paths, chunk, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _take(it: Iterator[list[Task]], n: int) -> list[list[Task]]:
    out = []
    for chunk in it:
        out.append(chunk)
        if len(out) >= n:
            break
    return out


@dataclass
class Summary:
    """Counts of a run, for the closing line and the exit status."""

    read: int = 0
    failed: int = 0
    skipped: int = 0
    figures: int = 0
    indicators: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)


def run(
    tasks: Sequence[Task],
    sink: Callable[[Outcome], None],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
) -> Summary:
    """Map the per-document function over ``tasks`` and hand each outcome to ``sink``."""
    from tqdm import tqdm

    if engine == "dask":
        batches = _dask(tasks, workers, scheduler)
    elif workers > 1:
        batches = _pool(tasks, workers)
    else:
        batches = _local(tasks)
    summary = Summary()
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=len(tasks), unit="doc", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
        for outcomes in batches:
            for outcome in outcomes:
                sink(outcome)
                if outcome.error:
                    summary.failed += 1
                    summary.failures.append(outcome.error)
                else:
                    summary.read += 1
                    assert outcome.table is not None
                    summary.figures += outcome.table.num_rows
                    summary.indicators += sum(outcome.table.column("is_indicator").to_pylist())
            bar.update(len(outcomes))
    return summary
