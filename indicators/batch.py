"""Many reports: one pure function per document, mapped by an engine.

``process`` is the per-document function (read, extract, describe; a
failure becomes an error row, never an exception). Engines map it over the
corpus: in this process, a process pool on one machine, or a Dask cluster.
Finished documents stream to a sink (``sink.py``) as they complete, so memory
does not grow with the corpus.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import itertools
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from .catalogue import Catalogue
from .parts import write_parts
from .readers import SUFFIXES, ReportError, read_document
from .schema import DOCUMENTS_SCHEMA, ERRORS_SCHEMA, empty_table
from .table import document_table

__all__ = [
    "Chunk", "EngineError", "Outcome", "Task", "Walk", "iter_report_paths", "plan", "process", "process_chunk", "resume_tasks", "run"
]  # fmt: skip

# Reports per task sent to a worker: enough to hide the cost of a round trip.
CHUNK = 16


class EngineError(Exception):
    """The engine cannot run (an unreachable scheduler): not any report's fault."""


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
    error: dict[str, Any] | None = None


@functools.lru_cache(maxsize=8)
def _catalogue(paths: tuple[str, ...]) -> Catalogue | None:
    return Catalogue.load(*paths) if paths else None


def process(task: Task, catalogue: tuple[str, ...] = ()) -> Outcome:
    """Read and extract one report; any failure becomes an error row.

    ``catalogue`` names the user's catalogue files (read once per process).
    """
    try:
        doc = read_document(task.path, doc_id=task.doc_id)
        table = document_table(doc.text, doc.doc_id, doc.meta, _catalogue(catalogue))
    except ReportError as exc:
        return Outcome(task.doc_id, task.path, error=_error(task, exc.kind, str(exc), file_sha256(task.path)))
    except (MemoryError, RecursionError, ValueError, TypeError, OSError, UnicodeError, LookupError) as exc:
        # A bug or an input no reader foresaw: the batch goes on, and the row says what happened.
        return Outcome(
            task.doc_id,
            task.path,
            error=_error(task, "internal", f"{task.path}: {type(exc).__name__}: {exc}", file_sha256(task.path)),
        )
    meta = doc.meta
    document = {
        "doc_id": shown(doc.doc_id),
        "path": shown(doc.path),
        "sha256": doc.sha256,
        "format": doc.format,
        "characters": doc.characters,
        "figures": table.num_rows,
        "title": meta.title,
        "issuer": meta.issuer,
        "published": date.fromisoformat(meta.published) if meta.published else None,
        "region": meta.region,
        "covers_start": date.fromisoformat(meta.covers_start) if meta.covers_start else None,
        "covers_end": date.fromisoformat(meta.covers_end) if meta.covers_end else None,
    }
    return Outcome(shown(doc.doc_id), shown(doc.path), table=table, document=document)


def _error(task: Task, kind: str, message: str, sha256: str | None = None) -> dict[str, Any]:
    return {
        "doc_id": shown(task.doc_id),
        "path": shown(task.path),
        "error": kind,
        "message": shown(message),
        "sha256": sha256,
    }


def shown(name: str) -> str:
    r"""A file name as text that every table and terminal can hold: bytes that are not
    UTF-8 (kept by Python as surrogates) and control characters are written as escapes.

    >>> print(shown(b"bad\xff.txt".decode("utf-8", "surrogateescape")), shown("two\nlines.txt"))
    bad\xff.txt two\nlines.txt
    """
    if name.isprintable():
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass
class Chunk:
    """What became of a few reports, as it travels back from a worker.

    ``table`` holds their rows (repeated text dictionary-encoded), unless the
    worker wrote them to a dataset folder itself, when only counts come back.
    """

    table: pa.Table | None
    documents: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    read: int = 0
    rows: int = 0
    indicators: int = 0

    def __len__(self) -> int:
        return self.read + len(self.errors)


# Text columns that repeat within a report (a sentence per figure): dictionary
# encoded on the way from a worker, cast back to plain strings by the sink.
_REPEATED = ("doc_id", "kind", "unit", "qualifier", "per", "unit_base", "subject", "sentence", "section")
_PART = itertools.count()


