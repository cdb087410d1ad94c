"""indicators: figures of Chinese government reports as one tidy table.

>>> from indicators import extract_text
>>> extract_text("接收信访件60件", doc_id="x")["value"].tolist()
[60.0]
"""

from .api import extract, extract_table
from .io import ReportError, read_report, write_parquet
from .schema import COLUMNS, SCHEMA
from .table import extract_text

__all__ = [
    "COLUMNS",
    "SCHEMA",
    "ReportError",
    "extract",
    "extract_table",
    "extract_text",
    "read_report",
    "write_parquet",
]
