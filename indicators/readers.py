"""Report files to text: .txt in any common encoding, .html, .docx and .pdf.

Each reader returns a :class:`Document` whose ``text`` is what the figure
offsets index; :func:`read_document` on the same file gives the same text
again. HTML, DOCX and PDF need optional extras; a missing one is named in
the error.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .layout import join_pages
from .metadata import Metadata, html_metadata, page_header, text_metadata

__all__ = ["SUFFIXES", "Document", "ReportError", "limits", "read_document"]


class ReportError(Exception):
    """A report that cannot be read: the message says why, for the user."""

    def __init__(self, message: str, kind: str = "unreadable") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Limits:
    """Sizes past which a report is refused rather than read."""

    max_bytes: int = 20 * 1024 * 1024  # a report file
    max_inflated: int = 100 * 1024 * 1024  # one member of a DOCX once unzipped
    max_ratio: int = 200  # unzipped size over zipped size of a DOCX member
    max_pdf_pages: int = 2000


limits = Limits()


@dataclass
class Document:
    """One report: its text, where it came from, and what it says about itself."""

    doc_id: str
    path: str
    format: str
    sha256: str
    text: str
    meta: Metadata = field(default_factory=Metadata)

    @property
    def characters(self) -> int:
        return len(self.text)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- plain text -------------------------------------------------------------
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text report to str: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

    >>> decode_text("巡察组3个".encode("gb18030"), "x")
    '巡察组3个'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReportError(f"{name}: not valid {encoding} after its byte-order mark ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            raise ReportError(f"{name}: truncated UTF-8 (an incomplete character at byte {exc.start})") from exc
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]).best()
    if best is None or (b"\x00" in data and not best.encoding.startswith("utf_16")):
        raise ReportError(f"{name}: binary file, not a text report", kind="binary")
    return str(best)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _read_txt(data: bytes, name: str) -> tuple[str, Metadata]:
    text = decode_text(data, name)
    # Decodable is not enough: control characters (NUL, escapes) mean binary data.
    if len(_CONTROL.findall(text[:65536])) > max(2, len(text[:65536]) // 200):
        raise ReportError(f"{name}: binary file (control characters), not a text report", kind="binary")
    return text, text_metadata(text)


# -- HTML ---------------------------------------------------------------------
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "select")
# Where government pages keep the article body (ids and classes seen on gov.cn sites).
_MAIN = re.compile(r"(?:^|[\s_-])(?:article|content|main|zoom|TRS_Editor|Custom_UnionStyle|xxgk|detail|text)", re.I)
_HBLANKS = re.compile(r"[ \u00a0\u3000]+")  # tabs separate table cells


def _need(extra: str, module: str) -> None:
    raise ReportError(f"reading this format needs the '{extra}' extra: pip install 'indicators[{extra}]' ({module})")


# Elements that start a new line; every other element flows inline, so that
# <span>16.9</span><span>亿元</span> reads as one figure.
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead title tr ul".split()
)
_SPACES = re.compile(r"[ \t\r\n\f]+")


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name) or 1)), 100))
    except ValueError:
        return 1


def _table_rows(table: Any) -> list[str]:
    """A data table as lines of tab-separated cells, merged cells kept in their columns."""
    grid: list[list[str]] = []
    carry: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in table.find_all("tr"):
        row: list[str] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while carry.get(col, 0) > 0:
                carry[col] -= 1
                row.append("")
                col += 1
            text = _SPACES.sub(" ", _flow(cell).replace("\t", " ")).strip()
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            row.extend([text] + [""] * (colspan - 1))
            for c in range(col, col + colspan):
                if rowspan > 1:
                    carry[c] = rowspan - 1
            col += colspan
        while carry.get(col, 0) > 0:
            carry[col] -= 1
            row.append("")
            col += 1
        grid.append(row)
    return ["\t".join(row) for row in grid if any(row)]


def _flow(root: Any) -> str:
    """The text of an element as a browser lays it out: blocks on their own lines,
    inline elements run together, <br> breaks, data tables row by row."""
    from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction, Tag

    out: list[str] = []
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
                continue
            if node is _NEWLINE:
                out.append("\n")
            elif isinstance(node, NavigableString):
                out.append(_SPACES.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "br":
            out.append("\n")
        elif name == "table" and node is not root and node.find("table") is None:
            out.append("\n" + "\n".join(_table_rows(node)) + "\n")
        elif name in ("td", "th") and node is not root:
            out.append("\t")
            stack.extend(reversed(list(node.children)))
        elif name in _BLOCKS:
            stack.append(_NEWLINE)
            stack.extend(reversed(list(node.children)))
            out.append("\n")
        else:
            stack.extend(reversed(list(node.children)))
    return "".join(out)


class _Marker(str):
    pass


_NEWLINE = _Marker("\n")


_TAG_OPEN = re.compile(rb"<[A-Za-z!/]")
_MAX_TAGS = 100_000  # a page with more is flattened, not parsed into a tree
_FLAT_DROP = re.compile(r"<(script|style|noscript|head)\b.*?</\1\s*>", re.S | re.I)
_FLAT_BREAK = re.compile(
    r"<(?:br|/?(?:p|div|li|tr|h[1-6]|table|section|article|ul|ol|dd|dt|blockquote|pre|title))\b[^>]*>", re.I
)
_FLAT_CELL = re.compile(r"<t[dh]\b[^>]*>", re.I)
_FLAT_TAG = re.compile(r"<[^>]*>")


def _flat_html(data: bytes, name: str) -> tuple[str, Metadata]:
    """The text of a page too large to parse into a tree (100,000 tags and more, or
    nesting thousands deep): tags stripped by pattern, in linear time and memory."""
    import html as html_lib

    page = decode_text(data, name)
    page = _FLAT_DROP.sub("", page)
    page = _FLAT_CELL.sub("\t", _FLAT_BREAK.sub("\n", page))
    page = html_lib.unescape(_FLAT_TAG.sub("", page))
    lines = [_HBLANKS.sub(" ", line).strip(" ") for line in page.splitlines()]
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise ReportError(f"{name}: HTML page has no body text", kind="empty")
    return text, text_metadata(text)


def _read_html(data: bytes, name: str) -> tuple[str, Metadata]:
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        _need("html", "beautifulsoup4, lxml")
    if len(_TAG_OPEN.findall(data, 0, 64 * _MAX_TAGS)) >= _MAX_TAGS:
        return _flat_html(data, name)
    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml missing or the page unparsable
        raise ReportError(f"{name}: cannot parse HTML ({exc})") from exc
    meta = html_metadata(soup)
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    body = soup.body or soup
    header = page_header(body)  # the header block may stand outside the article (a gov.cn table)
    candidates = list(body.find_all(id=_MAIN)) + list(body.find_all(class_=_MAIN))
    main = max(candidates, key=lambda t: len(t.get_text(strip=True)), default=body)
    if len(main.get_text(strip=True)) < 0.3 * len(body.get_text(strip=True)):
        main = body  # the guess took a sidebar; the body is safer
    meta = header.merged(meta)
    lines = []
    for block in _flow(main).splitlines():
        line = _HBLANKS.sub(" ", block).strip(" ")
        if line.strip():
            lines.append(line)
    text = "\n".join(lines)
    if not text.strip():
        raise ReportError(f"{name}: HTML page has no body text", kind="empty")
    own = text_metadata(text)
    # the text's own title (the page's heading) before <title>, which carries the site's name;
    # the signature before the header's 来源; the header's 发布日期 before a date in the text
    return text, replace(
        own.merged(meta),
        title=own.title or _page_title(meta.title),
        published=meta.published or own.published,
    )


# -- DOCX ------------------------------------------------------------------------
def _check_zip(data: bytes, name: str) -> None:
    """Refuse a DOCX whose members would inflate past the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.file_size > limits.max_inflated or (
                    info.compress_size and info.file_size / info.compress_size > limits.max_ratio
                ):
                    raise ReportError(
                        f"{name}: DOCX member {info.filename} would inflate to {info.file_size} bytes "
                        f"from {info.compress_size}; refused",
                        kind="too_large",
                    )
    except zipfile.BadZipFile as exc:
        raise ReportError(f"{name}: corrupt DOCX (not a zip archive: {exc})", kind="corrupt") from exc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes, name: str) -> tuple[str, Metadata]:
    # The document part is streamed (lxml's iterparse, each paragraph and table freed once
    # read), so memory follows the largest table, not the document: python-docx builds the
    # whole tree, 1.4 GB for a 7.5 MB file.
    try:
        from lxml import etree
    except ImportError:
        _need("docx", "lxml")
    _check_zip(data, name)
    lines: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            with zf.open("word/document.xml") as part:
                depth = 0  # tables inside tables are read as part of the outer one
                for event, elem in etree.iterparse(
                    part, events=("start", "end"), resolve_entities=False, huge_tree=False
                ):
                    tag = elem.tag
                    if tag == f"{_W}tbl":
                        depth += 1 if event == "start" else -1
                        if event == "end" and depth == 0:
                            lines.extend(_docx_rows(elem))
                            elem.clear()
                    elif event == "end" and tag == f"{_W}p" and depth == 0:
                        lines.append("".join(t.text or "" for t in elem.iter(f"{_W}t")))
                        elem.clear()
            title = _docx_title(zf)
    except KeyError as exc:
        raise ReportError(f"{name}: corrupt DOCX (no word/document.xml)", kind="corrupt") from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportError(f"{name}: corrupt DOCX ({type(exc).__name__}: {exc})", kind="corrupt") from exc
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise ReportError(f"{name}: DOCX has no text", kind="empty")
    return text, text_metadata(text).merged(Metadata(title=_file_title(title)))


