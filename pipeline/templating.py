"""The Jinja environment and stylesheet shared by handouts and reports (package data)."""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

import jinja2


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
    return env


@functools.cache
def stylesheet() -> str:
    return resources.files("pipeline").joinpath("static/handout.css").read_text("utf-8")
