"""Integrity of the lexicon data files and the patterns built from them."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import find_figures
from extractors.fold import FOLDS
from extractors.lexicon import alternation, read_lists, read_rows, read_words
from extractors.patterns import UNIT_TABLE

KINDS = {"count", "money", "percent", "duration", "measure", "ratio"}


def _data_files(package: str) -> list[str]:
    return sorted(
        p.name for p in resources.files(package).joinpath("data").iterdir() if p.name.endswith((".tsv", ".txt"))
    )


@pytest.mark.parametrize(("package", "name"), [(p, n) for p in ("extractors", "indicators") for n in _data_files(p)])
def test_no_duplicate_entries(package: str, name: str) -> None:
    rows = read_rows(name, package)
    keys = [r[0] for r in rows]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"{name} repeats {dupes}"
    assert all(k == k.strip() and k for k in keys), f"{name} has blank or padded entries"


def test_units_are_well_formed() -> None:
    for surface, row in UNIT_TABLE.items():
        assert row[1] in KINDS, surface
        if len(row) > 2:
            assert len(row) == 4 and re.fullmatch(r"[0-9]+(?:/[0-9]+)?", row[3]), surface


def test_fold_is_one_to_one() -> None:
    assert all(len(v) == 1 for v in FOLDS.values())


def test_every_unit_is_found_after_a_number() -> None:
    for surface, row in UNIT_TABLE.items():
        figures = find_figures(f"共有12{surface}。")
        assert figures and figures[0].surface == f"12{surface}", surface
        assert figures[0].unit == row[0], surface


@pytest.mark.parametrize("word", read_words("terms.txt"))
def test_every_term_is_a_term(word: str) -> None:
    figures = find_figures(f"坚持{word}。")
    assert [f.kind for f in figures] == ["term"], word
    assert figures[0].surface == word


def test_alternation_prefers_longest() -> None:
    pattern = re.compile(alternation(["万", "万元", "元"]))
    assert pattern.match("万元").group() == "万元"


@pytest.mark.parametrize(
    ("package", "data", "modules"),
    [("extractors", "fragments.tsv", ("patterns.py", "find.py")), ("indicators", "subject_words.tsv", ("subject.py",))],
)
def test_named_word_lists_and_code_agree(package: str, data: str, modules: tuple[str, ...]) -> None:
    """Every named list in the data file is used by the code, and every name the code asks for exists."""
    names = {row[0] for row in read_rows(data, package)}
    module = " and ".join(modules)
    source = "".join(resources.files(package).joinpath(m).read_text(encoding="utf-8") for m in modules)
    used = set(re.findall(r"""(?:words|chars)\(['"](\w+)['"]\)|_WORDS\[['"](\w+)['"]\]""", source))
    used_names = {a or b for a, b in used}
    assert used_names <= names, f"{module} asks for lists {used_names - names} that {data} lacks"
    assert names <= used_names, f"{data} has lists {names - used_names} that {module} never uses"


def test_first_character_guard_loses_no_match() -> None:
    """The scanner's leading character test is only a speed-up: without it, the same matches."""
    import json
    from pathlib import Path

    from extractors import fold
    from extractors.patterns import SCANNER, SCANNER_BODY

    unguarded = re.compile(SCANNER_BODY, SCANNER.flags)
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in (root / "data" / "reports").glob("*.txt")]
    texts += [json.loads(line)["text"] for line in (root / "tests" / "cases" / "figures.jsonl").open(encoding="utf-8")]
    # every listed word before a number, so that a word which begins a match is exercised
    words = [w for ws in read_lists("fragments.tsv").values() for w in ws]
    texts.append("。".join(f"见{w}:123,{w}3个,{w}2024年" for w in words))
    for text in texts:
        folded = fold(text)
        assert [m.span() for m in SCANNER.finditer(folded)] == [m.span() for m in unguarded.finditer(folded)]


def test_every_data_file_is_package_data() -> None:
    """A wheel carries every lexicon file (an editable install would hide a missing one)."""
    import configparser
    import fnmatch
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cfg = configparser.ConfigParser()
    cfg.read(root / "setup.cfg", encoding="utf-8")
    for package in ("extractors", "indicators"):
        patterns = [p.strip() for p in cfg["options.package_data"][package].split(",")]
        for path in (root / package / "data").iterdir():
            rel = f"data/{path.name}"
            assert any(fnmatch.fnmatch(rel, p) for p in patterns), f"{package}/{rel} is not package data"


def test_every_kind_of_punctuation_is_read_and_every_boundary_is_built_from_them() -> None:
    """punctuation.tsv and the code do not drift: each row is asked for by some boundary."""
    import importlib
    import re as re_

    from extractors import punctuation
    from extractors.lexicon import read_rows

    modules = ("find", "context", "measure", "period", "subject", "metadata", "tables")
    for module in modules:
        importlib.import_module(("extractors." if module == "find" else "indicators.") + module)
    names = {row[0] for row in read_rows("punctuation.tsv")}
    assert names == punctuation.USED
    assert re_.fullmatch(punctuation.mark_class("clause_end"), "，")


def test_declared_boundaries_are_the_boundaries_found_alone() -> None:
    """A declared boundary's stops are looked up over the code points: the same as its own scan."""
    from extractors.lexicon import boundaries_before, boundary_before, stops
    from extractors.punctuation import boundary

    text = "一、总体情况\n投入1万元，建成2所；其中：A|B、C。完成！？好?!\n\n末"
    for names in [("clause_end", "sentence_end"), ("sentence_end", "line_break"), ("colon", "list_separator")]:
        pattern = boundary(*names)
        plain = re.compile(pattern.pattern + "|(?!)")  # the same class, another object: scanned on its own
        assert stops(pattern, text) == stops(plain, text)
        positions = list(range(len(text) + 1))
        assert boundaries_before(pattern, text, positions, 5) == [boundary_before(plain, text, p, 5) for p in positions]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["，", "。", "；", "\n", "、", "|", "(", "甲", "1", "𠀀", "\ud800", " "]), min_size=1),
    st.integers(min_value=1, max_value=3000),
)
def test_stops_of_a_long_text_are_those_of_a_plain_scan(pieces: list[str], repeat: int) -> None:
    """Stops looked up over the code points (numpy) are the positions a plain scan finds,
    in short and long texts, astral characters and lone surrogates included."""
    from extractors.lexicon import stops
    from extractors.punctuation import boundary

    text = ("".join(pieces) * repeat)[:6000]
    for names in [("clause_end", "sentence_end"), ("sentence_end", "line_break"), ("list_separator", "open_bracket")]:
        pattern = boundary(*names)
        assert stops(pattern, text) == [m.start() for m in pattern.finditer(text)]
