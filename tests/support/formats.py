"""Writers that turn one report text into each format the readers take (for tests and benchmarks)."""

from __future__ import annotations

import html
from pathlib import Path


def write_txt(text: str, path: Path, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_html(text: str, path: Path, title: str = "通报", published: str = "2025-01-15 09:30:00") -> Path:
    """A government-style page: navigation, scripts and a footer around the article body."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="PubDate" content="{published}"><meta name="ContentSource" content="双桥县教育局">
<script>var visits = 12345; function f(){{return 3;}}</script><style>.a{{width:100px}}</style></head>
<body><div class="nav"><nav><a href="/">首页</a> <a href="/a">政务公开</a> 第3版</nav></div>
<div class="article-content" id="zoom">{paragraphs}</div>
<footer>版权所有 联系电话:0791-88123456 网站标识码3601000001</footer></body></html>""",
        encoding="utf-8",
    )
    return path


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path) -> Path:
    """A PDF with a text layer (reportlab, the built-in STSong-Light CID font), one line per paragraph."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    y = 800
    for line in text.splitlines():
        if not line.strip():
            continue
        if y < 40:
            c.showPage()
            y = 800
        c.setFont("STSong-Light", 9)
        c.drawString(20, y, line)
        y -= 14
    c.save()
    return path
