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

import re
from collections.abc import Sequence

from extractors import Figure
from extractors.lexicon import alternation, read_rows, read_words

__all__ = ["subjects"]

_PKG = "indicators"
_VERBS = re.compile(alternation(read_words("verbs.txt", _PKG)))
_LIGHT_VERBS = frozenset(r[0] for r in read_rows("verbs.txt", _PKG) if r[1] == "drop")
_LEAD = re.compile(rf"(?:{alternation(read_words('lead_words.txt', _PKG))}|[ \t“”\"'])+")
_TAIL = re.compile(rf"(?:{alternation(read_words('tail_words.txt', _PKG))}|[ \t])+$")
_RELATIVE = frozenset(read_words("relative_words.txt", _PKG))
_COMPARE = re.compile(alternation(read_words("compare_words.txt", _PKG)))
_RIGHT_STOP = re.compile(rf"{alternation(read_words('right_stops.txt', _PKG))}|[^\u4e00-\u9fff“”A-Za-z0-9]")
_PERSON = re.compile(rf"(?:{alternation(read_words('person_suffixes.txt', _PKG))})$")
_PERSON_UNITS = frozenset({"名", "人", "位", "人次", "名次"})
# A subject ends where its clause does; 、 and brackets end it too, and so
# does the previous figure that is a quantity, a date or a list marker.
_BOUNDARY = re.compile(r"[，,；;。！？!?:\n、()|]")
_CUT_KINDS = frozenset({"count", "money", "percent", "duration", "measure", "ratio", "date", "marker"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A rate word opens the subject: 每天体育活动2小时 → 体育活动.
_EACH = re.compile(rf"每(?:{alternation(r[0] for r in read_rows('per.tsv'))})")
_MAX = 16
_RIGHT_MAX = 10
_LOOK = 60


def _clause_start(folded: str, pos: int) -> int:
    lo = max(0, pos - _LOOK)
    ends = [m.end() for m in _BOUNDARY.finditer(folded, lo, pos)]
    return ends[-1] if ends else lo


def _trim(folded: str, a: int, b: int) -> tuple[int, int]:
    """Strip scope words from the start and links from the end of [a, b)."""
    for m in _EACH.finditer(folded, a, b):
        a = m.end()
    while a < b:
        lead = _LEAD.match(folded, a, b)
        if not lead or lead.end() == a:
            break
        a = lead.end()
    tail = _TAIL.search(folded, a, b)
    if tail:
        b = max(a, tail.start())
    return a, b


def _after_verb(folded: str, a: int, b: int) -> int:
    """Where the object begins: after the last verb that has one after it."""
    start = a
    for m in _VERBS.finditer(folded, a, b):
        if b - m.end() >= 2:
            start = m.end() if m.group() in _LIGHT_VERBS else m.start()
    return start


def _right_noun(folded: str, fig: Figure) -> tuple[int, int] | None:
    """The noun phrase right after a measure word, if one stands there."""
    a = fig.end
    stop = _RIGHT_STOP.search(folded, a, min(len(folded), a + 30))
    b = stop.start() if stop else min(len(folded), a + 12)
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


def _ends_open(folded: str, a: int, b: int) -> bool:
    """The left phrase is empty, or ends with a verb or preposition."""
    if a >= b:
        return True
    tail = folded[a:b]
    return tail.endswith(("了", "对", "向", "给", "为", "共有", "有")) or any(
        m.end() == b for m in _VERBS.finditer(folded, max(a, b - 4), b)
    )


def _relative(folded: str, a: int, b: int) -> str | None:
    """The relation word when [a, b) only says 增长 / 占比 (after 比上年 …)."""
    core = _COMPARE.sub("", folded[a:b])
    core = re.sub(r"^(?:分别|均|其中)", "", core)
    return core if core in _RELATIVE else None


def subjects(text: str, folded: str, figures: Sequence[Figure]) -> list[str | None]:
    """The subject of each figure (None for non-indicators).

    >>> from extractors import find_figures, fold
    >>> t = "建立书香班级2753个,阅读资源投入41.3万元,招聘了4名心理专业背景的心理教师。"
    >>> subjects(t, fold(t), find_figures(t))
    ['书香班级', '阅读资源投入', '心理教师']
    """
    out: list[str | None] = []
    prev_subject: str | None = None
    prev_sentence_end = -1
    cut = 0
    for fig in figures:
        if fig.start > prev_sentence_end:
            prev_subject = None
        if not fig.is_indicator:
            out.append(None)
            if fig.kind in _CUT_KINDS:
                cut = fig.end
            continue
        lo = max(_clause_start(folded, fig.start), min(cut, fig.start))
        a, b = _trim(folded, lo, fig.start)
        if a >= b and lo > 0 and folded[lo - 1] == "(":
            # (793件,占比17.36%) after 住房保障类: the subject stands before the bracket
            lo2 = _clause_start(folded, lo - 1)
            a, b = _trim(folded, max(lo2, min(cut, lo - 1)), lo - 1)
        span: tuple[int, int] | None = None
        relation = _relative(folded, a, b)
        if fig.kind == "count" or (fig.kind == "money" and (b - a <= 2 or _ends_open(folded, a, b))):
            span = _right_noun(folded, fig)
        subject: str | None
        if span is None and relation is not None and prev_subject:
            subject = prev_subject + text[b - len(relation) : b]
        elif span is None and a >= b and prev_subject:
            subject = prev_subject  # 48万元和32万元: the same subject again
        else:
            if span is None and a < b:
                span = (_after_verb(folded, a, b), b)
            subject = _clean(text[span[0] : span[1]]) if span else None
        out.append(subject)
        if subject and relation is None:
            prev_subject = subject
        prev_sentence_end = _sentence_end(folded, fig.end)
        cut = fig.end
    return out


_STOP = re.compile(r"[。！？!?\n]")


def _sentence_end(folded: str, pos: int) -> int:
    m = _STOP.search(folded, pos)
    return m.start() if m else len(folded)


def _clean(subject: str) -> str | None:
    subject = subject.strip(" \t")
    if subject.startswith("“") and subject.endswith("”"):
        subject = subject[1:-1]
    if len(subject) > _MAX:
        subject = subject[-_MAX:]
    return subject or None
