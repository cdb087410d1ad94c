"""Pure text-to-figure engine: numerals, units, terms and the Figure record.

>>> from extractors import find_figures, parse_number
>>> parse_number("41.3万")
413000.0
>>> [f.surface for f in find_figures("接收信访件60件")]
['60件']
"""

from .figure import INDICATOR_KINDS, KINDS, QUALIFIERS, Figure
from .find import find_figures
from .fold import fold
from .numerals import parse_number
from .quantity import parse_quantity

__all__ = ["INDICATOR_KINDS", "KINDS", "QUALIFIERS", "Figure", "find_figures", "fold", "parse_number", "parse_quantity"]
