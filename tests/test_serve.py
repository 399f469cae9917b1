"""`handouts serve`: the live report in headless Chromium, refreshed when the Markdown is saved."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FRONT
from test_accessibility import browser as browser  # the shared headless Chromium

from pipeline.serve import HOST, content_version, make_server

FIRST = (
    "The medication is administered by your nurse in the clinic, and you will need to stay "
    "for an hour afterwards so that the team can watch for reactions.\n"
)
SECOND = "Your nurse gives you the medicine in the clinic.\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.handouts]\nlanguages = []\n", "utf-8")
    article = root / "source" / "test.md"
    article.write_text(FRONT + "\n" + FIRST, "utf-8")
    server = make_server(root, "source/test.md", port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/", article
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_server_listens_on_loopback_only(served: tuple[str, Path]) -> None:
    url, article = served
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "version", timeout=5) as response:
        assert response.read().decode() == content_version(article.parents[1], "source/test.md")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url + "../pyproject.toml", timeout=5)


def _wait_for_text(page: Any, text: str) -> None:
    """Until the served page shows this text (the page polls the server four times a second)."""
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=text, timeout=5000)


@pytest.fixture
def page(served: tuple[str, Path], browser: Any) -> Iterator[Any]:
    """A browser tab showing the served report."""
    tab = browser.new_page()
    try:
        tab.goto(served[0])
        yield tab
    finally:
        tab.close()


def test_saving_the_markdown_refreshes_the_page_within_a_second(
    served: tuple[str, Path], page: Any
) -> None:
    article = served[1]
    suggestion = page.locator(".block .suggestion").first
    # The suggestions stand beside the sentence: a rewrite with a plainer word.
    assert "give" in suggestion.inner_text()
    assert "“is administered by your nurse”" in suggestion.inner_text()
    article.write_text(FRONT + "\n" + SECOND, "utf-8")
    saved = time.monotonic()
    _wait_for_text(page, SECOND.strip())
    elapsed = time.monotonic() - saved
    assert "administered" not in page.inner_text("main")
    # Four polls a second and a report made in memory: within a second, with room
    # for a loaded test machine.
    assert elapsed < 1.5, elapsed


def test_broken_markdown_shows_the_problem_and_keeps_watching(
    served: tuple[str, Path], page: Any
) -> None:
    article = served[1]
    article.write_text(FRONT.replace("target_grade: 6", "target_grade: [6]") + FIRST, "utf-8")
    _wait_for_text(page, "Cannot read the article")
    assert "'target_grade' must be a number" in page.inner_text("main")
    article.write_text(FRONT + "\n" + SECOND, "utf-8")
    _wait_for_text(page, SECOND.strip())
