"""A review page: the report with every figure highlighted, and its indicator table.

One self-contained HTML file (no network, no external script or font): an
analyst opens it in a browser to check an extraction before trusting it.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import pyarrow as pa

from .readers import read_document
from .table import document_table

__all__ = ["review_html", "write_review"]

KIND_COLOURS = {
    "count": "#cde4ff",
    "money": "#ffe2b8",
    "percent": "#d6f5d6",
    "duration": "#f3d9fa",
    "measure": "#fff3b0",
    "ratio": "#ffd6d6",
}
_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{padding:10px 16px;background:#f4f4f4;border-bottom:1px solid #ddd}
header h1{font-size:18px;margin:0 0 4px} header p{margin:0;font-size:13px;color:#555}
main{display:flex;gap:16px;padding:16px;align-items:flex-start}
#text{flex:1 1 50%;white-space:pre-wrap;line-height:1.9;font-size:15px}
#table{flex:1 1 50%;max-height:90vh;overflow:auto;font-size:12px}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #ddd;padding:2px 4px;text-align:left}
th{position:sticky;top:0;background:#fafafa}
mark.fig{position:relative;border-radius:3px;padding:0 1px;cursor:help}
mark.non{background:none;border-bottom:1px dotted #999;color:#666}
mark .card{display:none;position:absolute;left:0;top:1.6em;z-index:5;width:260px;background:#fff;
 border:1px solid #999;border-radius:4px;padding:6px;font-size:12px;line-height:1.5;color:#222;white-space:normal;
 box-shadow:0 2px 6px rgba(0,0,0,.2)}
mark:hover .card{display:block} .card b{display:inline-block;min-width:4.5em;color:#555;font-weight:normal}
.legend span{padding:0 6px;margin-right:4px;border-radius:3px}
"""
_CARD_FIELDS = (
    ("kind", "kind"),
    ("value", "value"),
    ("value_max", "to"),
    ("unit", "unit"),
    ("qualifier", "qualifier"),
    ("per", "per"),
    ("subject", "subject"),
    ("period_text", "period"),
    ("measure", "measures"),
    ("direction", "direction"),
    ("base", "against"),
    ("target", "target"),
    ("indicator_code", "indicator"),
)
_TABLE_COLUMNS = (
    "surface", "kind", "value", "unit", "qualifier", "per", "subject", "period_text", "measure", "direction", "indicator_code"
)  # fmt: skip


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.10g}"
    return str(value)


def _card(row: dict[str, Any]) -> str:
    lines = [f"<b>{label}</b>{html.escape(_fmt(row[key]))}" for key, label in _CARD_FIELDS if row.get(key) is not None]
    if row.get("period_start") or row.get("period_end"):
        lines.append(f"<b>dates</b>{_fmt(row.get('period_start'))} – {_fmt(row.get('period_end'))}")
    return '<span class="card">' + "<br>".join(lines) + "</span>"


def review_html(text: str, table: pa.Table, title: str) -> str:
    """The review page of ``text`` and its indicator table, as one HTML string.

    >>> from indicators.table import document_table
    >>> t = "共捐赠图书33071册。"
    >>> page = review_html(t, document_table(t, "d"), "d")
    >>> page.count('class="fig ind count"'), "33071册" in page
    (1, True)
    """
    rows = table.to_pylist()
    parts: list[str] = []
    pos = 0
    for i, row in enumerate(rows):
        start, end = row["start"], row["end"]
        if start < pos:
            continue  # never nest marks
        parts.append(html.escape(text[pos:start]))
        kind = row["kind"]
        cls = f"fig ind {kind}" if row["is_indicator"] else f"fig non {kind}"
        style = f' style="background:{KIND_COLOURS[kind]}"' if kind in KIND_COLOURS else ""
        parts.append(f'<mark id="f{i}" class="{cls}"{style}>{html.escape(text[start:end])}{_card(row)}</mark>')
        pos = end
    parts.append(html.escape(text[pos:]))
    indicators = [r for r in rows if r["is_indicator"]]
    head = "".join(f"<th>{c}</th>" for c in _TABLE_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(r[c]))}</td>" for c in _TABLE_COLUMNS) + "</tr>" for r in indicators
    )
    legend = "".join(f'<span style="background:{c}">{k}</span>' for k, c in KIND_COLOURS.items())
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)} · indicators review</title>
<style>{_CSS}</style></head>
<body data-figures="{len(rows)}" data-indicators="{len(indicators)}">
<header><h1>{html.escape(title)}</h1>
<p>{len(rows)} figures, {len(indicators)} indicators. Hover a figure for its reading.
<span class="legend">{legend}<span style="border-bottom:1px dotted #999">date, ordinal, code, term, marker</span></span></p>
</header>
<main><div id="text">{"".join(parts)}</div>
<div id="table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></main>
<script>document.body.dataset.highlighted = document.querySelectorAll("mark.fig.ind").length;</script>
</body></html>
"""


def write_review(report: str | os.PathLike[str], out: str | os.PathLike[str]) -> int:
    """Write the review page of one report; returns the number of indicators highlighted."""
    doc = read_document(report)
    table = document_table(doc.text, doc.doc_id, doc.meta)
    page = review_html(doc.text, table, doc.meta.title or doc.doc_id)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return sum(table.column("is_indicator").to_pylist())
