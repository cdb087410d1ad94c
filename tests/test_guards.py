"""The scanner's first-character guards never change what it matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import fold
from extractors.guards import compile_fast as guards_compile_fast
from extractors.guards import first_chars, guarded, searched_in_c
from extractors.patterns import SCANNER, SCANNER_BODY, SCANNER_FIRST
from tests.support.fuzz import report_like

ROOT = Path(__file__).resolve().parents[1]
UNGUARDED = re.compile(SCANNER_BODY, re.M)  # no guard of any kind


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("abc", {"a"}),
        ("(?:x|yz)+w", {"x", "y"}),
        ("(?P<n>[0-9]{1,3})?万", {"万", *"0123456789"}),
        ("(?<=a)b", {"b"}),
        ("(?=c)[cd]", {"c", "d"}),
    ],
)
def test_first_chars_are_every_character_a_match_begins_with(pattern: str, first: set[str]) -> None:
    assert first_chars(pattern) == first


@pytest.mark.parametrize("pattern", [".x", "[^a]", r"\dx", r"\w", "a*", "(?i)a"])
def test_first_chars_unknown_where_they_cannot_be_read_exactly(pattern: str) -> None:
    assert first_chars(pattern) is None


def test_a_guard_keeps_the_order_of_the_branches() -> None:
    pattern = re.compile(guarded(["(?P<date>[0-9]+年)", "(?P<fig>[0-9]+[个年])"]))
    assert [m.lastgroup for m in pattern.finditer("2024年 5个")] == ["date", "fig"]


def test_guarded_scanner_matches_as_the_plain_one_on_the_samples() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "reports").glob("*.txt"))]
    shared = ROOT.parent / "shared" / "data" / "reports" / "excerpts"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))] if shared.is_dir() else []
    for text in texts:
        folded = fold(text)
        assert _matches(SCANNER, folded) == _matches(UNGUARDED, folded)


def test_guarded_scanner_matches_as_the_plain_one_on_report_like_text() -> None:
    rng = random.Random(7)
    for _ in range(300):
        folded = fold(report_like(rng))
        assert _matches(SCANNER, folded) == _matches(UNGUARDED, folded)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(sorted(SCANNER_FIRST | set("0123456789年月日个万元%.,、第 \n分之成折:/·kK\t"))),
        max_size=40,
    )
)
def test_guarded_scanner_matches_as_the_plain_one_on_any_text(text: str) -> None:
    assert _matches(SCANNER, text) == _matches(UNGUARDED, text)


# pieces of fractions, shares, ratios and ranges: 三分之一, 七成半, 75折, 3:1, 5/8, 5-10个, 2至3万元
_AFTER_NUMERALS = (
    "1 25 3.5 1,200 三 十 两 万 多 余 分之 成 折 半 对 : / 点 k 元 % ， - 至 到 ~ — 个 万元 平方米".split()
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_AFTER_NUMERALS, " ", "\t"]), max_size=12).map("".join))
def test_the_lookaheads_before_fractions_shares_ratios_and_ranges_never_change_a_match(text: str) -> None:
    # 三分之一, 七成半, 75折, 3:1, 5/8: each behind a lookahead for the word after its numeral
    assert _matches(SCANNER, text) == _matches(UNGUARDED, text)


def test_the_scanner_finds_what_begins_with_any_of_its_first_characters() -> None:
    # the first characters are read from the branches, not listed by hand: ⑪ to ⑳ and an
    # e-mail address that begins with a dot were once missing from a hand-made list
    assert {"⑪", "⑳", "%", "_"} <= SCANNER_FIRST
    assert [m.lastgroup for m in SCANNER.finditer("。⑮加强管理")] == ["marker"]


# pieces of codes, dates and ordinals that begin with digits, and of the words around them
_DIGIT_LED = "1 12 2024 0591 13912345678 20241 年 月 日 号 时 世纪 - / . : ( ) 至 — 个月 前 周年 天 星期 小时 G A级 附件 @ qq .com 元 万 第 ， 。".split()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_DIGIT_LED, "\n", " "]), max_size=10).map("".join))
def test_the_lookaheads_after_leading_digits_never_change_a_match(text: str) -> None:
    # a code, date or ordinal that begins with a digit is tried only where its word follows the digits
    assert _matches(SCANNER, text) == _matches(UNGUARDED, text)


def _whole_text_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern that ``finditer`` runs over a whole text (not a clause or a line)."""
    from extractors import layout, patterns
    from indicators import context, measure, period, tables

    return {
        "context._SENTENCE_END": context._SENTENCE_END,
        "context.PARAGRAPH_BREAK": context.PARAGRAPH_BREAK,
        "layout._CANDIDATE": layout._CANDIDATE,
        "period._RELATIVE": period._RELATIVE,
        "period._ITEM": period._ITEM,
        "measure._PLAN": measure._PLAN,
        "patterns.PER_LEFT": patterns.PER_LEFT,
        "patterns.TITLE": patterns.TITLE,
        "patterns.QUOTE": patterns.QUOTE,
        "tables._NUMBER_CELL": tables._NUMBER_CELL,  # over every line
    }


