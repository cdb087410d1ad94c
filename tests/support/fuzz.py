"""Report-like texts for fuzzing: fragments that once broke the extractor, joined at random.

Used by the Hypothesis property in tests/test_properties.py and by
``benchmarks/fuzz.py``, which runs 100,000 of them through ``extract_text``.
"""

from __future__ import annotations

import random

FRAGMENTS = (
    "2025年2月14日起为期{n}天",
    "为期{n}年",
    "截至{y}年{m}月{d}日",
    "{y}年以来",
    "比{y}年同期增长{f}%",
    "共{n}个",
    "投入{f}万元",
    "约{f}亿元",
    "{n}多名学生",
    "百分之{c}",
    "{c}又{c}分之{c}",
    "{n}:{n}",
    "{n}/{n}万",
    "{n}\t{f}\t{f}\n",
    "单位：万元\n",
    "科目\t合计\n",
    "{n} {n} {n} 一般公共服务支出 {f} {f}\n",
    "— {n} —\n",
    "{f} 万元",
    "{n}\n家",
    "1又",
    "百分之",
    "负",
    "十十",
    "{digits}",
    "{digits}元",
    "{digits}:{digits}",
    "。",
    "，",
    "；",
    "\n",
    " ",
    "（一）",
    "一是",
    "第{c}批",
    "《条例》",
    "“三个{c}”",
    "其中",
    "全年",
    "今年以来",
)
CN = "零一二两三四五六七八九十百千万亿"


def _fill(fragment: str, rng: random.Random) -> str:
    return fragment.format(
        n=rng.choice([0, 1, 7, 99, 10000, 99999999, 10**12, 10**40]),
        f=rng.choice(["0.5", "12.34", "1,234.5", "9" * 40 + ".9"]),
        y=rng.choice([1900, 2024, 9999, 114]),
        m=rng.choice([1, 2, 12, 13]),
        d=rng.choice([1, 29, 31, 32]),
        c="".join(rng.choice(CN) for _ in range(rng.randint(1, 4))),
        digits="9" * rng.choice([1, 16, 31, 400]),
    )


def report_like(rng: random.Random, pieces: int = 12) -> str:
    """One text of ``pieces`` fragments, with a stray character between some."""
    out = []
    for _ in range(rng.randint(1, pieces)):
        out.append(_fill(rng.choice(FRAGMENTS), rng))
        if rng.random() < 0.2:
            out.append(chr(rng.randint(0x20, 0x9FFF)))
    return "".join(out)
