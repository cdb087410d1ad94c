"""indicators: figures of Chinese government reports as one tidy table.

>>> from indicators import extract_text
>>> extract_text("接收信访件60件", doc_id="x")["value"].tolist()
[60.0]
"""

from .api import extract, extract_table
from .io import ReportError, read_report, write_parquet
from .readers import Document, read_document
from .schema import COLUMNS, DOCUMENTS_SCHEMA, ERRORS_SCHEMA, SCHEMA
from .table import extract_text

__all__ = [
    "COLUMNS",
    "DOCUMENTS_SCHEMA",
    "ERRORS_SCHEMA",
    "SCHEMA",
    "Document",
    "ReportError",
    "extract",
    "extract_table",
    "extract_text",
    "read_document",
    "read_report",
    "write_parquet",
]
