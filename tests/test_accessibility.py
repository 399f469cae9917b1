"""Every page a person opens, checked in a real headless Chromium with axe-core.

WCAG 2.2 A and AA (and axe's best practices), plus reflow at 320 CSS pixels: a
handout enlarged on a phone must not scroll sideways.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import run_build

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = [
    "index.html",
    "en/gene-therapy.html",
    "es/gene-therapy.html",
    "reports/gene-therapy.en.html",
    "reports/gene-therapy.es.html",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import ROOT

    root = tmp_path_factory.mktemp("site")
    for folder in ("source", "locales"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    run_build(root)
    return root / "output"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(browser: Any, site: Path, name: str) -> None:
    page = browser.new_page()
    page.goto((site / name).as_uri())
    assert _violations(page) == []
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_reflows_at_320_pixels(browser: Any, site: Path, name: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto((site / name).as_uri())
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.close()


def test_axe_catches_a_broken_page(browser: Any, tmp_path: Path) -> None:
    """The check can fail: an image without alt text and a page without lang."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head>"
        '<body><main><img src="x.png"></main></body></html>',
        "utf-8",
    )
    page = browser.new_page()
    page.goto(broken.as_uri())
    found = " ".join(_violations(page))
    assert "image-alt" in found
    assert "html-has-lang" in found
    page.close()
