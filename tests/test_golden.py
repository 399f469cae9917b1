"""Golden files: the case tests/golden/gene-therapy/ carries its own frozen input/ (article,
original, catalogs and settings), and a fresh build of that input must give expected/ byte
for byte. A translator's edit to the live source/ or locales/ changes nothing here.

`make goldens` rewrites expected/ from a fresh build of input/: review the change with
`git diff` (and the first-page images, expected/pages/, with an image viewer). The print
stylesheet every page inlines is the shipped pipeline/static/handout.css, checked once against
it (no copy kept here); the page goldens hold a marker where it stands.
"""

from __future__ import annotations

import difflib
import re

import pytest
from conftest import GOLDEN, Built

from pipeline.templating import stylesheet as shipped_stylesheet

EXPECTED = GOLDEN / "gene-therapy" / "expected"
# The outputs kept as goldens: the handouts as text and HTML (bilingual ones too), the index
# and the templates for translators. PDFs are checked as first-page images (test_pdf_layout)
# and by their measured layout; the editors' reports (output/reports/) by test_report.
KEPT = (
    "output/*/gene-therapy.html",
    "output/*/gene-therapy.bilingual.html",
    "output/*/gene-therapy.txt",
    "output/*/gene-therapy.paste.txt",
    "output/index.html",
    "locales/*.pot",
)
MARKER = "/* the print stylesheet: pipeline/static/handout.css */"
STYLE_BLOCK = re.compile(r"<style>\n(.*?)</style>", re.DOTALL)
SHOWN_DIFF_LINES = 80


def _expected_names() -> list[str]:
    return sorted(
        p.relative_to(EXPECTED).as_posix()
        for pattern in KEPT
        for p in EXPECTED.glob(pattern)
        if p.is_file()
    )


def _fresh(built: Built) -> dict[str, bytes]:
    return {
        p.relative_to(built.root).as_posix(): p.read_bytes()
        for pattern in KEPT
        for p in sorted(built.root.glob(pattern))
        if p.is_file()
    }


def _stylesheet(built: Built) -> str:
    """The print stylesheet as the English handout inlines it."""
    page = (built.output / "en" / "gene-therapy.html").read_text("utf-8")
    block = STYLE_BLOCK.search(page)
    assert block is not None, "the English handout has no <style> block"
    return block.group(1).rstrip()


def _without_stylesheet(data: bytes, stylesheet: str) -> bytes:
    """A page with the inlined print stylesheet replaced by the marker (other files as they
    are); a page whose stylesheet differs keeps it, so the comparison shows the change."""
    text = data.decode("utf-8")
    return text.replace(f"<style>\n{stylesheet}", f"<style>\n{MARKER}").encode("utf-8")


def _readable_difference(name: str, expected: bytes, produced: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), produced.decode("utf-8")
    except UnicodeDecodeError:
        return f"{name}: the bytes differ"
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"tests/golden/gene-therapy/expected/{name}",
            tofile=f"fresh build: {name}",
            n=2,
        )
    )
    shown = "".join(lines[:SHOWN_DIFF_LINES])
    if len(lines) > SHOWN_DIFF_LINES:
        shown += f"... and {len(lines) - SHOWN_DIFF_LINES} more lines of difference\n"
    if not lines:  # same lines, other line endings or a missing final newline
        shown = f"{name}: same lines, other bytes (line endings or the last newline)\n"
    return f"{shown}run `make goldens` and review the change with `git diff`"


def test_every_handout_inlines_the_shipped_stylesheet_once(golden_site: Built) -> None:
    stylesheet = _stylesheet(golden_site)
    expected = shipped_stylesheet().rstrip()
    assert stylesheet == expected, _readable_difference(
        "pipeline/static/handout.css", expected.encode(), stylesheet.encode()
    )
    handouts = [
        page
        for pattern in ("*/gene-therapy.html", "*/gene-therapy.bilingual.html")
        for page in golden_site.output.glob(pattern)
    ]
    assert len(handouts) == 13  # English, and six languages alone and beside English
    for page in handouts:
        text = page.read_text("utf-8")
        assert text.count(stylesheet) == 1, f"{page.name} does not inline the stylesheet once"


def test_the_goldens_are_the_files_the_build_writes(
    golden_site: Built, update_goldens: bool
) -> None:
    fresh = _fresh(golden_site)
    if update_goldens:
        stylesheet = _stylesheet(golden_site)
        for stale in set(_expected_names()) - set(fresh):
            (EXPECTED / stale).unlink()
        for name, data in fresh.items():
            target = EXPECTED / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_without_stylesheet(data, stylesheet))
    assert _expected_names() == sorted(fresh), "run `make goldens` and review git status"


@pytest.mark.parametrize("name", _expected_names())
def test_fresh_output_matches_its_golden(golden_site: Built, name: str) -> None:
    produced = _without_stylesheet((golden_site.root / name).read_bytes(), _stylesheet(golden_site))
    expected = (EXPECTED / name).read_bytes()
    assert produced == expected, _readable_difference(name, expected, produced)


def test_the_comparison_can_fail(golden_site: Built) -> None:
    """One changed word in a fresh page is a failure whose message shows the line."""
    name = "output/es/gene-therapy.txt"
    changed = (golden_site.root / name).read_bytes().replace("génica".encode(), b"genica", 1)
    assert changed != (EXPECTED / name).read_bytes()
    message = _readable_difference(name, (EXPECTED / name).read_bytes(), changed)
    removed = [line for line in message.splitlines() if line.startswith("-") and "génica" in line]
    added = [line for line in message.splitlines() if line.startswith("+") and "genica" in line]
    assert len(removed) == len(added) == 1
