"""How sdcscan touches files: it opens for reading only regular files, and writes only atomically."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TextIO

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotRegularFile(OSError):
    """A path that is not a regular file: reading it could block for ever (a FIFO with no writer) or never end (a
    device). Raised as an OSError, so every caller's handling of unreadable files applies."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        super().__init__(f"not a regular file ({what})")
        self.strerror = f"not a regular file ({what})"
        self.filename = os.fspath(path)


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for reading in binary mode, and nothing else.

    The path is checked with `stat` first (opening a FIFO blocks until a writer comes), then opened without blocking
    where the system has O_NONBLOCK, and the open descriptor is checked again, so a file swapped for a pipe between
    the two steps is refused too.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblock)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _new_file_mode() -> int:
    """The mode a newly created file gets (0o666 less the umask), read by setting the umask and putting it back:
    `mkstemp` creates 0o600, which would hide a shared report or baseline from the rest of a project group."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write `path` as UTF-8 with `write(out)`: a temporary file in the same folder, flushed to disk, given the
    old file's mode (a new file: the usual one), then renamed over the target. On any failure the temporary file is
    removed and the old file is left as it was."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def store(target: Path, data: bytes) -> None:
    """Written whole under a temporary name, then renamed into place: a reader never sees half a file. Not flushed
    to disk: a lost record, cache entry or kept database costs time, never a result (reports use `atomic_write`)."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp.write_bytes(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def default_folder() -> Path:
    """The user's cache folder for sdcscan (Windows: %LOCALAPPDATA%; elsewhere $XDG_CACHE_HOME or ~/.cache)."""
    chosen = os.environ.get("SDCSCAN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "sdcscan" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sdcscan"


# Set (to "1") for a scan whose cache folder lies inside a scanned folder: then nothing of sdcscan's is kept there,
# not even the compiled detector patterns (scanner/detectors/prefilter.py); workers inherit it.
NO_KEEPING = "SDCSCAN_NO_KEEPING"


def cache_folder(scanned: Iterable[Path]) -> Path | None:
    """The user's cache folder, or None when it lies inside a scanned folder: what is kept there would be scanned,
    and leave with the project."""
    folder = default_folder().resolve()
    for target in scanned:
        target = target.resolve()
        if folder == target or target in folder.parents:
            return None
    return folder
