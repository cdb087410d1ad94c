"""Administrative divisions: which province, city or county a report is about.

The names come from cpca's table of China's divisions (provinces, prefecture
cities and counties with their codes), read as data: cpca itself, which
parses addresses, is never imported. A name is matched in full (汕头市,
衡阳县, 旌阳区) or, for provinces and cities, without its suffix (汕头, 浙江);
Hong Kong, Macao and Taiwan are named as the annotation contract names them.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from extractors.fold import fold
from extractors.lexicon import alternation, read_lists

__all__ = ["divisions", "official", "region_in"]

_WORDS = read_lists("metadata_words.tsv", "indicators")
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "县", "区", "盟", "旗", "地区")


# An autonomous division is named by its place and its peoples (维西傈僳族自治县, 黔东南苗族侗族自治州).
_AUTONOMOUS = re.compile(
    rf"^(?P<place>[\u4e00-\u9fff]{{2,4}}?)(?:(?:{alternation(_WORDS['peoples'])})族?)+自治(?P<kind>县|州|旗)$"
)


@cache
def divisions() -> dict[str, tuple[str, int]]:
    """Every name a division goes by -> (its full official name, its level: 1 province, 2 city, 3 county)."""
    spec = importlib.util.find_spec("cpca")
    names: dict[str, tuple[str, int]] = {}
    if spec is not None and spec.submodule_search_locations:
        table = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
        with table.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code, name = row["adcode"], row["name"]
                if len(name) < 2 or name in _WORDS["region_placeholders"]:
                    continue  # 县, 市辖区: rows that stand for a group, not a place
                level = 1 if code[2:].strip("0") == "" else 2 if code[4:].strip("0") == "" else 3
                names.setdefault(name, (name, level))
                m = _AUTONOMOUS.match(name)
                if m:  # 维西傈僳族自治县 goes by 维西县 in its own reports
                    names.setdefault(m["place"] + m["kind"], (m["place"] + m["kind"], level))
                if level < 3:
                    short = next(
                        (name[: -len(s)] for s in _SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2), None
                    )
                    if short and short not in _WORDS["region_not_short"]:
                        names.setdefault(short, (name, level))
    for pair in _WORDS["special_regions"]:
        alias, special = pair.split(":")
        names[alias] = (special, 1)
    return names


@cache
def _by_first() -> dict[str, tuple[int, ...]]:
    """For each first character of a division's name, the lengths its names have, longest first.

    A dictionary walk instead of one regex of every name: the same longest match at each
    position, without a quarter of a second compiling that regex in each new process.
    """
    lengths: dict[str, set[int]] = {}
    for name in divisions():
        lengths.setdefault(name[0], set()).add(len(name))
    return {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}


def _mentions(folded: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of each division named in ``folded``, left to right, the longest name
    at each place, none overlapping (as a regex alternation of the names would find them).

    >>> list(_mentions("德阳市旌阳区委"))
    [(0, '德阳市'), (3, '旌阳区')]
    """
    names = divisions()
    by_first = _by_first()
    pos, end = 0, len(folded)
    while pos < end:
        lengths = by_first.get(folded[pos])
        if lengths is not None:
            for length in lengths:
                if pos + length <= end and folded[pos : pos + length] in names:
                    yield pos, folded[pos : pos + length]
                    pos += length
                    break
            else:
                pos += 1
        else:
            pos += 1


def official(name: str | None) -> str | None:
    """The full official name of a division named in full or in short, else None.

    >>> official("汕头"), official("衡阳县"), official("我市"), official("维西县")
    ('汕头市', '衡阳县', None, '维西县')
    """
    if not name:
        return None
    found = divisions().get(fold(name))
    return found[0] if found else None


def region_in(*texts: str | None) -> str | None:
    """The division a text is most about: of the names it mentions, the most specific
    level, the most often named, the first on ties.

    >>> region_in("德阳市旌阳区委巡察办联合多家单位,旌阳区开展联合评审")
    '旌阳区'
    >>> region_in("全县经济运行总体平稳") is None
    True
    """
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    level: dict[str, int] = {}
    pos = 0
    for text in texts:
        if not text:
            continue
        for at, said in _mentions(fold(text)):
            name, lv = divisions()[said]
            counts[name] += 1
            first.setdefault(name, pos + at)
            level[name] = lv
        pos += len(text) + 1
    if not counts:
        return None
    # the more often named first; a county over the city it lies in when both are named alike
    return max(counts, key=lambda n: (counts[n] + level[n], -first[n]))
