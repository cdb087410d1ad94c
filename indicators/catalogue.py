"""The indicator catalogue: subject patterns and kinds mapped to stable indicator codes.

The starter catalogue (``indicators/data/catalogue.csv``) covers education,
civil-affairs, budget and statistical reports; a user's own CSV file, in the
same columns, is tried first. A row's ``unit`` is the unit its code counts in: a figure
in another unit gets the code with its unit in brackets (``GOV.PROJECTS[项]``), so that no
series mixes units.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from extractors.fold import fold

__all__ = ["Catalogue", "Entry", "default_catalogue"]


@dataclass(frozen=True)
class Entry:
    """One catalogue row: an indicator code, its name, the kind it applies to, and a subject pattern."""

    code: str
    name: str
    kind: str
    pattern: re.Pattern[str]
    fallback: bool = False  # tried only when no other entry matches (增长, 下降: a change of something)
    unit: str | None = None  # the unit the code counts in ("" a bare number); None: not declared


def _rows(text: str, source: str) -> list[Entry]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    entries = []
    for n, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        try:
            fallback = (row.get("fallback") or "").strip().lower() in ("yes", "true", "1")
            unit = row.get("unit")
            entries.append(
                Entry(
                    row["code"].strip(),
                    row["name"].strip(),
                    row["kind"].strip(),
                    re.compile(row["pattern"]),
                    fallback,
                    unit.strip() if unit is not None else None,
                )
            )
        except (KeyError, AttributeError, re.error) as exc:
            raise ValueError(f"{source}: row {n}: needs code,name,kind,pattern with a valid pattern ({exc})") from exc
    return entries


class Catalogue:
    """Codes a (subject, kind) pair.

    The first entry of the kind whose pattern is found in the subject wins
    (so specific entries come before general ones); fallback entries (a
    change of something: 增长, 下降) count only when no other entry matches.

    >>> cat = default_catalogue()
    >>> cat.code("接收信访件", "count")
    ('GOV.PETITIONS', '信访件')
    >>> cat.code("阅读资源投入", "money")
    ('EDU.READING_INVESTMENT', '阅读资源投入')
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._by_kind: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_kind.setdefault(entry.kind, []).append(entry)
        self._memo: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._units = {e.code: e.unit for e in reversed(self.entries) if e.unit is not None}

    def unit_of(self, code: str) -> str | None:
        """The unit ``code`` counts in, as its row declares it ("" a bare number), or None.

        >>> default_catalogue().unit_of("EDU.BOOKS_DONATED")
        '册'
        """
        return self._units.get(code)

    @classmethod
    def load(cls, *paths: str | os.PathLike[str]) -> Catalogue:
        """The starter catalogue, with the entries of ``paths`` tried before it."""
        entries: list[Entry] = []
        for path in paths:
            with open(path, encoding="utf-8-sig") as f:
                entries += _rows(f.read(), str(path))
        return cls(entries + default_catalogue().entries)

    def code(self, subject: str | None, kind: str) -> tuple[str, str] | None:
        """(code, name) of the indicator that ``subject`` of this ``kind`` measures, if catalogued."""
        if not subject:
            return None
        key = (subject, kind)
        if key not in self._memo:
            if len(self._memo) > 100_000:  # subjects repeat within a corpus; the memo stays bounded
                self._memo.clear()
            self._memo[key] = self._code(subject, kind)
        return self._memo[key]

    def _code(self, subject: str, kind: str) -> tuple[str, str] | None:
        folded = fold(subject)
        fallback: Entry | None = None
        for entry in self._by_kind.get(kind, ()):
            if entry.pattern.search(folded):
                if not entry.fallback:
                    return entry.code, entry.name
                fallback = fallback or entry
        return (fallback.code, fallback.name) if fallback else None


_DEFAULT: Catalogue | None = None


def default_catalogue() -> Catalogue:
    """The starter catalogue shipped with the package (read once)."""
    global _DEFAULT
    if _DEFAULT is None:
        text = resources.files("indicators").joinpath("data", "catalogue.csv").read_text(encoding="utf-8")
        _DEFAULT = Catalogue(_rows(text, "catalogue.csv"))
    return _DEFAULT
