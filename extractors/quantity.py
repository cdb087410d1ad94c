"""parse_quantity: one whole quantity string (numeral and unit) to a Figure."""

from __future__ import annotations

import re

from .figure import Figure
from .find import find_figures

__all__ = ["parse_quantity"]

_SPACES = re.compile(r"\s+")


def parse_quantity(text: str) -> Figure:
    """The one indicator figure that ``text`` consists of, spaces ignored.

    For a quantity given on its own (a form field, a table cell, a peer's test
    case); offsets refer to ``text`` with its spaces removed. Raises
    ValueError when ``text`` is not exactly one quantity.

    >>> f = parse_quantity("陆 点 五 折")
    >>> (f.value, f.unit, f.kind)
    (65.0, '%', 'percent')
    >>> parse_quantity("1.0753美元").unit
    '美元'
    """
    if not isinstance(text, str):
        raise ValueError(f"not a string: {text!r}")
    squeezed = _SPACES.sub("", text)
    figures = find_figures(squeezed)
    if len(figures) == 1 and figures[0].is_indicator and figures[0].surface == squeezed:
        return figures[0]
    raise ValueError(f"not one quantity: {text!r}")
