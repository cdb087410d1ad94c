"""Character folding: one text to match on, the same length as the source.

Patterns are written once, in simplified script with ASCII digits. Before
matching, the text is folded character by character (traditional to
simplified, financial numerals to plain ones, full-width to ASCII), so a
match at ``[start:end]`` in the folded text is the same span in the source.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from .lexicon import code_points, read_rows

__all__ = ["FOLDS", "fold"]


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for row in read_rows("traditional.tsv"):
        table[ord(row[0])] = row[1]
    # Full-width ASCII forms, except the full-width comma: in Chinese text it
    # separates clauses, and folding it would read "100，200" as 100200.
    for code in range(0xFF01, 0xFF5F):
        if code != 0xFF0C:
            table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    for row in read_rows("fold.tsv"):
        table[ord(row[0])] = row[1]
    for key, value in table.items():
        if len(value) != 1:  # pragma: no cover - guarded by the data test
            raise ValueError(f"fold entry {chr(key)!r} is not one character")
    return table


FOLDS = _table()  # code point -> the character it folds to
# The same table as a list indexed by code point, each character mapped to itself unless
# folded: str.translate then finds every character in one index, where a dict raises (and
# swallows) a KeyError for each character it leaves alone, 2-3 times slower. A character
# past the list's end raises IndexError, which translate also reads as "left alone".
_TABLE = [chr(code) for code in range(max(FOLDS) + 1)]
for _code, _char in FOLDS.items():
    _TABLE[_code] = _char


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result always has the same length.

    A long text goes through a lookup array over its code points, ten times faster than
    str.translate (which calls back per character): the same string.

    >>> fold("３萬個，貳佰")
    '3万个，二百'
    """
    if len(text) < _ARRAY_MIN:
        return text.translate(_TABLE)
    table = _array()
    points = code_points(text)
    inside = points < len(table)
    # take, not indexing: numpy's fancy indexing costs a third more on a long array
    folded = table.take(points) if inside.all() else np.where(inside, table.take(points, mode="clip"), points)
    return folded.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


_ARRAY_MIN = 2000  # below this, str.translate is as fast


@cache
def _array() -> npt.NDArray[np.uint32]:
    """Each code point up to the last folded one, mapped to the code point it folds to."""
    table = np.arange(len(_TABLE), dtype=np.uint32)
    for code, char in FOLDS.items():
        table[code] = ord(char)
    return table
