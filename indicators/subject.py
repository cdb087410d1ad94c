"""What a figure counts: its subject, read from the words around it.

Rules, in order (the word lists are data files in ``indicators/data``):

1. A count whose measure word is followed by a noun, where nothing but a verb
   or preposition stands before it (招聘了4名心理教师, 区委4个巡察组对…), counts
   that noun.
2. A figure that only relates to another (增长5.2%, 占比3.72%) takes the subject
   of the previous figure in its sentence before the relation word.
3. Otherwise the subject is the phrase before the figure in its clause, cut
   after the last verb that takes an object (建立书香班级2753个 → 书香班级) and
   trimmed of scope words (全区, 共) and links (为, 达到).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from extractors import INDICATOR_KINDS, Figure
from extractors.fold import fold
from extractors.guards import compile_fast, guard
from extractors.lexicon import alternation, boundaries_before, boundary_before, read_lists, read_rows, read_words, stops
from extractors.patterns import EACH, EACH_WORD
from extractors.punctuation import boundary, marks

__all__ = ["clause_starts", "named", "subjects", "verbs"]

_PKG = "indicators"
_VERBS = compile_fast(alternation(read_words("verbs.txt", _PKG)))
_LIGHT_VERBS = frozenset(r[0] for r in read_rows("verbs.txt", _PKG) if r[1] == "drop")
_LEAD = compile_fast(rf"(?:{alternation(read_words('lead_words.txt', _PKG))}|[ \t“”\"'])+")
# end-anchored, searched in each subject: behind a guard, a position that cannot begin one costs one test
_TAIL = compile_fast(guard(rf"(?:{alternation(read_words('tail_words.txt', _PKG))}|[ \t])+$"))
# What a lead or tail word can begin or end with: a phrase that cannot hold one is passed
# over on a set test (a regex call costs more than the rest of the trim).
_LEAD_FIRST = frozenset(w[0] for w in read_words("lead_words.txt", _PKG)) | frozenset(" \t“”\"'")
_TAIL_LAST = frozenset(w[-1] for w in read_words("tail_words.txt", _PKG)) | frozenset(" \t\n")  # $ before a last \n
_RELATIVE = frozenset(read_words("relative_words.txt", _PKG))
_COMPARE = compile_fast(alternation(read_words("compare_words.txt", _PKG)))
_RIGHT_STOP = compile_fast(rf"{alternation(read_words('right_stops.txt', _PKG))}|[^\u4e00-\u9fff“”A-Za-z0-9]")
_PERSON = compile_fast(guard(rf"(?:{alternation(read_words('person_suffixes.txt', _PKG))})$"))
_WORDS = read_lists("subject_words.tsv", _PKG)
# the words before the base of a comparison (比, 较), as the periods read them
_COMPARE_BEFORE = frozenset(read_lists("period_words.tsv", _PKG)["compare_before"])
_PERSON_UNITS = frozenset(_WORDS["person_units"])
# A subject ends where its clause does; 、 and brackets end it too, and so
# does the previous figure that is a quantity, a date or a list marker.
_BOUNDARY = boundary("clause_end", "sentence_end", "colon", "line_break", "list_separator", "cell_separator")
_OPEN, _CLOSE = "(", ")"
_CUT_KINDS = frozenset({"count", "money", "percent", "duration", "measure", "ratio", "date", "marker", "ordinal"})
_CJK = compile_fast(r"[\u4e00-\u9fff]")
# A rate word opens the subject: 每天体育活动2小时 → 体育活动.
_EACH = compile_fast(EACH)
_MAX = 16
_LONG = 14
_JOINERS = compile_fast(alternation(_WORDS["joiners"]))
_JOINER_CHARS = "".join(w for w in _WORDS["joiners"] if len(w) == 1)
_ACTIONS = compile_fast(alternation(_WORDS["actions"]))
_CLAUSE_END = boundary("clause_end", "sentence_end", "colon", "line_break", "list_separator", "open_bracket")
_QUOTES = frozenset('“"「')
_ADVERBS = compile_fast(rf"^(?:{alternation(_WORDS['adverbs'])})+")
_NOUN_ENDINGS = frozenset(_WORDS["noun_endings"])
_OPEN_ENDINGS = _WORDS["open_endings"]
_COMMAS = frozenset("，,")
_RELATIONS = alternation(_RELATIVE)  # 增长, 下降, 占比 …: one pattern for the uses below
_CHANGE = compile_fast(_RELATIONS)
_DATE_LINKS = "".join(_WORDS["date_links"])
_RIGHT_MAX = 10
_LOOK = 60


def _clause_start(folded: str, pos: int, start: int | None = None) -> int:
    """Where the clause holding ``pos`` begins; an open bracket begins one too. ``start``
    is its boundary when the caller found it already (see ``boundaries_before``)."""
    if start is None:
        start = boundary_before(_BOUNDARY, folded, pos, _LOOK)
    # (同比上升22.03%): inside an unclosed bracket, the clause starts after it;
    # a closed one (村(社区)综合文化服务中心) is part of the phrase.
    last_open = folded.rfind(_OPEN, start, pos)
    if last_open < 0:
        return start  # no bracket: the common case, without the walk below
    if folded.find(_CLOSE, last_open, pos) < 0:
        return last_open + 1
    depth = 0
    for i in range(pos - 1, start - 1, -1):
        ch = folded[i]
        if ch == _CLOSE:
            depth += 1
        elif ch == _OPEN:
            if depth == 0:
                return i + 1
            depth -= 1
    return start


def _trim(folded: str, a: int, b: int) -> tuple[int, int]:
    """Strip scope words from the start and links from the end of [a, b)."""
    if a >= b:
        return a, b
    da, db = _trimmed(folded[a:b])
    return a + da, a + db


@lru_cache(maxsize=8192)  # the words before a figure repeat: each phrase trimmed once
def _trimmed(phrase: str) -> tuple[int, int]:
    """``_trim`` within ``phrase`` (it reads nothing outside [a, b)).

    >>> _trimmed("其中每天体育活动"), _trimmed("共有")
    ((4, 8), (2, 2))
    """
    a, b = 0, len(phrase)
    if EACH_WORD in phrase:
        for m in _EACH.finditer(phrase):
            if m.end() < b:
                a = m.end()  # 每天体育活动: the rate opens the subject
            else:
                b = m.start()  # 涉及开支每年: a trailing rate is no subject
    while a < b and phrase[a] in _LEAD_FIRST:
        lead = _LEAD.match(phrase, a, b)
        if not lead or lead.end() == a:
            break
        a = lead.end()
    if a < b and phrase[b - 1] in _TAIL_LAST:
        tail = _TAIL.search(phrase, a, b)
        if tail:
            b = max(a, tail.start())
    if phrase.startswith("的", a) and b - a > 2:
        a += 1  # 第三季的升幅: the date before 的 was cut, its 的 goes with it
    return a, b


def _after_verb(folded: str, a: int, b: int) -> int:
    """Where the object begins: after the last verb that has one after it (in the first
    member of a list: 支出培训、职业介绍等补贴 → 培训、职业介绍等补贴)."""
    if folded.startswith(_TOWARDS, a):
        return a  # 向县政府提出建议3条: what went to whom is the indicator, verb and all
    return a + _object_start(folded[a : b + 1], b - a)


@lru_cache(maxsize=8192)  # phrases repeat: each read once
def _object_start(phrase: str, b: int) -> int:
    """``_after_verb`` within ``phrase[:b]`` (``phrase[b:]``: the character after it, if any).

    >>> _object_start("建立书香班级2", 6), _object_start("支出培训、职业介绍等补贴", 12)
    (2, 0)
    """
    start = 0
    first = phrase.find("、", 0, b)
    for m in _VERBS.finditer(phrase, 0, first if first > 0 else b):
        if phrase[m.end() : m.end() + 1] in _NOUN_ENDINGS:
            continue  # 覆盖率, 完成额: the verb is part of a noun
        if b - m.end() >= 2 and phrase[m.end() : m.end() + 1] != "、":
            start = m.end() if m.group() in _LIGHT_VERBS else m.start()
    return start


def _phrase_end(folded: str, a: int, limit: int) -> int:
    """Where a noun phrase starting at ``a`` ends: a stop word, punctuation or a figure.

    A short bracket inside it is kept (县(市、区), 细颗粒物(PM2.5)).
    """
    i = a
    while i < limit:
        stop = _RIGHT_STOP.search(folded, i, limit)
        if stop is None:
            return limit
        if stop.group() == _OPEN:
            close = folded.find(_CLOSE, stop.end(), min(limit, stop.end() + 10))
            if close > 0:
                i = close + 1
                continue
        return stop.start()
    return limit


def _right_noun(folded: str, fig: Figure, limit: int, left_empty: bool) -> tuple[int, int] | None:
    """The noun phrase right after a figure, if one stands there."""
    a = fig.end
    while a < limit and folded[a] in _QUOTES:
        a += 1
    if folded.startswith("的", a):
        if not left_empty:
            return None
        a += 1  # 包括636亿元的一般性补助款: a verb before the figure leaves it unnamed
    people = _PEOPLE.match(folded, a) if fig.unit in _PERSON_UNITS else None
    if people and (_VERBS.match(folded, people.end()) or _ACTIONS.match(folded, people.end())):
        a = people.end()  # 4位同志通过竞聘成为学校领导: 同志 says no more than 位
    if fig.unit in _PERSON_UNITS and (_VERBS.match(folded, a) or _ACTIONS.match(folded, a)):
        # 400多人参加培训: people counted by what they did
        end = _CLAUSE_END.search(folded, a, min(limit, a + 12))
        return (a, end.start() if end else min(limit, a + 8)) if (end is None or end.start() > a + 1) else None
    if _RIGHT_STOP.match(folded, a) or _JOINERS.match(folded, a):
        return None
    b = _phrase_end(folded, a, min(limit, a + 30))
    de = folded.find("的", a, b)
    if de > a and _VERBS.match(folded, a):
        # 19所设有食堂的区直属学校: a relative clause; a long one gives way to the head after 的
        if b - a > _RIGHT_MAX:
            a = de + 1
    elif de > a and fig.unit not in _PERSON_UNITS:
        # 37所学校的党组织领导班子: the figure counts the noun before 的
        return a, de
    if b - a < 1 or not _CJK.match(folded, a):
        return None
    if fig.unit in _PERSON_UNITS and "的" in folded[a:b]:
        pos = a
        for part in folded[a:b].split("的"):
            if part and _PERSON.search(part):
                return pos, pos + len(part)
            pos += len(part) + 1
    # Chinese noun phrases end in their head: keep the tail of a long one.
    return max(a, b - _RIGHT_MAX), b


_NAMED_RIGHT = frozenset(("count", "money", "measure"))  # kinds whose noun may stand after them


def _ends_open(folded: str, a: int, b: int, also: tuple[str, ...] = ()) -> bool:
    """The left phrase is empty, or ends with a verb or preposition (or one of ``also``)."""
    if a >= b:
        return True
    if folded.endswith(_OPEN_ENDINGS, a, b) or (also and folded.endswith(also, a, b)):
        return True
    return _verb_ends(folded[max(a, b - 4) : b])


@lru_cache(maxsize=8192)
def _verb_ends(tail: str) -> bool:
    """Whether a verb ends ``tail`` (the last four characters of a phrase), as a scan from its start finds them."""
    return any(m.end() == len(tail) for m in _VERBS.finditer(tail))


def _shared_noun(folded: str, figures: Sequence[Figure], i: int) -> tuple[int, int] | None:
    """The noun after a run of figures that all count it: 完成1.8万户、189万平方米棚改任务."""
    j = i
    while (
        j + 1 < len(figures)
        and figures[j + 1].is_indicator
        and _RUN_GAP.fullmatch(folded, figures[j].end, figures[j + 1].start)
    ):
        j += 1
    if j == i and not (i > 0 and _RUN_GAP.fullmatch(folded, figures[i - 1].end, figures[i].start)):
        return None  # a figure alone: its own right noun was looked for already
    a = figures[j].end
    limit = figures[j + 1].start if j + 1 < len(figures) else len(folded)
    b = _phrase_end(folded, a, min(limit, a + _RIGHT_MAX))
    if b - a < 2 or not _CJK.match(folded, a) or _VERBS.match(folded, a):
        return None
    return a, b


def _modified(folded: str, figures: Sequence[Figure], i: int) -> tuple[int, int] | None:
    """The noun a figure modifies (为期一个月的…集体廉政谈话活动, 历时十多年的设立军事码头的
    程序, 出动169人的安全保障队伍): after 的 to the clause's end or the next figure
    that is an indicator (a date in between is part of the noun phrase)."""
    a = figures[i].end + 1
    stop = _CLAUSE_END.search(folded, a)
    while stop and stop.group() == "\n" and _CJK.match(folded, stop.start() - 1) and _CJK.match(folded, stop.end()):
        stop = _CLAUSE_END.search(folded, stop.end())  # 设立\n军事码头的程序: a line wrapped mid-phrase
    b = stop.start() if stop else len(folded)
    for fig in figures[i + 1 :]:
        if fig.start >= b:
            break
        if fig.start == a and not fig.is_indicator:
            a = fig.end  # 为期一个月的2025年春季…活动: the date opens the phrase, the noun follows
        elif fig.is_indicator:
            b = fig.start
            break
    if b - a < 2 or not _CJK.match(folded, b - 1):
        return None
    return max(a, b - _MAX), b


_CHANGE_TAIL = compile_fast(guard(rf"(?:{_RELATIONS})$"))
_COMPARED = compile_fast(
    rf"[{''.join(_COMPARE_BEFORE)}][\u4e00-\u9fff]{{1,8}}?(?:{alternation(_WORDS['compared_endings'])})?"
    rf"(?P<relation>{_RELATIONS})"
)


def _relative(folded: str, a: int, b: int) -> str | None:
    """The relation word when [a, b) only says 增长 / 占比 (after 比上年 …)."""
    return _relation(folded[a:b])


@lru_cache(maxsize=4096)  # the words before a figure repeat (同比增长, 比上年增加): read once
def _relation(phrase: str) -> str | None:
    """
    >>> _relation("同比增长"), _relation("比年初预算减少"), _relation("阅读资源投入")
    ('增长', '减少', None)
    """
    core = _ADVERBS.sub("", _COMPARE.sub("", phrase))
    if core in _RELATIVE:
        return core
    m = _COMPARED.fullmatch(_ADVERBS.sub("", phrase))  # 比年初预算减少: the base is the measure's
    return m["relation"] if m else None


def clause_starts(folded: str, figures: Sequence[Figure]) -> list[int]:
    """Where the clause of each indicator begins (-1 for other figures), all in one walk:
    what ``subjects`` and ``verbs`` both read, found once when the caller passes it.

    >>> from extractors import find_figures, fold
    >>> t = "2024年,投入41.3万元,其中(含补助3万元)"
    >>> clause_starts(fold(t), find_figures(t))
    [-1, 6, 18]
    """
    bounds = boundaries_before(_BOUNDARY, folded, [f.start for f in figures], _LOOK)
    return [
        _clause_start(folded, fig.start, bound) if fig.kind in INDICATOR_KINDS else -1
        for fig, bound in zip(figures, bounds, strict=True)
    ]


def subjects(
    text: str, folded: str, figures: Sequence[Figure], clauses: Sequence[int] | None = None
) -> list[str | None]:
    """The subject of each figure (None for non-indicators); ``clauses`` is
    ``clause_starts(folded, figures)`` when the caller has it.

    >>> from extractors import find_figures, fold
    >>> t = "建立书香班级2753个,阅读资源投入41.3万元,招聘了4名心理专业背景的心理教师。"
    >>> subjects(t, fold(t), find_figures(t))
    ['书香班级', '阅读资源投入', '心理教师']
    """
    out: list[str | None] = []
    prev_subject: str | None = None
    last_change: str | None = None  # the subject of the figure before when it was a change (…增加)
    prev_sentence_end = -1
    ends = stops(_STOP, folded)  # where sentences end, found once
    indicator_starts = [f.start for f in figures if f.is_indicator]
    cut = 0  # end of the last figure that closes a subject (a quantity, date, marker)
    cut_date_start = -1  # start of that figure when it was a date
    if clauses is None:
        clauses = clause_starts(folded, figures)
    for i, fig in enumerate(figures):
        if fig.start > prev_sentence_end:
            prev_subject = None
        if fig.kind not in INDICATOR_KINDS:
            out.append(None)
            if fig.kind in _CUT_KINDS:
                cut = fig.start if fig.kind == "ordinal" else fig.end  # 一等奖1个: an ordinal names
                cut_date_start = fig.start if fig.kind == "date" else -1
            continue
        clause = clauses[i]
        lo = max(clause, min(cut, fig.start))
        a, b = _trim(folded, lo, fig.start)
        if a >= b and lo > 0 and folded[lo - 1] == _OPEN:
            # (793件,占比17.36%) after 住房保障类: the subject stands before the bracket
            a, b = _trim(folded, max(_clause_start(folded, lo - 1), min(cut, lo - 1)), lo - 1)
        relation = _relative(folded, a, b)
        if relation is None and prev_subject and fig.unit in ("%", "‰") and _SHARE_OF.fullmatch(folded, lo, fig.start):
            # 收入85.6亿元,为预算的102.3%,增长5.4%: a share of the plan, and what grows is still 收入
            relation, b = "", fig.start
        if relation is not None and not prev_subject and clause <= cut_date_start < a:
            # 增速比2021年减低2.2个百分点, 生产总值在第四季上升1.9%: the subject
            # stands before the date that the comparison refers to
            a2, b2 = _trim(folded, clause, cut_date_start)
            b2 = len(folded[a2:b2].rstrip(_DATE_LINKS)) + a2
            if b2 - a2 >= 2:  # 继二零一五年第三季…下跌0.7%: a lone 继 names nothing
                a, b = a2, b2
                relation = None
        if relation is not None and not prev_subject and clause > 0 and folded[clause - 1] in _COMMAS:
            # 金融业的净产值,在第四季上升6.0%: the subject is the clause before
            before = _clause_start(folded, clause - 1)
            k = bisect.bisect_left(indicator_starts, before)
            if before >= cut or k == len(indicator_starts) or indicator_starts[k] >= clause:
                a2, b2 = _trim(folded, before, clause - 1)
                if b2 - a2 >= 2:
                    prev_subject = text[a2:b2]
        compared = cut_date_start > 0 and folded[cut_date_start - 1] in _COMPARE_BEFORE
        if relation is None and prev_subject and cut_date_start >= clause and (folded.startswith("的", lo) or compared):
            # 比二零一三年度的修订预算减少138亿元, 较八十九年度预算数增加89亿元: what is compared is not the subject
            changes = list(_CHANGE.finditer(folded, lo, fig.start))
            if changes:
                relation = text[changes[-1].start() : changes[-1].end()]
                b = changes[-1].end()
        limit = figures[i + 1].start if i + 1 < len(figures) else len(folded)
        span: tuple[int, int] | None = None
        modifies = folded.startswith("的", fig.end)
        # the left phrase is empty or ends in a verb: asked once, where an answer is needed
        ends_open = (fig.kind in _NAMED_RIGHT or modifies) and _ends_open(folded, a, b)
        if fig.kind == "count" or (fig.kind in ("money", "measure") and a < b and ends_open):
            span = _right_noun(folded, fig, limit, ends_open)
        if span is None and fig.kind in ("count", "measure") and ends_open:
            span = _shared_noun(folded, figures, i)
        if span is None and modifies and (ends_open or _ends_open(folded, a, b, _LASTING)):
            span = _modified(folded, figures, i)
        subject: str | None
        if span is None and relation is not None and prev_subject:
            subject = _CHANGE_TAIL.sub("", prev_subject) or prev_subject
            subject += text[b - len(relation) : b]  # 收入增加1234万元,增长11.1%: what grows is 收入
        elif span is None and a >= b and prev_subject:
            subject = prev_subject  # 48万元和32万元: the same subject again
            if last_change and fig.unit in ("%", "‰") and i > 0 and figures[i - 1].unit not in ("%", "‰"):
                subject = last_change  # 增加89亿元,约3.4%: the rate of that change
        else:
            if span is None and a < b:
                span = (_after_verb(folded, _listed(folded, a, b, cut), b), b)
            subject = _clean(text[span[0] : span[1]]) if span else None
        out.append(subject)
        if subject and relation is None:
            prev_subject = subject
        last_change = subject if relation else None
        k = bisect.bisect_left(ends, fig.end)
        prev_sentence_end = ends[k] if k < len(ends) else len(folded)
        cut = fig.end
        cut_date_start = -1
    return _distribute(text, folded, figures, _from_to(text, folded, figures, out))


# 城乡居民收入比由2005年的5:1缩小到2.6:1: what changed opens the clause, before 由/从
_FROM = "".join(_WORDS["from_words"])
_FROM_TO = compile_fast(rf"\s*(?P<x>[^，,；;。！？!?:\n{_FROM}]{{2,16}}?)[{_FROM}]")
_FROM_CLAUSE = boundary("clause_end", "sentence_end", "line_break")  # a ratio's colon (5:1) ends none


def _from_to(text: str, folded: str, figures: Sequence[Figure], out: list[str | None]) -> list[str | None]:
    """Figures of a from-to clause (X由A缩小到B) that found no subject, or only the verb,
    take the X the clause opens with."""
    for i, fig in enumerate(figures):
        subject = out[i]
        if not fig.is_indicator or (subject is not None and not _only_change(subject)):
            continue
        clause = boundary_before(_FROM_CLAUSE, folded, fig.start, _LOOK)
        m = _FROM_TO.match(folded, clause, fig.start)
        if m:
            a, b = _trim(folded, m.start("x"), m.end("x"))
            out[i] = _clean(text[a:b]) if b - a >= 2 else subject
    return out


@lru_cache(maxsize=4096)
def _only_change(subject: str) -> bool:
    """Whether a subject is no more than a relation word (增长): the verb, not a name."""
    return _CHANGE.fullmatch(fold(subject)) is not None


_STOP = boundary("sentence_end", "line_break")
_SENTENCE_MARKS = marks("sentence_end", "line_break")
# a percent that is the share of a plan or base, said with a link verb: 为预算的, 是上年的, 相当于计划的
_SHARE_OF = compile_fast(rf"\s*(?:{alternation(_WORDS['share_links'])})[\u4e00-\u9fff]{{1,8}}?的?\s*")
_ITEM_MAX = 8
_TOWARDS = tuple(_WORDS["towards"])
_LASTING = tuple(_WORDS["lasting"])
_PEOPLE = compile_fast(alternation(_WORDS["people"]))
_SHORT_ITEM = 3


def _listed(folded: str, a: int, b: int, cut: int) -> int:
    """Where a phrase begins when the members of a list stand before it: 、 ends a
    clause, but 支出培训、职业介绍、岗位等补贴 names one thing, as does 工作人员、农民 (a
    last member of a list that is more than a short noun is a head the members share).

    >>> _listed("共支出培训、职业介绍、岗位等补贴", 11, 16, 0)
    0
    >>> _listed("大剧院、图书馆、文化馆设计建议", 8, 15, 0)
    8
    """
    if b - a > _SHORT_ITEM and not _ETC.search(folded, a, b):
        return a  # 大剧院、图书馆、文化馆设计建议: members before a head they share, which names it
    if not folded.startswith("、", a - 1):
        return a  # no list before the phrase
    floor = max(cut, boundary_before(_LIST_CLAUSE, folded, a, _LOOK))
    while a - 1 > floor and folded[a - 1] == "、":
        start = boundary_before(_BOUNDARY, folded, a - 1, _LOOK, floor)
        if a - 1 - start < 1 or (a - 1 - start > _ITEM_MAX and start > floor):
            break
        a = start
    return a


@lru_cache(maxsize=8192)  # subjects repeat: each cleaned once
def _clean(subject: str) -> str | None:
    subject = subject.strip(" \t").replace("\n", "")  # a line wrapped inside the phrase
    if len(subject) > _LONG and "的" in subject:
        head = subject.rsplit("的", 1)[1]
        if len(head) >= 2:
            subject = head  # 下发到区委教育工委的党员指标数: the noun after the last 的
    if subject.startswith("“") and subject.endswith("”"):
        subject = subject[1:-1]
    elif subject.count("”") > subject.count("“") and subject.find("”") < (subject.find("“") % (len(subject) + 1)):
        subject = "“" + subject  # “三公”经费支出: the opening quote the clause start cut off
    if len(subject) > _MAX:
        subject = subject[-_MAX:].lstrip(_JOINER_CHARS)  # a list cut short begins with a member
    return subject or None


def verbs(text: str, folded: str, figures: Sequence[Figure], clauses: Sequence[int] | None = None) -> list[str | None]:
    """The action verb of each indicator: the last one before it in its clause (投入41.3万元,
    建立书香班级2753个), else one right after it (400多人参加培训); None for non-indicators.
    ``clauses`` is ``clause_starts(folded, figures)`` when the caller has it.

    >>> from extractors import find_figures, fold
    >>> t = "共捐赠图书33071册,400多人参加培训。"
    >>> verbs(t, fold(t), find_figures(t))
    ['捐赠', '参加']
    """
    out: list[str | None] = []
    if clauses is None:
        clauses = clause_starts(folded, figures)
    for fig, clause in zip(figures, clauses, strict=True):
        if fig.kind not in INDICATOR_KINDS:
            out.append(None)
            continue
        last = _last_verb(folded[clause : fig.start + 1], fig.start - clause)
        if last is not None:
            out.append(text[clause + last[0] : clause + last[1]])
            continue
        after = _VERBS.match(folded, fig.end) or _ACTIONS.match(folded, fig.end)
        out.append(text[after.start() : after.end()] if after else None)
    return out


@lru_cache(maxsize=8192)  # the words before figures repeat: each read once
def _last_verb(left: str, n: int) -> tuple[int, int] | None:
    """The span of the last verb in ``left[:n]`` that is not part of a noun (覆盖率: the
    character after it, ``left[n:]`` at the end, is looked at too).

    >>> _last_verb("共捐赠图书3", 5), _last_verb("覆盖率9", 3)
    ((1, 3), None)
    """
    found = None
    for m in _VERBS.finditer(left, 0, n):
        if left[m.end() : m.end() + 1] not in _NOUN_ENDINGS:
            found = m.span()
    return found


_RESPECTIVELY = compile_fast(alternation(_WORDS["respectively"]))
_LIST_SEP = compile_fast("、")
_LIST_AND = compile_fast(alternation(_WORDS["list_and"]))
_ETC = compile_fast(alternation(_WORDS["etc"]))
_RUN_GAP = compile_fast(rf"[ \t]*(?:{alternation(_WORDS['joiners'])})[ \t]*")


def _distribute(text: str, folded: str, figures: Sequence[Figure], out: list[str | None]) -> list[str | None]:
    """Lists that share a verb: 一般公共服务、教育…等支出增速分别为-9.4%、23.0%…;
    A和B分别达到9807元和18817元; …分别完成年计划的76.5%、89.5%和80.2%."""
    # where 分别 stands, found once: a figure asks whether one ends in the 60 characters before it
    words = [m.span() for m in _RESPECTIVELY.finditer(folded)]
    if not words:
        return out
    # the figures that stand after one within _LOOK characters: only they are looked at
    starts = [f.start for f in figures]
    near = sorted(
        {k for a, b in words for k in range(bisect.bisect_left(starts, b), bisect.bisect_right(starts, a + _LOOK))}
    )
    i = 0
    while i < len(figures):
        k = bisect.bisect_left(near, i)
        if k == len(near):
            break
        i = near[k]
        fig = figures[i]
        found = []
        if fig.is_indicator:
            clause = boundary_before(_LIST_CLAUSE, folded, fig.start, _LOOK)
            found = list(_RESPECTIVELY.finditer(folded, clause, fig.start))
        if not found:
            i += 1
            continue
        word = found[-1]
        run = [i]  # the figures the list is spread over: 76.5%、89.5%和80.2%
        while run[-1] + 1 < len(figures):
            j = run[-1] + 1
            if not (figures[j].is_indicator and _RUN_GAP.fullmatch(folded, figures[run[-1]].end, figures[j].start)):
                break
            run.append(j)
        rel_end = fig.start
        tail = _TAIL.search(folded, word.end(), fig.start)
        if tail:
            rel_end = tail.start()
        relation = text[word.end() : rel_end]  # 分别增长 → 增长; 分别为 → nothing
        items = _items(text, folded, clause, word.start())
        if items and items[0] and len(items[0]) + 1 == len(run):
            # 科学技术和卫生健康 is two members when the figures say so (社会保障和就业 stays one otherwise)
            *first, last = items[0]
            joins = list(_LIST_AND.finditer(fold(last)))
            if joins:
                items = ([*first, last[: joins[-1].start()], last[joins[-1].end() :]], items[1])
        if items and len(items[0]) == len(run):
            names, head = items
            for k, n in zip(run, names, strict=True):
                out[k] = _clean(n + head + relation)
        elif items is None and _trim(folded, clause, word.start())[1] - _trim(folded, clause, word.start())[0] < 2:
            # …,分别完成年计划的76.5%、89.5%: nothing named before 分别, so the figures before it are named
            sentence = boundary_before(_STOP, folded, fig.start, 300)
            named: list[str] = []
            k = i - 1
            while k >= 0 and figures[k].start >= sentence:  # the sentence's earlier subjects
                subject = out[k]
                if figures[k].is_indicator and subject is not None:
                    named.insert(0, subject)
                k -= 1
            if len(named) >= len(run):
                for k, b in zip(run, named[-len(run) :], strict=True):
                    out[k] = _clean(b + relation)
        i = run[-1] + 1
    return out


def _items(text: str, folded: str, a: int, b: int) -> tuple[list[str], str] | None:
    """The members of a list before 分别, and the head they share (…和就业等支出增速 → 支出增速).

    None when there is no list; an empty list when there is one that cannot be
    split into whole names (轻、重工业占比).
    """
    a, b = _trim(folded, a, b)
    phrase, original = folded[a:b], text[a:b]
    if not _LIST_SEP.search(phrase) and not _LIST_AND.search(phrase):
        return None
    parts = [m.span() for m in re.finditer(r"[^、]+", phrase)]
    head = ""
    last_a, last_b = parts[-1]
    etc = _ETC.search(phrase, last_a, last_b)
    if etc:
        head = original[etc.end() : last_b]
        parts[-1] = (last_a, etc.start())
    elif len(parts) == 1:
        joins = list(_LIST_AND.finditer(phrase, last_a, last_b))
        if not joins:
            return None
        cut = joins[-1]
        parts = [(last_a, cut.start()), (cut.end(), last_b)]
    names = [original[x:y] for x, y in parts]
    if any(len(n) < 2 for n in names):
        return [], ""  # 轻、重工业: members that are not whole names
    return names, head


# a list's 、 does not end the clause that holds it
_LIST_CLAUSE = boundary("clause_end", "sentence_end", "colon", "line_break")


_SCOPE_LOOK = 400


_SCOPE_WORDS = frozenset(_WORDS["scopes"])


def _is_scope(subject: str) -> bool:
    """Whether a subject is a scope word alone (省级, 城镇), a last line break aside."""
    return subject in _SCOPE_WORDS or (subject.endswith("\n") and subject[:-1] in _SCOPE_WORDS)


def _scoped(found: list[str | None], figures: Sequence[Figure], spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """A subject that only names a scope (其中省级6项, 城镇2894人) takes the thing the
    sentence counted before it: 省级重点工程项目."""
    out = list(found)
    for k, subj in enumerate(found):
        if not subj or not _is_scope(subj) or not figures[k].is_indicator:
            continue
        for j in range(k - 1, -1, -1):
            if spans[j] != spans[k] and figures[k].start - figures[j].end > _SCOPE_LOOK:
                break  # the sentence first, then the text just before it (其中:\n省级6项)
            head = found[j]
            if head and figures[j].is_indicator and not _is_scope(head) and figures[j].unit == figures[k].unit:
                scope = _SCOPE_PREFIX.match(head)
                out[k] = subj.removeprefix("其中") + head[scope.end() if scope else 0 :]
                break
    return out


_SCOPE_PREFIX = compile_fast(rf"^(?:{alternation(_WORDS['scope_heads'])})")
_GENERIC_SUBJECTS = frozenset(_WORDS["generic_subjects"])
_OPENERS = compile_fast(rf"^[\s\u3000]*(?:{alternation(_WORDS['clause_openers'])})?")


def _qualified(text: str, folded: str, fig: Figure, subject: str | None) -> str | None:
    """A generic subject (涉及金额, 资金) named by the clause before it: 有偿宣传中未标明广告标识涉及金额."""
    if subject is None or subject not in _GENERIC_SUBJECTS:
        return subject
    ends = [m.end() for m in _LIST_CLAUSE.finditer(folded, max(0, fig.start - 80), fig.start)]
    if len(ends) < 1:
        return subject
    here = ends[-1]
    before = ends[-2] if len(ends) >= 2 else max(0, fig.start - 80)
    previous = _OPENERS.sub("", text[before : here - 1].replace("\n", "")).strip()
    if not previous or folded[here - 1] in _SENTENCE_MARKS:
        return subject  # the clause before stands in another sentence
    return previous[-12:] + subject


def named(
    text: str, folded: str, figures: Sequence[Figure], found: list[str | None], spans: Sequence[tuple[int, int]]
) -> list[str | None]:
    """Subjects that say too little named from their sentence: a generic one (涉及金额) by
    the clause before it, a scope alone (其中省级6项) by what the sentence counted before it."""
    out: list[str | None] = []
    last: tuple[Figure, str, str | None] | None = None  # the last indicator, its subject as found and as named
    for fig, subject in zip(figures, found, strict=True):
        named_as = _qualified(text, folded, fig, subject)
        if (
            subject in _GENERIC_SUBJECTS
            and last is not None
            and last[1].endswith(subject)
            and fig.start - last[0].end <= _LOOK
            and not _STOP.search(folded, last[0].end, fig.start)
        ):
            # 涉及金额1.32亿元,其中2023年3474.98万元: the same amount again, named as before
            named_as = last[2]
        out.append(named_as)
        if fig.is_indicator and subject:
            last = (fig, subject, named_as)
    return _scoped(out, figures, spans)
