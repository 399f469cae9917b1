"""File helpers for build.py: atomic writes that skip unchanged files, safe reads."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import InputError


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically (temp file, then rename); leave an identical file untouched."""
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """The same for bytes (PDF, PNG)."""
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return False  # an untouched mtime keeps make and git quiet
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(
        f".{path.name}.{os.getpid()}.tmp"
    )  # not mkstemp: it makes owner-only files
    try:
        temp.write_bytes(data)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return True


def read_text(path: Path, *, shown_as: str) -> str:
    """A UTF-8 text file, or an InputError that names it as the user typed it."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("this is a folder, not a file.", path=shown_as) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}.", path=shown_as) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            "this file is not valid UTF-8; save it as UTF-8.", path=shown_as, line=line
        ) from None
