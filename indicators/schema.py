"""The one Arrow schema of the indicator table.

Declared once here; the pandas dtypes, the Parquet file and the README's
column table all follow from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:  # pandas is imported when a DataFrame is asked for: batch workers never need it
    import pandas as pd

__all__ = ["COLUMNS", "SCHEMA", "check_table", "empty_table", "markdown_table", "to_frame"]


def _field(name: str, type_: pa.DataType, nullable: bool, doc: str) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


SCHEMA = pa.schema(
    [
        _field("doc_id", pa.string(), False, "Document id (the file name without its extension by default)."),
        _field("start", pa.int64(), False, "Start offset of the figure in the decoded text (Python str index)."),
        _field("end", pa.int64(), False, "End offset; `text[start:end] == surface`."),
        _field(
            "surface", pa.string(), False, "The figure exactly as written, with multiplier, unit and qualifier words."
        ),
        _field(
            "kind",
            pa.string(),
            False,
            "count, money, percent, duration, measure, ratio (indicators); date, ordinal, code, term, marker.",
        ),
        _field("is_indicator", pa.bool_(), False, "True for counts, money, percent, durations, measures and ratios."),
        _field(
            "value", pa.float64(), True, "Value in the base unit (万/亿 expanded, money in 元, percent as written)."
        ),
        _field("value_max", pa.float64(), True, "Upper end of a range (5-10个 → 10); null otherwise."),
        _field(
            "unit", pa.string(), True, "Normalised unit: 元, %, 百分点, ‰, the measure word (册, 人次), 小时, 公顷 …"
        ),
        _field("qualifier", pa.string(), False, "exact, approx, more_than, at_least or less_than."),
        _field("per", pa.string(), True, "Denominator of a rate: 生 (元/每生), 天 (每天), 人 (人均), 人年 (每人每年)."),
        _field(
            "value_base", pa.float64(), True, "A measure restated in its base unit (12公顷 → 120000); null if none."
        ),
        _field("unit_base", pa.string(), True, "The base unit of value_base (平方米, 千克, 米 …)."),
        _field(
            "subject",
            pa.string(),
            True,
            "What the figure counts or measures (捐赠图书, 及时受理率); null for non-indicators.",
        ),
        _field("verb", pa.string(), True, "The action verb of the figure's clause (建成, 投入, 捐赠, 查处)."),
        _field(
            "indicator_code",
            pa.string(),
            True,
            "Code of the catalogued indicator the figure measures (GOV.PETITIONS); with .CHANGE/.GROWTH/.SHARE for a measure, and [unit] for a unit, other than the row's (GOV.PROJECTS[项]).",
        ),
        _field("indicator_name", pa.string(), True, "Name of that indicator (信访件)."),
        _field(
            "period_text", pa.string(), True, "The time phrase that dates the figure, as written (2024年, 今年以来)."
        ),
        _field("period_start", pa.date32(), True, "First day of that period; null when open or unknown."),
        _field("period_end", pa.date32(), True, "Last day of that period (截至X: X; X以来: the report's date)."),
        _field("sentence", pa.string(), False, "The sentence the figure stands in."),
        _field(
            "measure",
            pa.string(),
            True,
            "What an indicator measures: level (126万亿元), change (增加5000人), growth (增长5.2%) or share (占全市的30%).",
        ),
        _field(
            "direction", pa.string(), True, "up or down, for a change or a growth (下降0.1% is down); null otherwise."
        ),
        _field(
            "base",
            pa.string(),
            True,
            "What a change, growth or share is measured against, as written (上年, 同比, 全市).",
        ),
        _field(
            "target", pa.bool_(), False, "True for a planned, expected or required figure (预期增长5%左右, a budget)."
        ),
        _field(
            "column",
            pa.string(),
            True,
            "For a figure in a table: its column header as written (预算数, 2023年决算数); null otherwise.",
        ),
        _field(
            "section", pa.string(), True, "Heading path of the section (一、… > (一)… > 1.…); null before any heading."
        ),
    ]
)
COLUMNS: tuple[str, ...] = tuple(SCHEMA.names)

# One row per report read, joined to the indicator table by doc_id.
DOCUMENTS_SCHEMA = pa.schema(
    [
        _field("doc_id", pa.string(), False, "Document id (the file name without its extension)."),
        _field("path", pa.string(), False, "The file the report was read from."),
        _field("sha256", pa.string(), False, "SHA-256 of the file's bytes: --resume skips reports already written."),
        _field("format", pa.string(), False, "txt, html, docx or pdf."),
        _field("characters", pa.int64(), False, "Length of the extracted text that the offsets index."),
        _field("figures", pa.int64(), False, "Rows of the report in the indicator table."),
        _field("title", pa.string(), True, "Title: the HTML title, or the first line when it reads as one."),
        _field("issuer", pa.string(), True, "Issuing body, from the signature block or a meta tag."),
        _field("published", pa.date32(), True, "Publication date, from the signature block or a meta tag."),
        _field("region", pa.string(), True, "Province, city and county the issuer's name or the title begins with."),
        _field(
            "covers_start",
            pa.date32(),
            True,
            "First day of the period the whole report covers (its title's year or span, the year a work report reviews).",
        ),
        _field("covers_end", pa.date32(), True, "Last day of that period."),
    ]
)

# One row per report that could not be read.
ERRORS_SCHEMA = pa.schema(
    [
        _field("doc_id", pa.string(), False, "Document id the report would have had."),
        _field("path", pa.string(), False, "The file that failed."),
        _field(
            "error", pa.string(), False, "Kind of failure: missing, empty, binary, corrupt, too_large, unsupported …"
        ),
        _field("message", pa.string(), False, "What went wrong, for a person."),
        _field(
            "sha256",
            pa.string(),
            True,
            "SHA-256 of the file's bytes when it could be read: a resumed run retries it once it changes.",
        ),
    ]
)


def empty_table() -> pa.Table:
    """A table with no rows and the indicator schema."""
    return SCHEMA.empty_table()


def check_table(table: pa.Table, schema: pa.Schema = SCHEMA) -> pa.Table:
    """Cast ``table`` to ``schema`` and refuse nulls in non-nullable columns.

    pyarrow accepts nulls in a non-nullable field until the Parquet write, so
    the check is made here, where the error can name the column.
    """
    table = table.select(schema.names).cast(schema)
    for field in schema:
        if not field.nullable and table.column(field.name).null_count:
            raise ValueError(f"column {field.name!r} must not contain nulls")
    return table


def to_frame(table: pa.Table) -> pd.DataFrame:
    """The table as a DataFrame whose dtypes follow the Arrow schema.

    Every column is Arrow-backed (``pd.ArrowDtype``): integers, floats and
    booleans keep real nulls, and strings stay Arrow strings.

    >>> to_frame(empty_table()).dtypes["value"]
    double[pyarrow]
    """
    import pandas as pd

    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def markdown_table(schema: pa.Schema = SCHEMA) -> str:
    """A README column table, made from a schema.

    >>> markdown_table().splitlines()[0]
    '| column | type | nullable | meaning |'
    """
    lines = ["| column | type | nullable | meaning |", "|---|---|---|---|"]
    for field in schema:
        doc = (field.metadata or {}).get(b"doc", b"").decode()
        lines.append(f"| `{field.name}` | {field.type} | {'yes' if field.nullable else 'no'} | {doc} |")
    return "\n".join(lines)


TABLES = {"indicators": SCHEMA, "documents": DOCUMENTS_SCHEMA, "errors": ERRORS_SCHEMA}


def update_readme(path: str) -> None:
    """Rewrite the column tables between ``<!-- columns:NAME -->`` markers of a README."""
    import re
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    for name, schema in TABLES.items():
        pattern = re.compile(rf"(<!-- columns:{name} -->\n).*?(\n<!-- /columns -->)", re.S)
        replacement = r"\g<1>" + markdown_table(schema).replace("\\", "\\\\") + r"\g<2>"
        text = pattern.sub(replacement, text)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python -m indicators.schema README.md
    import sys

    update_readme(sys.argv[1])
