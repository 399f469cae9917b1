"""File helpers: atomic writes (and ones that skip unchanged files), safe reads."""

from __future__ import annotations

import os
import re
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from pipeline.errors import InputError

_TEMP = re.compile(r"^\..+\.(\d+)\.tmp$")


def write_bytes_if_changed(path: Path, data: bytes, *, within: Path) -> bool:
    """Write atomically (temp file, then rename), leaving an identical file untouched.

    Refuses to write outside `within`, even through a symbolic link somewhere on the
    way; a link at `path` itself is replaced, not followed."""
    if _holds(path, data):
        return False  # an untouched mtime keeps make and git quiet; nothing is written
    _folder_ready(path, within)
    write_atomically(path, data)
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a reader sees the old file or the
    new one, never half. The folder must exist."""
    # Named for this process, so two builds at once never share a temporary file (and
    # remove_stale_temporaries knows a killed build's); not mkstemp, which makes
    # owner-only files.
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        temp.replace(path)
    except BaseException:  # the rename did not happen: take the temporary file away
        temp.unlink(missing_ok=True)
        raise


def _holds(path: Path, data: bytes) -> bool:
    """The file at path, not a link, has exactly these bytes (read only if the size
    matches)."""
    try:
        stat = path.lstat()
    except OSError:
        return False
    if not S_ISREG(stat.st_mode) or stat.st_size != len(data):
        return False
    try:
        # os.read, not Path.read_bytes: no buffered file object for a read of known
        # size, half the cost when a build compares tens of thousands of files.
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return os.read(descriptor, len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(descriptor)


# Folders this process made and found inside the folder it writes within, by path, with
# the folder's identity then (device, inode): a build writes tens of thousands of files
# into a few dozen folders, and resolving each file's folder twice took 0.25 ms a file, 5%
# of the instructions of a cold build (callgrind, 5 articles; issue 20). One lstat tells
# whether the folder is still that one: a folder replaced by a link, or moved, deleted or
# reached through a link above it, is another (or none) and is checked again.
_INSIDE: dict[tuple[str, str], tuple[int, int]] = {}


def _folder_ready(path: Path, within: Path) -> None:
    """The folder of `path` made, and found inside `within` (no link on the way out)."""
    folder = path.parent
    key = (str(folder), str(within))
    try:
        stat = os.lstat(folder)
    except OSError:
        stat = None
    if stat is not None and S_ISDIR(stat.st_mode) and _INSIDE.get(key) == _identity(stat):
        return
    _check_inside(path, within)
    folder.mkdir(parents=True, exist_ok=True)
    _check_inside(path, within)
    _INSIDE[key] = _identity(os.lstat(folder))


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return (stat.st_dev, stat.st_ino)


def _check_inside(path: Path, within: Path) -> None:
    within.mkdir(parents=True, exist_ok=True)
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.resolve().is_relative_to(within.resolve()):
        raise PermissionError(
            f"refusing to write outside {within.name}/ (a folder on the way is a link)"
        )


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a build that was killed, whose process is gone."""
    if not folder.is_dir():
        return
    # os.walk, not Path.rglob: names as strings, five times faster over a large output/.
    for directory, _, names in os.walk(folder):
        for name in names:
            match = _TEMP.match(name) if name.endswith(".tmp") else None
            if match is None:
                continue
            temp = Path(directory, name)
            if not temp.is_symlink() and not _is_running(int(match.group(1))):
                temp.unlink(missing_ok=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def read_text(path: Path, *, shown_as: str) -> str:
    """A UTF-8 text file, or an InputError that names it as the user typed it."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(
            "this is a folder, not a file; remove or rename it.", path=shown_as
        ) from None
    except OSError as error:
        raise InputError(
            f"cannot be read ({error.strerror or error}); check its permissions.", path=shown_as
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            "this file is not valid UTF-8; save it as UTF-8.", path=shown_as, line=line
        ) from None