def _docx_rows(table: Any) -> list[str]:
    """A DOCX table as lines of tab-separated cells; a cell merged across columns keeps the
    columns after it in place."""
    rows = []
    for row in table.iter(f"{_W}tr"):
        cells: list[str] = []
        for cell in row.iter(f"{_W}tc"):
            cells.append("".join(t.text or "" for t in cell.iter(f"{_W}t")))
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            width = span.get(f"{_W}val") if span is not None else None
            if width and width.isdigit():
                cells.extend([""] * (min(int(width), 100) - 1))
        rows.append("\t".join(cells))
    return rows


def _docx_title(zf: zipfile.ZipFile) -> str | None:
    from lxml import etree

    try:
        core = zf.read("docProps/core.xml")
    except KeyError:
        return None
    if len(core) > 1_000_000:
        return None
    found = etree.fromstring(core, etree.XMLParser(resolve_entities=False)).find(
        "{http://purl.org/dc/elements/1.1/}title"
    )
    return (found.text or "").strip() or None if found is not None else None


# -- PDF -----------------------------------------------------------------------------
def _page_text(textpage: Any) -> str:
    """A page's text with a line break wherever a line begins.

    PDFium's text stream sometimes runs a table's rows together, with a space
    (``… 1,097,073.43 210 11 行政事业单位医疗 …``) or without (``项目支出205``).
    At a space, and where digits meet Chinese characters, a character that
    sits wholly below the one before it starts a new line. Only those places
    are measured, which keeps reading a PDF cheaper than extracting it.
    """
    text: str = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return text  # characters outside the BMP: offsets would not line up
    # Only a line much longer than the page's usual line can hide rows run together.
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text)]
    lengths = sorted(e - s for s, e in spans)
    usual = lengths[len(lengths) // 2] if len(lengths) >= 3 else 0
    out = []
    last = 0
    for s, e in spans:
        if e - s <= 1.5 * usual:
            continue
        for m in _LINE_CANDIDATE.finditer(text, s, e):
            before, after = m.start() - 1, m.end()
            if before < s or after >= e:
                continue
            _, b0, _, _ = textpage.get_charbox(before, loose=True)
            _, b1, _, t1 = textpage.get_charbox(after, loose=True)
            if (b1 + t1) / 2 < b0:
                out.append(text[last : m.start()])
                out.append("\n")
                last = m.end()
    out.append(text[last:])
    return "".join(out)


_LINE_CANDIDATE = re.compile(r"(?<=\S) +(?=\S)|(?<=[\u4e00-\u9fff])(?=[0-9])|(?<=[0-9%])(?=[\u4e00-\u9fff])")


def _read_pdf(data: bytes, name: str) -> tuple[str, Metadata]:
    # pypdfium2 (PDFium's text layer) reads the shared budget PDFs 15-20x faster
    # than pypdf, and keeps table rows on one line (benchmarks/readers.py).
    try:
        import pypdfium2 as pdfium
    except ImportError:
        _need("pdf", "pypdfium2")
    try:
        pdf = pdfium.PdfDocument(data)
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        raise ReportError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})", kind="corrupt") from exc
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise ReportError(f"{name}: {len(pdf)} pages is more than {limits.max_pdf_pages}", "too_large")
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(_page_text(textpage))
            textpage.close()
            page.close()
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    except ReportError:
        raise
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        raise ReportError(f"{name}: corrupt PDF ({type(exc).__name__}: {exc})", kind="corrupt") from exc
    finally:
        pdf.close()
    text = join_pages(pages)
    if not text.strip():
        raise ReportError(f"{name}: PDF has no text layer (a scan?); run OCR first", kind="empty")
    return text, text_metadata(text).merged(Metadata(title=_file_title(title)))


