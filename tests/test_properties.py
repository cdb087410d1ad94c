"""Hypothesis properties of the public functions."""

from __future__ import annotations

import random
from decimal import Decimal

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import Figure, find_figures, fold, parse_number
from indicators import extract_text
from tests.support.fuzz import report_like

# Text made of the characters reports are made of, and anything else.
REPORT_CHARS = st.sampled_from(
    list(
        "0123456789０１２３.,·%‰:/-—至约近多余以上万亿千百十零一二两三四五六七八九個萬億元人个次年月日第是、()（）《》“”。，；\n 的和"
    )
)
report_text = st.lists(REPORT_CHARS, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), report_text))
def test_find_figures_never_raises_and_offsets_hold(text: str) -> None:
    figures = find_figures(text)
    last = -1
    for fig in figures:
        assert text[fig.start : fig.end] == fig.surface
        assert fig.start >= last
        last = fig.end
        # built as plain tuples for speed: every one a whole Figure, as its constructor makes it
        assert len(fig) == len(Figure._fields) and Figure(*fig) == fig


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), report_text))
def test_extract_text_never_raises(text: str) -> None:
    df = extract_text(text, doc_id="h")
    for row in df.itertuples():
        assert text[row.start : row.end] == row.surface


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_report_like_text_never_raises_and_values_stay_in_range(seed: int) -> None:
    text = report_like(random.Random(seed))
    df = extract_text(text, doc_id="fuzz")
    for column in ("value", "value_max", "value_base"):
        values = df[column].dropna()
        assert (values.abs() < 1e30).all(), (column, text)
    for row in df.itertuples():
        assert text[row.start : row.end] == row.surface


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1), st.sampled_from(["low", "up"]))
def test_an2cn_round_trip(n: int, mode: str) -> None:
    assert parse_number(cn2an.an2cn(n, mode)) == float(n)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(d: Decimal) -> None:
    text = format(d, "f")
    assert parse_number(text) == float(d)
    assert parse_number(text + "万") == float(d * 10000)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=50),
            report_text,
            st.sampled_from(["萬億", "３０％", "\U0002b5e7", "𠀀", "\U0002f800", "\U0010ffff", "\ud800", "　"]),
        ),
        max_size=80,
    ).map("".join)
)
def test_fold_through_the_array_is_fold_by_character(text: str) -> None:
    from extractors.fold import _TABLE

    long_text = text * (2000 // max(1, len(text)) + 1)  # past the length where the array is used
    assert fold(text) == text.translate(_TABLE)
    assert fold(long_text) == long_text.translate(_TABLE)
