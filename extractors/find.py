"""find_figures: one scan of one pattern, then small functions per match."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .figure import INDICATOR_KINDS, Figure, Qualifier
from .fold import fold
from .guards import compile_fast
from .layout import Gaps, close_gaps
from .lexicon import boundary_before, read_words
from .numerals import APPROX, DIGITS, UNITS, numeral_value
from .patterns import (
    CNU,
    EACH_WORD,
    PER_LEFT,
    PER_TABLE,
    PER_WORDS,
    PERCENT_WORDS,
    PREFIX_UNITS,
    QUALIFIERS,
    QUOTE,
    SCANNER,
    TITLE,
    UNIT_TABLE,
    words,
)
from .punctuation import boundary

__all__ = ["find_figures"]

_INFIX = compile_fast(f"[{APPROX}]")
_NUMERAL_CHARS = compile_fast(rf"[0-9]+(?:[.·][0-9]+)?|[{''.join(DIGITS)}{CNU}]+(?:点[{''.join(DIGITS)}]+)?")
_DIGIT = compile_fast("[0-9]")
_NOT_DIGIT = compile_fast("[^0-9]")
_WHOLE = compile_fast("[0-9]+")
_BIG_MULT = compile_fast("[" + "".join(ch for ch, v in UNITS.items() if v >= 10_000) + "]")  # 万, 亿, 兆
_INSIDE_WORD = compile_fast(r"[0-9]+\.[0-9]+")
_CJK = compile_fast(r"[\u4e00-\u9fff]")
_NUMERAL_IN_TERM = compile_fast(rf"[0-9{''.join(DIGITS)}{CNU}]")
_HOTLINES = frozenset(read_words("hotlines.txt"))
_MONEY_WORDS = compile_fast("|".join(map(re.escape, read_words("money_words.txt"))))
# Where a clause begins, for rates (每天) and elided units read from the left.
_CLAUSE_END = boundary("clause_end", "sentence_end", "line_break")
_LIST_GAP = compile_fast(rf"[ \t]*(?:{words('list_joiners')})[ \t]*")
_NUMERAL_HEAD = compile_fast(rf"[0-9.,·]+[{CNU}]*")
_FURNITURE = compile_fast(r"[\s\-—–―－_第页]+")  # what decorates a page number: — 3 —, 第3页
_CHANGE_GAP = compile_fast(rf"[ \t]*(?:{words('change_words')})了?[ \t]*")


@lru_cache(maxsize=8192)  # numerals repeat (1个, 2024, 100%): their cleaning is done once
def _value(numeral: str) -> Decimal:
    return numeral_value(_INFIX.sub("", numeral).replace("k", "千").replace("K", "千"))


@lru_cache(maxsize=8192)  # dates and markers repeat (2024年, 一是)
def _first_numeral(text: str) -> float | None:
    """The value of the first numeral in a term, marker or ordinal, if it reads."""
    m = _NUMERAL_CHARS.search(text)
    if m is None:
        return None
    try:
        return float(_value(m.group()))
    except (ValueError, ArithmeticError):
        return None


def _unit_info(row: tuple[str, ...]) -> tuple[str, str, str | None, Fraction | None]:
    if len(row) >= 4 and row[2]:
        return row[0], row[1], row[2], Fraction(row[3])
    return row[0], row[1], None, None


# (unit, kind, base unit, factor to the base unit) for each unit surface
_UNITS = {surface: _unit_info(row) for surface, row in UNIT_TABLE.items()}


def _per(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lstrip(EACH_WORD)
    if word in PER_TABLE:
        return PER_TABLE[word]
    if word in UNIT_TABLE:
        return UNIT_TABLE[word][0]
    return word


def _qualifier(*words: str | None) -> Qualifier:
    for word in words:
        if word:
            return QUALIFIERS[word][1]  # type: ignore[return-value]
    return "exact"


def _fig(m: re.Match[str], start: int, end: int, surface: str) -> Figure | None:
    """Classify and normalise one match of the figure pattern (placed at ``start``, ``end``)."""
    pre, post, pctw, frac_a, cheng, ratio, slash = m.group(*_KIND_GROUPS)
    if not (pctw or frac_a or cheng or ratio or slash):
        return _quantity(m, start, end, surface)  # the common case, in one look at the groups
    fig = _other(m, start, end, surface, pre, post, pctw, frac_a, cheng, ratio, slash)
    if not _in_range(fig.value, fig.value_max, fig.value_base):
        raise ValueError("out of range")
    return fig


def _other(
    m: re.Match[str],
    start: int,
    end: int,
    surface: str,
    pre: str | None,
    post: str | None,
    pctw: str | None,
    frac_a: str | None,
    cheng: str | None,
    ratio: str | None,
    slash: str | None,
) -> Figure:
    """A percent in words (百分之五), a fraction, 成 or 折, a ratio (3:1, 5/8)."""
    if pctw:
        unit = PERCENT_WORDS[pctw]
        return Figure(start, end, surface, "percent", float(_value(m["pnum"])), None, unit, _qualifier(pre, post))
    if frac_a:
        den = _value(m["frac_a"])
        return Figure(
            start, end, surface, "ratio", float(_value(m["frac_b"])), None, None, _qualifier(pre, post), _num_text(den)
        )
    if cheng:
        return Figure(start, end, surface, "percent", float(_cheng(m)), None, "%", _qualifier(pre, post))
    if ratio:
        parts = [p.strip() for p in ratio.split(":")]
        per = parts[1] if len(parts) == 2 else None
        value = Decimal(parts[0].replace(",", "").replace("·", "."))
        return Figure(start, end, surface, "ratio", float(value), None, None, _qualifier(pre, post), per)
    assert slash is not None  # one of the kinds above matched
    value = Decimal(slash.replace(",", "").replace("·", "."))
    return Figure(start, end, surface, "ratio", float(value), None, None, _qualifier(pre, post), m["slashden"])


def _cheng(m: re.Match[str]) -> Decimal:
    """成 and 折 as a percentage: 六成 60, 三成半 35, 九折 90, 七五折 and 75折 75, 对折 50."""
    digits, zhe = m["cheng"], m["chengu"] == "折"
    if digits in ("对", "半") and zhe:
        return Decimal(50)  # 对折, 半折: half price
    n = Decimal("0.5") if digits == "半" else _value(digits)
    if zhe:
        return n if n >= 10 else n * 10
    extra = m["chengx"]
    if extra:
        n += Decimal("0.5") if extra == "半" else _value(extra) / 10
    return n * 10


def _num_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _multiplier(numeral: str) -> Decimal:
    """The trailing multiplier of a numeral written with Arabic digits (10-20万 → 万)."""
    tail = numeral.rstrip(APPROX)
    mult = Decimal(1)
    while tail and tail[-1] in CNU and _DIGIT.search(tail):
        mult *= numeral_value(tail[-1])
        tail = tail[:-1].rstrip(APPROX)
    return mult


# the groups read of every figure, by number (a name costs a look-up per group per figure)
_KIND_GROUPS = tuple(SCANNER.groupindex[name] for name in ("pre", "post", "pctw", "frac_a", "cheng", "ratio", "slash"))
_QUANTITY_GROUPS = tuple(
    SCANNER.groupindex[name]
    for name in ("num", "unit", "unit1", "num2", "sign", "pre", "post", "cursym", "per", "jiao", "fen", "half")
)
# What a figure's groups say, whatever its place: kind, value, value_max, unit, qualifier,
# per, value_base, unit_base (the fields of a Figure after its span and surface).
_Reading = tuple[str, float, float | None, str | None, str, str | None, float | None, str | None]


def _quantity(m: re.Match[str], start: int, end: int, surface: str) -> Figure | None:
    reading = _reading(m.group(*_QUANTITY_GROUPS))  # the groups in one call
    # every field given: the tuple built in C, not through the named tuple's __new__
    return None if reading is None else _new(Figure, (start, end, surface, *reading))


@lru_cache(maxsize=16384)  # a report repeats its quantities (1个, 2次, 100%): each read once
def _reading(groups: tuple[str | None, ...]) -> _Reading | None:
    """The reading of a quantity from its groups (numeral, unit, range, sign, qualifiers, rate).

    >>> _reading(("41.3万", "元", None, None, None, "约", None, None, None, None, None, None))
    ('money', 413000.0, None, '元', 'approx', None, None, None)
    """
    numeral, unit_surface, unit1, num2, sign, pre, post, cursym, per_word, jiao, fen, half = groups
    assert numeral is not None  # the numeral group is not optional
    arabic = numeral[0] in _ASCII_DIGITS  # an Arabic numeral begins with a digit (NUMBER_RAW)
    unit_surface = unit_surface or unit1
    if not unit_surface and not arabic:
        return None  # a Chinese numeral needs a measure word to be a figure (统一, 之一)
    value = _value(numeral)
    value_max = None
    if num2:
        value_max = _value(num2)
        if _multiplier(numeral) == 1 and _multiplier(num2) != 1:
            value *= _multiplier(num2)  # 10-20万元: both ends in 万
    if sign in ("-", "负"):
        value = -value
    if jiao or fen or half:  # what follows the unit: 6角3分 after 元, 半 after a unit of measure
        value += _parts(jiao, fen, half)
    infix = _INFIX.search(numeral)
    qualifier = _qualifier(pre, infix.group() if infix else None, post)
    value_base = unit_base = per = None
    if not unit_surface:
        kind, unit = ("money", PREFIX_UNITS[cursym]) if cursym else ("count", None)
    else:
        unit, kind, base_unit, factor = _UNITS[unit_surface]
        if unit == "分" and not arabic:
            return None  # 十分重要, 三分天下: points are written in digits
        if base_unit is not None and factor is not None and base_unit != unit:
            value_base = float(Decimal(value) * factor.numerator / factor.denominator)
            unit_base = base_unit
        per = _per(per_word)
    reading = kind, float(value), _opt(value_max), unit, qualifier, per, value_base, unit_base
    if not _in_range(reading[1], reading[2], reading[6]):
        raise ValueError("out of range")
    return reading


_ASCII_DIGITS = frozenset("0123456789")


def _parts(jiao: str | None, fen: str | None, half: str | None) -> Decimal:
    """What follows the unit: 6角3分 after 元, 半 after a unit of measure."""
    extra = Decimal(0)
    if jiao:
        extra += _value(jiao) / 10
    if fen:
        extra += _value(fen) / 100
    if half:
        extra += Decimal("0.5")
    return extra


def _opt(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plain(kind: str, start: int, end: int, surface: str, numeral: str) -> Figure:
    return _new(Figure, (start, end, surface, kind, _first_numeral(numeral), *_PLAIN_REST))


# the defaults of the fields after value, for a figure that is no quantity
_PLAIN_REST = tuple(Figure._field_defaults[name] for name in Figure._fields[5:])


_new = tuple.__new__


_LIMIT = 1e30  # no report states a quantity this large; past it a "number" is a code


def _in_range(v: float | None, w: float | None, b: float | None) -> bool:
    """Whether a figure's value, upper value and base value are each finite and below the
    limit (a 400-digit ratio is not). Comparisons, not a loop: NaN and inf fail them too."""
    return (
        (v is None or -_LIMIT < v < _LIMIT)
        and (w is None or -_LIMIT < w < _LIMIT)
        and (b is None or -_LIMIT < b < _LIMIT)
    )


def _scan(text: str, folded: str, gaps: Gaps | None = None) -> list[Figure]:
    """The figures of ``folded`` (with the layout ``gaps`` closed, if given), placed on ``text``."""
    place = gaps.span if gaps is not None else None
    figures: list[Figure] = []
    for m in SCANNER.finditer(folded):
        group = m.lastgroup
        if group == "skip":
            continue
        if group == "fig":
            start, end = m.span()
            if place is not None:
                start, end = place(start, end)
            try:
                fig = _fig(m, start, end, text[start:end])  # raises on a value out of range
            except (ValueError, ArithmeticError):
                # An absurd numeral (十十, 40 digits, a 400-digit ratio) is kept as a code, never a quantity.
                fig = Figure(start, end, text[start:end], "code")
            if fig is not None:
                figures.append(fig)
            continue
        if group in ("marker", "code"):
            # the marker or code itself, without the words that located it
            name = next((n for n in ("mk", "mk2", "mk3", "pc", "hits") if m[n]), group)
            start, end = m.span(name)
        else:
            start, end = m.span()
        if start < end:
            numeral = folded[start:end]
            if place is not None:
                start, end = place(start, end)
            # 关键一年: a year as an era is a term, not a duration
            kind = "term" if group == "era" else group or "term"
            figures.append(_plain(kind, start, end, text[start:end], numeral))
    return figures


_CLAUSE_LOOK = 60


def _clause_start(folded: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins (after the last comma or stop)."""
    return boundary_before(_CLAUSE_END, folded, pos, _CLAUSE_LOOK)


