"""What a report says about itself: title, issuing body, date, region.

Reports sign off with the issuing body and the date on their last lines
(``云浮市云安区教育局党组`` / ``2025年8月8日``); web pages carry them in ``<title>``
and ``<meta>`` tags. Dates are found with our own patterns; dateparser only
parses the strings of known meta tags, with explicit formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from extractors import fold
from extractors.lexicon import alternation, read_lists
from extractors.numerals import DIGITS, numeral_value
from extractors.patterns import YEAR_CN

__all__ = ["Metadata", "header_fields", "html_metadata", "page_header", "parse_meta_date", "region_of", "text_metadata"]

_WORDS = read_lists("metadata_words.tsv", "indicators")
_ISSUER_END = re.compile(rf"(?:{alternation(_WORDS['issuer_endings'])})$")
_REGION = re.compile(
    rf"^(?:{alternation(_WORDS['region_prefixes'])})?"
    rf"(?P<region>(?:[\u4e00-\u9fff]{{2,8}}?(?:{alternation(_WORDS['province_suffixes'])}))?"
    rf"(?:[\u4e00-\u9fff]{{1,6}}?(?:{alternation(_WORDS['city_suffixes'])}))?"
    rf"(?:[\u4e00-\u9fff]{{1,6}}?(?:{alternation(_WORDS['county_suffixes'])}))?)"
)
_CN_DIGITS = "".join(DIGITS) + "十"
_DATE = re.compile(
    rf"(?P<y>(?:19|20)[0-9]{{2}}|{YEAR_CN})\s*年\s*"
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


def _title(lines: list[str]) -> str | None:
    first = lines[0] if lines else ""
    if first and len(first) <= _TITLE_MAX and not re.search(r"[。；;!！?？]$|[。]", first):
        return first
    return None


def text_metadata(text: str) -> Metadata:
    """Title from the first line, issuer and date from the signature block at the end.

    >>> m = text_metadata("双桥县教育局关于整改情况的通报\\n正文。\\n双桥县教育局\\n2025年1月15日\\n")
    >>> (m.title, m.issuer, m.published, m.region)
    ('双桥县教育局关于整改情况的通报', '双桥县教育局', '2025-01-15', '双桥县')
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = _title(lines)
    issuer = published = None
    for line in reversed(lines[-6:]):  # the signature block: the last few short lines
        if published is None and len(line) <= 20:
            published = find_date(line)
            if published:
                continue
        if issuer is None and len(line) <= 30 and _ISSUER_END.search(fold(line)):
            issuer = line
        if issuer and published:
            break
    region = region_of(issuer) or region_of(title)
    return Metadata(title=title, issuer=issuer, published=published, region=region)


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


_HEADER_LABEL = re.compile(rf"(?P<label>{alternation(_WORDS['header_labels'])})\s*[:：]\s*")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)[0-9]{2})\s*[-/.年]\s*(?P<m>[0-9]{1,2})\s*[-/.月]\s*(?P<d>[0-9]{1,2})")
_HEADER_MAX = 400


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
        node = string.parent
        for _ in range(6):
            if node is None or node is root or getattr(node, "decomposed", False):
                break
            text = node.get_text(" ", strip=True)
            if len(text) > _HEADER_MAX:
                break
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
