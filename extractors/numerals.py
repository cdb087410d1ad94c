"""Numeral strings to exact values.

Arabic (``41.3万``, ``865,696``, ``1·8``), full-width, Chinese (``三千二百五十亿``,
``四十一点三万``, ``九万四``), traditional and financial (``壹佰贰拾``) numerals are
read with Decimal arithmetic, so ``41.3万`` is exactly 413000. cn2an raises on
several of these forms (``四十一点三万``, ``一百多``, ``3万多``, ``1,200``), so the
reader is our own; cn2an's ``an2cn`` is used by the tests to write numbers that
this module must read back.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .fold import fold
from .lexicon import read_rows

__all__ = ["DIGITS", "UNITS", "numeral_value", "parse_number"]

DIGITS: dict[str, int] = {r[0]: int(r[2]) for r in read_rows("numerals.tsv") if r[1] == "digit"}
UNITS: dict[str, int] = {r[0]: int(r[2]) for r in read_rows("numerals.tsv") if r[1] == "unit"}
_SMALL = {ch: v for ch, v in UNITS.items() if v < 10_000}
_BIG = {ch: v for ch, v in UNITS.items() if v >= 10_000}
_CN = "".join(DIGITS)
_APPROX = "多余几"

_TOKEN = re.compile(
    rf"(?P<arabic>[0-9]+(?:,[0-9]{{3}})*(?:[.·][0-9]+)?)"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN}]+)?)"
    rf"|(?P<frac>点[{_CN}]+)"
    rf"|(?P<unit>[{''.join(UNITS)}])"
    rf"|(?P<approx>[{_APPROX}])"
)
_PERCENT_WORDS = {"百分之": "%", "千分之": "‰"}
_SIGNS = {"-": -1, "+": 1, "负": -1, "正": 1}
# Values past this are not quantities a report states (and past float range
# they would become inf); a numeral this large is refused.
_LIMIT = Decimal(10) ** 30


def _positional(run: str) -> Decimal:
    """A run of Chinese digits read place by place: 二零一四 → 2014, 四点一 → 4.1."""
    whole, _, frac = run.partition("点")
    digits = "".join(str(DIGITS[ch]) for ch in whole) or "0"
    if frac:
        digits += "." + "".join(str(DIGITS[ch]) for ch in frac)
    return Decimal(digits)


_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=8192)
def numeral_value(numeral: str) -> Decimal:
    """The exact value of a folded numeral (no sign, no percent words).

    Approximation characters (多, 余, 几) are allowed where reports put them
    and do not change the value: 3万多 is 30000.

    >>> numeral_value("四十一点三万")
    Decimal('413000.0')
    >>> numeral_value("1000多万")
    Decimal('10000000')
    >>> numeral_value("九万四")
    Decimal('94000')
    """
    if _PLAIN.fullmatch(numeral):  # the common case, without the tokenizer
        plain = Decimal(numeral)
        if plain >= _LIMIT:
            raise ValueError(f"numeral out of range: {numeral!r}")
        return plain
    result = Decimal(0)  # completed 亿 groups
    section = Decimal(0)  # completed 万 group below the current 亿
    small = Decimal(0)  # 千/百/十 part below the current 万
    num: Decimal | None = None
    single_digit = False  # the pending number is one Chinese digit (九万四)
    zero_before = False  # ... written after a 零 (一万零四 is 10004)
    last_small: int | None = None
    last_big: int | None = None
    last_unit = 0
    seen_any = False
    pos = 0
    for m in _TOKEN.finditer(numeral):
        if m.start() != pos:
            raise ValueError(f"not a numeral: {numeral!r}")
        pos = m.end()
        kind = m.lastgroup
        tok = m.group()
        if kind in ("arabic", "cn"):
            if num is not None:
                raise ValueError(f"two numbers run together in {numeral!r}")
            if kind == "arabic":
                num = Decimal(tok.replace(",", "").replace("·", "."))
                single_digit = False
            else:
                num = _positional(tok)
                single_digit = len(tok) == 1 or (len(tok) == 2 and tok[0] in "零〇")
                zero_before = tok[0] in "零〇"
            seen_any = True
        elif kind == "frac":
            num = (num or Decimal(0)) + _positional("零" + tok)
            seen_any = True
        elif kind == "unit":
            value = UNITS[tok]
            seen_any = True
            if tok in _SMALL:
                if last_small is not None and value >= last_small:
                    raise ValueError(f"misplaced {tok} in {numeral!r}")
                small += (num if num is not None else Decimal(1)) * value
                last_small = value
            else:
                if last_big == value:
                    raise ValueError(f"misplaced {tok} in {numeral!r}")
                group = small + (num if num is not None else Decimal(0))
                if value == 10_000:
                    if group == 0 and num is None:
                        group = Decimal(1)
                    section += group * value
                else:
                    group += section
                    if group == 0 and num is None:
                        group = Decimal(1)
                    result += group * value
                    section = Decimal(0)
                small = Decimal(0)
                last_small = None
                last_big = value
            num = None
            last_unit = value
        # approximation characters carry no value
    if pos != len(numeral) or not seen_any:
        raise ValueError(f"not a numeral: {numeral!r}")
    if num is not None:
        if single_digit and not zero_before and last_unit >= 100:
            # Abbreviated tail: 两千五 is 2500, 九万四 is 94000.
            num *= Decimal(last_unit) / 10
        small += num
    total = result + section + small
    if total >= _LIMIT:
        raise ValueError(f"numeral out of range: {numeral!r}")
    return total


def parse_number(text: str) -> float:
    """The value of a whole numeral string, as an exact float.

    Accepts Arabic, full-width, Chinese, traditional and financial numerals,
    multipliers (万, 亿), a sign, approximation characters (3万多) and the
    percent words 百分之 / 千分之 (the value is the figure as written). Raises
    ValueError on anything else.

    >>> parse_number("41.3万")
    413000.0
    >>> parse_number("两千零五十")
    2050.0
    >>> parse_number("壹佰贰拾")
    120.0
    >>> parse_number("百分之五十")
    50.0
    >>> parse_number("865,696万")
    8656960000.0
    """
    if not isinstance(text, str):
        raise ValueError(f"not a string: {text!r}")
    s = fold(text).strip()
    sign = 1
    if s[:1] in _SIGNS:
        sign = _SIGNS[s[0]]
        s = s[1:].lstrip()
    for word in _PERCENT_WORDS:
        if s.startswith(word):
            s = s[len(word) :]
            break
    try:
        value = numeral_value(s)
    except InvalidOperation as exc:  # pragma: no cover - the token regex admits only digits
        raise ValueError(f"not a numeral: {text!r}") from exc
    return float(sign * value)
