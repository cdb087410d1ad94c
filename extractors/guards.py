"""First-character guards for the branches of a large alternation.

Python's ``re`` tries the branches of an alternation one after the other at every
position. A branch that begins with a named group gets none of the engine's own
quick checks, so at a position where it cannot match it still descends into its
body. A lookahead for the characters the branch can begin with, ``(?=[…])``,
fails such a position in one test. The characters are read from the branch's
own parse, so a guard never changes what matches: where the set cannot be read
exactly (a negated class, a category, a back-reference, a branch that can match
nothing), the branch is left unguarded.

:func:`compile_fast` compiles a pattern with its optional groups as alternations,
the same matches without the engine's costliest step (see there).
"""

from __future__ import annotations

import importlib
import re
from typing import Any


def _module(name: str, before_311: str) -> Any:
    """The regex parser's module (re._parser since Python 3.11, sre_parse before)."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(before_311)


_p = _module("re._parser", "sre_parse")
_c = _module("re._constants", "sre_constants")
_compiler = _module("re._compiler", "sre_compile")
_sre = importlib.import_module("_sre")  # the engine itself: compiles the rewritten parse

__all__ = ["char_class", "compile_fast", "first_chars", "guard", "guarded", "searched_in_c"]

_WIDE = 4096  # a range wider than this is not worth a class of its own


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can begin with, or None when that is
    not known exactly (or the pattern can match the empty string).

    >>> sorted(first_chars(r"(?P<a>约|近)?[0-9]+万"))
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '约', '近']
    >>> first_chars(r"[^0-9]+") is None, first_chars(r"a?") is None
    (True, True)
    """
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _p.parse(pattern, flags)
    except (re.error, RecursionError):  # pragma: no cover - the pattern compiles elsewhere
        return None
    if parsed.state.flags & re.IGNORECASE:  # (?i) inside the pattern
        return None
    chars, nullable = _first(list(parsed))
    return None if chars is None or nullable else frozenset(chars)


def guard(pattern: str, flags: int = 0) -> str:
    """``pattern`` behind a lookahead for its first characters, when they are known.

    For a pattern scanned over a whole text whose first op ``re`` cannot test quickly (an
    alternation of named groups, a lookbehind, a class in an alternation): ``re.finditer``
    then passes over most positions on one class test (3x faster on 每天/人均 rates).

    >>> guard("(?<![甲])(?:今年|去年)")
    '(?=[今去])(?:(?<![甲])(?:今年|去年))'
    """
    chars = first_chars(pattern, flags)
    return f"(?={char_class(chars)})(?:{pattern})" if chars else pattern


def guarded(branches: list[str], flags: int = 0) -> str:
    """The alternation of ``branches``, each behind a lookahead for its first characters.

    >>> guarded(["(?P<a>[0-9]+)", "(?P<b>x*)"])
    '(?:(?=[0-9])(?P<a>[0-9]+)|(?P<b>x*))'
    """
    out = []
    for branch in branches:
        chars = first_chars(branch, flags)
        if chars:
            out.append(f"(?={char_class(chars)}){branch}")
        else:
            out.append(branch)
    return "(?:" + "|".join(out) + ")"


