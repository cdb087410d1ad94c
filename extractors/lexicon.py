"""Lexicon files shipped as package data, read once at import.

Every list of words the engine relies on (units, measure words, qualifier
words, fixed terms, verbs ...) lives in ``extractors/data/``; this module
only knows how to read them and how to turn a word list into a regex.
"""

from __future__ import annotations

import array
import bisect
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "alternation",
    "boundaries_before",
    "boundary_before",
    "code_points",
    "last_before",
    "literal_led",
    "read_lists",
    "read_rows",
    "read_words",
    "stops",
]

# A character trie: each key a character, "" marking the end of a word.
Trie: TypeAlias = dict[str, "Trie"]


def _lines(name: str, package: str) -> list[str]:
    text = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def read_rows(name: str, package: str = "extractors") -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon file, comments and blank lines skipped.

    >>> ("万", "unit", "10000") in read_rows("numerals.tsv")
    True
    """
    return tuple(tuple(line.split("\t")) for line in _lines(name, package))


@cache
def read_words(name: str, package: str = "extractors") -> tuple[str, ...]:
    """The first column of a lexicon file, in file order, without duplicates.

    >>> "两个维护" in read_words("terms.txt")
    True
    """
    seen: dict[str, None] = {}
    for row in read_rows(name, package):
        seen.setdefault(row[0].strip(), None)
    return tuple(seen)


@cache
def read_lists(name: str, package: str = "extractors") -> dict[str, tuple[str, ...]]:
    """Named word lists of a file of ``name <TAB> word|word|…`` rows.

    >>> read_lists("fragments.tsv")["coins"]
    ('角', '毛')
    """
    return {row[0]: tuple(row[1].split("|")) for row in read_rows(name, package)}


def boundary_before(pattern: re.Pattern[str], text: str, pos: int, look: int, floor: int = 0) -> int:
    """Where the span holding ``pos`` begins: after the last match of ``pattern``
    (a class of single characters: punctuation) in the ``look`` characters before
    it, or at the window's start.

    Where the pattern matches in a text is found once and looked up by bisection,
    so asking for every figure of a long text stays linear (the last text asked
    about is remembered for each pattern).

    >>> boundary_before(re.compile("[，。]"), "甲，乙。丙丁", 6, 60)
    4
    """
    lo = max(floor, pos - look)
    found = stops(pattern, text)
    i = bisect.bisect_left(found, pos) - 1  # the last stop before pos
    return found[i] + 1 if i >= 0 and found[i] >= lo else lo


def boundaries_before(pattern: re.Pattern[str], text: str, positions: Sequence[int], look: int) -> list[int]:
    """``boundary_before`` for each of ``positions`` (ascending: figure starts), in one walk.

    >>> boundaries_before(re.compile("[，。]"), "甲，乙。丙丁", [0, 3, 6], 60)
    [0, 2, 4]
    """
    found = stops(pattern, text)
    out = []
    for pos, i in zip(positions, last_before(found, positions), strict=True):
        lo = pos - look
        out.append(found[i] + 1 if i >= 0 and found[i] >= lo else max(0, lo))
    return out


def last_before(values: Sequence[int], positions: Sequence[int], *, inclusive: bool = False) -> list[int]:
    """For each of ``positions``, the index of the last of ``values`` (sorted) before it, or
    at it when ``inclusive`` (-1 when none): ``bisect_left`` (``bisect_right``) less one, for
    all positions in one call of numpy's ``searchsorted`` (in any order).

    >>> last_before([0, 5, 9], [0, 4, 5, 12]), last_before([0, 5, 9], [0, 5, 12, 1], inclusive=True)
    ([-1, 0, 0, 2], [0, 1, 2, 0])
    """
    if not positions:
        return []
    found = np.searchsorted(_int64(values), _int64(positions), side="right" if inclusive else "left")
    out: list[int] = (found - 1).tolist()
    return out


def _int64(values: Sequence[int]) -> npt.NDArray[np.int64]:
    """A list of offsets as a numpy array, through ``array`` (twice as fast as ``np.asarray``)."""
    return np.frombuffer(array.array("q", values), dtype=np.int64)


def stops(pattern: re.Pattern[str], text: str) -> list[int]:
    """Where ``pattern`` (a class of single characters: punctuation) matches in ``text``, in
    order; found once per text and pattern (the last text asked about is remembered for
    each pattern), and shared by every step that asks.

    >>> stops(re.compile("[，。]"), "甲，乙。丙")
    [1, 3]

    A declared class of marks (see ``punctuation_classes``) is looked up over the text's
    code points, read once for all of them: as fast as a scan on a sentence, a tenth of
    the time on a long text.
    """
    cached = _STOPS.get(pattern)
    if cached is None or cached[0] is not text:
        chars = _CLASSES.get(pattern)
        if chars is not None:
            marked = _lookup(chars)
            # a code point past the table reads its last entry (False); take, not indexing: a third faster
            cached = (text, np.flatnonzero(marked.take(code_points(text), mode="clip")).tolist())
        elif pattern.groups:  # split would return the groups too
            cached = (text, [m.start() for m in pattern.finditer(text)])
        else:  # where the pieces between matches end (split runs in C; a match is one character)
            pieces = pattern.split(text)[:-1]
            cached = (text, list(accumulate((len(piece) + 1 for piece in pieces), initial=-1))[1:])
        _STOPS[pattern] = cached
    return cached[1]


def code_points(text: str) -> npt.NDArray[np.uint32]:
    """The code points of ``text``, lone surrogates included (the last text asked about is
    remembered: every class of marks reads the same one).

    >>> code_points("甲" + chr(0xD800)).tolist()
    [30002, 55296]
    """
    if not _POINTS or _POINTS[0][0] is not text:
        _POINTS[:] = [(text, np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))]
    return _POINTS[0][1]


_POINTS: list[tuple[str, npt.NDArray[np.uint32]]] = []


@cache
def _lookup(chars: frozenset[str]) -> npt.NDArray[np.bool_]:
    """Whether each code point up to the largest of ``chars`` is one of them; the last entry
    (every larger code point) is not."""
    codes = [ord(c) for c in chars]
    marked = np.zeros(max(codes, default=0) + 2, dtype=np.bool_)
    marked[codes] = True
    return marked


_STOPS: dict[re.Pattern[str], tuple[str, list[int]]] = {}
_CLASSES: dict[re.Pattern[str], frozenset[str]] = {}  # classes of punctuation marks, by their pattern


def punctuation_classes(classes: dict[re.Pattern[str], frozenset[str]]) -> None:
    """Declare each of ``classes`` a class of the marks given (called by
    :mod:`extractors.punctuation`): ``stops`` looks them up instead of scanning."""
    _CLASSES.update(classes)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation matching any of ``words``, longest alternative first.

    Built as a trie so that the engine tests each character once, however long
    the word list; every word is escaped.

    >>> alternation(["万元", "元", "万"])
    '(?:万(?:元)?|元)'
    >>> bool(re.fullmatch(alternation(["a.b", "a"]), "a.b"))
    True
    """
    trie: Trie = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie) or "(?!)"


def literal_led(words: Iterable[str], after_first: str = "") -> str:
    """The alternation of ``words`` as branches that each begin with a literal character
    (one trie per first character), unwrapped: as the first branches of a pattern, they let
    ``re`` scan for their first characters in C, where a pattern that opens with a group or
    a lookahead is tried at every position. ``after_first`` (zero-width: a lookbehind that
    the word must not follow) is placed after each first character.

    >>> literal_led(["人均", "生均", "人年"])
    '人(?:均|年)|生均'
    >>> literal_led(["今年", "全年"], after_first="(?<!比.)")
    '今(?<!比.)年|全(?<!比.)年'
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word)
    branches = []
    for first, group in by_first.items():
        head = re.escape(first)
        branch = alternation(group)  # one first character: the trie begins with it
        branches.append(head + after_first + branch[len(head) :])
    return "|".join(branches) or "(?!)"


def _trie_regex(node: Trie) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    # Longer continuations are tried before the word ending here: greedy,
    # so the longest lexicon entry wins (万元 over 万).
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body
