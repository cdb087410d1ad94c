"""One document's figures and their context as a table with the schema."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from extractors import Figure, find_figures, fold

from .catalogue import Catalogue, default_catalogue
from .context import Context
from .measure import measures
from .metadata import Metadata, text_metadata
from .period import Period, parse_span, periods, report_year
from .schema import SCHEMA, check_table, empty_table, to_frame
from .subject import subjects, verbs
from .tables import Cell, cell_figure, find_tables, in_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["document_table", "extract_text"]

_FIGURE_COLUMNS = (
    "start", "end", "surface", "kind", "is_indicator", "value", "value_max", "unit", "qualifier", "per",
    "value_base", "unit_base",
)  # fmt: skip


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
_CUT = re.compile(r"\n|[。；;！？!?]|[，,、]")


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


def _table(text: str, doc_id: str, meta: Metadata, catalogue: Catalogue | None) -> pa.Table:
    figures = find_figures(text)
    if not figures:
        return empty_table()
    cells = in_tables(figures, find_tables(text))
    figures = [fig if cell is None else cell_figure(fig, cell) for fig, cell in zip(figures, cells, strict=True)]
    folded = fold(text)
    context = Context(text)
    spans = [context.sentence(f.start) for f in figures]
    today = date.fromisoformat(meta.published) if meta.published else None
    year = int(meta.covers_start[:4]) if meta.covers_start else report_year(meta.title, meta.published)
    this_year = int(meta.published[:4]) if meta.published else year
    covers = (
        Period(meta.covers_text, date.fromisoformat(meta.covers_start), date.fromisoformat(meta.covers_end))
        if meta.covers_text and meta.covers_start and meta.covers_end
        else None
    )
    dated = periods(text, folded, figures, year, today, this_year=this_year, covers=covers)
    dated = [_cell_period(c, p, year) if c is not None and not c.code else p for c, p in zip(cells, dated, strict=True)]
    found = subjects(text, folded, figures)
    found = [
        c.label if c is not None and f.is_indicator and c.label else s
        for s, f, c in zip(found, figures, cells, strict=True)
    ]
    found = [_qualified(text, folded, f, subj) for f, subj in zip(figures, found, strict=True)]
    found = _scoped(found, figures, spans)
    catalogue = catalogue or default_catalogue()
    codes = [catalogue.code(s, f.kind) if f.is_indicator else None for s, f in zip(found, figures, strict=True)]
    plan_doc = bool(meta.title and _PLAN_DOC.search(meta.title) and not _OUTCOME_DOC.search(meta.title))
    sections = [context.section(f.start) for f in figures]
    plan = [
        plan_doc or bool(sec and _PLAN_SECTION.search(sec.rsplit(" > ", 1)[0] if " > " in sec else sec))
        for sec in sections
    ]
    what = measures(text, folded, figures, plan)
    # one code, one measure: a change, growth or share of a catalogued level is a code of its own
    codes = [_measured(c, w.measure) for c, w in zip(codes, what, strict=True)]
    columns = {
        "doc_id": [doc_id] * len(figures),
        # the Figure's own fields, under the same names
        **{name: [getattr(f, name) for f in figures] for name in _FIGURE_COLUMNS},
        "subject": found,
        "verb": verbs(text, folded, figures),
        "indicator_code": [c[0] if c else None for c in codes],
        "indicator_name": [c[1] if c else None for c in codes],
        "sentence": [text[s:e].strip() for s, e in spans],
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


_SCOPES = re.compile(
    r"^(?:省级|市级|县级|区级|乡级|镇级|村级|中央|地方|城镇|农村|城市|乡村|乡镇|街道|社区|男性|女性|男|女|公办|民办|国有|集体|私营|其中)$"
)


def _scoped(found: list[str | None], figures: Sequence[Figure], spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """A subject that only names a scope (其中省级6项, 城镇2894人) takes the thing the
    sentence counted before it: 省级重点工程项目."""
    out = list(found)
    for k, subj in enumerate(found):
        if not subj or not _SCOPES.match(subj) or not figures[k].is_indicator:
            continue
        for j in range(k - 1, -1, -1):
            if spans[j] != spans[k]:
                break  # only within the sentence
            head = found[j]
            if head and figures[j].is_indicator and not _SCOPES.match(head) and figures[j].unit == figures[k].unit:
                scope = _SCOPE_PREFIX.match(head)
                out[k] = subj.removeprefix("其中") + head[scope.end() if scope else 0 :]
                break
    return out


_SCOPE_PREFIX = re.compile(r"^(?:全县|全市|全区|全省|全国|共有|共|全)")
_GENERIC_SUBJECTS = frozenset(("金额", "资金", "总额", "涉及金额", "涉及资金", "涉及金额共计", "数量", "人数", "次数"))
_CLAUSE_STOP = re.compile(r"[，,；;。！？!?：:\n]")
_OPENERS = re.compile(r"^[\s\u3000]*(?:其中|并|且|共|在|对|经|因|由于)?")


def _qualified(text: str, folded: str, fig: Figure, subject: str | None) -> str | None:
    """A generic subject (涉及金额, 资金) named by the clause before it: 有偿宣传中未标明广告标识涉及金额."""
    if subject is None or subject not in _GENERIC_SUBJECTS:
        return subject
    stops = [m.end() for m in _CLAUSE_STOP.finditer(folded, max(0, fig.start - 80), fig.start)]
    if len(stops) < 1:
        return subject
    here = stops[-1]
    before = stops[-2] if len(stops) >= 2 else max(0, fig.start - 80)
    previous = _OPENERS.sub("", text[before : here - 1].replace("\n", "")).strip()
    if not previous or folded[here - 1] in "。！？!?\n":
        return subject  # the clause before stands in another sentence
    return previous[-12:] + subject


_MEASURE_SUFFIX = {"change": (".CHANGE", "增减"), "growth": (".GROWTH", "增长"), "share": (".SHARE", "占比")}


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


# A report that is a plan as a whole (a budget, a list of next year's projects), and a
# section that is one (二、2018年工作安排): their figures are targets.
_PLAN_DOC = re.compile(r"预算|计划|规划|实事|要点|工作安排|目标")
_OUTCOME_DOC = re.compile(r"决算|执行|审计|完成情况|总结|公报")
_PLAN_SECTION = re.compile(r"工作安排|工作计划|工作打算|目标任务|主要目标|预期目标|重点工作|工作重点")
_TABLE_PERIOD = re.compile(r"(?:19|20)[0-9]{2}\s*年度?(?:[0-9]{1,2}(?:-[0-9]{1,2})?月份?)?|上年|本年|去年|今年")
_RELATIVE_YEAR = {"上年": -1, "去年": -1, "本年": 0, "今年": 0}


def _cell_period(cell: Cell, found: Period, year: int | None) -> Period:
    """A table cell's period: its column header's (2023年, 上年决算数), else its caption's."""
    for source in (cell.column, cell.caption):
        m = _TABLE_PERIOD.search(source or "")
        if m is None:
            continue
        phrase = m.group()
        if phrase in _RELATIVE_YEAR:
            if year is None:
                return Period(phrase)
            y = year + _RELATIVE_YEAR[phrase]
            return Period(phrase, date(y, 1, 1), date(y, 12, 31))
        span = parse_span(phrase, year)
        if span is not None:
            return Period(phrase, *span)
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
    return to_frame(document_table(text, doc_id, meta))
