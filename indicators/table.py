"""One document's figures and their context as a table with the schema."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from extractors import Figure, find_figures
from extractors.guards import compile_fast
from extractors.lexicon import alternation, read_lists

from .catalogue import Catalogue, default_catalogue
from .context import Context
from .measure import column_target, measures, plans
from .metadata import Metadata, text_metadata
from .period import Period, parse_span, periods, report_year
from .schema import SCHEMA, check_table, empty_table, to_frame
from .subject import clause_starts, named, subjects, verbs
from .tables import Cell, cell_figure, find_tables, in_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["document_table", "extract_text"]


def document_table(
    text: str, doc_id: str, meta: Metadata | None = None, catalogue: Catalogue | None = None
) -> pa.Table:
    """Every figure of ``text`` with its context, as an Arrow table.

    ``meta`` (title, date) dates relative periods (今年以来); it is read from
    the text's first line and signature block when not given. ``catalogue``
    codes the indicators (the starter catalogue when not given).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if meta is None or not meta.published:
        meta = (meta or Metadata()).merged(text_metadata(text))
    return _windowed(text, doc_id, meta, catalogue)


def _windowed(text: str, doc_id: str, meta: Metadata, catalogue: Catalogue | None) -> pa.Table:
    """The table of ``text`` whose own facts ``meta`` holds already."""
    if len(text) <= WINDOW + WINDOW // 2:
        return _table(text, doc_id, meta, catalogue)
    # A long text is read a window at a time, cut between paragraphs (or clauses), so that
    # memory follows the window, not the document: the rows of each window are compact
    # Arrow arrays before the next window is read.
    parts = []
    for lo, hi in windows(text):
        part = _table(text[lo:hi], doc_id, meta, catalogue)
        if part.num_rows:
            shift = pa.scalar(lo, pa.int64())
            part = part.set_column(1, "start", pc.add(part.column("start"), shift))
            part = part.set_column(2, "end", pc.add(part.column("end"), shift))
            parts.append(part)
    return pa.concat_tables(parts) if parts else empty_table()


