"""One department budget of our own, laid out as each format lays out a table.

The same figures are written as a gov.cn-style web page (inline ``<span>``
figures, a header block, a ``单位:万元`` table with merged header cells), a
DOCX (merged cells), a PDF (a table over several pages, page numbers and a
running header, layout spaces inside figures) and a text file (tab- and
space-separated tables). ``python -m tests.support.budget DIR`` writes them
(the copies in ``data/reports/`` were made so); the tests write them afresh.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

TITLE = "青山区教育局2025年部门预算"
ISSUER = "青山区教育局"
PUBLISHED = "2025-02-18"

PROSE = [
    "一、收支预算总体情况",
    "2025年部门预算收入合计 5,365.20 万元，比上年增加 312.5 万元，增长 6.2%。其中一般公共预算拨款 4,980.70 万元。",
    "全区共有中小学 46 所，在校学生 3.2 万人，专任教师 2,860 人。",
    "二、部门支出预算表",
]
CAPTION = "2025年部门支出预算表"
UNIT_LINE = "单位：万元"
HEADER_TOP = ["科目编码", "科目名称", "支出预算", "", ""]
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
# (codes, name, total, basic, project); "—" is an empty cell
ROWS: list[tuple[str, str, str, str, str]] = [
    ("205", "教育支出", "4,812.60", "3,120.40", "1,692.20"),
    ("205 01", "教育管理事务", "612.30", "580.30", "32.00"),
    ("205 01 01", "行政运行", "580.30", "580.30", "—"),
    ("205 02", "普通教育", "3,950.10", "2,540.10", "1,410.00"),
    ("205 02 01", "学前教育", "1,230.00", "—", "1,230.00"),
    ("205 02 02", "小学教育", "1,520.40", "1,400.40", "120.00"),
    ("205 02 03", "初中教育", "1,199.70", "1,139.70", "60.00"),
    ("205 09", "教育费附加安排的支出", "250.20", "—", "250.20"),
    ("208", "社会保障和就业支出", "402.30", "402.30", "—"),
    ("208 05 05", "机关事业单位基本养老保险缴费支出", "268.20", "268.20", "—"),
    ("221", "住房保障支出", "150.30", "150.30", "—"),
    ("221 02 01", "住房公积金", "150.30", "150.30", "—"),
]
TOTAL = ("", "合计", "5,365.20", "3,673.00", "1,692.20")
CLOSING = ["三、其他说明", "2025年“三公”经费预算 18.6 万元，比上年减少 2.4 万元。", ISSUER, "2025年2月18日"]


def _rows(repeat: int) -> list[tuple[str, str, str, str, str]]:
    """The table's rows; ``repeat`` > 1 makes a table that runs over several PDF pages."""
    rows = [row for _ in range(repeat) for row in ROWS]
    return [*rows, TOTAL]


def text(repeat: int = 1, sep: str = "\t") -> str:
    """The budget as plain text, the table's cells joined by ``sep``."""
    lines = [TITLE, *PROSE, CAPTION, UNIT_LINE, sep.join(HEADER)]
    lines += [sep.join(c for c in row if c or sep == "\t") for row in _rows(repeat)]
    return "\n".join(lines + CLOSING) + "\n"


def write_html(path: Path) -> Path:
    def spans(line: str) -> str:
        # numbers and units in separate inline elements, as styled pages do
        import re

        return re.sub(r"([0-9][0-9,.]*) ?(万元|万人|所|人|%)", r"<span>\1</span><span>\2</span>", html.escape(line))

    head = "".join(f'<th rowspan="2">{h}</th>' for h in HEADER[:2]) + '<th colspan="3">支出预算</th>'
    sub = "".join(f"<th>{h}</th>" for h in HEADER[2:])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in _rows(1))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_青山区人民政府</title>
<meta name="PubDate" content="{PUBLISHED} 09:00"></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 财政预决算</div>
<div class="article">
<h1>{TITLE}</h1>
<div class="info">发布日期：{PUBLISHED} 09:00 来源：{ISSUER} 索引号：11330101MB1234567X/2025-00012</div>
<div class="TRS_Editor">{"".join(f"<p>{spans(p)}</p>" for p in PROSE)}
<p style="text-align:center"><b>{CAPTION}</b></p><p style="text-align:right">{UNIT_LINE}</p>
<table><thead><tr>{head}</tr><tr>{sub}</tr></thead><tbody>{body}</tbody></table>
{"".join(f"<p>{spans(p)}</p>" for p in CLOSING)}</div></div>
<div class="footer">主办单位：青山区人民政府办公室 网站标识码3301000012</div></body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in [TITLE, *PROSE, CAPTION, UNIT_LINE]:
        document.add_paragraph(line)
    rows = _rows(1)
    table = document.add_table(rows=len(rows) + 2, cols=5)
    for col, (top, low) in enumerate(zip(HEADER_TOP, HEADER, strict=True)):
        table.cell(0, col).text = top
        table.cell(1, col).text = low if col >= 2 else ""
    table.cell(0, 0).merge(table.cell(1, 0))  # 科目编码 over two header rows
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 4))  # 支出预算 over three columns
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            table.cell(r, col).text = value
    for line in CLOSING:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, repeat: int = 4) -> Path:
    """A budget PDF: the table runs over pages, each with a running header and a page number."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    page = 1
    y = 800

    def new_page() -> None:
        nonlocal page, y
        c.setFont("STSong-Light", 8)
        c.drawCentredString(300, 30, f"— {page} —")
        c.showPage()
        page += 1
        y = 800

    def line(s: str, x: float = 40) -> None:
        nonlocal y
        if y < 60:
            new_page()
        if y == 800:
            c.setFont("STSong-Light", 8)
            c.drawString(40, 815, TITLE)  # the running header
        c.setFont("STSong-Light", 10)
        c.drawString(x, y, s)
        y -= 15

    for p in [TITLE, *PROSE[:1]]:
        line(p)
    # a paragraph wrapped at the margin, with layout spaces around its figures
    line("2025年部门预算收入合计 5,365.20 万元，比上年增加 312.5 万元，增长 6.2%。其中一般公共")
    line("预算拨款 4,980.70 万元。")
    for p in [PROSE[2], PROSE[3], CAPTION, UNIT_LINE]:
        line(p)
    xs = (40, 110, 330, 420, 500)
    for row in [tuple(HEADER), *_rows(repeat)]:
        if y < 60:
            new_page()
        for x, cell in zip(xs, row, strict=True):
            if cell:
                line_y = y
                c.setFont("STSong-Light", 9)
                c.drawString(x, line_y, cell)
        y -= 15
    for p in CLOSING:
        line(p)
    new_page()
    c.save()
    return path


def write_txt(path: Path) -> Path:
    path.write_text(text(1, "\t"), encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m tests.support.budget data/reports
    out = Path(sys.argv[1])
    write_html(out / "qingshan-yusuan-2025.html")
    write_pdf(out / "qingshan-yusuan-2025-pdf.pdf")
    write_docx(out / "qingshan-yusuan-2025-docx.docx")
