"""Our extractor and its peers, side by side, on the same reports.

    pip install -e '.[bench]'
    python benchmarks/peers.py [--reports ../shared/data/reports] [--gold ../shared/gold]

Each tool reads every report under --reports; its figures are written as JSON
Lines and scored against each gold file by ../shared/tools/score.py (detection,
value and strict F1), and its characters per second are timed over the same
texts. The peers are used the way their documentation shows:

- JioNLP: ``jio.ner.extract_money`` (it has no extractor for other figures);
- Recognizers-Text: number, percentage, currency and dimension recognisers
  (Culture.Chinese), a unit-bearing result preferred over a bare number;
- chinese2digits: ``takeNumberFromString`` (no offsets: each string is located
  in the text in order);
- cn2an: ``cn2an.cn2an(span, "smart")`` over numeral runs found by a plain regex
  (cn2an converts numerals; it does not find them).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

Row = dict[str, object]
ROOT = Path(__file__).resolve().parents[1]


def ours(text: str) -> list[Row]:
    from extractors import find_figures

    return [
        {"start": f.start, "end": f.end, "value": f.value, "value_max": f.value_max, "unit": f.unit,
         "kind": f.kind, "is_indicator": f.is_indicator}
        for f in find_figures(text)
    ]  # fmt: skip


def jionlp(text: str) -> list[Row]:
    import jionlp as jio

    rows = []
    for ent in jio.ner.extract_money(text, with_parsing=True):
        detail = ent.get("detail") or {}
        try:
            value = float(detail.get("num"))
        except (TypeError, ValueError):
            value = None
        unit = "元" if detail.get("case") == "元" else detail.get("case")
        s, e = ent["offset"]
        rows.append({"start": s, "end": e, "value": value, "unit": unit, "kind": "money", "is_indicator": True})
    return rows


def recognizers(text: str) -> list[Row]:
    from recognizers_suite import (
        Culture,
        recognize_currency,
        recognize_dimension,
        recognize_number,
        recognize_percentage,
    )

    rows: list[Row] = []
    taken: list[tuple[int, int]] = []
    for fn, kind in (
        (recognize_currency, "money"),
        (recognize_percentage, "percent"),
        (recognize_dimension, "measure"),
        (recognize_number, "count"),
    ):
        for r in fn(text, Culture.Chinese):
            s, e = r.start, r.end + 1
            if any(s < b and a < e for a, b in taken):
                continue
            res = r.resolution or {}
            raw = str(res.get("value") or "").rstrip("%")
            try:
                value = float(raw)
            except ValueError:
                value = None
            unit = {"money": "元" if res.get("isoCurrency") == "CNY" else res.get("unit"), "percent": "%"}.get(
                kind, res.get("unit")
            )
            taken.append((s, e))
            rows.append({"start": s, "end": e, "value": value, "unit": unit, "kind": kind, "is_indicator": True})
    return rows


def chinese2digits(text: str) -> list[Row]:
    import chinese2digits as c2d

    out = c2d.takeNumberFromString(text)
    rows = []
    pos = 0
    for ch, digits in zip(out["CHNumberStringList"], out["digitsStringList"], strict=False):
        s = text.find(ch, pos)
        if s < 0:
            continue
        e = pos = s + len(ch)
        pct = "%" in ch or "百分之" in ch
        try:
            value = float(digits) * (100 if pct else 1)
        except ValueError:
            value = None
        rows.append({"start": s, "end": e, "value": value, "unit": "%" if pct else None,
                     "kind": "percent" if pct else "count", "is_indicator": True})  # fmt: skip
    return rows


_RUN = re.compile(
    r"[0-9.零〇一二两三四五六七八九十百千万亿]*[0-9零〇一二两三四五六七八九十][0-9.零〇一二两三四五六七八九十百千万亿]*"
)


def cn2an_regex(text: str) -> list[Row]:
    import cn2an

    rows = []
    for m in _RUN.finditer(text):
        try:
            value = float(cn2an.cn2an(m.group(), "smart"))
        except Exception:  # cn2an raises its own errors on forms it does not read
            continue
        pct = text.startswith("%", m.end())
        end = m.end() + (1 if pct else 0)
        rows.append({"start": m.start(), "end": end, "value": value, "unit": "%" if pct else None,
                     "kind": "percent" if pct else "count", "is_indicator": True})  # fmt: skip
    return rows


TOOLS: dict[str, Callable[[str], list[Row]]] = {
    "indicators (ours)": ours,
    "JioNLP": jionlp,
    "Recognizers-Text": recognizers,
    "chinese2digits": chinese2digits,
    "cn2an + regex": cn2an_regex,
}


def _score(score_py: Path, gold: Path, pred: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, str(score_py), str(gold), str(pred)], capture_output=True, text=True)
    if run.returncode != 0:
        return {}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    shared = ROOT.parent / "shared"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=Path, default=shared / "data" / "reports")
    ap.add_argument("--gold", type=Path, default=shared / "gold")
    ap.add_argument("--score", type=Path, default=shared / "tools" / "score.py")
    ap.add_argument("--tools", nargs="*", default=list(TOOLS), help="a subset of: " + ", ".join(TOOLS))
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the reports; the fastest counts")
    a = ap.parse_args()
    docs = {p.stem: p.read_text(encoding="utf-8") for p in sorted(a.reports.rglob("*.txt"))}
    chars = sum(map(len, docs.values()))
    golds = sorted(a.gold.glob("*.jsonl"))
    print(f"{len(docs)} reports, {chars:,} characters; gold: {', '.join(g.stem for g in golds)}\n")
    header = f"{'tool':<20} {'gold':<18} {'detect F1':>9} {'value F1':>9} {'strict F1':>9} {'chars/s':>12}"
    print(header)
    print("-" * len(header))
    tmp = Path(tempfile.mkdtemp(prefix="peers-"))
    for name in a.tools:
        fn = TOOLS[name]
        try:
            fn("预热:共3个。")  # imports and loads models outside the timing
        except ImportError as exc:
            print(f"{name:<20} not installed ({exc.name}); pip install -e '.[bench]'")
            continue
        pred = tmp / f"{re.sub(r'[^A-Za-z0-9]+', '_', name)}.jsonl"
        best = float("inf")
        for _ in range(a.repeat):  # the machine is shared: the fastest pass is the least disturbed
            t0 = time.perf_counter()
            rows = {doc: fn(text) for doc, text in docs.items()}
            best = min(best, time.perf_counter() - t0)
        with pred.open("w", encoding="utf-8") as out:
            for doc, found in rows.items():
                for row in found:
                    out.write(json.dumps({"doc": doc, **row}, ensure_ascii=False) + "\n")
        speed = chars / best
        for gold in golds:
            s = _score(a.score, gold, pred)
            print(
                f"{name:<20} {gold.stem:<18} {s.get('detect_f1', 0):>9.3f} {s.get('value_f1', 0):>9.3f} "
                f"{s.get('strict_f1', 0):>9.3f} {speed:>12,.0f}"
            )


if __name__ == "__main__":
    main()
