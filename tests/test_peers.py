"""Conformance with Microsoft Recognizers-Text's Chinese test specs.

The specs are read from ../shared/peers/recognizers-text/ at test time (the
tests skip when it is absent). For every expected result of NumberModel,
PercentModel, CurrencyModel and DimensionModel, its ``Text`` must read to its
``Resolution.value``: numbers through :func:`parse_number`, quantities through
:func:`parse_quantity`. Percent values are compared in percent (our ‰ is a
tenth of theirs); units are compared separately, in the report printed by
``test_pass_rate``. Known disagreements are strict xfails with a reason.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractors import parse_number, parse_quantity

PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers" / "recognizers-text"
MODELS = ("NumberModel", "PercentModel", "CurrencyModel", "DimensionModel")
# Our percent-like units, as a fraction of one percent.
TO_PERCENT = {"%": 1.0, "百分点": 1.0, "‰": 0.1, "千分点": 0.1, "‱": 0.01, "ppm": 0.0001}
DISAGREE = {
    (row[0], row[1]): row[2]
    for row in (
        line.split("\t")
        for line in (Path(__file__).parent / "cases" / "peer_disagreements.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    )
}


def _cases() -> list[tuple[str, str, str | None, str | None]]:
    cases = []
    for model in MODELS:
        path = PEERS / f"{model}.json"
        if not path.is_file():
            continue
        for case in json.loads(path.read_text(encoding="utf-8-sig")):
            for result in case.get("Results", []):
                res = result.get("Resolution") or {}
                value = res.get("value")
                cases.append(
                    (model, result["Text"], value.rstrip("%") if isinstance(value, str) else None, res.get("unit"))
                )
    return cases


CASES = _cases()


def _read(model: str, text: str) -> tuple[float, str | None]:
    if model == "NumberModel":
        return parse_number(text), None
    fig = parse_quantity(text)
    assert fig.value is not None
    if model == "PercentModel":
        return fig.value * TO_PERCENT[fig.unit or "%"], fig.unit
    return fig.value, fig.unit


def _agrees(model: str, text: str, expected: str | None) -> bool:
    try:
        got, _ = _read(model, text)
    except ValueError:
        return expected is None  # 美元 alone has no value, and we find no quantity
    if expected is None:
        return False
    want = float(expected)
    return abs(got - want) <= 1e-6 * max(1.0, abs(want))


def _param(model: str, text: str, value: str | None) -> object:
    reason = DISAGREE.get((model, text))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(model, text, value, marks=marks, id=f"{model}:{text}")


ABSENT = pytest.mark.skip(reason="../shared/peers/recognizers-text is not present")


@pytest.mark.parametrize(
    ("model", "text", "value"),
    [_param(m, t, v) for m, t, v, _ in CASES] or [pytest.param("", "", None, marks=ABSENT, id="absent")],
)
def test_peer_case(model: str, text: str, value: str | None) -> None:
    assert _agrees(model, text, value), (model, text, value)


@pytest.mark.skipif(not CASES, reason="../shared/peers/recognizers-text is not present")
def test_pass_rate(capsys: pytest.CaptureFixture[str]) -> None:
    passed = sum(_agrees(m, t, v) for m, t, v, _ in CASES)
    rate = passed / len(CASES)
    units: Counter[tuple[str, str | None]] = Counter()
    for model, text, _, unit in CASES:
        if unit:
            try:
                units[(unit, _read(model, text)[1])] += 1
            except ValueError:
                units[(unit, None)] += 1
    with capsys.disabled():
        print(f"\nRecognizers-Text Chinese specs: {passed}/{len(CASES)} agree ({rate:.1%})")
        print("units (theirs -> ours): " + ", ".join(f"{a} -> {b} ×{n}" for (a, b), n in units.most_common()))
    assert rate >= 0.97
