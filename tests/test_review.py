"""The review page: self-contained, every figure highlighted, checked in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from indicators.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "reports" / "shuangqiao-jiaoyu-2025.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network (see the machine notes): no background traffic, a fresh profile.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.html"
    assert main(["review", str(REPORT), "-o", str(out)]) == 0
    return out


def test_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), "the page must not load anything"
    assert "<script src" not in html and "<link" not in html
    assert html.count('class="fig ind') == int(re.search(r'data-indicators="(\d+)"', html).group(1)) > 20
    assert 'class="fig non date"' in html and "两个维护" in html


def test_missing_report_is_an_error(tmp_path: Path) -> None:
    assert main(["review", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "r.html")]) == 1
    assert not (tmp_path / "r.html").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)")
def test_chromium_renders_every_highlight(page: Path, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    dom = run.stdout
    expected = int(re.search(r'data-indicators="(\d+)"', dom).group(1))
    # the page's script counted the highlighted indicators in the rendered document
    assert re.search(r'data-highlighted="(\d+)"', dom).group(1) == str(expected)
    assert dom.count("<mark") == int(re.search(r'data-figures="(\d+)"', dom).group(1))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--window-size=1200,800",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.stat().st_size > 10_000
