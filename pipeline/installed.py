"""Versions of installed distributions, from the names of their `.dist-info` folders.

`importlib.metadata.version` reads each distribution's METADATA with the `email`
package, whose import alone took 26 ms of a one-article build (issue 20); the version
is already in the folder's name (`babel-2.19.0.dist-info`, written by every installer
that follows the wheel and PEP 376 layouts). A distribution found only some other way
(an egg, a zip) is asked of importlib.metadata, as before.
"""

from __future__ import annotations

import functools
import os
import re
import sys


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()  # PEP 503, as folder names escape it


@functools.cache
def _dist_info_folders(entry: str) -> dict[str, str]:
    """Normalised distribution name -> version, for the dist-info folders in one
    `sys.path` entry (the first of a name wins, as `importlib.metadata` finds it)."""
    found: dict[str, str] = {}
    try:
        names = sorted(os.listdir(entry or "."))  # noqa: PTH208 - names only, many entries
    except OSError:
        return found
    for folder in names:
        named = _DIST_INFO.fullmatch(folder)
        if named:
            found.setdefault(_normalised(named.group(1)), named.group(2))
    return found


_DIST_INFO = re.compile(r"([^-]+)-([^-]+)\.dist-info")  # name-version.dist-info


def version(distribution: str) -> str | None:
    """The installed version of `distribution`, or None when it is not installed."""
    wanted = _normalised(distribution)
    for entry in sys.path:
        known = _dist_info_folders(entry).get(wanted)
        if known is not None:
            return known
    from importlib import metadata  # an egg or a zip: its own reader

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
