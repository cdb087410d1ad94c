"""parse_number: every written form to an exact value, and clear refusals."""

from __future__ import annotations

import pytest

from extractors import parse_number

CASES = [
    ("41.3万", 413000.0),
    ("四十一点三万", 413000.0),
    ("三万五千", 35000.0),
    ("两千零五十", 2050.0),
    ("壹佰贰拾", 120.0),
    ("柒仟捌佰", 7800.0),
    ("百分之五十", 50.0),
    ("百分之四点一", 4.1),
    ("零點五七", 0.57),
    ("１２３", 123.0),
    ("865,696万", 8656960000.0),
    ("1,200", 1200.0),
    ("1·8", 1.8),
    ("191億", 19100000000.0),
    ("九萬四", 94000.0),
    ("三千二百五十亿", 325000000000.0),
    ("四十五亿零四百零四万", 4504040000.0),
    ("五亿二千九百万", 529000000.0),
    ("一千零五", 1005.0),
    ("十二", 12.0),
    ("3万多", 30000.0),
    ("1000多万", 10000000.0),
    ("一百多", 100.0),
    ("两千余", 2000.0),
    ("-3.19", -3.19),
    ("二零一四", 2014.0),
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "近百", "1.2.3万", "十十", "亿亿", "12,34", "abc", "3五", "1" * 40, "约100"])
def test_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_exact_decimal_arithmetic() -> None:
    # 41.3 * 10000 in binary floating point is 413000.00000000006
    assert repr(parse_number("41.3万")) == "413000.0"
    assert parse_number("0.07亿") == 7000000.0
