"""A content cache for rescans: a researcher scans again after each fix, and most files have not changed.

A file's result is stored under a key made of its content (SHA-256 of its bytes), its path in the report, the
effective settings, the tool's version and a digest of everything that decides findings (sdcscan's own code and
data, the versions of the parser packages); a SAS program's also of the project's index of macros and library
tables (scanner/sasindex.py: its data flow reads the macro files it calls and the programs that write the tables it
reads). Any change to one of them is a miss, so a hit is what a scan would
give.

What is stored is what the masked report would show: evidence in clear (`Finding.clear`) is never written, and a
scan with --unmask neither reads nor writes the cache. Only complete results are stored: a file that was not fully
scanned (unscanned, timed out, changed during the scan) is scanned again next time. Entries are JSON, never pickle,
so a planted cache file cannot run code. The cache lives in the user's cache folder, never in the scanned tree;
`SDCSCAN_CACHE_DIR` moves it, `--no-cache` bypasses it.

Hashing every file is most of a rescan's time, so an index per scanned folder (as git's index) remembers each
file's stat (size, mtime and ctime in ns, inode or Windows file id) and its content key: a file whose stat is the
same is not read again. The stat is trusted only when the file was last modified at least `RACY_NS` before the scan
that hashed it began ("racy git"): a file written during or just before that scan, then again with the same size
within the timestamps' resolution, would otherwise keep an old result. Such a file is hashed again on every scan
until its mtime is old enough, which costs time, never a result.

A small result (no finding or a few: most files of a project) is kept in the index entry itself, not in a file of
its own: a folder of 100,000 small files would otherwise cost 100,000 file writes, each dearer than scanning the
file (on Windows, with a virus scanner watching every write, by far).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .fileio import NotRegularFile, cache_folder, open_regular, store
from .model import FileResult, Finding
from .replay import RACY_NS, code_digest, stat_of

if TYPE_CHECKING:  # the engine imports this module
    from .engine import Task

# Notes that say a scan was not complete: such a result is not kept.
_INCOMPLETE = frozenset(("unscanned.changed",))


# A stored result up to this many bytes of JSON lives in the index entry (a clean file's is about 200).
INLINE_BYTES = 1024

# What the index keeps of a file: [size, mtime_ns, ctime_ns, inode or file id, content key, when its scan began,
# its result when small (else None)].
_Stat = tuple[int, int, int, int]


def _stat(path: str) -> _Stat | None:
    found = stat_of(path)
    if found is None:
        return None
    _kind, size, mtime_ns, ctime_ns, inode = found  # the index keeps no type: only regular files are looked up
    return size, mtime_ns, ctime_ns, inode


class Cache:
    """Results by content key, in one folder (two-level fan-out so no folder holds too many files), and an index
    per scanned folder from each file's stat to its key."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        chosen = json.dumps(dataclasses.asdict(settings), sort_keys=True, default=str)
        self._salt = hashlib.sha256(f"{code_digest()}\0{chosen}".encode()).hexdigest()
        self._index_file: Path | None = None
        self._old: dict[str, list[Any]] = {}  # the index as the last scan left it
        self._new: dict[str, list[Any]] = {}  # entries confirmed by this scan
        self._pending: dict[str, list[Any]] = {}  # stat and key of files being scanned, kept when stored
        self._asked: set[str] = set()  # every file looked up
        self._inline: dict[str, dict[str, Any]] = {}  # small results the last scan kept in the index, by key
        self._started = 0
        self._sas_index = ""  # the digest of the SAS index of this scan (`begin`)
        self._same_sas_index = False  # ... and whether the index file was written with the same

    @classmethod
    def open(cls, settings: Settings, scanned: Iterable[Path]) -> Cache | None:
        """The cache for these settings, or None when it must not be used: --unmask (clear evidence never goes to
        disk), or a cache folder inside a scanned folder (it would be scanned, and leave with the project)."""
        folder = cache_folder(scanned)
        return None if settings.unmask or folder is None else cls(folder, settings)

    @staticmethod
    def worth(task: Task) -> bool:
        """Whether a file is looked up: one that is fully scanned (not excluded, not unscannable)."""
        return task.excluded is None and task.unscanned is None

    def begin(self, base: Path, sas_index: str = "") -> None:
        """Load the index of the folder scanned from `base` (reports name files relative to it); `sas_index`: the
        digest of the SAS macros and library tables of the scanned files, part of the key of every SAS program."""
        self._started = time.time_ns()
        self._sas_index = sas_index
        name = hashlib.sha256(f"{self._salt}\0{base.resolve()}".encode()).hexdigest()[:32]
        self._index_file = self.folder / "index" / f"{name}.json"
        try:
            data = json.loads(self._index_file.read_text(encoding="utf-8"))
            self._old = {rel: list(entry) for rel, entry in data["files"].items() if len(entry) == 7}
            self._same_sas_index = data.get("sas_index", "") == sas_index
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._old = {}  # none yet, or unreadable: every file is hashed
        self._inline = {str(e[4]): e[6] for e in self._old.values() if isinstance(e[6], dict)}

    def lookup(self, task: Task) -> str | None:
        """The key of a file's current content: from the index when its stat is unchanged and was not racy,
        else by hashing it; None when it cannot be read (the scan will say why)."""
        self._asked.add(task.rel)
        stat = _stat(task.path)
        if stat is None:
            return None
        entry = self._old.get(task.rel)
        # a SAS program's key was made with the SAS index of the last scan: kept only when it is the same
        trusted = task.sas_index is None or self._same_sas_index
        if entry is not None and trusted and tuple(entry[:4]) == stat and stat[1] + RACY_NS <= entry[5]:
            self._pending[task.rel] = entry
            return str(entry[4])
        key = self.key(task.path, task.rel, task.sas_index.digest if task.sas_index is not None else "")
        if key is not None:
            self._pending[task.rel] = [*stat, key, self._started, None]
        return key

    def hit(self, rel: str) -> None:
        """The file's entry was found: its index entry stays (with its small result, wherever that was found)."""
        if rel in self._pending:
            entry = self._new[rel] = self._pending.pop(rel)
            entry[6] = entry[6] or self._inline.get(str(entry[4]))

    @property
    def complete(self) -> bool:
        """Whether every file looked up has its result in the cache now: a rescan would scan none of them."""
        return self._asked <= self._new.keys()

    def end(self) -> None:
        """Write the index of this scan: the files whose results are in the cache now (deleted files drop out)."""
        if self._index_file is None:
            return
        with contextlib.suppress(OSError):
            kept = {"files": self._new, "sas_index": self._sas_index}
            store(self._index_file, json.dumps(kept, separators=(",", ":")).encode())

    def key(self, path: str, rel: str, sas_index: str = "") -> str | None:
        """The key of a regular file's current content (with `sas_index`, the digest of the SAS index a SAS
        program was scanned with); None when it cannot be read (the scan will say why)."""
        digest = hashlib.sha256(f"{self._salt}\0{rel}\0{sas_index}\0".encode())
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
            kept = self._inline.get(key)
            # `_result` takes the findings out of what it is given: a copy keeps the index entry whole.
            data = dict(kept) if kept is not None else json.loads(self._file(key).read_text(encoding="utf-8"))
            return _result(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent, or written by another version: scan the file

    def put(self, key: str, result: FileResult) -> None:
        if result.status != "scanned" or any(f.rule in _INCOMPLETE for f in result.findings):
            return
        data = dataclasses.asdict(result)
        for finding in data["findings"]:
            finding["clear"] = ""
        text = json.dumps(data, separators=(",", ":")).encode()
        if len(text) <= INLINE_BYTES:
            self._inline[key] = data
        else:
            # Not flushed to disk (`store`): a lost entry is a miss, and a flush per file would cost more than
            # scanning a small one. A full or read-only cache folder costs speed, never a result.
            with contextlib.suppress(OSError):
                store(self._file(key), text)
        self.hit(result.path)


_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


def _finding(item: dict[str, Any]) -> Finding:
    """A finding as it was stored, built without `Finding.__post_init__`: its message was masked when the finding
    was made, and masking it again would compile the personal-data patterns on every rescan for nothing."""
    if item.keys() != set(_FINDING_FIELDS):
        raise TypeError("not a stored finding")  # another version's entry: a miss
    finding: Finding = object.__new__(Finding)
    for name in _FINDING_FIELDS:
        setattr(finding, name, item[name])
    if finding.source is not None:
        finding.source = (str(finding.source[0]), int(finding.source[1]))
    return finding


def _result(data: dict[str, Any]) -> FileResult:
    findings = [_finding(item) for item in data.pop("findings")]
    result = FileResult(**data, findings=findings)
    result.writes = [(str(p), int(n)) for p, n in result.writes]
    result.outputs = [(str(p), int(n)) for p, n in result.outputs]
    result.margins = [
        (str(d), int(n), [(str(r), int(v), int(a), int(b), int(c)) for r, v, a, b, c in rows])
        for d, n, rows in result.margins
    ]
    return result
