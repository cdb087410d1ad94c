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

__all__ = ["APPROX", "DIGITS", "UNITS", "numeral_value", "parse_number"]

DIGITS: dict[str, int] = {r[0]: int(r[2]) for r in read_rows("numerals.tsv") if r[1] == "digit"}
UNITS: dict[str, int] = {r[0]: int(r[2]) for r in read_rows("numerals.tsv") if r[1] == "unit"}
_SMALL = {ch: v for ch, v in UNITS.items() if v < 10_000}
_BIG = {ch: v for ch, v in UNITS.items() if v >= 10_000}
_CN = "".join(DIGITS)
# approximation characters written inside a numeral (3万多, 200余): qualifiers.tsv's "inside" words
APPROX = "".join(r[0] for r in read_rows("qualifiers.tsv") if r[1] == "inside")  # 多余几: inside a numeral

_TOKEN = re.compile(
    rf"(?P<arabic>[0-9]+(?:,[0-9]{{3}})*(?:[.·][0-9]+)?)"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN}]+)?)"
    rf"|(?P<frac>点[{_CN}]+)"
    rf"|(?P<unit>[{''.join(UNITS)}])"
    rf"|(?P<approx>[{APPROX}])"
)
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
    >>> numeral_value("两千万点五五")
    Decimal('20000000.55')
    """
    if _PLAIN.fullmatch(numeral):  # the common case, without the tokenizer
        plain = Decimal(numeral)
        if plain >= _LIMIT:
            raise ValueError(f"numeral out of range: {numeral!r}")
        return plain
    numeral = numeral.replace("万万", "亿")
    whole, dot, frac = numeral.partition("点")
    if dot and frac and _DIGITS_ONLY.fullmatch(frac) and _HAS_UNIT.search(whole):
        # 两千万点五五, 两千三点一: the decimals belong to the whole number
        return _grouped(whole) + _positional("零点" + frac)
    return _grouped(numeral)


_DIGITS_ONLY = re.compile(rf"[{_CN}]+")
_HAS_UNIT = re.compile(f"[{''.join(UNITS)}]")


def _grouped(numeral: str) -> Decimal:
    result = Decimal(0)  # completed 亿 (and 兆) groups
    section = Decimal(0)  # completed 万 group below the current 亿
    small = Decimal(0)  # 千/百/十 part below the current 万
    num: Decimal | None = None
    single_digit = False  # the pending number is one Chinese digit (九万四)
    zero_before = False  # ... written after a 零 (一万零四 is 10004)
    last_small: int | None = None
    big_seen: set[int] = set()
    last_unit = 0
    seen_any = False
    pos = 0
    for m in _TOKEN.finditer(numeral):
        if m.start() != pos:
            raise ValueError(f"not a numeral: {numeral!r}")
        pos = m.end()
        kind = m.lastgroup
        tok = m.group()
        if kind == "cn" and not tok.strip("零〇"):
            zero_before = True  # 零 only holds a place: 一万零十二, 1千零20
            seen_any = True
            continue
        if kind in ("arabic", "cn"):
            if num is not None:
                raise ValueError(f"two numbers run together in {numeral!r}")
            if kind == "arabic":
                num = Decimal(tok.replace(",", "").replace("·", "."))
                single_digit = False
            else:
                num = _positional(tok)
                single_digit = len(tok) == 1 or (len(tok) == 2 and tok[0] in "零〇")
                zero_before = zero_before or tok[0] in "零〇"
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
                if value in big_seen:
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
                    big_seen.discard(10_000)
                small = Decimal(0)
                last_small = None
                big_seen.add(value)
            num = None
            zero_before = False
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


def _sign(s: str) -> tuple[int, str]:
    """Leading signs (-, +, 负, 正) and the rest; two minus signs make a plus."""
    sign = 1
    while s[:1] in _SIGNS:
        sign *= _SIGNS[s[0]]
        s = s[1:]
    return sign, s


_DEPTH = 8  # 三又二分之一 nests two deep; a numeral nesting past this is no numeral


def _number(s: str, depth: int = 0) -> Decimal:
    """A whole folded numeral without spaces: signs, fractions, exponents, multipliers."""
    if depth > _DEPTH:
        raise ValueError("numeral nested too deep")
    sign, s = _sign(s)
    if not s:
        raise ValueError("no number")
    d = depth + 1
    if "又" in s:  # 三百五十又三分之一: a whole number and a fraction
        whole, _, rest = s.partition("又")
        return sign * (_number(whole, d) + _number(rest, d))
    for word in _PERCENT_WORDS:
        if s.startswith(word):  # 百分之五十 is 50: a percentage keeps its figure
            return sign * _number(s[len(word) :], d)
    if "分之" in s:  # 五分之一 is 1/5
        den, _, numer = s.partition("分之")
        return sign * _number(numer, d) / _number(den, d)
    m = _SLASH.fullmatch(s)
    if m:
        return sign * _number(m["a"], d) / _number(m["b"], d)
    m = _SCIENTIFIC.fullmatch(s)
    if m:
        return sign * Decimal(m["mant"]).scaleb(int(m["exp"]))
    m = _POWER.fullmatch(s)
    if m:
        exp_sign, exp = _sign(m["exp"])
        if len(exp) > 3:
            raise ValueError("exponent out of range")
        return sign * Decimal(m["base"]) ** (exp_sign * int(exp))
    m = _SUFFIX.fullmatch(s)
    if m:
        return sign * _number(m["num"], d) * _SUFFIXES[m["suffix"]]
    if s.startswith("半") and s[1:] in UNITS:  # 半百 is 50
        return sign * Decimal(UNITS[s[1:]]) / 2
    if s.startswith("."):
        s = "0" + s
    return sign * numeral_value(s)


_PERCENT_WORDS = tuple(r[0] for r in read_rows("percent_words.tsv"))  # 百分之五十 is 50
_SLASH = re.compile(r"(?P<a>[0-9.]+)/(?P<b>[0-9.]+)")
_SCIENTIFIC = re.compile(r"(?P<mant>[0-9]*\.?[0-9]+)[eE](?P<exp>[+-]?[0-9]+)")
_POWER = re.compile(r"(?P<base>[0-9]*\.?[0-9]+)\^(?P<exp>[-+]*[0-9]+)")
# Suffixes that multiply: a dozen (一打), and the k / m / b of figures written in English.
_SUFFIXES = {"打": Decimal(12), "k": Decimal(1000), "K": Decimal(1000), "m": Decimal(10**6), "M": Decimal(10**6)}
_SUFFIX = re.compile(rf"(?P<num>.+?)(?P<suffix>[{''.join(_SUFFIXES)}])")
_MIXED = re.compile(r"(?P<sign>[-+负]?)(?P<whole>[0-9]+)\s+(?P<a>[0-9]+)/(?P<b>[0-9]+)")
_SPACES = re.compile(r"\s+")


def parse_number(text: str) -> float:
    """The value of a whole numeral string, as an exact float.

    Accepts Arabic, full-width, Chinese, traditional and financial numerals,
    multipliers (万, 亿, 兆), signs (负), approximation characters (3万多),
    fractions (五分之一, 3又1/2, 1 3/5), exponents (2e5, 2^5), and the percent
    words 百分之 / 千分之 / 万分之 (the value is the figure as written). Spaces
    inside the numeral are ignored. Raises ValueError on anything else.

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
    >>> parse_number("负一又二分之一")
    -1.5
    """
    if not isinstance(text, str):
        raise ValueError(f"not a string: {text!r}")
    s = fold(text).strip()
    try:
        m = _MIXED.fullmatch(s)
        if m:  # 1 3/5: a whole number, a space, a fraction
            sign = -1 if m["sign"] in ("-", "负") else 1
            value = sign * (Decimal(m["whole"]) + Decimal(m["a"]) / Decimal(m["b"]))
        else:
            value = _number(_SPACES.sub("", s))
    except (InvalidOperation, ArithmeticError) as exc:
        raise ValueError(f"not a numeral: {text!r}") from exc
    if not value.is_finite() or abs(value) >= _LIMIT:
        raise ValueError(f"numeral out of range: {text!r}")
    return float(value)
