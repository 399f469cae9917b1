"""Every page a person opens, checked in a real headless Chromium with axe-core.

WCAG 2.2 A and AA (and axe's best practices), plus reflow at 320 CSS pixels: a
handout enlarged on a phone must not scroll sideways.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import PUBLISHED, Built

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = [
    "index.html",
    *(f"{folder}/gene-therapy.html" for folder in PUBLISHED),
    *(f"{folder}/gene-therapy.bilingual.html" for folder in PUBLISHED if folder != "en"),
    *(f"reports/gene-therapy.{tag}.html" for tag in [*PUBLISHED.values(), "tl"]),
]
READ_BY_PATIENTS = [p for p in PAGES if not p.startswith("reports/")]  # not the reports
DIRECTIONS = {"ar": "rtl"}
MEDIA = ["screen", "print"]
DESKTOP = {"width": 1280, "height": 720}  # Playwright's default viewport
CONTRAST_AAA = "color-contrast-enhanced"
BROKEN = "a broken page beside the site"  # what the Nu HTML Checker must fail


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def site(golden_site: Built) -> Path:
    """The golden case, built once for the whole session with bilingual handouts."""
    return golden_site.output


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


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    """One browser tab for the module, with axe-core put in every document it opens (once
    per load, not once per axe run) at the default 1280 x 720 pixels."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    yield page
    context.close()


@dataclass(frozen=True, slots=True)
class Audit:
    """What one page shows in one medium: axe's findings and the reflow."""

    violations: list[str]  # WCAG A and AA and axe's best practices
    # WCAG AAA contrast (axe's color-contrast-enhanced), None where it was not run
    contrast_violations: list[str] | None
    contrast_checked: bool  # the AAA contrast rule ran and found text to check
    overflow_at_320: int  # CSS pixels the page scrolls sideways at 320 pixels wide


def _audit(tab: Any, media: str, *, aaa_contrast: bool) -> Audit:
    """axe on the page loaded in `tab`, shown in `media` at 1280 pixels wide (with
    `aaa_contrast`, the AAA contrast rule too: a third of axe's time, so only where a test
    reads it), then the page narrowed to a phone's width, as a patient enlarging it sees it."""
    tab.set_viewport_size(DESKTOP)
    tab.emulate_media(media=media)
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],  # passes listed without their elements
    }
    if aaa_contrast:
        options["rules"] = {CONTRAST_AAA: {"enabled": True}}  # one axe run for both checks
    response = tab.evaluate("options => axe.run(options)", options)
    found = {
        v["id"]: f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)"
        for v in response["violations"]
    }
    tab.set_viewport_size({"width": 320, "height": 640})
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return Audit(
        violations=[text for rule, text in found.items() if rule != CONTRAST_AAA],
        contrast_violations=(
            [text for rule, text in found.items() if rule == CONTRAST_AAA] if aaa_contrast else None
        ),
        contrast_checked=any(p["id"] == CONTRAST_AAA for p in response["passes"]),
        overflow_at_320=int(overflow),
    )


@pytest.fixture(scope="module")
def audited(tab: Any, site: Path) -> Callable[[str, str], Audit]:
    """Each page audited in both media when a test first asks for it: loaded once, audited
    on screen, then the same load switched to print media and audited again (axe's findings
    are those of a fresh load in each medium). `make test` keeps a module on one
    pytest-xdist worker (--dist loadfile)."""
    done: dict[tuple[str, str], Audit] = {}

    def audit(name: str, media: str) -> Audit:
        if (name, media) not in done:
            tab.set_viewport_size(DESKTOP)
            tab.emulate_media(media="screen")
            tab.goto((site / name).as_uri())
            for each in MEDIA:
                aaa = each == "screen" and name in READ_BY_PATIENTS
                done[name, each] = _audit(tab, each, aaa_contrast=aaa)
        return done[name, media]

    return audit


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(audited: Callable[[str, str], Audit], name: str, media: str) -> None:
    assert audited(name, media).violations == []


@pytest.mark.parametrize("name", READ_BY_PATIENTS)
def test_body_text_contrast_is_at_least_7_to_1(
    audited: Callable[[str, str], Audit], name: str
) -> None:
    """WCAG AAA contrast (axe's color-contrast-enhanced rule) for what patients read."""
    audit = audited(name, "screen")
    assert audit.contrast_violations == []
    assert audit.contrast_checked  # the rule ran on text


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize("name", PAGES)
def test_reflows_at_320_pixels(audited: Callable[[str, str], Audit], name: str, media: str) -> None:
    assert audited(name, media).overflow_at_320 <= 0


@pytest.mark.parametrize("folder", sorted(PUBLISHED))
def test_language_direction_and_browser_printing(
    tab: Any, site: Path, folder: str, tmp_path: Path
) -> None:
    """What a clinic sees: the page's language and direction, and Chromium's own print."""
    page = tab.context.new_page()  # a fresh page at the default size, in the tab's browser
    page.goto((site / folder / "gene-therapy.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == PUBLISHED[folder]
    assert page.evaluate("document.documentElement.dir") == DIRECTIONS.get(folder, "ltr")
    pdf = page.pdf(format="Letter", print_background=False)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    # Browser printing has no running footer; the sizes are the PDF's (12 pt or more at
    # 1.4 line height), so about as many pages.
    assert 1 <= pages <= 6
    page.close()


def test_axe_catches_a_broken_page(tab: Any, tmp_path: Path) -> None:
    """The check can fail: an image without alt text and a page without lang."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head>"
        '<body><main><img src="x.png"></main></body></html>',
        "utf-8",
    )
    tab.goto(broken.as_uri())
    found = " ".join(_audit(tab, "screen", aaa_contrast=True).violations)
    assert "image-alt" in found
    assert "html-has-lang" in found


def _vnu() -> list[str]:
    from conftest import ROOT

    jar = ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    java = shutil.which("java")
    if java is None or not jar.exists():
        if os.environ.get("CI"):
            pytest.fail("the Nu HTML Checker needs Java and .venv/vnu (make test installs them)")
        pytest.skip("the Nu HTML Checker (vnu.jar) or Java is not installed")
    # The JIT's first tier only (C1): a run over 22 pages is too short for the optimizing
    # tier to pay back its compile time (about 40% less CPU, the same messages); C1's
    # frames are larger, so the checker's schema needs a bigger stack than its 512k.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", str(jar)]


@pytest.fixture(scope="module")
def nu_checked(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One run of the Nu HTML Checker (one Java start) over every page and a broken page
    beside them: the errors found, by page name."""
    bad = tmp_path_factory.mktemp("nu") / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head></head><body><p><div></p></body></html>", "utf-8")
    pages = {(site / name).as_uri().removeprefix("file://"): name for name in PAGES}
    pages[bad.as_uri().removeprefix("file://")] = BROKEN
    result = subprocess.run(
        [*_vnu(), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr + result.stdout  # the broken page's errors
    found: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        page = pages.get(message.get("url", "").removeprefix("file:"), message.get("url", "?"))
        found.setdefault(page, []).append(f"{message['type']}: {message['message']}")
    return found


def test_nu_html_checker_finds_no_errors(nu_checked: dict[str, list[str]]) -> None:
    assert {page: errors for page, errors in nu_checked.items() if page != BROKEN} == {}


def test_nu_html_checker_can_fail(nu_checked: dict[str, list[str]]) -> None:
    assert "error: Unclosed element “div”." in nu_checked.get(BROKEN, [])
