"""What a report says about itself: title, issuing body, date, region.

Reports sign off with the issuing body and the date on their last lines
(``云浮市云安区教育局党组`` / ``2025年8月8日``); web pages carry them in ``<title>``
and ``<meta>`` tags. Dates are found with our own patterns; dateparser only
parses the strings of known meta tags, with explicit formats.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from extractors.fold import fold
from extractors.guards import compile_fast
from extractors.lexicon import alternation, read_lists
from extractors.numerals import DIGITS, numeral_value
from extractors.patterns import YEAR, YEAR_CN
from extractors.punctuation import boundary

from .context import MARKED
from .regions import official, region_in

__all__ = ["Metadata", "header_fields", "html_metadata", "page_header", "parse_meta_date", "region_of", "text_metadata"]

_WORDS = read_lists("metadata_words.tsv", "indicators")
_ISSUER_END = compile_fast(rf"(?:{alternation(_WORDS['issuer_endings'])})$")
_REGION = compile_fast(
    rf"^(?:{alternation(_WORDS['region_prefixes'])})?"
    rf"(?P<region>(?:[\u4e00-\u9fff]{{2,8}}?(?:{alternation(_WORDS['province_suffixes'])}))?"
    rf"(?:[\u4e00-\u9fff]{{1,6}}?(?:{alternation(_WORDS['city_suffixes'])}))?"
    rf"(?:[\u4e00-\u9fff]{{1,6}}?(?:{alternation(_WORDS['county_suffixes'])}))?)"
)
_CN_DIGITS = "".join(DIGITS) + "十"
_DATE = compile_fast(
    rf"(?P<y>{YEAR}|{YEAR_CN})\s*年\s*"
    rf"(?P<m>[0-9]{{1,2}}|[{_CN_DIGITS}]{{1,2}})\s*月\s*"
    rf"(?P<d>[0-9]{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*日"
)
_TITLE_MAX = 80
_META_DATES = tuple(_WORDS["meta_date_names"])
_META_ISSUERS = tuple(_WORDS["meta_issuer_names"])
_META_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y年%m月%d日"]


@dataclass(frozen=True)
class Metadata:
    """Document metadata; every field may be unknown (None)."""

    title: str | None = None
    issuer: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    region: str | None = None
    covers_start: str | None = None  # ISO dates of the period the whole report covers
    covers_end: str | None = None
    covers_text: str | None = None  # the phrase of the title or opening that dates the whole report

    def merged(self, other: Metadata) -> Metadata:
        """These values, with ``other``'s where these are unknown."""
        return replace(self, **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})


def find_date(text: str) -> str | None:
    """The first full date (year, month and day) in ``text`` as ISO, if it is a real date.

    >>> find_date("云安区教育局 2025年8月8日")
    '2025-08-08'
    >>> find_date("二〇二四年十二月三十日")
    '2024-12-30'
    """
    for m in _DATE.finditer(fold(text)):
        try:
            return date(*(int(numeral_value(m[k])) for k in ("y", "m", "d"))).isoformat()
        except ValueError:
            continue
    return None


def region_of(name: str | None) -> str | None:
    """The administrative region that a body's or report's name begins with.

    >>> region_of("中共云浮市云安区教育局党组")
    '云浮市云安区'
    >>> region_of("双桥县教育局") , region_of("教育局")
    ('双桥县', None)
    """
    if not name:
        return None
    m = _REGION.match(name)
    return m["region"] if m and m["region"] else None


_JUNK = compile_fast(
    rf"{alternation(_WORDS['junk_lines'])}|\.(?:docx?|pdf|html?|xlsx?)\b|[0-9]{{1,2}}:[0-9]{{2}}|>|»|›|^[—\-\s0-9]+$"
)
_TITLE_WORDS = compile_fast(alternation(_WORDS["title_words"]))
_DATE_ONLY = compile_fast(rf"\s*{_DATE.pattern}\s*(?:星期.)?\s*")
_BYLINE = compile_fast(
    r"(?P<outlet>[\u4e00-\u9fff]{2,8}?)(?:记者|通讯员)|^(?P<outlet2>[\u4e00-\u9fff]{2,6}?(?:在线|网|新闻|日报|晚报|社))[\u4e00-\u9fff]{0,4}[0-9]{1,2}月[0-9]{1,2}日(?:讯|电)"
)
_SPEECH = compile_fast(
    rf"^[(（—－\-]*\s*(?P<date>{YEAR}\s*年\s*[0-9]{{1,2}}\s*月\s*[0-9]{{1,2}}\s*日)\s*在.{{0,60}}(?:会议|大会|会)上?"
)
_ENDINGS = alternation(_WORDS["issuer_endings"])