def searched_in_c(pattern: re.Pattern[str]) -> bool:
    """Whether ``re`` finds where ``pattern`` can begin in C: it opens with a literal, a
    character class, or an alternation of literals. Any other opening (a lookahead, a
    lookbehind, a repeat, a group of classes) makes ``finditer`` try the whole pattern at
    every position of the text, about three times the time of a scan for its first
    characters, so a pattern scanned over whole texts should open with its class.

    >>> searched_in_c(re.compile("[0-9][0-9]*")), searched_in_c(re.compile("[0-9]+"))
    (True, False)
    >>> searched_in_c(re.compile("(?=[甲乙])(?:甲|乙丙)")), searched_in_c(re.compile("甲|乙丙"))
    (False, True)
    """
    parsed = _p.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags
    prefix, _skip, _all = _compiler._get_literal_prefix(parsed, flags)
    return bool(prefix or _compiler._get_charset_prefix(parsed, flags))


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with every optional group ``(?:…)?`` compiled as
    the alternation ``(?:…|)`` and every other repeated group ``(?:…)*`` entered behind
    a test of its first character: the same matches, groups and spans.

    ``re`` runs an optional group that is more than one character through its general
    repeat, which allocates a record and copies the marks of every group so far on each
    attempt; an alternation does neither (a figure's pattern has twenty optional groups:
    a third of the scanner's time). An alternation tries its branches in order and backs
    into the next one on failure, which is what a greedy ``?`` does. Where the parser's
    internals cannot be used, the pattern is compiled as written.

    >>> p = compile_fast("(?P<a>[0-9]+(?:[.][0-9]+)?)(?:(?P<u>万元|元))?")
    >>> p.match("41.3万元").groupdict(), p.pattern
    ({'a': '41.3', 'u': '万元'}, '(?P<a>[0-9]+(?:[.][0-9]+)?)(?:(?P<u>万元|元))?')
    """
    try:
        parsed = _p.parse(pattern, flags)
        _unrepeat(parsed)
        code = _compiler._code(parsed, flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        compiled: re.Pattern[str] = _sre.compile(
            pattern, flags | state.flags, code, state.groups - 1, state.groupdict, tuple(indexgroup)
        )
        return compiled
    except Exception:  # pragma: no cover - another Python's internals: compiled as written
        return re.compile(pattern, flags)


def _unrepeat(sub: Any) -> None:
    """Rewrite the repeats of a parsed pattern in place (see :func:`compile_fast`)."""
    data = sub.data
    for i, (op, av) in enumerate(data):
        if op is _c.SUBPATTERN:
            _unrepeat(av[-1])
        elif op is _c.BRANCH:
            for alternative in av[1]:
                _unrepeat(alternative)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _unrepeat(av[1])
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            _unrepeat(av)
        elif op is _c.GROUPREF_EXISTS:
            _unrepeat(av[1])
            if av[2] is not None:
                _unrepeat(av[2])
        elif op is _c.MAX_REPEAT:
            low, high, body = av
            _unrepeat(body)
            if low != 0 or _compiler._simple(body):
                continue  # one character at a time: re's own fast repeat
            if high == 1:
                data[i] = (_c.BRANCH, (None, [body, _p.SubPattern(sub.state, [])]))
                continue
            chars, empty = _first(list(body))
            if chars and not empty:  # (?:X)* as (?:(?=[first])(?:X)+|)
                test = (
                    _c.ASSERT,
                    (1, _p.SubPattern(sub.state, [(_c.IN, [(_c.LITERAL, ord(c)) for c in sorted(chars)])])),
                )
                repeat = (_c.MAX_REPEAT, (1, high, body))
                data[i] = (_c.BRANCH, (None, [_p.SubPattern(sub.state, [test, repeat]), _p.SubPattern(sub.state, [])]))
        elif op in (_c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            _unrepeat(av[2])


def char_class(chars: frozenset[str]) -> str:
    """A character class of ``chars``, runs of consecutive characters as ranges."""
    codes = sorted(ord(c) for c in chars)
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _first(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_op(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_op(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _in(av), False
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        if add_flags & re.IGNORECASE:
            return None, False
        return _first(list(body))
    if op is _c.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alternative in av[1]:
            first, empty = _first(list(alternative))
            if first is None:
                return None, False
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        low, _high, body = av
        first, empty = _first(list(body))
        return (first, low == 0 or empty) if first is not None else (None, False)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # zero-width: the first character comes after it
    return None, False  # ANY, NOT_LITERAL, CATEGORY, GROUPREF…: not known exactly


def _in(items: list[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] <= _WIDE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a very wide range
            return None
    return chars
