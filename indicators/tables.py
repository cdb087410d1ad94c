"""Tables in a report's text: rows, cells, row labels, column headers and units.

Every reader lays a table out as lines: HTML and DOCX rows as tab-separated
cells, text tables with tabs or ``|``, PDF rows as a label followed by its
numbers with spaces between. :func:`find_tables` finds them all in the one
text that figure offsets index, so that a figure inside a cell can take what
the table says about it: the unit (``单位：万元`` above the table, ``(万元)`` or
``增长(%)`` in its column header), the row label as its subject, the column
header, and the classification codes that open budget rows (``201 03 02``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from extractors import Figure, parse_quantity
from extractors.guards import compile_fast
from extractors.lexicon import alternation, read_lists
from extractors.punctuation import boundary

from .context import MARKED

__all__ = ["Cell", "Table", "cell_figure", "find_tables", "in_tables"]

_WORDS = read_lists("table_words.tsv", "indicators")
# 单位：万元, 金额单位:亿元, (单位：元) in a caption or above the table
_UNIT_LINE = compile_fast(
    rf"(?:{alternation(_WORDS['unit_labels'])})\s*[:：]\s*(?P<unit>{alternation(_WORDS['table_units'])})"
)
# (万元), （%）, 增长%, ±% in a column header
_COLUMN_UNIT = compile_fast(rf"[(（]\s*(?P<unit>{alternation(_WORDS['table_units'])})\s*[)）]|(?P<pct>%|±%)\s*$")
_NUMBER = compile_fast(r"[-+−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?")
_EMPTY = frozenset(_WORDS["empty_cells"])
_CODE = compile_fast(r"[0-9]{2,9}")
_PROSE = boundary("clause_end", "colon", "sentence_end")
_CJK = compile_fast(r"[\u4e00-\u9fff]")
_NOT_CAPTION = compile_fast(alternation(_WORDS["not_captions"]))
_HEADER_LINES = 6


@dataclass(frozen=True)
class Cell:
    """A figure's place in a table."""

    start: int
    end: int
    label: str | None  # the row's label (its subject)
    column: str | None  # the column header, as written (multi-row headers joined)
    unit: str | None  # the column's unit, else the table's (元, 万元, %, 个 …)
    code: bool = False  # a classification code opening a budget row (201 03 02)
    caption: str | None = None  # the table's caption (2025年部门支出预算表)


@dataclass
class Table:
    """One table: where it stands, its caption and unit, and its number cells."""

    start: int
    end: int
    caption: str | None
    unit: str | None
    header: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_CELL_SEP = compile_fast(r"\t|\|")
# what any number cell looks like where it stands, between separators: the test a line
# must pass before it is cut into cells
# A number standing alone between spaces or bars: a sign or a digit first (searched for in C
# over every line), with nothing but a space or a bar before it, and a digit after a sign.
_NUMBER_CELL = compile_fast(r"[-+−0-9](?<![^\s|].)(?:(?<=[0-9])|[0-9])[0-9,.]*%?(?=$|[\s|])")
_SPACE_SEP = compile_fast(r"[ \u3000\u00a0]+")


def _tabbed(text: str) -> bool:
    """Whether a line's cells are tab- or |-separated (HTML, DOCX, text tables), not spaced (PDF)."""
    return "\t" in text or text.count("|") >= 2


def _cells(line: _Line) -> list[tuple[int, int, str]]:
    """A line's cells with their spans: split at tabs or |, else at runs of whitespace."""
    text = line.text
    sep = _CELL_SEP if _tabbed(text) else _SPACE_SEP
    out = []
    pos = 0
    for m in [*sep.finditer(text), None]:
        end = m.start() if m else len(text)
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped or (m is not None and sep is _CELL_SEP):
            lead = len(raw) - len(raw.lstrip())
            out.append((line.start + pos + lead, line.start + pos + lead + len(stripped), stripped))
        if m:
            pos = m.end()
    return out


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell)) or cell in _EMPTY


def _row(line: _Line) -> list[tuple[int, int, str]] | None:
    """The cells of a table row (a line holding numbers as cells of their own), else None."""
    text = line.text.strip()
    if not text or len(text) > 400 or not _NUMBER_CELL.search(line.text):
        return None  # no number standing alone: prose (投入41.3万元), not a row
    cells = _cells(line)
    numbers = [c for c in cells if _NUMBER.fullmatch(c[2])]
    if not numbers:
        return None
    tabbed = _tabbed(line.text)
    labels = [c[2] for c in cells if not _is_number(c[2])]
    if not tabbed:
        # A PDF row: short labels and numbers, no sentence.
        if any(_PROSE.search(lb) for lb in labels) or sum(len(lb) for lb in labels) > 60:
            return None
        if len(cells) < 2:
            return None
        if len(numbers) < 2 and numbers[-1] != cells[-1]:
            return None  # one number inside a wrapped sentence (国务院令第 711 号）…)
    return cells