READERS: dict[str, tuple[str, Callable[[bytes, str], tuple[str, Metadata]]]] = {
    ".txt": ("txt", _read_txt),
    ".text": ("txt", _read_txt),
    ".html": ("html", _read_html),
    ".htm": ("html", _read_html),
    ".docx": ("docx", _read_docx),
    ".pdf": ("pdf", _read_pdf),
}
SUFFIXES = tuple(READERS)


_FILE_TITLE_JUNK = re.compile(r"\.(?:docx?|pdf|xlsx?|wps)\b|^Microsoft|^untitled|^无标题|^[A-Za-z0-9_\-\s.]+$", re.I)


_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s).{2,30}$")


def _page_title(title: str | None) -> str | None:
    """A page's <title> without the site name after it (…统计公报_某市人民政府)."""
    if not title:
        return None
    return _SITE_SUFFIX.sub("", title).strip() or None


def _file_title(title: str | None) -> str | None:
    """A PDF's or DOCX's own title field, unless it is a file name or a tool's placeholder."""
    if not title or _FILE_TITLE_JUNK.search(title.strip()):
        return None
    return title.strip()


def read_document(path: str | os.PathLike[str], doc_id: str | None = None) -> Document:
    """Read one report file into a Document; raises ReportError with the reason.

    The format comes from the extension (.txt, .html/.htm, .docx, .pdf); a
    file whose content does not match its extension fails with a clear error.
    """
    p = Path(path)
    name = str(p)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise ReportError(f"{name}: unsupported format {p.suffix or '(no extension)'!r}", kind="unsupported")
    try:
        info = p.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device: refused before it is opened
            raise ReportError(f"{name}: not a regular file", kind="unsupported" if p.exists() else "missing")
        if size > limits.max_bytes:
            raise ReportError(
                f"{name}: {size} bytes is more than the {limits.max_bytes} a report may have", "too_large"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise ReportError(f"{name}: cannot read ({exc.strerror or exc})", kind="missing") from exc
    if not data.strip():
        raise ReportError(f"{name}: empty file", kind="empty")
    fmt, read = reader
    text, meta = read(data, name)
    if not text.strip():
        raise ReportError(f"{name}: no text", kind="empty")
    return Document(doc_id or p.stem, name, fmt, _sha256(data), text, meta)