_LINE_LOOK = 12


def _alone_on_line(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` is all its line holds (spaces aside)."""
    # looked for only so far: a line of its own is short (and a run-on line stays linear)
    line_start = folded.rfind("\n", max(0, start - _LINE_LOOK), start) + 1
    if line_start == 0 and start > _LINE_LOOK:
        return False
    line_end = folded.find("\n", end, end + _LINE_LOOK)
    if line_end < 0:
        if len(folded) - end > _LINE_LOOK:
            return False
        line_end = len(folded)
    return not _FURNITURE.sub("", folded[line_start:start]) and not _FURNITURE.sub("", folded[end:line_end])


def _bare(fig: Figure, nxt: Figure | None, folded: str) -> Figure:
    """Decide what a number written with no unit is."""
    digits = _NOT_DIGIT.sub("", fig.surface)
    numeral = folded[fig.start : fig.end]
    # A list sharing the unit of its last member: 2.1和2.4个百分点.
    if nxt is not None and nxt.unit and _LIST_GAP.fullmatch(folded, fig.end, nxt.start):
        return fig._replace(kind=nxt.kind, unit=nxt.unit)
    # Compared with the next figure: 较上年2.08减少0.03万元 makes 2.08 mean 2.08万元.
    if nxt is not None and nxt.unit and fig.value is not None and _CHANGE_GAP.fullmatch(folded, fig.end, nxt.start):
        head = _NUMERAL_HEAD.match(folded, nxt.start, nxt.end)
        value = float(Decimal(str(fig.value)) * _multiplier(head.group() if head else ""))
        return fig._replace(kind=nxt.kind, unit=nxt.unit, value=value)
    whole = _WHOLE.fullmatch(numeral) is not None
    if whole and len(digits) <= 5 and _alone_on_line(folded, fig.start, fig.end):
        return fig._replace(kind="marker")  # a page number, a row number (序号) on a line of its own
    if _INSIDE_WORD.fullmatch(numeral) and _CJK.match(folded, fig.start - 1) and _CJK.match(folded, fig.end):
        return fig._replace(kind="term")  # 长照2.0服务: a version inside a name, not a quantity
    if whole and len(digits) == 4 and 1900 <= int(digits) <= 2100:
        return fig._replace(kind="date")
    if whole and (digits in _HOTLINES or len(digits) >= 7 or (digits.startswith("0") and len(digits) >= 3)):
        return fig._replace(kind="code")
    if _BIG_MULT.search(numeral):
        left = folded[_clause_start(folded, fig.start) : fig.start]
        if _MONEY_WORDS.search(left):
            return fig._replace(kind="money", unit="元")
    return fig


def _inside(starts: list[int], ends: list[int], fig: Figure) -> bool:
    """Whether ``fig`` lies within one of the spans ``starts``, ``ends`` (sorted, not overlapping)."""
    i = bisect.bisect_right(starts, fig.start) - 1
    return i >= 0 and fig.end <= ends[i]


class _Rates:
    """Where rates are stated in a text (每天, 人均), found once: a figure looks up the last
    one before it instead of scanning its clause."""

    def __init__(self, folded: str) -> None:
        self.found = list(PER_LEFT.finditer(folded))
        self.ends = [m.end() for m in self.found]

    def near(self, pos: int) -> re.Match[str] | None:
        """The last rate that ends before ``pos``, if it begins within a clause's reach of it
        (a clause starts at most _CLAUSE_LOOK characters back: a rate before is in another)."""
        i = bisect.bisect_right(self.ends, pos) - 1
        return self.found[i] if i >= 0 and pos - self.found[i].start() <= _CLAUSE_LOOK else None


def _refine(figures: list[Figure], text: str, folded: str) -> list[Figure]:
    rates = _Rates(folded)
    titles = [m.span() for m in TITLE.finditer(folded)]
    quotes = [m.span() for m in QUOTE.finditer(folded)]
    named = [([a for a, _ in spans], [b for _, b in spans]) for spans in (titles, quotes) if spans]
    out: list[Figure] = []
    nxt: Figure | None = None
    for fig in reversed(figures):
        if fig.kind == "count" and fig.unit is None:
            fig = _bare(fig, nxt, folded)
        if fig.kind in INDICATOR_KINDS:  # tests in the order that passes most figures soonest
            for starts, ends in named:
                if _inside(starts, ends, fig):
                    fig = fig._replace(kind="term", value_max=None, unit=None, qualifier="exact", per=None)
                    break
            rate = rates.near(fig.start) if fig.per is None and fig.kind not in ("percent", "ratio", "term") else None
            if rate is not None and rate.start() >= _clause_start(folded, fig.start):
                per = _per_of(rate)
                if per is not None:
                    fig = fig._replace(per=per)
        out.append(fig)
        nxt = fig
    out.reverse()
    return _quoted_terms(out, quotes, text, folded)


def _quoted_terms(figures: list[Figure], quotes: list[tuple[int, int]], text: str, folded: str) -> list[Figure]:
    """A short quoted name with a numeral and no figure in it is one term (“三三五”)."""
    extra = []
    starts = [f.start for f in figures]
    for s, e in quotes:
        inner_s, inner_e = s + 1, e - 1
        if not _NUMERAL_IN_TERM.search(folded, inner_s, inner_e):
            continue
        i = bisect.bisect_left(starts, inner_e) - 1
        if i >= 0 and figures[i].end > inner_s:
            continue  # a figure stands inside (or across) the quote
        extra.append(Figure(inner_s, inner_e, text[inner_s:inner_e], "term", _first_numeral(folded[inner_s:inner_e])))
    if not extra:
        return figures
    return sorted(figures + extra, key=lambda f: f.start)


def _per_of(rate: re.Match[str]) -> str | None:
    """What a rate stated earlier in the figure's clause says: 每天…2小时, 人均…9807元."""
    said = rate.group()
    if not said.startswith(EACH_WORD):
        return PER_WORDS[said]  # 人均, 生均
    return "".join(_per(p) or "" for p in said.split(EACH_WORD) if p) or None


def find_figures(text: str, folded: str | None = None) -> list[Figure]:
    """Every numeric expression in ``text``, in order, with its kind and value.

    Never raises on any string; offsets index ``text`` itself. ``folded`` is
    ``fold(text)`` when the caller has it already (a text is folded once).

    >>> [(f.surface, f.kind, f.value, f.unit) for f in find_figures("共捐赠图书33071册,投入41.3万元。")]
    [('33071册', 'count', 33071.0, '册'), ('41.3万元', 'money', 413000.0, '元')]
    >>> [f.kind for f in find_figures("践行“两个维护”,一是2024年6月18日")]
    ['term', 'marker', 'date']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_figures expects str, not {type(text).__name__}")
    if not text:
        return []
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    # scanned with the layout gaps closed, each figure placed back on the source as it is found
    closed, gaps = close_gaps(folded)
    return _refine(_scan(text, closed, gaps), text, folded)