_LEADING_CODES = compile_fast(r"(?:[0-9]{2,9}[ \u3000]+)+(?=[\u4e00-\u9fff])|(?:[0-9]{2,9}[ \u3000]+)+[0-9]{2,9}$")


def _split_codes(cells: list[tuple[int, int, str]]) -> list[tuple[int, int, str, int]]:
    """A label cell that opens with its codes (``201 03 一般公共服务``) as code cells and a label;
    each cell keeps the index of the column it came from."""
    out = []
    for col, (s, e, cell) in enumerate(cells):
        m = _LEADING_CODES.match(cell)
        if m is None:
            out.append((s, e, cell, col))
            continue
        for c in re.finditer(r"[0-9]+", m.group()):
            out.append((s + c.start(), s + c.end(), c.group(), col))
        if cell[m.end() :].strip():
            out.append((s + m.end(), e, cell[m.end() :], col))
    return out


def _label(text: str) -> str | None:
    text = MARKED.sub("", text).strip(" ：:")
    return text or None


def _column_unit(header: str | None) -> str | None:
    if not header:
        return None
    m = _COLUMN_UNIT.search(header)
    if m is None:
        return None
    return "%" if m["pct"] else m["unit"]


def _columns(header_lines: list[_Line], tabbed: bool, width: int) -> list[str | None]:
    """Column headers by column index; multi-row headers joined, merged cells carried right."""
    if not header_lines:
        return [None] * width
    if tabbed:
        rows = []
        for h in header_lines:
            cells = [c[2] for c in _cells(h)]
            carried: list[str] = []
            for c in cells + [""] * (width - len(cells)):
                carried.append(c or (carried[-1] if carried else ""))
            rows.append(carried[:width])
        out: list[str | None] = []
        for i in range(width):
            parts: list[str] = []
            for r in rows:
                if i < len(r) and r[i] and (not parts or parts[-1] != r[i]):
                    parts.append(r[i])
            out.append("".join(parts) or None)
        return out
    return [None] * width


def in_tables(figures: Sequence[Figure], tables: Sequence[Table]) -> list[Cell | None]:
    """For each figure, the table cell it fills exactly, else None."""
    if not tables:
        return [None] * len(figures)
    at: dict[int, Cell] = {}  # the cell that begins at each offset (the first, if two do)
    for table in tables:
        for cell in table.cells:
            at.setdefault(cell.start, cell)
    out: list[Cell | None] = []
    for fig in figures:
        found = at.get(fig.start)
        # the figure is the cell, or the cell and the unit that layout put beside it
        out.append(found if found is not None and found.end <= fig.end else None)
    return out


@cache
def _scale(unit: str) -> Figure | None:
    """What one of a table's units is, read by the engine itself (万元 → 10000 元, money;
    万吨 → 10000 吨, 1e7 千克); 千元新台币 as 千新台币. None for a unit it does not read."""
    for written in (unit, _YUAN_BEFORE_CURRENCY.sub("", unit)):
        try:
            return parse_quantity("1" + written)
        except ValueError:
            continue
    return None


_YUAN_BEFORE_CURRENCY = compile_fast(r"元(?=\S)")


def cell_figure(fig: Figure, cell: Cell) -> Figure:
    """A figure in a table cell, read with what the table says: a code is a code,
    and a bare number takes the column's or the table's unit (万元 → money in 元)."""
    if cell.code:
        return fig._replace(kind="code", value=None, value_max=None, unit=None, qualifier="exact", per=None)
    if fig.unit is not None or fig.kind not in ("count",) or cell.unit is None or fig.value is None:
        return fig
    one = _scale(cell.unit)
    if one is None or one.value is None:
        return fig._replace(unit=cell.unit)

    def times(v: float | None, by: float | None) -> float | None:
        return None if v is None or by is None else float(Decimal(repr(v)) * Decimal(repr(by)))

    return fig._replace(
        kind=one.kind,
        value=times(fig.value, one.value),
        value_max=times(fig.value_max, one.value),
        unit=one.unit,
        value_base=times(fig.value, one.value_base),
        unit_base=one.unit_base,
    )


def _blocks(lines: list[_Line], is_row: list[bool]) -> Iterator[tuple[int, int]]:
    """Runs of table rows [i, j), allowing a wrapped label line or two between rows."""
    i, n = 0, len(lines)
    while i < n:
        if not is_row[i]:
            i += 1
            continue
        j = i + 1
        gap = 0
        while j < n:
            if is_row[j]:
                j += 1
                gap = 0
                continue
            t = lines[j].text.strip()
            if gap < 2 and t and len(t) <= 30 and not _PROSE.search(t):
                gap += 1
                j += 1
                continue
            break
        j -= gap
        yield i, j
        i = j


def _caption(lines: list[_Line], h0: int) -> str | None:
    """The table's caption: the nearest line above its header that is neither a unit line nor a sentence."""
    for k in range(h0 - 1, max(-1, h0 - 4), -1):
        t = lines[k].text.strip()
        if not t or _UNIT_LINE.search(t) or _NOT_CAPTION.search(t):
            continue
        return None if _PROSE.search(t) else t
    return None