def process_chunk(
    tasks: Sequence[Task],
    dataset: str | None = None,
    run_id: str = "run",
    catalogue: tuple[str, ...] = (),
    failed: Sequence[dict[str, Any]] = (),
    metadata: dict[str, str] | None = None,
) -> Chunk:
    """The per-document function over a few reports (the unit of work of a worker).

    With ``dataset``, the worker writes the part files itself (the folder must
    be visible to it): rows never travel back, and the parent only counts.
    """
    outcomes = [process(task, catalogue) for task in tasks]
    tables = [o.table for o in outcomes if o.table is not None and o.table.num_rows]
    table = pa.concat_tables(tables) if tables else empty_table()
    documents = [o.document for o in outcomes if o.document is not None]
    errors = [o.error for o in outcomes if o.error is not None] + list(failed)
    counts = {
        "read": len(documents),
        "rows": table.num_rows,
        "indicators": int(pc.sum(table.column("is_indicator")).as_py() or 0),
    }
    if dataset is not None:
        parts = {
            "indicators": table,
            "documents": pa.Table.from_pylist(documents, schema=DOCUMENTS_SCHEMA),
            "errors": pa.Table.from_pylist(errors, schema=ERRORS_SCHEMA),
        }
        write_parts(Path(dataset), f"part-{run_id}-{os.getpid()}-{next(_PART):05d}", parts, metadata)
        return Chunk(None, [], errors, **counts)
    # Without the schema's field metadata, and with repeated text encoded once,
    # a chunk pickles to a fraction of its size, and the parent unpickles less.
    columns = [table.column(n).dictionary_encode() if n in _REPEATED else table.column(n) for n in table.column_names]
    return Chunk(pa.Table.from_arrays(columns, names=table.column_names), documents, errors, **counts)


class Walk:
    """What a walk over the inputs passed over, by kind: ``.doc`` ×3, symlinks leaving their folder …"""

    def __init__(self) -> None:
        self.skipped: Counter[str] = Counter()

    def summary(self) -> str:
        """``.doc ×3, symlink out of its folder ×1`` (empty when nothing was passed over)."""
        return ", ".join(f"{kind} ×{n}" for kind, n in sorted(self.skipped.items()))


_GLOB = re.compile(r"[*?\[]")


def _expand(path: str) -> list[str]:
    """A quoted glob (``'reports/*.pdf'``) as the shell would have expanded it."""
    if _GLOB.search(path) and not os.path.exists(path):
        return sorted(glob.glob(path, recursive=True)) or [path]
    return [path]


def iter_report_paths(
    paths: Iterable[str | os.PathLike[str]], walk: Walk | None = None, follow_symlinks: bool = False
) -> Iterator[str]:
    """Report files named by ``paths``.

    Files are taken as given, quoted globs expanded, folders searched
    recursively, in a stable order. Symlinked folders are not followed (a symlink loop ends the
    walk), and a symlinked file that leads out of its input folder is passed
    over unless ``follow_symlinks``. Files of other formats are counted in
    ``walk``. A path that does not exist is yielded as it is, so that reading
    it makes an error row.
    """
    walk = walk or Walk()
    for given in paths:
        for path in _expand(os.fspath(given)):
            p = Path(path)
            if not p.is_dir():
                yield str(p)
                continue
            root = os.path.realpath(p)
            found: list[str] = []
            for folder, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for f in files:
                    full = os.path.join(folder, f)
                    if not f.lower().endswith(SUFFIXES):
                        suffix = os.path.splitext(f)[1].lower()
                        if suffix and not f.startswith("."):
                            walk.skipped[suffix] += 1
                        continue
                    if os.path.islink(full) and not follow_symlinks:
                        target = os.path.realpath(full)
                        if os.path.commonpath([root, target]) != root:
                            walk.skipped["symlink out of its folder"] += 1
                            continue
                    found.append(full)
            yield from sorted(found)


