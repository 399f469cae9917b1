"""The Jinja environment and stylesheet shared by handouts and reports (package data)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

import jinja2
from markupsafe import Markup, escape


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # translations are untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nfc"] = lambda text: unicodedata.normalize("NFC", text)
    env.filters["isolate_ltr"] = isolate_ltr
    return env


# A left-to-right run inside right-to-left text: Latin words, numbers, product names
# with their marks, and the spaces and punctuation between them.
_LTR_RUN = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*(?:\s+[A-Za-z0-9][A-Za-z0-9™®©%+./:,'’\-]*)*"
)


def isolate_ltr(text: str) -> Markup:
    """Escape text for an RTL page, each Latin run in <bdi> so the bidirectional
    algorithm cannot move its parts (a ™ or a number jumping to the wrong side)."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    position = 0
    for match in _LTR_RUN.finditer(text):
        parts.append(str(escape(text[position : match.start()])))
        run = match.group(0).rstrip(".,:")  # sentence punctuation belongs to the Arabic
        parts.append(f"<bdi>{escape(run)}</bdi>{escape(match.group(0)[len(run) :])}")
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))


@functools.cache
def stylesheet() -> str:
    return resources.files("pipeline").joinpath("static/handout.css").read_text("utf-8")
