"""The same report as UTF-8, GB18030, UTF-16, HTML, DOCX and PDF yields the same indicator rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indicators import ReportError, extract_table, read_document
from tests.support.formats import write_docx, write_html, write_pdf, write_txt

ROOT = Path(__file__).resolve().parents[1]
REPORT = (ROOT / "data" / "reports" / "shuangqiao-jiaoyu-2025.txt").read_text(encoding="utf-8")


def _rows(path: Path) -> list[tuple[object, ...]]:
    batch = extract_table([path])
    assert not batch.failures, batch.failures
    t = batch.table.filter(batch.table.column("is_indicator"))
    return list(
        zip(
            *(t.column(c).to_pylist() for c in ("value", "value_max", "unit", "qualifier", "per", "subject")),
            strict=False,
        )
    )


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("formats")
    return {
        "utf8": write_txt(REPORT, d / "utf8.txt"),
        "utf8-bom": write_txt(REPORT, d / "bom.txt", "utf-8-sig"),
        "gb18030": write_txt(REPORT, d / "gb.txt", "gb18030"),
        "utf16": write_txt(REPORT, d / "u16.txt", "utf-16"),
        "html": write_html(REPORT, d / "page.html"),
        "docx": write_docx(REPORT, d / "report.docx"),
        "pdf": write_pdf(REPORT, d / "report.pdf"),
    }


@pytest.mark.parametrize("fmt", ["utf8-bom", "gb18030", "utf16", "html", "docx", "pdf"])
def test_same_rows_in_every_format(formats: dict[str, Path], fmt: str) -> None:
    expected = _rows(formats["utf8"])
    assert len(expected) > 20
    assert _rows(formats[fmt]) == expected


@pytest.mark.parametrize("fmt", ["utf8", "gb18030", "html", "docx", "pdf"])
def test_offsets_index_the_extracted_text(formats: dict[str, Path], fmt: str) -> None:
    """The text that offsets refer to can be recovered with one call: read_document."""
    doc = read_document(formats[fmt])
    batch = extract_table([formats[fmt]])
    for start, end, surface in zip(
        *(batch.table.column(c).to_pylist() for c in ("start", "end", "surface")), strict=False
    ):
        assert doc.text[start:end] == surface


def test_html_main_text_and_metadata(formats: dict[str, Path]) -> None:
    doc = read_document(formats["html"])
    assert "首页" not in doc.text and "visits" not in doc.text and "版权所有" not in doc.text
    assert doc.meta.title == "双桥县教育局关于专项督导反馈问题整改情况的通报"  # the heading, not <title>
    assert doc.meta.published == "2025-01-15"
    assert doc.meta.issuer == "双桥县教育局"
    assert doc.meta.region == "双桥县"


def test_documents_table(formats: dict[str, Path]) -> None:
    batch = extract_table([formats["utf8"], formats["pdf"]])
    docs = batch.documents.to_pylist()
    assert [d["format"] for d in docs] == ["txt", "pdf"]
    first = docs[0]
    assert first["title"] == "双桥县教育局关于专项督导反馈问题整改情况的通报"
    assert first["issuer"] == "双桥县教育局"
    assert str(first["published"]) == "2025-01-15"
    assert first["region"] == "双桥县"
    assert len(first["sha256"]) == 64 and first["characters"] == len(REPORT)
    assert first["figures"] == sum(1 for d in batch.table.column("doc_id").to_pylist() if d == "utf8")


def test_docx_tables_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("全市各类学校情况如下。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "幼儿园", "64所"
    table.cell(1, 0).text, table.cell(1, 1).text = "在园幼儿", "1.46万人"
    document.save(str(tmp_path / "t.docx"))
    text = read_document(tmp_path / "t.docx").text
    assert text.splitlines()[1:] == ["幼儿园\t64所", "在园幼儿\t1.46万人"]


def test_missing_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_txt("x", tmp_path / "a.docx")
    monkeypatch.setitem(sys.modules, "lxml", None)
    with pytest.raises(ReportError, match=r"pip install 'indicators\[docx\]'"):
        read_document(path)


def test_html_data_tables_read_row_by_row(tmp_path: Path) -> None:
    page = tmp_path / "t.html"
    page.write_bytes(
        "<html><head><meta charset='gb2312'><title>决算</title></head><body><div class='TRS_Editor'>"
        "<p>收入总计1,234.56万元。</p><table><tr><td>项目</td><td>金额</td></tr>"
        "<tr><td>工资福利支出</td><td>612.3万元</td></tr></table></div></body></html>".encode("gb2312")
    )
    doc = read_document(page)
    assert doc.text.splitlines()[-1] == "工资福利支出\t612.3万元"
    batch = extract_table([page])
    assert batch.table.column("subject").to_pylist()[-1] == "工资福利支出"


def test_pdf_without_a_text_layer_says_so(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(50, 50, 200, 300, fill=1)  # an image-like page: marks, no text
    c.showPage()
    c.save()
    with pytest.raises(ReportError, match="no text layer") as info:
        read_document(tmp_path / "scan.pdf")
    assert info.value.kind == "empty"
    batch = extract_table([tmp_path / "scan.pdf"])
    assert [f["error"] for f in batch.failures] == ["empty"]


def test_html_inline_elements_flow_and_header_block_is_metadata(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>通报_某市人民政府</title></head><body><div class="article">'
        "<div>发布日期：2025-09-24 08:02 来源：某市卫生健康委</div>"
        "<p>全市卫生总费用<span>16.9</span><span>亿元</span>，增长<b>3</b>%。<br>第二行</p></div></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert doc.text.splitlines() == ["全市卫生总费用16.9亿元，增长3%。", "第二行"]
    assert (doc.meta.published, doc.meta.issuer) == ("2025-09-24", "某市卫生健康委")


def test_page_title_without_the_site_name_when_the_text_has_none(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>全市卫生健康统计简报_某市人民政府</title></head>"
        '<body><div class="article"><p>今年以来，全市完成接种3万人次，增长5%。</p></div></body></html>',
        encoding="utf-8",
    )
    assert read_document(page).meta.title == "全市卫生健康统计简报"
