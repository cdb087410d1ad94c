"""Page layout to running text: page furniture dropped, wrapped lines joined.

A PDF's text layer (or a paginated text file) holds what a printer put on
each page: page numbers (``— 1 —``, ``18``, ``第3页``), a running header
repeated on every page, and lines that wrap inside a sentence. A reader
keeps what a person reads: :func:`join_pages` drops the furniture and joins
a line to the next where the line was wrapped, never where it ends a
sentence, a heading or a table row, and never between two numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["join_pages", "page_number"]

_DECORATED = re.compile(r"[-—–―－_\s]*(?:第\s*)?[0-9]{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?[0-9]{1,4}\s*页?)?[-—–―－_\s]*")
_DASHED = re.compile(
    r"\s*[-—–―－]+\s*[0-9]{1,4}\s*[-—–―－]+\s*|\s*第\s*[0-9]{1,4}\s*页.*|\s*[0-9]{1,4}\s*/\s*[0-9]{1,4}\s*"
)
_BARE = re.compile(r"\s*([0-9]{1,4})\s*")
_ENDS = tuple("。！？；：!?;:」』”）)")
_STARTS = re.compile(
    r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]{1,2}[.、．]|第[一二三四五六七八九十0-9]+[章节条部分]|附件|注[:：])"
)
_PROSE = re.compile(r"[，。；;]")
_NUMBER = re.compile(r"(?<!\S)[-+]?[0-9][0-9,]*(?:\.[0-9]+)?%?(?!\S)")


def page_number(line: str) -> int | None:
    """The page number a furniture line shows (``— 3 —``, ``第3页``, ``3/20``), else None.

    >>> page_number("—3—"), page_number("- 12 -"), page_number("第 4 页"), page_number("共计3项")
    (3, 12, 4, None)
    """
    if not _DASHED.fullmatch(line):
        return None
    m = re.search(r"[0-9]{1,4}", line)
    return int(m.group()) if m else None


_WIDE = re.compile(r"[^\x00-\u2e80]")


def _width(line: str) -> int:
    """Display width: a Chinese character is two columns."""
    line = line.strip()
    return len(line) + len(_WIDE.findall(line))


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers at the top or bottom of a page, and headers repeated on most pages."""
    # A bare number is a page number only where the numbers run with the pages.
    offsets: Counter[int] = Counter()
    for i, lines in enumerate(pages):
        for line in (lines[:1] + lines[-1:]) if lines else []:
            m = _BARE.fullmatch(line)
            if m:
                offsets[int(m.group(1)) - i] += 1
    offset = (
        offsets.most_common(1)[0][0] if offsets and offsets.most_common(1)[0][1] >= max(2, len(pages) // 3) else None
    )
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in {*(lines[:1]), *(lines[-1:])}:
            edges[re.sub(r"[0-9]+", "#", line.strip())] += 1
    repeated = {line for line, n in edges.items() if n >= 3 and n >= 0.4 * len(pages)}
    out = []
    for i, lines in enumerate(pages):
        kept = list(lines)
        for pos in (0, -1):
            while kept:
                line = kept[pos]
                m = _BARE.fullmatch(line)
                if (
                    page_number(line) is not None
                    or (m and offset is not None and int(m.group(1)) - i == offset)
                    or re.sub(r"[0-9]+", "#", line.strip()) in repeated
                ):
                    kept.pop(pos)
                    continue
                break
        out.append(kept)
    return out


def _wrapped(line: str, nxt: str, full: float) -> bool:
    """Whether ``line`` runs on into ``nxt`` (it was wrapped at the margin)."""
    stripped = line.rstrip()
    if not stripped or not nxt.strip() or stripped.endswith(_ENDS):
        return False
    if _width(stripped) < full or _STARTS.match(nxt):
        return False
    if _STARTS.match(stripped) and not re.search("[，,、]", stripped):
        return False  # a heading
    return not _table_line(line) and not _table_line(nxt)  # a table row ends where it ends


def _table_line(line: str) -> bool:
    """A table row or header: two numbers and no sentence, or three or more short cells."""
    if _PROSE.search(line):
        return False
    cells = line.split()
    return len(_NUMBER.findall(line)) >= 2 or (len(cells) >= 3 and max(map(len, cells)) <= 10)


def join_pages(pages: Sequence[str]) -> str:
    """The running text of a paginated document.

    >>> join_pages(["一、总体情况\\n全年共完成投资三千万元，其中一部分用于支\\n出。\\n全年完成。\\n— 1 —",
    ...             "二、下一步\\n继续推进。\\n— 2 —"])
    '一、总体情况\\n全年共完成投资三千万元，其中一部分用于支出。\\n全年完成。\\n二、下一步\\n继续推进。'
    """
    split = [[ln for ln in p.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()] for p in pages]
    kept = _drop_furniture(split)
    out: list[str] = []
    join = False
    for k, lines in enumerate(kept):
        widths = sorted(_width(ln) for ln in lines)
        full = 0.8 * (widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 10 else max(widths, default=0))
        if len(widths) < 4:
            full = float("inf")  # too few lines to tell where the margin is
        after = next((p[0] for p in kept[k + 1 :] if p), "")  # a sentence may run on to the next page
        for j, line in enumerate(lines):
            line = line.rstrip()
            if join and out:
                prev = out[-1]
                # two numbers never run together: 12\n34 keeps a space
                glue = " " if prev[-1:].isascii() and prev[-1:].isalnum() and line.lstrip()[:1].isascii() else ""
                out[-1] = prev + glue + line.lstrip()
            else:
                out.append(line)
            join = _wrapped(line, lines[j + 1] if j + 1 < len(lines) else after, full)
    return "\n".join(out)
