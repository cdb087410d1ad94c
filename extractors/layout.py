"""Layout whitespace inside one expression: ``5365 亿元``, ``2023 年``, ``个百\\n分点``.

PDF text layers and typeset pages put spaces and line breaks where a person
reads one expression. Before scanning, :func:`close_gaps` removes the
whitespace that sits *inside* an expression (a numeral and the unit,
multiplier, qualifier or date word after it; two halves of one unit word), and
keeps a map back to the source so that every figure's ``surface`` is the exact
source text, spaces included. Whitespace between two numbers is never removed
(``4,213,779.28 4,213,779.28`` are two table cells), and a line break is closed
only when its line is not a table row.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .guards import compile_fast
from .lexicon import alternation, read_lists, read_rows
from .numerals import DIGITS, UNITS

__all__ = ["Gaps", "close_gaps"]

_CN = "".join(DIGITS) + "".join(UNITS)  # a Chinese numeral's characters
_NUMERAL_END = f"0-9{_CN}"
_UNIT_WORDS = [row[0] for row in read_rows("units.tsv")]
_PERCENT_WORDS = [row[0] for row in read_rows("percent_words.tsv")]
_BEFORE_WORDS = tuple(row[0] for row in read_rows("qualifiers.tsv") if row[1] == "before")
_AFTER_WORDS = [row[0] for row in read_rows("qualifiers.tsv") if row[1] in ("after", "inside")]
# What may follow a numeral across a gap: a unit, a multiplier, a qualifier
# written after it, a percent sign, or the 年/月/日 of a date.
_CONTINUES = compile_fast(alternation([*_UNIT_WORDS, *UNITS, *_AFTER_WORDS, "年", "月", "日", "号", "%", "‰"]))
# Two halves of one unit word (公 分, 个百 分点): every adjacent pair of characters in one.
_PAIRS = frozenset(w[i : i + 2] for w in [*_UNIT_WORDS, *_PERCENT_WORDS] for i in range(len(w) - 1))
_GAP = compile_fast(r"[ \t\u00a0\u3000]*\n?[ \t\u00a0\u3000]*")
# A run of layout whitespace between two visible characters; the one before it is checked in
# Python (a pattern that begins with its class is searched in C, one that begins with a
# lookbehind is tried at every position).
_CANDIDATE = compile_fast(r"[ \t\u00a0\u3000\n][ \t\u00a0\u3000\n]*(?=\S)")  # a class first, not a repeat
_NUMERAL_BEFORE = compile_fast(f"[{_NUMERAL_END}]")
_DIGIT_BEFORE = compile_fast("[0-9]")
_MULT = "".join(UNITS)
# A date's month or day after a spaced year or month: 2023 年 3 月.
_DATE_NEXT = compile_fast(r"[0-9]{1,2}[ \t\u00a0\u3000]?[月日号]")
_TOKEN = compile_fast(r"[0-9][0-9,.]*")
_DATE_RANGE = compile_fast(rf"[年月日号](?:{alternation(read_lists('fragments.tsv')['range_separators'])})$")
# The characters a closing gap can follow without a digit after it (see _closes): most
# whitespace (a line break after 。) is passed over on this one test.
_MAY_FOLLOW = frozenset(pair[0] for pair in _PAIRS) | frozenset(_MULT) | frozenset("年月")


@dataclass(frozen=True)
class Gaps:
    """Where whitespace was removed: positions in the closed text and the shift after each."""

    at: tuple[int, ...]
    shift: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the closed text as a span of the source (gaps inside it included)."""
        at, shift = self.at, self.shift  # one call per span: the scanner places every figure
        i = bisect.bisect_right(at, start) - 1
        source_start = start + (shift[i] if i >= 0 else 0)
        if end <= start:
            return source_start, source_start
        j = bisect.bisect_right(at, end - 1, i if i > 0 else 0) - 1
        return source_start, end + (shift[j] if j >= 0 else 0)


def _table_row(text: str, gap_start: int) -> bool:
    """Whether the line ending at ``gap_start`` holds two or more numbers apart (a table row)."""
    line_start = text.rfind("\n", 0, gap_start) + 1
    return len(_TOKEN.findall(text, line_start, gap_start)) >= 2


def _closes(text: str, start: int, end: int) -> bool:
    """Whether the whitespace ``text[start:end]`` lies inside one expression."""
    if not _GAP.fullmatch(text, start, end):
        return False  # two line breaks: a paragraph apart
    before, after = text[start - 1], text[end]
    if before + after in _PAIRS and _NUMERAL_BEFORE.search(text, max(0, start - 5), start):
        joined = True  # 171公 分, 3个百\n分点
    elif before.isdigit() or (before in _MULT and _DIGIT_BEFORE.search(text, max(0, start - 4), start)):
        joined = _CONTINUES.match(text, end) is not None and not (before in _CN and after in _CN)
    elif after.isdigit() and text.endswith(_BEFORE_WORDS, max(0, start - 4), start):
        joined = True  # 少于 2家, 约 300人
    elif after.isdigit() and _DATE_RANGE.search(text, max(0, start - 3), start):
        joined = True  # 2020 年至 2023 年: the second date of a range
    elif before in "年月" and after.isdigit():
        joined = (
            _DATE_NEXT.match(text, end) is not None
            and _NUMERAL_BEFORE.search(text, max(0, start - 6), start) is not None
        )
    else:
        joined = False
    if joined and "\n" in text[start:end]:
        joined = not _table_row(text, start)
    return joined


def close_gaps(folded: str) -> tuple[str, Gaps | None]:
    """``folded`` without the whitespace that layout put inside expressions.

    Returns the closed text and the map back to ``folded`` (``None`` when
    nothing was removed, so that clean text costs one search).

    >>> close_gaps("全年预算为 11.72 万元，其中 2023 年")[0]
    '全年预算为 11.72万元，其中 2023年'
    >>> close_gaps("合计 4,213,779.28 4,213,779.28")[1] is None
    True
    >>> text, gaps = close_gaps("提高3个百\\n分点")
    >>> text, gaps.span(2, 8)
    ('提高3个百分点', (2, 9))
    """
    pieces: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = removed = 0
    for m in _CANDIDATE.finditer(folded):
        s, e = m.span()
        if not s:
            continue
        before, after = folded[s - 1], folded[e]
        if before.isspace():
            continue  # not the start of the run
        if not (before in _MAY_FOLLOW or before.isdigit() or after.isdigit()) or not _closes(folded, s, e):
            continue
        pieces.append(folded[last:s])
        removed += e - s
        at.append(s - removed + (e - s))  # the closed position where the next character lands
        shift.append(removed)
        last = e
    if not at:
        return folded, None
    pieces.append(folded[last:])
    return "".join(pieces), Gaps(tuple(at), tuple(shift))
