"""The time each indicator refers to: period_text, period_start, period_end.

Time phrases are found with our own patterns, around the date records that
``find_figures`` already made (``截至`` + 2024年12月30日, 2025年3月份 + ``以来``,
2024年 + ``秋季学期``) and from relative words (今年以来, 截至目前, 全年). An
indicator takes the nearest phrase before it in its sentence, or the phrase
that opens its paragraph. Relative phrases resolve against the report's year
(the year in its title, else the year of its date) and its date.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from extractors import INDICATOR_KINDS, Figure
from extractors.fold import fold
from extractors.guards import compile_fast
from extractors.lexicon import alternation, literal_led, read_lists, read_rows, stops
from extractors.numerals import DIGITS, numeral_value
from extractors.patterns import RANGE_SEP, YEAR_CN
from extractors.punctuation import boundary

from .context import headings, paragraphs

__all__ = ["Period", "periods", "report_year"]

_WORDS = read_lists("period_words.tsv", "indicators")


def _alt(name: str) -> str:
    return alternation(_WORDS[name])


_BEFORE = compile_fast(rf"(?:{_alt('until')}|{_alt('from')})[ \t]*$")  # 截至 2023 年 6 月 (a PDF's spaces)
_AFTER = compile_fast(
    rf"(?:(?:{_alt('activity')})?(?:{_alt('since')})|{_alt('starting')}|{_alt('term_tails')}|{_alt('before')})"
)
_JOIN = compile_fast(rf"(?:{_alt('joiners')})")
_COMPARE_BEFORE = frozenset(_WORDS["compare_before"])
# the relative phrases are the words of relative_periods.tsv: a new one is one row there
_WORDS_RELATIVE = {row[0]: row[1] for row in read_rows("relative_periods.tsv", "indicators")}
# scanned over whole texts: each word opens with its first character, so that re looks for
# them in C; that a word does not follow a comparison (比去年, 较上年) is checked after it
_NOT_AFTER = "".join(_WORDS["compare_before"])
_RELATIVE = compile_fast(literal_led(_WORDS_RELATIVE, after_first=rf"(?<![{_NOT_AFTER}].)"))
_ITEM = compile_fast(alternation(_WORDS["list_items"]))  # Chinese words: one not after another Chinese character
_CONTINUES = compile_fast(rf"\s*(?:{_alt('continuations')})")
_SENTENCE = boundary("sentence_end", "line_break")
_CLAUSE = boundary("clause_end", "colon", "line_break")
_AHEAD = 60

_Y = rf"(?P<y>(?:19|20)[0-9]{{2}}|{YEAR_CN}|[0-9]{{2,3}}(?=年度?))"
_DATE = compile_fast(
    rf"(?:{_Y}(?:/(?P<y2>[0-9]{{2}}|[{''.join(DIGITS)}]{{2}}))?年度?)?"
    r"(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?:-(?P<m2>1[0-2]|0?[1-9]))?月(?:份)?)?"
    r"(?:(?P<d>3[01]|[12][0-9]|0?[1-9])[日号])?"
    rf"(?P<tail>{_alt('date_tails')})?"
)
_ISO = compile_fast(r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})")
_SPAN = compile_fast(rf"^{_Y}\s*(?:[-—~至到]+)\s*(?P<y2>(?:19|20)[0-9]{{2}})(?P<unit>学年|年度|年)?$")
_LAYOUT = compile_fast(r"\s+")
# 二零二四至二五年度, 2024-25年度: the engine's range separators between a year and a fiscal year's end
_FISCAL_SEP = compile_fast(
    rf"(?<=[0-9{''.join(DIGITS)}])(?:{RANGE_SEP})(?=(?:[0-9]{{2}}|[{''.join(DIGITS)}]{{2}})年度$)"
)
_RANGE = compile_fast(r"至|到|—|~|－|(?<=[日月年份])-")


@dataclass(frozen=True)
class Period:
    """A phrase as written and the dates it spans (either end may be unknown)."""

    text: str | None = None
    start: date | None = None
    end: date | None = None


NO_PERIOD = Period()


def _year(raw: str) -> int:
    y = int(numeral_value(raw))
    return y + 1911 if y < 200 else y  # 114年度: a year of the Republic of China calendar


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


@dataclass
class _Span:
    start: date
    end: date


_PART_ENDS = frozenset(_WORDS["month_end"])  # 一季度末, 上半年底: the end of a part, as of a month
_PART_TAILS = frozenset(_WORDS["part_tails"])


def _parse_one(s: str, year: int | None, month: int | None) -> tuple[_Span | None, int | None, int | None]:
    """One date expression (no range) to the span it covers; returns the year and month it used."""
    s = s.strip()
    if len(s) > 2 and s[-1] in _PART_ENDS and s[-2] in _PART_TAILS:
        # 一季度末, 上半年末: the last day of that part of the year
        part, y, mo = _parse_one(s[:-1], year, month)
        return (_Span(part.end, part.end) if part else None), y, mo
    m = _ISO.fullmatch(s)
    if m:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        return _Span(d, d), d.year, d.month
    m = _DATE.fullmatch(s)
    if not m or not s:
        return None, year, month
    y = _year(m["y"]) if m["y"] else year
    if y is None:
        return None, year, month
    tail = m["tail"] or ""
    if m["y2"]:  # 2023/24年度: a fiscal year from April
        return _Span(date(y, 4, 1), date(y + 1, 3, 31)), y, None
    if m["m"]:
        mo = int(numeral_value(m["m"]))
        if m["d"]:
            d = date(y, mo, int(m["d"]))
            return _Span(d, d), y, mo
        last = int(numeral_value(m["m2"])) if m["m2"] else mo
        if tail in _WORDS["month_end"]:  # 6月末, 8月底: the month's last day, as 年末 is the year's
            return _Span(_month_end(y, mo), _month_end(y, mo)), y, mo
        if tail in _WORDS["late_month"]:
            return _Span(date(y, mo, 21), _month_end(y, mo)), y, mo
        return _Span(date(y, mo, 1), _month_end(y, last)), y, last
    if m["d"] and month:
        d = date(y, month, int(m["d"]))
        return _Span(d, d), y, month
    span = _TERMS.get(tail)
    if span:
        (m1, d1, dy1), (m2, d2, dy2) = span
        return _Span(date(y + dy1, m1, d1), date(y + dy2, m2, d2)), y, None
    return _Span(date(y, 1, 1), date(y, 12, 31)), y, None


def _terms() -> dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """Spans of year parts, from period_spans.tsv: word → ((month, day, year offset), (…))."""
    out = {}
    for row in read_rows("period_spans.tsv", "indicators"):
        a = tuple(int(x) for x in row[1].split("-"))
        b = tuple(int(x) for x in row[2].split("-"))
        for word in row[0].split("|"):
            out[word] = ((a[1], a[2], a[0]), (b[1], b[2], b[0]))
    return out


_TERMS = _terms()


@lru_cache(maxsize=4096)  # a report states the same dates again and again
def parse_span(s: str, year: int | None) -> tuple[date, date] | None:
    """The dates a date expression covers; a year-less one takes ``year``.

    >>> parse_span("2023年12月至2024年2月", None)
    (datetime.date(2023, 12, 1), datetime.date(2024, 2, 29))
    >>> parse_span("2024-2025学年", None)
    (datetime.date(2024, 9, 1), datetime.date(2025, 7, 15))
    >>> parse_span("1-12月份", 2021)
    (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    >>> parse_span("二零二四至二五年度", None)
    (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    """
    s = _LAYOUT.sub("", s).rstrip("份")  # 2023 年度 from a PDF reads as 2023年度
    s = _FISCAL_SEP.sub("/", s)  # 二零二四至二五年度, 2024-25年度: the fiscal year 2024/25
    m = _SPAN.match(s)
    try:
        if m:
            y1, y2 = _year(m["y"]), int(m["y2"])
            if m["unit"] == "学年":
                return date(y1, 9, 1), date(y2, 7, 15)
            return date(y1, 1, 1), date(y2, 12, 31)
        parts = [p for p in _RANGE.split(s) if p.strip()]
        if not parts:
            return None
        first, y, mo = _parse_one(parts[0], year, None)
        if first is None:
            return None
        last = first
        for part in parts[1:]:
            span, y, mo = _parse_one(part, y, mo)
            if span is None:
                return None
            last = span
        return first.start, last.end
    except (ValueError, KeyError):
        return None


def report_year(title: str | None, published: str | None) -> int | None:
    """The year a report covers: the year in its title, else the year of its date.

    >>> report_year("河西区2024年国民经济和社会发展统计公报", "2025-03-01")
    2024
    """
    if title:
        m = re.search(r"((?:19|20)[0-9]{2})\s*年", title)
        if m:
            return int(m.group(1))
    return int(published[:4]) if published else None


@dataclass
class _Phrase:
    start: int
    end: int
    period: Period
    adverbial: bool = False  # a relative phrase (今年以来, 巡察过程中) opens a sentence with or without a comma


def _phrases(
    text: str,
    folded: str,
    figures: Sequence[Figure],
    year: int | None,
    today: date | None,
    this_year: int | None = None,
    fiscal: tuple[date, date] | None = None,
    covered: tuple[date, date] | None = None,
) -> list[_Phrase]:
    """Every time phrase of the text, in order."""
    out: list[_Phrase] = []
    dates = [f for f in figures if f.kind == "date"]
    context_year = year
    i = 0
    while i < len(dates):
        fig = dates[i]
        start, end = fig.start, fig.end
        span = parse_span(folded[fig.start : fig.end], context_year)
        if span is None:
            i += 1
            continue
        context_year = span[1].year if _NAMES_YEAR.search(fig.surface) else context_year
        lo, hi = span
        # 2024年8月和9月, 2024年秋季和2025年春季: one phrase over both
        tail = _AFTER.match(folded, end)
        if tail and tail.group() in _TERMS:
            lo, hi = _apply_term(tail.group(), lo.year)
            end = tail.end()
        while i + 1 < len(dates):
            nxt = dates[i + 1]
            join = _JOIN.fullmatch(folded, end, nxt.start)
            nxt_span = parse_span(folded[nxt.start : nxt.end], lo.year) if join else None
            if nxt_span is None or nxt_span[1] < lo:
                break  # 二零一五年全年与二零一四年比较: a comparison, not one period over both
            i += 1
            hi = nxt_span[1]
            end = nxt.end
            tail2 = _AFTER.match(folded, end)
            if tail2 and tail2.group() in _TERMS:
                hi = _apply_term(tail2.group(), nxt_span[0].year)[1]
                end = tail2.end()
        p_start: date | None = lo
        p_end: date | None = hi
        if start and folded[start - 1] in _COMPARE_BEFORE:
            i += 1  # 较113年度增加: a date compared with, not the figure's period
            continue
        before = _BEFORE.search(folded, max(0, start - 6), start) if start else None
        after = tail if end == fig.end else _AFTER.match(folded, end)  # the same look when nothing joined
        if before and before.group().rstrip() in _WORDS["until"]:
            start, p_start = before.start(), None
        elif before:
            start = before.start()
        if after and after.group() not in _TERMS:
            word = after.group()
            end = after.end()
            if word in _WORDS["before"]:
                p_start, p_end = None, lo - timedelta(days=1)
            else:  # 以来, 至今, 开始, 起
                p_end = today
        out.append(_Phrase(start, end, Period(text[start:end], p_start, p_end)))
        i += 1
    plans = _plan_years(text, folded) if today is None else []  # without a date, 今年 of a plan section
    plan_starts = [pos for pos, _ in plans]
    for m in _RELATIVE.finditer(folded):
        k = bisect.bisect_right(plan_starts, m.start()) - 1
        now = plans[k][1] if k >= 0 and plans[k][1] is not None else this_year
        out.append(
            _Phrase(
                m.start(),
                m.end(),
                _relative(text[m.start() : m.end()], m.group(), year, today, now, fiscal, covered),
                adverbial=True,
            )
        )
    out.sort(key=lambda p: p.start)
    return _without_overlaps(out)


_NAMES_YEAR = compile_fast(r"(?:19|20)[0-9]{2}|年")  # a date that names its year sets the year of the next


def _apply_term(word: str, y: int) -> tuple[date, date]:
    (m1, d1, dy1), (m2, d2, dy2) = _TERMS[word]
    return date(y + dy1, m1, d1), date(y + dy2, m2, d2)


def _without_overlaps(phrases: list[_Phrase]) -> list[_Phrase]:
    out: list[_Phrase] = []
    for p in phrases:
        if out and p.start < out[-1].end:
            continue  # 截至目前 inside a longer phrase, or a relative word inside a date phrase
        out.append(p)
    return out


_VAGUE = frozenset(_WORDS["vague_openings"])


# a plan section's heading (二、2024年工作安排), as the measures read plan sections
_PLAN_SECTIONS = read_lists("measure_words.tsv", "indicators")["plan_sections"]
_PLAN_HEADING = compile_fast(rf"(?P<y>(?:19|20)[0-9]{{2}})\s*年[^。\n]{{0,12}}?(?:{alternation(_PLAN_SECTIONS)})")


def _plan_years(text: str, folded: str) -> list[tuple[int, int | None]]:
    """Where each top-level section begins, and the year it plans when it is a plan
    (二、2024年工作安排): a work report's 今年 there is that year, whatever year it reviews.

    >>> t = "一、2023年工作回顾\\n今年以来…\\n二、2024年工作安排\\n今年主要目标…"
    >>> _plan_years(t, t)
    [(0, None), (18, 2024)]
    """
    out: list[tuple[int, int | None]] = []
    for pos, end, level, marker in headings(text, folded):
        if level == 0:
            plan = _PLAN_HEADING.match(folded, marker, min(end, marker + 30))
            out.append((pos, int(plan["y"]) if plan else None))
    return out


def _vague(text: str | None) -> bool:
    """Whether a phrase opening a paragraph leaves the rest of it undated (近年来, 近年來,…).

    >>> _vague("近年來"), _vague("今年以来")
    (True, False)
    """
    return text is not None and fold(text) in _VAGUE


def _relative(
    raw: str,
    word: str,
    year: int | None,
    today: date | None,
    this_year: int | None = None,
    fiscal: tuple[date, date] | None = None,
    covered: tuple[date, date] | None = None,
) -> Period:
    """今年以来, 截至目前, 全年, 去年 … against the report's years and date: 全年, 当年 and the
    parts of a year take the year the report covers; 今年 and 去年 the year it was written in."""
    rule = _WORDS_RELATIVE.get(word, "")
    if rule == "covered":  # 巡察过程中: the days of the inspection the report is about
        return Period(raw, *covered) if covered else Period(raw)
    if rule == "now":
        return Period(raw, None, today)
    now = this_year if this_year is not None else year
    if rule in ("this_year", "year_to_date", "last_year"):
        if now is None:
            return Period(raw)
        if rule == "year_to_date":
            return Period(raw, date(now, 1, 1), today)
        if rule == "last_year":
            return Period(raw, date(now - 1, 1, 1), date(now - 1, 12, 31))
        return Period(raw, date(now, 1, 1), date(now, 12, 31))
    if year is None:
        return Period(raw)
    if rule == "year" and fiscal is not None:
        return Period(raw, *fiscal)  # 下年度, 全年 in a budget for 2014/15: that fiscal year
    if rule.startswith("years_back"):  # 五年来: the five years that end with the covered one
        n = int(rule.split(":")[1])
        return Period(raw, date(year - n + 1, 1, 1), date(year, 12, 31))
    if rule in _TERMS:
        lo, hi = _apply_term(rule, year)
        return Period(raw, lo, hi)
    return Period(raw, date(year, 1, 1), date(year, 12, 31))


def _duration_end(fig: Figure, period: Period) -> Period:
    """为期一个月 from 2025年2月14日: the period ends when the duration does."""
    if fig.kind != "duration" or period.start is None or fig.value is None or fig.unit not in ("月", "天", "年"):
        return period
    try:
        return Period(period.text, period.start, _add(period.start, int(fig.value), fig.unit))
    except (OverflowError, ValueError):
        return Period(period.text, period.start, None)  # 为期99999999天 runs past the calendar


def _add(start: date, n: int, unit: str) -> date:
    """The last day of ``n`` days, months or years from ``start``."""
    if unit == "天":
        return start + timedelta(days=n - 1)
    months = n * (12 if unit == "年" else 1)
    y, m = divmod(start.month - 1 + months, 12)
    end = date(start.year + y, m + 1, min(start.day, calendar.monthrange(start.year + y, m + 1)[1]))
    return end - timedelta(days=1)


def periods(
    text: str,
    folded: str,
    figures: Sequence[Figure],
    year: int | None = None,
    today: date | None = None,
    *,
    this_year: int | None = None,
    covers: Period | None = None,
    covered: tuple[date, date] | None = None,
) -> list[Period]:
    """The period of each figure (empty for non-indicators and undated figures).

    In this order: a phrase in the figure's own clause or before it in its sentence; the
    period of the sentence before when this one continues it (其中, 同时, 分类别看); the
    phrase that opens its paragraph; its section heading's (一、2014年工作回顾); the
    period the whole report covers (``covers``: a bulletin's or a budget's year). ``year``
    is the year the report covers (全年, 上半年), ``this_year`` the year it was written in
    (今年, 去年), ``today`` its date (今年以来 runs to it), ``covered`` the days the report
    covers whether or not they date its figures (巡察过程中 is the inspection's days).

    >>> from extractors import find_figures, fold
    >>> t = "截至2024年12月30日,共接收信访件60件。今年以来,开展培训3次。"
    >>> [(p.text, str(p.start), str(p.end)) for p in periods(t, fold(t), find_figures(t), 2025, date(2025, 8, 8))]
    [(None, 'None', 'None'), ('截至2024年12月30日', 'None', '2024-12-30'), ('今年以来', '2025-01-01', '2025-08-08')]
    """
    fiscal = (
        (covers.start, covers.end)
        if covers is not None and covers.start and covers.end and (covers.start.month, covers.end.month) == (4, 3)
        else None
    )
    phrases = _phrases(text, folded, figures, year, today, this_year, fiscal, covered)
    starts = [p.start for p in phrases]
    bounds = [stop + 1 for stop in stops(_SENTENCE, folded)]  # where sentences begin
    lines = [start for start, _ in paragraphs(text)]  # where paragraphs begin
    # where the items of a list begin (一是, 二是), not inside a word (统一是): the words are
    # searched by their first characters in C, the character before each looked at here
    items = [
        p for p in (m.start() for m in _ITEM.finditer(folded)) if not p or not "\u4e00" <= folded[p - 1] <= "\u9fff"
    ]
    sections = _section_periods(text, folded, phrases, starts)
    section_starts = [s for s, _ in sections]
    own = _compared_values(text, folded, figures, year)
    # what a sentence's opening and a paragraph's or item's opening say, asked once per text
    continuing: dict[int, bool] = {}
    openings: dict[int, _Phrase | None] = {}
    out: list[Period] = []
    for fig in figures:
        if fig.kind not in INDICATOR_KINDS:
            out.append(NO_PERIOD)
            continue
        if fig.start in own:
            out.append(own[fig.start])  # 较2024年的2190万元: the comparison year's own value
            continue
        found = _governing(folded, phrases, starts, bounds, lines, items, fig, continuing, openings)
        if found is NO_PERIOD:
            k = bisect.bisect_right(section_starts, fig.start) - 1
            heading = sections[k][1] if k >= 0 else None
            found = heading or covers or NO_PERIOD
        out.append(_duration_end(fig, found) if fig.kind == "duration" else found)
    return out


def _compared_values(text: str, folded: str, figures: Sequence[Figure], year: int | None) -> dict[int, Period]:
    """Figures that are a comparison year's own value (较2024年的2190万元), by their start:
    the year compared with dates them, though it dates nothing else."""
    out: dict[int, Period] = {}
    for fig in figures:
        if fig.kind != "date" or not fig.start or folded[fig.start - 1] not in _COMPARE_BEFORE:
            continue
        if not folded.startswith("的", fig.end):
            continue
        span = parse_span(folded[fig.start : fig.end], year)
        if span is not None:
            out[fig.end + 1] = Period(text[fig.start : fig.end], *span)
    return out


def _section_periods(
    text: str, folded: str, phrases: list[_Phrase], starts: list[int]
) -> list[tuple[int, Period | None]]:
    """Where each section begins and the period its headings name (the deepest that names one):
    一、2014年工作回顾 dates the figures of its section."""
    out: list[tuple[int, Period | None]] = []
    stack: list[tuple[int, Period | None]] = []
    for pos, stop_at, level, marker in headings(text, folded):
        end = min(stop_at, pos + _HEADING_SPAN)
        stop = _SENTENCE.search(folded, marker, end)
        end = stop.start() if stop else end
        i = bisect.bisect_left(starts, pos)
        period = phrases[i].period if i < len(phrases) and phrases[i].start < end else None
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, period))
        out.append((pos, next((p for _, p in reversed(stack) if p is not None), None)))
    return out


_HEADING_SPAN = 40


def _governing(
    folded: str,
    phrases: list[_Phrase],
    starts: list[int],
    bounds: list[int],
    lines: list[int],
    items: list[int],
    fig: Figure,
    continuing: dict[int, bool],
    openings: dict[int, _Phrase | None],
) -> Period:
    b = bisect.bisect_right(bounds, fig.start) - 1
    sentence_start = bounds[b] if b >= 0 else 0
    i = bisect.bisect_right(starts, fig.start) - 1
    while i >= 0 and phrases[i].end > fig.start:
        i -= 1
    if i >= 0 and phrases[i].start >= sentence_start:
        return phrases[i].period
    # 7个督查组在2024年秋季和2025年春季开学检查期间: a phrase later in the same clause
    window = min(len(folded), fig.end + _AHEAD)  # a clause, not the rest of a run-on text
    k = bisect.bisect_left(starts, fig.end)
    if k < len(phrases) and phrases[k].start < window:
        clause_end = _CLAUSE.search(folded, fig.end, window)
        limit = clause_end.start() if clause_end else window
        if phrases[k].start < limit and not _SENTENCE.search(folded, fig.end, phrases[k].start):
            return phrases[k].period
    # a sentence that continues the one before (其中…, 同时…, 分类别看…) takes its period
    if sentence_start not in continuing:
        continuing[sentence_start] = _CONTINUES.match(folded, sentence_start) is not None
    if continuing[sentence_start] and b >= 0:
        prev_start = bounds[b - 1] if b >= 1 else 0
        j = bisect.bisect_left(starts, prev_start)
        if j < len(phrases) and phrases[j].start < sentence_start:
            return phrases[j].period
    # the heading-like opening of the list item (四是2025年以来,…) and then of the paragraph
    # (今年以来,…) governs the sentences after it
    para_start = lines[bisect.bisect_right(lines, fig.start) - 1] if lines else 0
    item = bisect.bisect_right(items, fig.start) - 1
    for opener in ([items[item]] if item >= 0 and items[item] >= para_start else []) + [para_start]:
        if opener not in openings:
            openings[opener] = _opening(folded, phrases, starts, opener)
        found = openings[opener]
        if found is not None and found.start < fig.start:
            return found.period
    return NO_PERIOD


def _opening(folded: str, phrases: list[_Phrase], starts: list[int], at: int) -> _Phrase | None:
    """The phrase that opens the text at ``at`` (within 4 characters: 四是, 一、) and dates
    what follows it, if one does; a vague one (近年来,…) dates nothing after it."""
    j = bisect.bisect_left(starts, at)
    if j < len(phrases):
        p = phrases[j]
        # a date right before a noun names it (2020年文体旅游局工作总结): a comma or a
        # relative phrase makes an opening
        opens = p.adverbial or _CLAUSE.match(folded, p.end) is not None
        if len(folded[at : p.start]) <= 4 and opens and not _vague(p.period.text):
            return p
    return None
