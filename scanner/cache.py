"""A content cache for rescans: a researcher scans again after each fix, and most files have not changed.

A file's result is stored under a key made of its content (SHA-256 of its bytes), its path in the report, the
effective settings, the tool's version and a digest of everything that decides findings (sdcscan's own code and
data, the versions of the parser packages). Any change to one of them is a miss, so a hit is what a scan would give.

What is stored is what the masked report would show: evidence in clear (`Finding.clear`) is never written, and a
scan with --unmask neither reads nor writes the cache. Only complete results are stored: a file that was not fully
scanned (unscanned, timed out, changed during the scan) is scanned again next time. Entries are JSON, never pickle,
so a planted cache file cannot run code. The cache lives in the user's cache folder, never in the scanned tree;
`SDCSCAN_CACHE_DIR` moves it, `--no-cache` bypasses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Settings
from .fileio import NotRegularFile, open_regular
from .model import FileResult, Finding
from .resources import data_file

if TYPE_CHECKING:  # the engine imports this module
    from .engine import Task

_FORMAT = 1
# Packages whose version changes what a parse finds.
_PARSERS = ("tree-sitter", "tree-sitter-sas", "tree-sitter-python", "tree-sitter-language-pack", "regex", "hyperscan")
# A file smaller than this is scanned again: its scan costs about what reading and writing its entry would.
MIN_SIZE = 1024
# Notes that say a scan was not complete: such a result is not kept.
_INCOMPLETE = frozenset(("unscanned.changed",))


def default_folder() -> Path:
    """The user's cache folder for sdcscan (Windows: %LOCALAPPDATA%; elsewhere $XDG_CACHE_HOME or ~/.cache)."""
    chosen = os.environ.get("SDCSCAN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "sdcscan" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sdcscan"


@cache
def _code_digest() -> str:
    """A digest of sdcscan's code and data (grammars, patterns, templates) and of the parser packages' versions."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}".encode())
    for area in ("package", "grammars", "patterns"):
        root = Path(str(data_file(area)))
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml", ".scm", ".txt", ".j2", ".json"):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _PARSERS:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    return digest.hexdigest()


class Cache:
    """Results by content key, in one folder (two-level fan-out so no folder holds too many files)."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        chosen = json.dumps(dataclasses.asdict(settings), sort_keys=True, default=str)
        self._salt = hashlib.sha256(f"{_code_digest()}\0{chosen}".encode()).hexdigest()

    @classmethod
    def open(cls, settings: Settings, scanned: Iterable[Path]) -> Cache | None:
        """The cache for these settings, or None when it must not be used: --unmask (clear evidence never goes to
        disk), or a cache folder inside a scanned folder (it would be scanned, and leave with the project)."""
        if settings.unmask:
            return None
        folder = default_folder().resolve()
        for target in scanned:
            target = target.resolve()
            if folder == target or target in folder.parents:
                return None
        return cls(folder, settings)

    @staticmethod
    def worth(task: Task) -> bool:
        """Whether a file is looked up: one that is fully scanned (not excluded, not unscannable) and not tiny."""
        size = task.seen[0] if task.seen else 0
        return task.excluded is None and task.unscanned is None and size >= MIN_SIZE

    def key(self, path: str, rel: str) -> str | None:
        """The key of a regular file's current content; None when it cannot be read (the scan will say why)."""
        digest = hashlib.sha256(f"{self._salt}\0{rel}\0".encode())
        try:
            with open_regular(path) as raw:
                while block := raw.read(1 << 20):
                    digest.update(block)
        except (OSError, NotRegularFile):
            return None
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        try:
            data = json.loads(self._file(key).read_text(encoding="utf-8"))
            return _result(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, or written by another version: scan the file

    def put(self, key: str, result: FileResult) -> None:
        if result.status != "scanned" or any(f.rule in _INCOMPLETE for f in result.findings):
            return
        data = dataclasses.asdict(result)
        for finding in data["findings"]:
            finding["clear"] = ""
        target = self._file(key)
        # Renamed into place, so a reader never sees half an entry; not flushed to disk (a lost entry is a miss,
        # and a flush per file would cost more than scanning a small one).
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            temp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temp, target)
        except OSError:
            temp.unlink(missing_ok=True)  # a full or read-only cache folder costs speed, never a result


def _result(data: dict[str, Any]) -> FileResult:
    findings = []
    for item in data.pop("findings"):
        if item.get("source") is not None:
            item["source"] = tuple(item["source"])
        findings.append(Finding(**item))
    result = FileResult(**data, findings=findings)
    result.writes = [(str(p), int(n)) for p, n in result.writes]
    result.outputs = [(str(p), int(n)) for p, n in result.outputs]
    return result