def _body(longest: int) -> str:
    """A pattern for a body's name (市卫生健康委, 行政审批局) of up to ``longest`` characters,
    as the group ``body``: the shortest run of characters that ends as a body's name does."""
    return rf"(?P<body>[\u4e00-\u9fff]{{2,{longest}}}?(?:{_ENDINGS}))"


_SPEAKER = compile_fast(
    rf"^{_body(30)}"
    rf"(?:{alternation(_WORDS['speaker_titles'])})(?:\s*[\u4e00-\u9fff]{{2,4}})?(?=\s*$|[\u4e00-\u9fff]{{0,6}}[:：])"
)
_ACTOR = compile_fast(rf"^(?:{YEAR}年(?:以来)?[，,]\s*)?{_body(20)}(?:{alternation(_WORDS['actor_verbs'])})")
# 经绵竹市财政局汇总: the body that compiled the report
_COMPILER = compile_fast(
    rf"(?:{alternation(_WORDS['compiled_by'])}){_body(20)}(?:{alternation(_WORDS['compiler_verbs'])})"
)
_TODAY_WORDS = alternation(_WORDS["today_words"])
# 政府统计处今日发布…, 行政院會今(21)日通過…: the body reporting today
_TODAY = compile_fast(rf"^{_body(12)}会?(?:{_TODAY_WORDS}|今\([0-9]{{1,2}}\)日)")
_OF_TITLE = compile_fast(rf"^{_body(30)}(?:{alternation(_WORDS['about_words'])}|\s*{YEAR})")
_SPACED = compile_fast(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_TITLE_PREFIX = compile_fast(r"^(?:第[一二三四五六七八九十0-9]+篇\s*[:：]\s*|【[^】]{1,6}】)")
_PROSE_PUNCT = boundary("clause_end", "sentence_end")
_CJK_RE = compile_fast(r"[\u4e00-\u9fff]")


_JUNK_ALONE = frozenset(_WORDS["junk_alone"])


def _junk(line: str) -> bool:
    """Navigation and page furniture, never a title."""
    return bool(_JUNK.search(line)) or fold(line).strip(" :：|") in _JUNK_ALONE


def _clean_title(line: str) -> str:
    line = _SPACED.sub("", line.strip())  # 政 府 工 作 报 告
    return _TITLE_PREFIX.sub("", line).strip()


def _title_lines(lines: list[str]) -> str | None:
    """The report's own title: among its first lines, the first that reads as one (no
    sentence, no navigation, not a heading, not a speaker), with the lines after it
    where the title wraps (国务院办公厅关于山西、安徽省 / 四起特大煤矿瓦斯爆炸事故 / 调查处理情况的通报).
    After a sentence, only a line that ends as a title does (政府工作报告 after a photo caption)."""
    prose_seen = False
    for k, line in enumerate(lines[:8]):
        folded = fold(line)
        if _junk(line) or header_fields(line) or _SPEECH.match(folded) or _SPEAKER.match(folded):
            continue
        if _MASTHEAD.match(folded) or (_BYLINE.search(folded) and len(line) <= 40):
            continue
        cleaned = _clean_title(line)
        if _PROSE_PUNCT.search(cleaned):
            prose_seen = True
            continue
        if MARKED.match(cleaned) or not 6 <= len(cleaned) <= _TITLE_MAX or _DATE_ONLY.fullmatch(fold(cleaned)):
            continue  # a heading, a fragment, a long line, a date on its own line
        joined = cleaned
        for nxt_line in lines[k + 1 : k + 3]:
            if _TITLE_WORDS.search(fold(cleaned)[-6:]):
                break
            nxt = _clean_title(nxt_line)
            if (
                not _CJK_RE.search(nxt)
                or _DATE_ONLY.fullmatch(fold(nxt))
                or _PROSE_PUNCT.search(nxt)
                or MARKED.match(nxt)
                or _junk(nxt_line)
                or header_fields(nxt_line)
                or len(joined + nxt) > _TITLE_MAX
            ):
                break
            joined += nxt
            if _TITLE_WORDS.search(fold(joined)[-6:]):
                cleaned = joined  # a title wrapped onto the next lines, ending as a title ends
                break
        if prose_seen and not _TITLE_WORDS.search(fold(cleaned)[-6:]):
            continue
        return cleaned
    return None


# A running masthead: the body, a dash, the date (立法會  ─  2013年 5月 9日), on every page.
_MASTHEAD = compile_fast(rf"^\s*(?P<body>[\u4e00-\u9fff]{{2,20}})\s*[─—–－\-]+\s*{YEAR}\s*年")
_INSPECTED = compile_fast(
    rf"对{_body(24)}(?:开展|进行)了?(?:[\u4e00-\u9fff]{{0,6}})?(?:{alternation(_WORDS['inspection_words'])})"
)
_DATED_LINE = compile_fast(
    rf"^(?P<y>{YEAR})\s*[-/.年]\s*(?P<m>[0-9]{{1,2}})\s*[-/.月]\s*(?P<d>[0-9]{{1,2}})日?\s*[0-9]{{1,2}}:[0-9]{{2}}"
)


def _opening_facts(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """Published date, issuer and byline outlet stated near the top: a header block
    (发布日期：…, 来源：…), a speech's dateline (2015年1月27日在…会议上) and its speaker,
    a dated line with a clock (2022年03月02日 16:11), the body a notice's inspection
    was of (对市卫生健康局党组开展了巡察), a news byline."""
    published = issuer = outlet = actor = None
    for line in lines[:12]:
        folded = fold(line)
        found = header_fields(line)
        if found:
            published = published or next(
                (d for k in _WORDS["header_date_labels"] if k in found and (d := _header_date(found[k]))), None
            )
            issuer = issuer or next(
                (v for k in _WORDS["header_issuer_labels"] if (v := found.get(k)) and v not in _WORDS["not_issuers"]),
                None,
            )
        m = _MASTHEAD.match(folded)
        if m and issuer is None:
            issuer = line[m.start("body") : m.end("body")]  # the masthead names the body
            continue
        m = _SPEECH.match(folded)
        if m and published is None:
            published = find_date(m["date"])
            continue
        m = _DATED_LINE.match(folded)
        if m and published is None:
            published = _header_date(m.group())
        if len(folded) <= 30:
            m = _SPEAKER.match(folded)
            if m and issuer is None:
                issuer = line[: m.end("body")]
                continue
        m = _BYLINE.search(folded)
        if m and outlet is None and (len(line) <= 40 or m["outlet2"]):
            outlet = m["outlet"] or m["outlet2"]
        m = _TODAY.match(folded)
        if m and issuer is None:
            issuer = line[: m.end("body")]  # 政府统计处今日发布…
        m = _INSPECTED.search(folded)
        if m and issuer is None:
            issuer = line[m.start("body") : m.end("body")]
        m = _ACTOR.match(folded) or _COMPILER.search(folded)
        if m and actor is None:
            actor = line[m.start("body") : m.end("body")]  # 2023年,市卫生健康委以…: the body reporting on itself
    return published, issuer or actor, outlet


_PAREN_TAIL = compile_fast(r"\([^()]{1,15}\)$")
_LINES = compile_fast(r"\n|\u3000{2,}")


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """Issuer and date of the signature block: the last few short lines."""
    issuer = published = None
    for line in reversed(lines[-6:]):
        if published is None and len(line) <= 20:
            published = find_date(line)
            if published:
                continue
        if header_fields(line):
            continue  # a header block's 发布机构:…, not a signature
        bare = _PAREN_TAIL.sub("", fold(line))  # 行政审批局(数字化发展局)
        if issuer is None and len(line) <= 30 and _ISSUER_END.search(bare) and not _PROSE_PUNCT.search(line):
            issuer = line
        if issuer and published:
            break
    return issuer, published


_ON_A_MATTER = compile_fast(rf"^.{{0,40}}?关于.+的(?:{alternation(_WORDS['matter_titles'])})$")
_YEAR = compile_fast(rf"(?P<y>{YEAR})\s*年")
_REVIEW = compile_fast(rf"^\s*[一二三四五六七八九十]+、\s*(?P<y>{YEAR})\s*年(?:工作)?回顾")
_OPENING_YEAR = compile_fast(rf"^\s*(?P<y>{YEAR})\s*年(?:是|，|,|以来|全年|，全)")


def _title_span(title: str) -> tuple[date, date, str] | None:
    """The period a title names, read with the engine's one date grammar: its most
    specific date (2025年…报告(4月1日-4月30日) is April; 二零一四/一五年度 a fiscal year)."""
    from extractors import find_figures

    from .period import parse_span

    best: tuple[date, date, str] | None = None
    year: int | None = None
    end = -1
    for fig in find_figures(title):
        if fig.kind != "date":
            continue
        span = parse_span(fig.surface, year)
        if span is None:
            continue
        year = span[0].year
        if best is not None and title[end : fig.start] in _JOINED:
            # 二零一五年第四季及二零一五年全年: the title covers both, so their union
            best = (min(best[0], span[0]), max(best[1], span[1]), title[title.index(best[2]) : fig.end])
        elif best is None or span[1] - span[0] < best[1] - best[0]:
            best = (span[0], span[1], fig.surface)
        end = fig.end
    return best


_JOINED = frozenset(_WORDS["joined_periods"])
_BRACKETED = compile_fast(r"《[^》]{0,80}》|[(（][^()（）]{0,40}[)）]|〔[^〕]{0,10}〕")
_INSPECTION = compile_fast(alternation(_WORDS["inspection_words"]))
_RECTIFICATION = compile_fast(alternation(_WORDS["rectification_reports"]))
_REVIEW_PLAN = compile_fast(
    rf"回顾了?(?P<y>{YEAR})年[^。]{{0,40}}?(?P<y2>{YEAR})年[^。，,]{{0,12}}(?:{alternation(_WORDS['plan_words'])})"
)
_BUDGET_YEAR = compile_fast(rf"(?P<y>{YEAR})年(?:度)?[^。；，,]{{0,60}}?(?:{alternation(_WORDS['account_words'])})")


_SINCE_UNTIL_MAX = 300
_PERIOD_WORDS = read_lists("period_words.tsv", "indicators")  # the periods' own 以来 and 截至
_SINCE = compile_fast(rf"(?:{alternation(_PERIOD_WORDS['since'])})")
_UNTIL = compile_fast(rf"(?:{alternation(_PERIOD_WORDS['until'])})\s*$")


def _since_until(folded: str, dates: list[Any]) -> tuple[date, date] | None:
    """2016年以来,…。截至8月底,…: from the first day of the date 以来 follows to the last day
    of the date 截至 opens later in the paragraph, both read with the engine's date grammar."""
    from .period import parse_span

    for k, since in enumerate(dates):
        if not _SINCE.match(folded, since.end):
            continue
        start = parse_span(folded[since.start : since.end], None)
        for until in dates[k + 1 :]:
            if "\n" in folded[since.end : until.start] or until.start - since.end > _SINCE_UNTIL_MAX:
                break  # within one paragraph
            if start and _UNTIL.search(folded, max(0, until.start - 4), until.start):
                end = parse_span(folded[until.start : until.end], start[0].year)
                return (start[0], end[1]) if end and end[1] >= start[0] else None
        return None
    return None


def _opening_span(opening: str) -> tuple[date, date] | None:
    """The period an opening paragraph says the report covers, when its title does not:
    the days an inspection ran (a rectification report covers its rectification, which
    it does not date); a work report's reviewed year and the year it plans (回顾了2012年…
    提出了2013年…目标); 2016年以来…截至8月底; the year of a budget or final account.

    >>> _opening_span("2020年4月7日至2020年6月8日,县委巡察组对保和镇开展了常规巡察。")
    (datetime.date(2020, 4, 7), datetime.date(2020, 6, 8))
    >>> _opening_span("2016年以来,我市稳步推进各项工作。截至8月底,全市新增就业3.6万人。")
    (datetime.date(2016, 1, 1), datetime.date(2016, 8, 31))
    """
    from extractors import find_figures

    from .period import parse_span

    folded = fold(opening)
    dates = [f for f in find_figures(opening, folded) if f.kind == "date"]
    span = _since_until(folded, dates)
    if span:
        return span
    m = _REVIEW_PLAN.search(folded)
    if m and 0 <= int(m["y2"]) - int(m["y"]) <= 1:
        return date(int(m["y"]), 1, 1), date(int(m["y2"]), 12, 31)
    if not _RECTIFICATION.search(folded):
        for fig in find_figures(opening, folded):
            if fig.kind != "date":
                continue
            stop = opening.find("。", fig.end)
            sentence = opening[fig.end : stop if stop >= 0 else None]
            span = parse_span(fig.surface, None)
            if span and span[0] != span[1] and "至" in fig.surface and _INSPECTION.search(sentence):
                return span
    first = _BRACKETED.sub("", folded.split("。", 1)[0])
    m = _BUDGET_YEAR.search(first)
    if m:
        y = int(m["y"])
        return date(y, 1, 1), date(y, 12, 31)
    return None


def _covers(title: str | None, lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """The period the whole report covers, and the phrase that says so when it dates the
    whole report (its title, or its opening sentence): the span or year its title names (a
    bulletin, a budget, a monthly report), the day its masthead names (a sitting's record),
    the period its opening paragraph states (see
    ``_opening_span``), the year its opening sentence begins with, or the year its work
    report reviews (these date the report, not its figures, so no phrase)."""
    found = _title_span(title) if title else None
    if found:
        return found[0].isoformat(), found[1].isoformat(), found[2]
    masthead = next((line for line in lines[:3] if _MASTHEAD.match(fold(line))), None)
    found = _title_span(masthead) if masthead else None
    if found:  # 立法會 ─ 2013年5月9日: the record of that day's sitting
        return found[0].isoformat(), found[1].isoformat(), None
    # a notice or decision on a matter (关于…事故调查处理情况的通报) dates its events, not itself
    periodic = title is None or not _ON_A_MATTER.match(fold(title))
    if periodic:
        span = _opening_span("\n".join(lines[:4])[:800])
        if span:
            return span[0].isoformat(), span[1].isoformat(), None
    for line in lines[:6] if periodic else []:
        m = _OPENING_YEAR.match(line)
        if m:
            y = int(m["y"])
            return date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat(), line[m.start("y") : m.end("y") + 1]
    for line in lines[:40]:
        m = _REVIEW.match(line)
        if m:
            y = int(m["y"])
            return date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat(), None
    return None, None, None


_MONTH_DAY = compile_fast(r"^[^0-9，,。；]{0,12}?(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日(?:讯|电|上午|下午|晚|[,，])")
# 政府统计处今日(三月十八日)发布…: a Hong Kong press release dates itself in brackets
_TODAY_BRACKET = compile_fast(
    rf"(?:{_TODAY_WORDS})\s*\((?P<m>[{_CN_DIGITS}0-9]{{1,3}})月(?P<d>[{_CN_DIGITS}0-9]{{1,3}})日\)"
)


def _dateline(lines: list[str], opening: str, covered_end: str | None = None) -> str | None:
    """A news dateline with no year (浙江在线杭州01月16日讯, 9月20日下午,记者…, 今日(三月十八日)):
    its year is the latest one the opening names, else the first that puts it after the
    period the report covers (the figures of 二零一五年第四季 come out in 2016)."""
    for k, line in enumerate(lines[:6]):
        folded = fold(line)
        m = (_MONTH_DAY.match(folded) if k < 3 else None) or _TODAY_BRACKET.search(folded)
        if m is None:
            continue
        try:
            month, day = int(numeral_value(m["m"])), int(numeral_value(m["d"]))
            years = [int(y) for y in _YEAR.findall(opening)]
            if years:
                return date(max(years), month, day).isoformat()
            if covered_end:
                end = date.fromisoformat(covered_end)
                found = date(end.year, month, day)
                return (found if found > end else date(end.year + 1, month, day)).isoformat()
            return None
        except (ValueError, ArithmeticError):
            return None
    return None


def text_metadata(text: str) -> Metadata:
    """What the text says about itself: its title (the first line that reads as one), its
    issuer and date (a header block, a speech's dateline, a byline, the signature block),
    its region and the period it covers.

    >>> m = text_metadata("双桥县教育局关于整改情况的通报\\n正文。\\n双桥县教育局\\n2025年1月15日\\n")
    >>> (m.title, m.issuer, m.published, m.region)
    ('双桥县教育局关于整改情况的通报', '双桥县教育局', '2025-01-15', '双桥县')
    >>> m = text_metadata("河西区2024年国民经济和社会发展统计公报\\n2024年,全区经济运行总体平稳。")
    >>> (m.covers_start, m.covers_end)
    ('2024-01-01', '2024-12-31')
    """
    # lines, and paragraphs run together with ideographic spaces (　　) as lines of their own
    lines = [line.strip() for line in _LINES.split(text[:4000]) if line.strip()]
    tail = [line.strip() for line in _LINES.split(text[-2000:]) if line.strip()]
    title = _title_lines(lines)
    top_published, top_issuer, outlet = _opening_facts(lines)
    sig_issuer, sig_published = _signature(tail)
    issuer = sig_issuer or top_issuer
    if issuer is None and title:
        m = _OF_TITLE.match(fold(title))
        issuer = title[: m.end("body")] if m else None
    issuer = issuer or outlet
    if issuer and issuer[0] in _WORDS["not_issuer_starts"][0]:
        issuer = None  # 全省市县两级党委, 各级党组织: a group, not the body that wrote
    covers_start, covers_end, covers_text = _covers(title, lines)
    published = top_published or sig_published or _dateline(lines, text[:3000], covers_end)
    region = (
        _valid_region(region_of(issuer))
        or _valid_region(region_of(title))
        or _national(issuer, title)
        or region_in(title, issuer, text[:1500])
        or _clued(text[:3000])
    )
    return Metadata(
        title=title,
        issuer=issuer,
        published=published,
        region=region,
        covers_start=covers_start,
        covers_end=covers_end,
        covers_text=covers_text,
    )


_STRONG = {
    name.removeprefix("strong_"): compile_fast(alternation(words))
    for name, words in _WORDS.items()
    if name.startswith("strong_")
}
_CLUES = {
    name.removeprefix("clues_"): compile_fast(alternation(words))
    for name, words in _WORDS.items()
    if name.startswith("clues_")
}


_FISCAL_YEAR = compile_fast(r"/[0-9零〇一二三四五六七八九]{2}年度")  # a fiscal year from April: 2023/24年度


def _clued(text: str) -> str | None:
    """Hong Kong or Taiwan, told by the words of their governments (立法會, 行政院, 114年度)."""
    folded = fold(text)
    hits = {region: len(p.findall(folded)) + 2 * len(_STRONG[region].findall(folded)) for region, p in _CLUES.items()}
    hits["香港特别行政区"] = hits.get("香港特别行政区", 0) + 2 * len(_FISCAL_YEAR.findall(folded))  # 二零一四/一五年度
    best = max(hits, key=lambda r: hits[r], default=None)
    return best if best is not None and hits[best] >= 2 else None


_DIVISION_PART = compile_fast(
    rf"[\u4e00-\u9fff]+?(?:{alternation(_WORDS['province_suffixes'] + _WORDS['city_suffixes'] + _WORDS['county_suffixes'])})"
)


def _valid_region(path: str | None) -> str | None:
    """A region path (上海市普陀区) whose every name is a division: a known one, or one
    of two characters or more before its suffix that is not a word like 我市 or 全省."""
    if not path:
        return None
    for part in _DIVISION_PART.findall(path):
        stem = part[:-1]
        if official(part) is None and (len(stem) < 2 or stem[0] in _WORDS["not_region_starts"][0]):
            return None
    return path


_NATIONAL = tuple((row.split(":")[0], row.split(":")[1]) for row in _WORDS["national_bodies"])


def _national(*names: str | None) -> str | None:
    """The region of a national, Hong Kong or Taiwan body (国务院 → 中国, 立法會 → 香港特别行政区)."""
    for name in names:
        if not name:
            continue
        folded = fold(name)
        for prefix, region in _NATIONAL:
            if folded.startswith(prefix):
                return region
    return None


def parse_meta_date(value: str) -> str | None:
    """A date from an HTML meta tag, with explicit formats only.

    dateparser is weak on bare Chinese forms (``2023年`` is year 3), so it only
    ever sees the formats listed here, strictly.

    >>> parse_meta_date("2024-01-18 10:30:00")
    '2024-01-18'
    >>> parse_meta_date("2023年") is None
    True
    """
    import dateparser

    value = value.strip()
    if not value or len(value) > 40:
        return None  # no date is longer; a long string would only cost dateparser time
    parsed = dateparser.parse(
        value,
        date_formats=_META_FORMATS,
        languages=["zh", "en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats"]},
    )
    return parsed.date().isoformat() if parsed else None


def html_metadata(soup: Any) -> Metadata:
    """Title, issuer, date and region from a page's <title> and <meta> tags."""
    title = soup.title.get_text(strip=True) if soup.title else None
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        if key and tag.get("content"):
            found.setdefault(key, tag["content"])
    published = next((d for k in _META_DATES if k in found and (d := parse_meta_date(found[k]))), None)
    issuer = next((found[k].strip() for k in _META_ISSUERS if k in found), None)
    title = found.get("articletitle") or title
    return Metadata(
        title=title or None, issuer=issuer, published=published, region=region_of(issuer) or region_of(title)
    )


_HEADER_LABEL = compile_fast(rf"(?P<label>{alternation(_WORDS['header_labels'])})\s*[:：|｜\t]\s*")
_ISO_DATE = compile_fast(rf"(?P<y>{YEAR})\s*[-/.年]\s*(?P<m>[0-9]{{1,2}})\s*[-/.月]\s*(?P<d>[0-9]{{1,2}})")
_HEADER_MAX = 400
_HEADER_PROSE = compile_fast(r"[。，；！？]")


def header_fields(text: str) -> dict[str, str]:
    """The labelled fields of a page's header block (发布日期：…  来源：…), label to value.

    >>> header_fields("发布日期：2025-09-24 08:02 来源：市卫生健康委 索引号：123/2025-00012")
    {'发布日期': '2025-09-24 08:02', '来源': '市卫生健康委', '索引号': '123/2025-00012'}
    """
    found: dict[str, str] = {}
    labels = list(_HEADER_LABEL.finditer(text))
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        value = text[m.end() : end].strip(" \t\n|丨【】[]")
        if value:
            found.setdefault(m["label"], value)
    return found


def _header_date(value: str) -> str | None:
    m = _ISO_DATE.search(value)
    if m is None:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return None


def page_header(root: Any) -> Metadata:
    """Read, then remove, the header block of a page's article (发布日期, 来源, 索引号 …):
    what it says is metadata, not prose of the report."""
    fields_found: dict[str, str] = {}
    # From each string that holds a label up to the largest element around it that is still
    # short: linear in the page (a walk over every element asking for its text is quadratic
    # on deeply nested markup).
    for string in list(root.find_all(string=_HEADER_LABEL)):
        block = None
        node = getattr(string, "parent", None)  # None once an earlier block took it away
        for _ in range(6):
            if node is None or node is root or getattr(node, "decomposed", False):
                break
            text = node.get_text(" ", strip=True)
            if len(text) > _HEADER_MAX or _HEADER_PROSE.search(text):
                break  # past the header block: prose of the report around it
            block = (node, text)
            node = node.parent
        if block is None:
            continue
        tag, text = block
        found = header_fields(text)
        if len(found) >= 2 or (found and len(text) <= 40 and any(k in _WORDS["header_date_labels"] for k in found)):
            fields_found = {**found, **fields_found}
            tag.decompose()
    published = next(
        (d for k in _WORDS["header_date_labels"] if k in fields_found and (d := _header_date(fields_found[k]))), None
    )
    issuer = next((fields_found[k] for k in _WORDS["header_issuer_labels"] if k in fields_found), None)
    if issuer and issuer in _WORDS["not_issuers"]:
        issuer = None
    return Metadata(issuer=issuer, published=published, region=region_of(issuer))
