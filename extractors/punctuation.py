"""Punctuation by meaning, read from ``data/punctuation.tsv``.

Every boundary the engine and the product read (a sentence, a clause, a list,
a line) is a character class composed here from named rows, so that one mark
is added in one place and every boundary that should know it does.

>>> mark_class("clause_end", "list_separator")
'[，,；;、]'
"""

from __future__ import annotations

import re

from .lexicon import punctuation_classes, read_rows

__all__ = ["USED", "boundary", "mark_class", "marks"]

_MARKS: dict[str, str] = {row[0]: row[1].replace("\\n", "\n") for row in read_rows("punctuation.tsv")}
USED: set[str] = set()  # the rows asked for, so a test can tell an unused row


def marks(*names: str) -> str:
    """The characters of the named kinds of punctuation, in order, once each.

    >>> marks("sentence_end", "line_break")
    '。！？!?\\n'
    """
    out: list[str] = []
    for name in names:
        USED.add(name)
        out += [c for c in _MARKS[name] if c not in out]  # KeyError: a name the data file lacks
    return "".join(out)


def mark_class(*names: str) -> str:
    """A regex character class of the named kinds of punctuation."""
    return "[" + "".join(re.escape(c) if c in "\\]^-[" else c for c in marks(*names)) + "]"


def boundary(*names: str) -> re.Pattern[str]:
    """A compiled class of the named kinds of punctuation (one character each match)."""
    pattern = re.compile(mark_class(*names))
    # its stops in a text are looked up over the text's code points (see lexicon.stops)
    punctuation_classes({pattern: frozenset(marks(*names))})
    return pattern
