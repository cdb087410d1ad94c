"""The indicator table: schema, dtypes, context columns, empty results."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from indicators import DOCUMENTS_SCHEMA, ERRORS_SCHEMA, SCHEMA, extract_text
from indicators.schema import check_table, empty_table, markdown_table, to_frame

TEXT = (
    "一、基本情况\n"
    "(一)阅读推广。2024年共建成乡村书屋18间,阅读资源投入41.3万元。\n"
    "(二)体育工作。每天体育活动不少于2小时,招聘了4名心理专业背景的心理教师。\n"
)


def test_columns_follow_the_schema() -> None:
    df = extract_text(TEXT, doc_id="demo")
    assert list(df.columns) == SCHEMA.names
    assert str(df.dtypes["value"]) == "double[pyarrow]"
    assert str(df.dtypes["is_indicator"]) == "bool[pyarrow]"


def test_context_columns() -> None:
    df = extract_text(TEXT, doc_id="demo")
    ind = df[df["is_indicator"]]
    assert ind["surface"].tolist() == ["18间", "41.3万元", "不少于2小时", "4名"]
    assert ind["subject"].tolist() == ["乡村书屋", "阅读资源投入", "体育活动", "心理教师"]
    assert ind["section"].tolist()[0] == "一、基本情况 > (一)阅读推广"
    assert ind["section"].tolist()[-1] == "一、基本情况 > (二)体育工作"
    assert ind["sentence"].tolist()[0] == "2024年共建成乡村书屋18间,阅读资源投入41.3万元。"
    assert ind["per"].tolist()[2] == "天"
    assert (df["doc_id"] == "demo").all()
    for row in df.itertuples():
        assert TEXT[row.start : row.end] == row.surface


def test_empty_text_gives_empty_table_with_schema() -> None:
    df = extract_text("没有任何数字。", doc_id="none")
    assert df.empty
    assert list(df.columns) == SCHEMA.names
    assert to_frame(empty_table()).dtypes.equals(df.dtypes)


def test_nulls_in_required_columns_are_refused() -> None:
    table = pa.table({name: pa.nulls(1, type=SCHEMA.field(name).type) for name in SCHEMA.names})
    with pytest.raises(ValueError, match="doc_id"):
        check_table(table)


@pytest.mark.parametrize("schema", [SCHEMA, DOCUMENTS_SCHEMA, ERRORS_SCHEMA], ids=["indicators", "documents", "errors"])
def test_readme_column_tables_are_current(schema: pa.Schema) -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert markdown_table(schema) in readme, "README column tables drifted: run python -m indicators.schema README.md"


def test_lists_that_share_a_verb() -> None:
    text = (
        "教育、科学技术和卫生健康等支出增速分别为23.0%、43.1%和17.0%。"
        "农民人均纯收入和城镇居民人均可支配收入分别达到9807元和18817元,分别增长18%和16.5%。"
    )
    df = extract_text(text, doc_id="d")
    got = df.loc[df["is_indicator"], "subject"].tolist()
    assert got == [
        "教育支出增速",
        "科学技术支出增速",
        "卫生健康支出增速",
        "农民人均纯收入",
        "城镇居民人均可支配收入",
        "农民人均纯收入增长",
        "城镇居民人均可支配收入增长",
    ]


def test_figures_in_brackets_and_verbs() -> None:
    df = extract_text("督导检查中共发现问题5个(含立行立改问题2个),查处违纪案件12起。", doc_id="d")
    ind = df[df["is_indicator"]]
    assert ind["subject"].tolist() == ["发现问题", "立行立改问题", "查处违纪案件"]
    assert [None if pd.isna(v) else v for v in ind["verb"]] == ["发现", None, "查处"]


def test_change_subjects_across_clauses_and_comparisons() -> None:
    text = (
        "金融及保險業的淨產值,在二零一五年第四季與上年同期比較實質上升6.0%。"
        "經營開支預計為三千二百五十億元,比二零一三/一四年度的修訂預算減少一百三十八億元,即百分之四點一。"
    )
    df = extract_text(text, doc_id="d")
    got = dict(zip(df["surface"], df["subject"], strict=True))
    assert got["6.0%"] == "金融及保險業的淨產值上升"
    assert got["一百三十八億元"] == "經營開支減少"
    assert got["百分之四點一"].startswith("經營開支")


@pytest.mark.parametrize("enabled", [True, False])
def test_extraction_leaves_the_garbage_collector_as_it_found_it(enabled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # the collector is paused during an extraction (see table._no_cycle_collection), and a
    # failure inside must not leave it off
    import gc

    import indicators.table

    def broken(text: str) -> None:
        raise RuntimeError("broken context")

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert len(extract_text("投入41.3万元。", doc_id="gc")) == 1
        assert gc.isenabled() is enabled
        monkeypatch.setattr(indicators.table, "Context", broken)
        with pytest.raises(RuntimeError, match="broken context"):
            extract_text("投入41.3万元。", doc_id="gc")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