def plan(
    paths: Iterable[str | os.PathLike[str]], walk: Walk | None = None, follow_symlinks: bool = False
) -> list[Task]:
    """A task per report, each read once, with a doc_id unique in the run.

    The doc_id is the file name without its extension where that is unique;
    otherwise the path below its input folder (``a/index``, ``b/index``), with
    the extension if that is still not unique, and a short hash as a last resort.
    The path below the folder the namesakes share: ``a/index`` and ``b/index``.
    """
    found: list[str] = []
    seen_files: set[str] = set()
    for path in iter_report_paths(paths, walk, follow_symlinks):
        key = os.path.realpath(path)
        if key in seen_files:
            continue  # the same file named twice (a folder and a file in it, a path given twice)
        seen_files.add(key)
        found.append(path)
    groups: dict[str, list[str]] = {}
    for path in found:
        groups.setdefault(shown(Path(path).stem), []).append(path)
    # where a file name repeats, the ids are the paths below the folder the namesakes share
    shared = {
        stem: os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in group])
        for stem, group in groups.items()
        if len(group) > 1
    }
    tasks = []
    taken: set[str] = set()
    for path in found:
        doc_id = shown(Path(path).stem)
        if doc_id in shared:
            rel = Path(os.path.relpath(os.path.abspath(path), shared[doc_id]))
            doc_id = shown(rel.with_suffix("").as_posix())
            if doc_id in taken:
                doc_id = shown(rel.as_posix())
        if doc_id in taken:
            doc_id = f"{doc_id}-{hashlib.sha1(os.fsencode(path)).hexdigest()[:8]}"
        taken.add(doc_id)
        tasks.append(Task(path, doc_id))
    return tasks


def resume_tasks(tasks: Sequence[Task], sink: Sink) -> tuple[list[Task], int]:
    """The tasks a resumed output still needs, and how many it holds already.

    A report is done when its path and its content are both recorded; the same
    content under another path is a document of its own; a report that changed
    since is read again and replaces its old rows (the sink forgets them); a
    new report whose doc_id an earlier one holds gets another.
    """
    done = sink.done
    if not done:
        return list(tasks), 0
    ids = {doc_id for doc_id, _ in done.values()}
    todo: list[Task] = []
    forget_ids: set[str] = set()
    forget_paths: set[str] = set()
    skipped = 0
    for task in tasks:
        record = done.get(shown(task.path))
        sha = file_sha256(task.path)
        if record is not None:
            doc_id, old = record
            if old == sha:
                skipped += 1
                continue
            forget_ids.add(doc_id)
            forget_paths.add(shown(task.path))
            todo.append(Task(task.path, doc_id))
            continue
        doc_id = task.doc_id
        if doc_id in ids:
            doc_id = f"{doc_id}-{hashlib.sha1(os.fsencode(task.path)).hexdigest()[:8]}"
        ids.add(doc_id)
        todo.append(Task(task.path, doc_id))
    sink.forget(forget_ids, forget_paths)
    return todo, skipped


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or a device would never end
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _chunks(tasks: Sequence[Task], size: int) -> Iterator[list[Task]]:
    for i in range(0, len(tasks), size):
        yield list(tasks[i : i + size])


Work = Callable[[Sequence[Task]], Chunk]


def _local(tasks: Sequence[Task], work: Work, size: int) -> Iterator[Chunk]:
    for chunk in _chunks(tasks, size):
        yield work(chunk)


