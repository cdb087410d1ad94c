"""What an indicator measures: a level, a change, a growth rate or a share; its direction,
what it is compared with, and whether it is a plan rather than an outcome.

``增长5.2%`` is growth (up), ``下降0.3个百分点`` a change (down), ``占全市的30%`` a
share of 全市, ``比上年增加5000人`` a change against 上年, ``预期增长5%左右`` a target.
The words are data (``indicators/data/measure_words.tsv``), keyed by meaning.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from extractors import INDICATOR_KINDS, Figure
from extractors.fold import fold
from extractors.guards import compile_fast, guard
from extractors.lexicon import alternation, boundaries_before, boundary_before, read_lists
from extractors.punctuation import boundary

__all__ = ["Measure", "measures", "plans"]

_WORDS = read_lists("measure_words.tsv", "indicators")
_UP = frozenset(_WORDS["up"])
_DOWN = frozenset(_WORDS["down"])
_THEN = rf"(?:{alternation(_WORDS['respectively'])})?(?:{alternation(_WORDS['then_words'])})?\s*"
_THEN_WORDS = (*_WORDS["respectively"], *_WORDS["then_words"])
# searched in the words before a figure: behind a guard, a position that cannot begin one is passed over
_VERB = compile_fast(guard(rf"(?P<verb>{alternation([*_WORDS['up'], *_WORDS['down'], *_WORDS['flat']])}){_THEN}$"))
_RATE = compile_fast(guard(rf"(?P<rate>{alternation([*_WORDS['rate_up'], *_WORDS['rate_down']])}){_THEN}$"))
# the last characters a verb or rate phrase can end with (\s* aside)
_VERB_LAST = frozenset(w[-1] for w in (*_WORDS["up"], *_WORDS["down"], *_WORDS["flat"], *_THEN_WORDS))
_RATE_LAST = frozenset(w[-1] for w in (*_WORDS["rate_up"], *_WORDS["rate_down"], *_THEN_WORDS))
_PULL = compile_fast(alternation(_WORDS["pull"]))
# the words that join a list, as the subjects read them (和, 及, 、)
_LIST_GAP = compile_fast(rf"\s*(?:{alternation(read_lists('subject_words.tsv', 'indicators')['joiners'])})\s*")
_RESTATES = compile_fast(rf"\s*[,，]?\s*(?:{alternation(_WORDS['restates'])})\s*")
_SHARE = compile_fast(
    guard(
        rf"(?:(?:{alternation(_WORDS['share_of'])})(?P<of>[^，,。；;：:]{{0,24}}?)(?:的)?(?:{alternation(_WORDS['share_nouns'])})?|(?:{alternation(_WORDS['share_nouns'])}))"
        rf"(?:{alternation(_WORDS['share_links'])})?\s*$"
        rf"|(?:{alternation(_WORDS['share_verbs'])})(?P<whole>[^，,。；;：:]{{1,16}}?)的\s*$"
    )
)
# A share is said with 占 (占全市的), or ends with a share noun, its link word or 的 (是上年的)
_SHARE_LAST = frozenset(w[-1] for w in (*_WORDS["share_nouns"], *_WORDS["share_links"], "的"))
_BASE = compile_fast(
    guard(
        rf"(?:比|较|与|同)(?P<base>{alternation(_WORDS['bases'])}|(?:19|20)[0-9]{{2}}\s*年(?:同期)?|[0-9]{{2,3}}年度)"
        rf"|(?P<same>{alternation(_WORDS['same_period'])})"
    )
)
_PLAN = compile_fast(alternation(_WORDS["plan"]))
_NOT_PLAN = compile_fast(rf"[\u4e00-\u9fff]{{0,2}}?(?:{alternation(_WORDS['not_plan'])})")
_CLAUSE = boundary("clause_end", "sentence_end", "line_break")
_SENTENCE = boundary("sentence_end", "line_break")
_PERCENT = frozenset(("%", "‰", "倍"))
_OF_WHOLE = compile_fast(alternation(_WORDS["of_whole"]))


class Measure(NamedTuple):
    """What one figure measures (all None but ``target`` for a non-indicator); a named
    tuple, built once per figure."""

    measure: str | None = None  # level, change, growth, share
    direction: str | None = None  # up, down: for a change or growth
    base: str | None = None  # what it is compared with, as written
    target: bool = False  # planned, expected or required, not achieved


NOT_AN_INDICATOR = Measure()


def _one(folded: str, text: str, fig: Figure, plan: bool, plan_words: list[int], clause: int, sentence: int) -> Measure:
    k = bisect.bisect_left(plan_words, sentence)  # a plan word earlier in the sentence
    target = plan or (k < len(plan_words) and plan_words[k] < fig.start)
    measure, direction, base = _said(
        folded[clause : fig.start], text[clause : fig.start], fig.unit, fig.kind == "ratio"
    )
    return Measure(measure, direction, base, target)


@lru_cache(maxsize=8192)  # the words before a figure repeat (同比增长, 占全省的): each read once
def _said(left: str, written: str, unit: str | None, ratio: bool) -> tuple[str, str | None, str | None]:
    """What the words ``left`` (folded; ``written``: as in the source) before a figure in
    ``unit`` say it measures: (measure, direction, base).

    >>> _said("同比增长", "同比增长", "%", False), _said("占全省的", "占全省的", "%", False)
    (('growth', 'up', '同比'), ('share', None, '全省'))
    """
    rate = unit in ("%", "‰")
    # each search only where its answer is used, and an end-anchored one only where the
    # words end with a character it can end with
    m = (
        _SHARE.search(left)
        if (rate or ratio) and (any(w in left for w in _WORDS["share_of"]) or left.rstrip()[-1:] in _SHARE_LAST)
        else None
    )
    if m:
        whole = m["of"] or m["whole"]
        return "share", None, written[m.start("of") : m.end("of")] if m["of"] else (whole or None)
    last = left[-1:]
    m = _VERB.search(left) if last in _VERB_LAST or last.isspace() else None
    if m:
        verb = m["verb"]
        direction = "up" if verb in _UP else "down" if verb in _DOWN else None
        kind = "growth" if unit in _PERCENT or _PULL.search(left) else "change"
        return kind, direction, _base(written, left)
    m = _RATE.search(left) if rate and (last in _RATE_LAST or last.isspace()) else None
    if m:
        return "growth", "down" if m["rate"] in _WORDS["rate_down"] else "up", _base(written, left)
    return "level", None, None


def _base(written: str, left: str) -> str | None:
    """What a change is compared with (比上年, 同比), as ``written``."""
    m = _BASE.search(left)
    if m is None:
        return None
    span = "base" if m["base"] else "same"
    return written[m.start(span) : m.end(span)]


def measures(text: str, folded: str, figures: Sequence[Figure], plan: Sequence[bool] | None = None) -> list[Measure]:
    """What each figure measures; ``plan`` marks figures in a plan (a budget, a section of
    next year's work) whatever their own sentence says.

    >>> from extractors import find_figures, fold
    >>> t = "地区生产总值126亿元,同比增长5.2%,占全省的3.1%;失业人员减少300人。预期增长5%左右。"
    >>> [(m.measure, m.direction, m.base, m.target) for m in measures(t, fold(t), find_figures(t))]
    [('level', None, None, False), ('growth', 'up', '同比', False), ('share', None, '全省', False), ('change', 'down', None, False), ('growth', 'up', None, True)]
    """
    # where plans are stated (预计, 力争, not 未完成计划), found once for the whole text
    plan_words = [m.start() for m in _PLAN.finditer(folded) if not _NOT_PLAN.match(folded, max(0, m.start() - 2))]
    out: list[Measure] = []
    prev: Figure | None = None
    starts = [f.start for f in figures]
    clauses = boundaries_before(_CLAUSE, folded, starts, 40)
    sentences = boundaries_before(_SENTENCE, folded, starts, 120)
    for k, fig in enumerate(figures):
        if fig.kind not in INDICATOR_KINDS:
            out.append(NOT_AN_INDICATOR)
            continue
        target = bool(plan[k]) if plan is not None else False
        found = _one(folded, text, fig, target, plan_words, clauses[k], sentences[k])
        if (
            prev is not None
            and out
            and out[-1].measure == "level"
            and found.measure == "level"
            and fig.unit in ("%", "‰")
            and _RESTATES.fullmatch(folded, prev.end, fig.start)
            and _OF_WHOLE.search(folded, boundary_before(_CLAUSE, folded, prev.start, 40), prev.start)
        ):
            found = Measure("share", None, None, found.target)  # 教育占1080亿元,即约两成: its share, as a rate
        if prev is not None and out and out[-1].measure not in (None, "level") and found.measure == "level":
            last = out[-1]
            if _LIST_GAP.fullmatch(folded, prev.end, fig.start):
                found = Measure(last.measure, last.direction, last.base, found.target)  # 分别为5%、6%和7%
            elif (
                last.measure == "change" and fig.unit in ("%", "‰") and _RESTATES.fullmatch(folded, prev.end, fig.start)
            ):
                found = Measure("growth", last.direction, last.base, found.target)  # 减少138亿元,即4.1%
        out.append(found)
        prev = fig
    return out


_PLAN_COLUMN = compile_fast(alternation(_WORDS["plan_columns"]))
_OUTCOME_COLUMN = compile_fast(alternation(_WORDS["outcome_columns"]))


def column_target(column: str, target: bool) -> bool:
    """Whether a table cell is a plan, by its column: 年初预算数 and 调整预算数 are, 决算数 and
    上年执行数 are not (whatever the report as a whole is); other columns keep ``target``.

    >>> column_target("年初预算数", False), column_target("决算数", True), column_target("合计", True)
    (True, False, True)
    """
    folded = fold(column)
    if _OUTCOME_COLUMN.search(folded):
        return False
    return True if _PLAN_COLUMN.search(folded) else target


# A report that is a plan as a whole (a budget, a list of next year's projects), and a
# section that is one (二、2018年工作安排): their figures are targets.
_PLAN_DOC = compile_fast(alternation(_WORDS["plan_documents"]))
_OUTCOME_DOC = compile_fast(alternation(_WORDS["outcome_documents"]))
_PLAN_SECTION = compile_fast(alternation(_WORDS["plan_sections"]))


def plans(title: str | None, sections: Sequence[str | None]) -> list[bool]:
    """For each figure (by its section path), whether it stands in a plan: a report that is
    one (a budget, not its final accounts) or a section whose heading makes it one.

    >>> plans("某区2025年部门预算", [None]), plans(None, ["一、2024年工作回顾", "二、2025年工作安排 > (一)教育"])
    ([True], [False, True])
    """
    whole = bool(title and _PLAN_DOC.search(title) and not _OUTCOME_DOC.search(title))
    if whole:
        return [True] * len(sections)
    # the figures of a section share its path: each path read once
    read = {sec: bool(sec and _PLAN_SECTION.search(sec.rsplit(" > ", 1)[0])) for sec in set(sections)}
    return [read[sec] for sec in sections]
