"""Periods: the phrase that dates each indicator, and the dates it spans."""

from __future__ import annotations

from datetime import date

import pytest

from extractors import find_figures, fold
from indicators.period import parse_span, periods, report_year

TODAY = date(2025, 8, 8)

CASES = [
    # (text, surface of the figure, period_text, start, end)
    ("2024年全区共建成书屋18间。", "18间", "2024年", "2024-01-01", "2024-12-31"),
    ("截至2024年12月30日,共接收信访件60件。", "60件", "截至2024年12月30日", None, "2024-12-30"),
    ("截至目前,开展研讨57场次。", "57场次", "截至目前", None, "2025-08-08"),
    ("2025年3月份以来,开展督查2次。", "2次", "2025年3月份以来", "2025-03-01", "2025-08-08"),
    ("今年以来,共培训教师979人。", "979人", "今年以来", "2025-01-01", "2025-08-08"),
    ("2024年秋季学期调整干部13人。", "13人", "2024年秋季学期", "2024-09-01", "2025-01-31"),
    ("2025年春季学期购置器材一批。", "一批", "2025年春季学期", "2025-03-01", "2025-07-15"),
    ("2024-2025学年,上思政课150多节。", "150多节", "2024-2025学年", "2024-09-01", "2025-07-15"),
    ("2024年8月和9月,组织培训2次。", "2次", "2024年8月和9月", "2024-08-01", "2024-09-30"),
    ("均在2024年11月前完成一堂党课。", "一堂", "2024年11月前", None, "2024-10-31"),
    ("2023年12月至2024年2月,区委4个巡察组开展巡察。", "4个", "2023年12月至2024年2月", "2023-12-01", "2024-02-29"),
    ("组成7个督查组在2024年秋季和2025年春季开学检查。", "7个", "2024年秋季和2025年春季", "2024-09-01", "2025-07-15"),
    ("2025年上半年引进教研员1名。", "1名", "2025年上半年", "2025-01-01", "2025-06-30"),
    ("1-12月份,完成投资77.57亿元。", "77.57亿元", "1-12月份", "2025-01-01", "2025-12-31"),
    ("从2025年2月14日开始开展为期一个月的谈话活动。", "一个月", "从2025年2月14日开始", "2025-02-14", "2025-03-13"),
    ("去年新增就业6800人。", "6800人", "去年", "2024-01-01", "2024-12-31"),
    ("局计财股组织了2次财务培训。", "2次", None, None, None),
    ("2025年预算收入100亿元,较2024年增加5亿元。", "5亿元", "2025年", "2025-01-01", "2025-12-31"),
    ("全县教师持证率为98.5%,较上年提高1.3个百分点。", "1.3个百分点", None, None, None),
]


@pytest.mark.parametrize(("text", "surface", "phrase", "start", "end"), CASES, ids=[c[0][:12] for c in CASES])
def test_period(text: str, surface: str, phrase: str | None, start: str | None, end: str | None) -> None:
    figures = find_figures(text)
    found = periods(text, fold(text), figures, 2025, TODAY)
    got = next(p for f, p in zip(figures, found, strict=True) if f.surface == surface)
    assert got.text == phrase
    assert (str(got.start) if got.start else None, str(got.end) if got.end else None) == (start, end)


def test_paragraph_opening_governs_the_paragraph() -> None:
    text = "今年以来,我局加强作风建设。组织培训3次,覆盖教师400多人。\n另起一段:培训2次。"
    figures = find_figures(text)
    found = {f.surface: p.text for f, p in zip(figures, periods(text, fold(text), figures, 2025, TODAY), strict=True)}
    assert found == {"3次": "今年以来", "400多人": "今年以来", "2次": None}


def test_without_a_report_year_relative_phrases_stay_open() -> None:
    text = "今年以来,开展培训3次。"
    figures = find_figures(text)
    (p,) = [p for f, p in zip(figures, periods(text, fold(text), figures), strict=True) if f.is_indicator]
    assert p.text == "今年以来" and p.start is None and p.end is None


def test_parse_span_and_report_year() -> None:
    assert parse_span("2023/24年度", None) == (date(2023, 4, 1), date(2024, 3, 31))
    assert parse_span("114年度", None) == (date(2025, 1, 1), date(2025, 12, 31))
    assert parse_span("二零一五年", None) == (date(2015, 1, 1), date(2015, 12, 31))
    assert parse_span("12月25日", 2024) == (date(2024, 12, 25), date(2024, 12, 25))
    assert parse_span("12月25日", None) is None
    assert report_year("2023年统计公报", "2024-03-01") == 2023
    assert report_year(None, "2024-03-01") == 2024
    assert report_year(None, None) is None