def _die_with_parent() -> None:
    """In a pool worker: ask Linux to kill this process when its parent dies, so that a
    killed batch leaves no worker behind still writing parts."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the request took
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown has to do
        pass


def _dead_worker(tasks: Sequence[Task], work: Work) -> Chunk:
    """Error rows for reports whose worker died twice (killed, or out of memory),
    written the way ``work`` writes its chunks (to the dataset, or sent back)."""
    errors = [
        _error(t, "worker_died", f"{t.path}: the process reading it died twice (killed, or out of memory)")
        for t in tasks
    ]
    return work([], failed=errors)  # type: ignore[call-arg]


def _pool(tasks: Sequence[Task], work: Work, size: int, workers: int) -> Iterator[Chunk]:
    """A process pool, with a few chunks per worker in flight (bounded memory).

    A worker that dies (the OOM killer, a kill) breaks the pool: a new pool
    takes over, the reports that were in flight are retried one by one, and a
    report whose worker dies again becomes an error row.
    """
    queue: list[tuple[list[Task], bool]] = [(c, False) for c in _chunks(tasks, size)]
    queue.reverse()  # popped from the end, in order
    while queue:
        broken: list[tuple[list[Task], bool]] = []
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
            pending: dict[Future[Chunk], tuple[list[Task], bool]] = {}
            while queue or pending:
                while queue and len(pending) < 3 * workers and not broken:
                    if queue[-1][1] and pending:
                        break  # a retried report runs alone: if its worker dies, it is the one
                    chunk, retry = queue.pop()
                    pending[pool.submit(work, chunk)] = (chunk, retry)
                if not pending:
                    break
                done, _ = wait(set(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    chunk, retry = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken.append((chunk, retry))
                if broken:
                    for future, item in pending.items():
                        try:
                            yield future.result()
                        except BrokenProcessPool:
                            broken.append(item)
                    pending.clear()
                    break
        for chunk, retry in broken:
            if retry:
                yield _dead_worker(chunk, work)
            else:  # once more, one report at a time, so one bad report takes no other down
                queue.extend(([t], True) for t in reversed(chunk))


def _as_done(pending: set[Future[Chunk]]) -> Iterator[Future[Chunk]]:
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from done


def _dask(tasks: Sequence[Task], work: Work, size: int, workers: int, scheduler: str | None) -> Iterator[Chunk]:
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
        try:
            client = Client(scheduler)
        except OSError as exc:  # a timeout or a refused connection
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        chunks = _chunks(tasks, size)
        window = max(2, 2 * sum(client.nthreads().values()))
        futures = as_completed([client.submit(work, c, pure=False) for c in _take(chunks, window)])
        for future in futures:
            yield future.result()
            future.release()
            for chunk in _take(chunks, 1):
                futures.add(client.submit(work, chunk, pure=False))
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


class Sink(Protocol):
    """Where chunks go (see sink.py); a dataset sink lets the workers write."""

    dataset: str | None
    run_id: str
    part_size: int
    metadata: dict[str, str]
    done: dict[str, tuple[str, str | None]]  # path -> (doc_id, sha256) already in the output

    def __call__(self, chunk: Chunk) -> None: ...

    def forget(self, doc_ids: set[str], paths: set[str]) -> None: ...

    def begin(self) -> None: ...


@dataclass
class Summary:
    """Counts of a run, for the closing line and the exit status."""

    read: int = 0
    failed: int = 0
    skipped: int = 0
    figures: int = 0
    indicators: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)


def run(
    tasks: Sequence[Task],
    sink: Sink,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    catalogue: Sequence[str] = (),
) -> Summary:
    """Map the per-document function over ``tasks`` and hand each finished chunk to ``sink``.

    On a resumed sink, the reports it holds already are skipped and changed ones
    replace their rows (:func:`resume_tasks`): the same from Python as from the
    command line.
    """
    from tqdm import tqdm

    tasks, skipped = resume_tasks(tasks, sink)
    sink.begin()
    work: Work = functools.partial(process_chunk, catalogue=tuple(catalogue))
    size = CHUNK
    if sink.dataset is not None:  # the workers write the parts themselves
        work = functools.partial(
            process_chunk, dataset=sink.dataset, run_id=sink.run_id, catalogue=tuple(catalogue), metadata=sink.metadata
        )
        # Parts of up to part_size reports, but small enough near the end of a
        # run that no worker is left finishing a long last part alone.
        size = min(sink.part_size, max(CHUNK, len(tasks) // (16 * max(1, workers))))
    if engine == "dask":
        batches = _dask(tasks, work, size, workers, scheduler)
    elif workers > 1:
        batches = _pool(tasks, work, size, workers)
    else:
        batches = _local(tasks, work, size)
    summary = Summary(skipped=skipped)
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=len(tasks), unit="doc", disable=not show, file=sys.stderr, dynamic_ncols=True) as bar:
        for chunk in batches:
            sink(chunk)
            summary.read += chunk.read
            summary.failed += len(chunk.errors)
            summary.failures.extend(chunk.errors)
            summary.figures += chunk.rows
            summary.indicators += chunk.indicators
            bar.update(len(chunk))
    return summary
