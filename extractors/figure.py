"""The Figure record: one numeric expression found in a text."""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["INDICATOR_KINDS", "KINDS", "QUALIFIERS", "Figure", "Kind", "Qualifier"]

Kind = Literal["count", "money", "percent", "duration", "measure", "ratio", "date", "ordinal", "code", "term", "marker"]
Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than"]

INDICATOR_KINDS: frozenset[str] = frozenset({"count", "money", "percent", "duration", "measure", "ratio"})
KINDS: tuple[str, ...] = (
    "count", "money", "percent", "duration", "measure", "ratio", "date", "ordinal", "code", "term", "marker",
)  # fmt: skip
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "more_than", "at_least", "less_than")


class Figure(NamedTuple):
    """One numeric expression: where it stands, what it is, and its value.

    An immutable record (a named tuple: built in a fifth of the time of a frozen
    dataclass, which matters at thousands of figures a second); ``fig._replace(kind=…)``
    gives a changed copy.

    ``start``/``end`` index the text given to :func:`extractors.find_figures`
    (``text[start:end] == surface``). ``value`` is in the base unit (万 and 亿
    expanded, money in 元); ``value_max`` is the upper end of a range.
    ``value_base``/``unit_base`` restate a physical measure in its base unit
    (12公顷 → 120000 平方米) where the unit lexicon gives a conversion.

    >>> Figure(0, 3, "60件", "count", 60.0, unit="件").is_indicator
    True
    """

    start: int
    end: int
    surface: str
    kind: Kind
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    qualifier: Qualifier = "exact"
    per: str | None = None
    value_base: float | None = None
    unit_base: str | None = None

    @property
    def is_indicator(self) -> bool:
        """True for counts, money, percent, durations, measures and ratios."""
        return self.kind in INDICATOR_KINDS
