"""Where a figure stands: its sentence and the section path of its headings."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.fold import fold
from extractors.guards import compile_fast, first_chars
from extractors.lexicon import last_before
from extractors.punctuation import boundary, mark_class

__all__ = [
    "HEADINGS",
    "MARKED",
    "PARAGRAPH_BREAK",
    "Context",
    "headings",
    "paragraphs",
    "section_paths",
    "sentence_spans",
]

# A run of stops and the quotes closing after them, or a run of line breaks. It opens with one
# class, the marks of both (the run's kind checked behind it), so that re looks for its first
# character in C: a pattern that opens with a lookahead is tried at every position (3x the time).
_SENTENCE_END = compile_fast(
    rf"{mark_class('sentence_end', 'line_break')}"
    rf"(?:(?<={mark_class('sentence_end')}){mark_class('sentence_end')}*{mark_class('close_quotes')}*"
    rf"|(?<={mark_class('line_break')}){mark_class('line_break')}*)"
)
# Heading levels by their marker: 一、 / (一) / 1. or 1、 / (1).
HEADINGS = (
    compile_fast(r"[ \t]*[一二三四五六七八九十]{1,3}、"),
    compile_fast(r"[ \t]*\([一二三四五六七八九十]{1,3}\)"),
    compile_fast(r"[ \t]*[0-9]{1,2}(?:[.、](?![0-9]))"),
    compile_fast(r"[ \t]*\([0-9]{1,2}\)"),
)
_HEADING_MAX = 40
# what a heading line can begin with (its marker, or the spaces before it), read from the patterns
_HEADING_FIRST = frozenset().union(*(first_chars(p.pattern) or () for p in HEADINGS))
# A list or heading marker opening a line as written (一、 (一) （1） 1. 2、), not a number (1.5万).
MARKED = compile_fast(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]{1,2}[.、．](?![0-9]))"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after 。！？ and at line breaks.

    A sentence longer than ``SENTENCE_MAX`` characters (a table flattened
    into one line, a list without stops) is cut after its semicolons and
    commas, so that each row's sentence stays readable and the table small.

    >>> t = "一是建成2间。二是投入1万元\\n三"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['一是建成2间。', '二是投入1万元', '三']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end, after = m.span()
        if text[end] != "\n":
            end = after
        if end - start > SENTENCE_MAX:
            spans.extend(_short(text, start, end))
        elif end > start:
            spans.append((start, end))  # the common case, without a call
        start = after
    if start < len(text):
        spans.extend(_short(text, start, len(text)))
    return spans


SENTENCE_MAX = 200
_CLAUSE_END = boundary("clause_end", "list_separator")


def _short(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) after clause punctuation into pieces of at most SENTENCE_MAX characters."""
    if end - start <= SENTENCE_MAX:
        return [(start, end)]
    pieces = []
    while end - start > SENTENCE_MAX:
        cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, start + SENTENCE_MAX)]
        cut = cuts[-1] if cuts else start + SENTENCE_MAX
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


# A paragraph ends at a line break, or at the run of ideographic spaces that web pages
# indent paragraphs with when they run them together on one line (……成效。　　二、…).
PARAGRAPH_BREAK = compile_fast(r"\n|\u3000\u3000+")  # each branch opens with a literal: searched in C


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, breaks included at their ends.

    >>> t = "甲。\\n乙。\u3000\u3000一、丙"
    >>> [t[s:e] for s, e in paragraphs(t)]
    ['甲。\\n', '乙。\u3000\u3000', '一、丙']
    """
    global _LAST_PARAGRAPHS
    last = _LAST_PARAGRAPHS  # read once: another thread may replace it
    if last is not None and last[0] is text:
        return last[1]  # sections and periods both ask about the same text
    out = []
    start = 0
    for m in PARAGRAPH_BREAK.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text) or not out:
        out.append((start, len(text)))
    _LAST_PARAGRAPHS = (text, out)
    return out


_LAST_PARAGRAPHS: tuple[str, list[tuple[int, int]]] | None = None


def headings(text: str, folded: str) -> list[tuple[int, int, int, int]]:
    """(start, end, level, marker end) of each paragraph that opens as a heading (一、 is
    level 0, (一) 1, 1. 2, (1) 3), found once per text: sections, their periods and the
    plans of a work report all read them.

    >>> headings("前言\\n一、总体情况\\n(一)教育", "前言\\n一、总体情况\\n(一)教育")
    [(3, 10, 0, 5), (10, 15, 1, 13)]
    """
    global _LAST_HEADINGS
    last = _LAST_HEADINGS  # read once: another thread may replace it
    if last is not None and last[0] is folded:
        return last[1]
    out = []
    for pos, end in paragraphs(text):
        if folded[pos : pos + 1] not in _HEADING_FIRST:
            continue  # a paragraph that cannot open with a marker: no pattern tried
        for level, pattern in enumerate(HEADINGS):
            m = pattern.match(folded, pos, end)
            if m:
                out.append((pos, end, level, m.end()))
                break
    _LAST_HEADINGS = (folded, out)
    return out


_LAST_HEADINGS: tuple[str, list[tuple[int, int, int, int]]] | None = None


def section_paths(text: str, folded: str | None = None) -> list[tuple[int, str]]:
    """(offset, path) where each section begins, from heading lines.

    A heading is a line that opens with 一、, (一), 1. or (1); its text runs
    to the first 。 and is kept short. Deeper headings nest under shallower
    ones, and a new heading closes the deeper ones.

    >>> section_paths("前言\\n一、总体情况\\n(一)教育。投入1万元\\n")
    [(3, '一、总体情况'), (10, '一、总体情况 > (一)教育')]
    """
    folded = folded if folded is not None else fold(text)
    out: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []
    for pos, end, level, marker in headings(text, folded):
        marked = folded[pos:marker]
        title = text[pos + len(marked) - len(marked.lstrip()) : end]
        title = re.split(r"[。；;\n]", title, maxsplit=1)[0].strip()[:_HEADING_MAX]
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        out.append((pos, " > ".join(t for _, t in stack)))
    return out


@dataclass
class Context:
    """One reading of a document, built once: the text folded for matching, and its
    sentence and section lookups."""

    text: str

    def __post_init__(self) -> None:
        self.folded = fold(self.text)
        self._sentences = sentence_spans(self.text)
        self._sentence_starts = [s for s, _ in self._sentences]
        self._sections = section_paths(self.text, self.folded)
        self._section_starts = [s for s, _ in self._sections]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding offset ``pos``."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i < 0:
            return (0, 0)
        return self._sentences[i]

    def section(self, pos: int) -> str | None:
        """The heading path in force at offset ``pos``, or None before any heading."""
        i = bisect.bisect_right(self._section_starts, pos) - 1
        return self._sections[i][1] if i >= 0 else None

    def sentences_at(self, positions: list[int]) -> list[tuple[int, int]]:
        """``sentence(pos)`` for each of ``positions`` (ascending: figure starts), in one walk.

        >>> Context("一是建成2间。二是投入1万元").sentences_at([4, 11])
        [(0, 7), (7, 14)]
        """
        return [
            (0, 0) if i < 0 else self._sentences[i]
            for i in last_before(self._sentence_starts, positions, inclusive=True)
        ]

    def sections_at(self, positions: list[int]) -> list[str | None]:
        """``section(pos)`` for each of ``positions`` (ascending), in one walk."""
        return [
            None if i < 0 else self._sections[i][1]
            for i in last_before(self._section_starts, positions, inclusive=True)
        ]