@pytest.mark.parametrize("name", sorted(_whole_text_patterns()))
def test_a_pattern_scanned_over_whole_texts_is_searched_in_c(name: str) -> None:
    # one that opens with a lookahead or a repeat is tried at every position: 3x the time
    assert searched_in_c(_whole_text_patterns()[name])


def test_searched_in_c_tells_the_openings_apart() -> None:
    assert searched_in_c(re.compile(r"\n|\u3000\u3000+"))
    assert not searched_in_c(re.compile(r"\n|\u3000{2,}"))
    assert not searched_in_c(re.compile(r"(?<!a)b"))


def _relative_words() -> list[str]:
    from indicators import period

    return list(period._WORDS_RELATIVE)


_RELATIVE_WORDS = _relative_words()


def _relative_plain() -> str:
    from extractors.lexicon import alternation
    from indicators import period

    compare = "".join(period._WORDS["compare_before"])
    return rf"(?<![{compare}])(?:{alternation(period._WORDS_RELATIVE)})"


# The forms written for a search in C, against the plain forms they stand for.
_PLAIN_FORMS = {
    "period._RELATIVE": _relative_plain(),
    "context._SENTENCE_END": r"[。！？!?]+[”’」』)]*|\n+",
    "context.PARAGRAPH_BREAK": r"\n|\u3000{2,}",
    "layout._CANDIDATE": r"[ \t\u00a0\u3000\n]+(?=\S)",
    "tables._NUMBER_CELL": r"(?:^|(?<=[\s|]))[-+−]?[0-9][0-9,.]*%?(?=$|[\s|])",
}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(set("。！？!?”’」』)\n\u3000 \t\u00a0甲1比较与同-+−3,.%|")) + _RELATIVE_WORDS),
        max_size=12,
    ).map("".join)
)
def test_the_forms_searched_in_c_match_as_their_plain_forms(text: str) -> None:
    patterns = _whole_text_patterns()
    for name, plain in _PLAIN_FORMS.items():
        assert _matches(patterns[name], text) == _matches(re.compile(plain), text), name


def _engine_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern the engine compiles at import, by module and name."""
    import importlib

    out = {}
    for module in ("extractors.find", "extractors.layout", "extractors.patterns", "indicators.context",
                   "indicators.measure", "indicators.period", "indicators.subject", "indicators.tables",
                   "indicators.table", "indicators.metadata"):  # fmt: skip
        for name, value in vars(importlib.import_module(module)).items():
            if isinstance(value, re.Pattern):
                out[f"{module}.{name}"] = value
    return out


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_compile_fast_matches_as_re_compile_on_every_engine_pattern() -> None:
    # each pattern against the same pattern compiled as written: spans and every group
    rng = random.Random(11)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "reports").glob("*.txt"))]
    texts += [report_like(rng) for _ in range(60)]
    texts = [t for text in texts for t in (text, fold(text))]
    patterns = _engine_patterns()
    assert len(patterns) > 100
    for name, pattern in patterns.items():
        plain = re.compile(pattern.pattern, pattern.flags)
        for text in texts:
            assert _spans(pattern, text) == _spans(plain, text), name


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["1", "23", "4.5", "万", "元", "个", "%", "约", "近", "年", "月", "-", "至", "(", ")", "、", "。",
                         "，", " ", "\n", "第", "一", "十", "多", "增长", "比上年", "其中", "今年", "分之", "成", "/"]),
        max_size=16,
    ).map("".join)
)  # fmt: skip
def test_compile_fast_matches_as_re_compile_on_any_text(text: str) -> None:
    for name, pattern in _engine_patterns().items():
        assert _spans(pattern, text) == _spans(re.compile(pattern.pattern, pattern.flags), text), name


@pytest.mark.parametrize(
    "pattern",
    [r"(?:ab)?c", r"(?P<x>a|bc)?(?P<y>[0-9]+)?d", r"(?:a[0-9])*a", r"(?:(?:x|yz)?w)*q", r"(?:ab|a)?b"],
)
def test_compile_fast_keeps_the_order_of_backtracking(pattern: str) -> None:
    fast, plain = guards_compile_fast(pattern), re.compile(pattern)
    for text in ["abc", "c", "a1a2a", "bc1d", "xwyzwq", "abb", "ab", "a1a", "yzq"]:
        assert _spans(fast, text) == _spans(plain, text)
