"""The indicator catalogue: starter coverage, user entries first, the suggest command."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extractors.figure import INDICATOR_KINDS
from indicators import extract, extract_text
from indicators.catalogue import Catalogue, default_catalogue
from indicators.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_starter_catalogue_is_well_formed() -> None:
    entries = default_catalogue().entries
    codes = [e.code for e in entries]
    assert len(codes) == len(set(codes)), "codes repeat"
    assert all(e.kind in INDICATOR_KINDS for e in entries)
    assert all(e.name for e in entries)


def test_starter_catalogue_codes_most_sample_indicators() -> None:
    df = extract(ROOT / "data" / "reports")
    ind = df[df["is_indicator"]]
    assert ind["indicator_code"].notna().mean() >= 0.6
    row = ind[ind["surface"] == "37.5万元"].iloc[0]
    assert (row["indicator_code"], row["indicator_name"]) == ("EDU.READING_INVESTMENT", "阅读资源投入")


def test_starter_catalogue_on_the_shared_report(shared: Path) -> None:
    df = extract(shared / "data" / "reports" / "yunan-xuncha-2025.txt")
    assert df.loc[df["is_indicator"], "indicator_code"].notna().mean() >= 0.6


def test_traditional_subjects_are_coded() -> None:
    assert default_catalogue().code("城鎮登記失業率", "percent") == ("STAT.UNEMPLOYMENT_RATE", "城镇登记失业率")


def test_user_entries_come_first(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("code,name,kind,pattern\nMY.BOOKS,图书捐赠量,count,图书\n", encoding="utf-8")
    cat = Catalogue.load(mine)
    assert cat.code("捐赠图书", "count") == ("MY.BOOKS", "图书捐赠量")
    assert cat.code("信访件", "count") == ("GOV.PETITIONS", "信访件")
    (tmp_path / "r.txt").write_text("共捐赠图书300册。", encoding="utf-8")
    out = tmp_path / "o.parquet"
    assert main(["extract", str(tmp_path / "r.txt"), "-o", str(out), "--catalogue", str(mine)]) == 0
    assert pd.read_parquet(out)["indicator_code"].tolist() == ["MY.BOOKS"]


def test_bad_catalogue_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind,pattern\nX,名,count,(unclosed\n", encoding="utf-8")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o.parquet"), "--catalogue", str(bad)]) == 2
    assert "row 2" in capsys.readouterr().err


def test_suggest_lists_uncatalogued_subjects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.txt").write_text("新建气象观测站7座,观测站覆盖率达91%。新建气象观测站3座。", encoding="utf-8")
    out = tmp_path / "o.parquet"
    assert main(["extract", str(tmp_path / "r.txt"), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["catalogue", "suggest", str(out), "--top", "5"]) == 0
    out_lines = capsys.readouterr().out.splitlines()
    assert out_lines[1:3] == ["# 2 figures", "USER.SUBJECT_1,新建气象观测站,count,新建气象观测站,,新建气象观测站,座"]


def test_every_example_codes_to_its_own_row() -> None:
    """A row whose example another row takes first is shadowed (课 taking 课题): order matters."""
    import csv
    import io
    from importlib import resources

    text = resources.files("indicators").joinpath("data", "catalogue.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#")))))
    assert all(r["example"] for r in rows), "every row has an example"
    catalogue = default_catalogue()
    wrong = [(r["code"], r["example"], catalogue.code(r["example"], r["kind"])) for r in rows]
    wrong = [w for w in wrong if w[2] is None or w[2][0] != w[0]]
    assert wrong == []
    assert all(r["unit"] is not None for r in rows), "every row says the unit its code counts in"


def test_a_figure_in_another_unit_is_a_series_of_its_own() -> None:
    """One code, one unit: 项目12个 and 项目17项 are never summed; nor are 元 and 美元."""
    df = extract_text("新开工重点项目12个,续建项目17项。", doc_id="d")
    codes = dict(zip(df["surface"], df["indicator_code"], strict=True))
    assert codes == {"12个": "GOV.PROJECTS", "17项": "GOV.PROJECTS[项]"}


def test_suggest_prints_catalogue_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("新建篮球场地3块,新增口袋公园5个。\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.parquet")]) == 0
    capsys.readouterr()
    assert main(["catalogue", "suggest", str(tmp_path / "o.parquet")]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if not ln.startswith("#")]
    (tmp_path / "mine.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mine = Catalogue.load(tmp_path / "mine.csv")  # what suggest printed loads as a catalogue
    assert lines[0] == "code,name,kind,pattern,fallback,example,unit"
    assert any(mine.code(row.split(",")[1], row.split(",")[2]) for row in lines[1:])