def find_tables(text: str) -> list[Table]:
    """Every table in ``text``, with its number cells.

    >>> t = "收入决算表\\n单位：万元\\n项目\\t决算数\\n201 一般公共服务支出\\t264.87\\n合计\\t307.82"
    >>> [(t[c.start:c.end], c.label, c.column, c.unit, c.code) for c in find_tables(t)[0].cells]
    [('201', None, None, None, True), ('264.87', '一般公共服务支出', '决算数', '万元', False), ('307.82', '合计', '决算数', '万元', False)]
    """
    lines = _lines(text)
    tables: list[Table] = []
    unit_at: list[tuple[int, str]] = [(ln.start, m["unit"]) for ln in lines for m in [_UNIT_LINE.search(ln.text)] if m]
    unit_starts = [u[0] for u in unit_at]
    is_row = [_row(ln) is not None for ln in lines]
    for i, j in _blocks(lines, is_row):
        rows = [ln for ln, r in zip(lines[i:j], is_row[i:j], strict=True) if r]
        if len(rows) < 2 and not any(_UNIT_LINE.search(ln.text) for ln in lines[max(0, i - 3) : i]):
            continue  # one line of numbers with nothing to say it is a table
        # header: the lines above the first row, back to a unit line, a caption or a sentence
        h0 = i
        while h0 > 0 and i - h0 < _HEADER_LINES:
            t = lines[h0 - 1].text
            if _PROSE.search(_UNIT_LINE.sub("", t)) or _UNIT_LINE.search(t) or not t.strip():
                break
            h0 -= 1
        header_lines = [ln for ln in lines[h0:i] if ln.text.strip()]
        caption_line = _caption(lines, h0)
        k = bisect.bisect_right(unit_starts, lines[i].start) - 1
        # the nearest unit statement above the table, if no other table stands between
        unit = (
            unit_at[k][1]
            if k >= 0 and (not tables or unit_at[k][0] > tables[-1].start) and lines[i].start - unit_at[k][0] < 600
            else None
        )
        if unit is None and not header_lines and tables and tables[-1].unit and lines[i].start - tables[-1].end < 200:
            unit = tables[-1].unit  # a table continued after a page break or a wrapped label
        tabbed = _tabbed(rows[0].text)
        width = max(len(_cells(r)) for r in rows)
        columns = _columns(header_lines, tabbed, width)
        space_header = header_lines[-1].text.split() if header_lines and not tabbed else []
        if len(space_header) < 2 or any(MARKED.match(h) for h in space_header):
            space_header = []
        full = max(sum(1 for c in _cells(r) if _is_number(c[2]) and not _CODE.fullmatch(c[2])) for r in rows)
        table = Table(lines[i].start, lines[j - 1].end, caption_line, unit, [c or "" for c in columns])
        label = None
        pending: list[str] = []  # a label wrapped onto lines of its own, before its numbers
        for ln, r in zip(lines[i:j], is_row[i:j], strict=True):
            if not r:
                # its codes are codes, its words the label of the numbers that follow
                for s, e, cell, _ in _split_codes(_cells(ln)):
                    if _CODE.fullmatch(cell):
                        table.cells.append(Cell(s, e, None, None, None, True))
                    elif _CJK.search(cell):
                        pending.append(cell)
                continue
            if pending:
                label = _label("".join(pending))
                pending = []
            cells = _split_codes(_cells(ln))
            decimals = any("." in c[2] for c in cells if _NUMBER.fullmatch(c[2]))
            first_label = next((k for k, c in enumerate(cells) if _CJK.search(c[2])), len(cells))
            values = []
            after_label = False
            for idx, (s, e, cell, col) in enumerate(cells):
                if not _NUMBER.fullmatch(cell):
                    if not _is_number(cell) and _CJK.search(cell):
                        # a label that layout split into cells (无正当理由大量反复 申请) reads as one
                        label = _label((label or "") + cell) if after_label and not tabbed else _label(cell)
                        after_label = True
                    continue
                after_label = False
                nxt = cells[idx + 1][2] if idx + 1 < len(cells) else ""
                # 201 03 02 一般行政管理事务: the codes that open a budget row; in a
                # two-table row (… 95.36 302 商品和服务支出 10.23) a code opens each half.
                opens = idx < first_label or (decimals and bool(_CJK.search(nxt)))
                if _CODE.fullmatch(cell) and opens and first_label < len(cells):
                    table.cells.append(Cell(s, e, None, None, None, True))
                    continue
                values.append((col, s, e, label))
            for n, (idx, s, e, row_label) in enumerate(values):
                if tabbed:
                    column = columns[idx] if idx < len(columns) else None
                elif space_header and len(values) == full and full <= len(space_header):
                    column = space_header[len(space_header) - full + n]
                else:
                    column = None
                cunit = _column_unit(column) or unit
                table.cells.append(Cell(s, e, row_label, column, cunit, caption=caption_line))
        tables.append(table)
    return tables