WINDOW = 100_000
_CUT = compile_fast(r"\n|[。；;！？!?]|[，,、]")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Spans of about ``size`` characters covering ``text``, each ending at a line break if
    there is one in its last quarter, else after a stop or a comma, else anywhere.

    >>> windows("甲。" * 10, size=6)
    [(0, 6), (6, 12), (12, 18), (18, 20)]
    """
    out = []
    lo = 0
    while len(text) - lo > size:
        hi = lo + size
        floor = lo + size * 3 // 4
        cut = text.rfind("\n", floor, hi)
        if cut < 0:
            stops = [m.end() for m in _CUT.finditer(text, floor, hi)]
            cut = stops[-1] if stops else hi
        else:
            cut += 1
        out.append((lo, cut))
        lo = cut
    out.append((lo, len(text)))
    return out


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused for a block that allocates hundreds of thousands
    of short-lived, acyclic objects (figures, spans, strings): each pass it makes there
    walks the whole heap (the memos, pyarrow, pandas) and frees nothing (callgrind: 5% of an
    extraction; a pass's ``collected`` count is 0). Reference counting frees everything as
    usual, and a collector that was off stays off. It is one switch for the process: a
    thread extracting beside another may see it off for a while, which costs nothing."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _table(text: str, doc_id: str, meta: Metadata, catalogue: Catalogue | None) -> pa.Table:
    with _no_cycle_collection():
        return _rows(text, doc_id, meta, catalogue)


def _rows(text: str, doc_id: str, meta: Metadata, catalogue: Catalogue | None) -> pa.Table:
    context = Context(text)  # the text folded once, its sentences and sections
    folded = context.folded
    figures = find_figures(text, folded)
    if not figures:
        return empty_table()
    cells = in_tables(figures, find_tables(text))
    figures = [fig if cell is None else cell_figure(fig, cell) for fig, cell in zip(figures, cells, strict=True)]
    starts = [f.start for f in figures]
    spans = context.sentences_at(starts)
    today = date.fromisoformat(meta.published) if meta.published else None
    year = int(meta.covers_start[:4]) if meta.covers_start else report_year(meta.title, meta.published)
    this_year = int(meta.published[:4]) if meta.published else year
    # the days the report covers; a phrase that says so dates its figures with no phrase of their own
    covered = (
        (date.fromisoformat(meta.covers_start), date.fromisoformat(meta.covers_end))
        if meta.covers_start and meta.covers_end
        else None
    )
    covers = Period(meta.covers_text, *covered) if meta.covers_text and covered else None
    dated = periods(text, folded, figures, year, today, this_year=this_year, covers=covers, covered=covered)
    dated = [_cell_period(c, p, year) if c is not None and not c.code else p for c, p in zip(cells, dated, strict=True)]
    clauses = clause_starts(folded, figures)  # read by subjects and verbs
    found = subjects(text, folded, figures, clauses)
    found = [
        c.label if c is not None and f.is_indicator and c.label else s
        for s, f, c in zip(found, figures, cells, strict=True)
    ]
    found = named(text, folded, figures, found, spans)
    catalogue = catalogue or default_catalogue()
    codes = [catalogue.code(s, f.kind) if f.is_indicator else None for s, f in zip(found, figures, strict=True)]
    sections = context.sections_at(starts)
    plan = plans(meta.title, sections)
    what = measures(text, folded, figures, plan)
    # a table's column says whether its cells are planned or achieved (年初预算数 | 决算数)
    what = [
        w if c is None or not c.column or w.measure is None else w._replace(target=column_target(c.column, w.target))
        for w, c in zip(what, cells, strict=True)
    ]
    # one code, one measure, one unit: a change, growth or share of a catalogued level is a
    # code of its own, and so is a figure in another unit (项目12个 and 项目17项, 元 and 美元)
    codes = [
        None if c is None else _united(_measured(c, w.measure), _expected_unit(c, w.measure, f.kind, catalogue), f.unit)
        for c, w, f in zip(codes, what, figures, strict=True)
    ]
    columns = {
        "doc_id": [doc_id] * len(figures),
        # the Figure's own fields, under the same names (a named tuple transposes in one step)
        **dict(zip(Figure._fields, map(list, zip(*figures, strict=True)), strict=True)),
        "is_indicator": [f.is_indicator for f in figures],
        "subject": found,
        "verb": verbs(text, folded, figures, clauses),
        "indicator_code": [c[0] if c else None for c in codes],
        "indicator_name": [c[1] if c else None for c in codes],
        "sentence": _sentences(text, spans),
        "section": sections,
        "measure": [w.measure for w in what],
        "direction": [w.direction for w in what],
        "base": [w.base for w in what],
        "target": [w.target for w in what],
        "column": [c.column if c is not None and not c.code else None for c in cells],
        "period_text": [p.text for p in dated],
        "period_start": [p.start for p in dated],
        "period_end": [p.end for p in dated],
    }
    return check_table(pa.table(columns, schema=SCHEMA))


def _sentences(text: str, spans: list[tuple[int, int]]) -> pa.Array:
    """The sentence of each figure as a string column, each sentence cut from the text once
    (the figures of a sentence share it: a dictionary decoded by Arrow, not a copy per row).

    >>> _sentences(" 甲1个,2个。乙3个", [(0, 8), (0, 8), (8, 12)]).to_pylist()
    ['甲1个,2个。', '甲1个,2个。', '乙3个']
    """
    index: dict[tuple[int, int], int] = {}
    rows = [index.setdefault(span, len(index)) for span in spans]
    unique = pa.array([text[s:e].strip() for s, e in index], pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(rows, pa.int32()), unique).cast(pa.string())


_MEASURE_WORDS = read_lists("measure_words.tsv", "indicators")
_TABLE_WORDS = read_lists("table_words.tsv", "indicators")
_MEASURE_SUFFIX = {
    measure: ("." + measure.upper(), name)
    for measure, name in (pair.split(":") for pair in _MEASURE_WORDS["code_names"])
}


def _measured(code: tuple[str, str] | None, measure: str | None) -> tuple[str, str] | None:
    """A catalogue code made specific to a measure: STAT.AREA (a level) and STAT.AREA.CHANGE
    (增加210公顷) are two series, never summed together.

    >>> _measured(("STAT.AREA", "面积"), "change"), _measured(("STAT.GDP_GROWTH", "地区生产总值增长"), "growth")
    (('STAT.AREA.CHANGE', '面积增减'), ('STAT.GDP_GROWTH', '地区生产总值增长'))
    """
    if code is None or measure not in _MEASURE_SUFFIX:
        return code
    suffix, word = _MEASURE_SUFFIX[measure]
    if code[0].endswith((suffix, suffix.replace(".", "_"))) or (measure == "share" and code[0].endswith("SHARE")):
        return code
    return code[0] + suffix, code[1] + word


def _expected_unit(code: tuple[str, str] | None, measure: str | None, kind: str, catalogue: Catalogue) -> str | None:
    """The unit a coded figure should be in: its row's unit, or % for the growth or share of
    a level in percent (a change keeps the level's unit, a ratio its own); None when the row
    declares none."""
    if code is None:
        return None
    unit = catalogue.unit_of(code[0])
    if unit is not None and kind == "percent" and measure in ("growth", "share") and _measured(code, measure) != code:
        return "%"
    return unit


def _united(code: tuple[str, str] | None, expected: str | None, unit: str | None) -> tuple[str, str] | None:
    """A code made specific to a unit its row does not count in.

    >>> _united(("GOV.PROJECTS", "项目"), "个", "项"), _united(("GOV.PROJECTS", "项目"), "个", "个")
    (('GOV.PROJECTS[项]', '项目(项)'), ('GOV.PROJECTS', '项目'))
    """
    if code is None or expected is None or (unit or "") == expected:
        return code
    return f"{code[0]}[{unit or ''}]", f"{code[1]}({unit or ''})"


_RELATIVE_YEAR = {word: int(offset) for word, offset in (pair.split(":") for pair in _TABLE_WORDS["header_years"])}
_HEADER_YEAR = compile_fast(alternation(_RELATIVE_YEAR))


def _cell_period(cell: Cell, found: Period, year: int | None) -> Period:
    """A table cell's period: its column header's (2023年, 上年决算数), else its caption's."""
    for source in (cell.column, cell.caption):
        if not source:
            continue
        # a date in the header, read with the engine's date grammar, else 上年/本年
        dates = [f.surface for f in find_figures(source) if f.kind == "date"]
        span = parse_span(dates[0], year) if dates else None
        if span is not None:
            return Period(dates[0], *span)
        m = _HEADER_YEAR.search(source)
        if m:
            if year is None:
                return Period(m.group())
            y = year + _RELATIVE_YEAR[m.group()]
            return Period(m.group(), date(y, 1, 1), date(y, 12, 31))
    return found


def extract_text(
    text: str,
    doc_id: str = "doc",
    *,
    published: str | date | None = None,
    covers: str | tuple[str | date, str | date] | None = None,
) -> pd.DataFrame:
    """The indicator table of one text, as a DataFrame.

    What the caller knows about the text goes in by keyword: ``published`` (its date,
    which ends 今年以来 and gives 今年 its year) and ``covers`` (the period the whole
    report covers: ``"2023"``, or a start and end, which dates 全年 and the figures
    with no phrase of their own). Without them the text's own facts are used.

    >>> df = extract_text("阅读资源投入41.3万元,共捐赠图书33071册。", doc_id="demo")
    >>> df[["surface", "kind", "value", "unit", "subject"]].values.tolist()
    [['41.3万元', 'money', 413000.0, '元', '阅读资源投入'], ['33071册', 'count', 33071.0, '册', '捐赠图书']]
    >>> row = extract_text("今年以来,开展培训3次。", published="2025-08-08").iloc[0]
    >>> row["period_text"], str(row["period_start"]), str(row["period_end"])
    ('今年以来', '2025-01-01', '2025-08-08')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    meta = text_metadata(text)
    if published is not None:
        meta = replace(meta, published=str(published)[:10])
    if covers is not None:
        start, end = (f"{covers[:4]}-01-01", f"{covers[:4]}-12-31") if isinstance(covers, str) else covers
        meta = replace(
            meta,
            covers_start=str(start)[:10],
            covers_end=str(end)[:10],
            covers_text=str(covers) if isinstance(covers, str) else f"{start}至{end}",
        )
    return to_frame(_windowed(text, doc_id, meta, None))  # the text's own facts are read above, once
