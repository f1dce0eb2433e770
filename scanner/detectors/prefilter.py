"""The cheap first pass of the detector layer: which lines of a text can hold a hit at all.

Every detector declares loose patterns (`Loose`) that match wherever its precise, Python-side check could match
(a superset, on the same line); one compiled set of them is scanned over the whole text and the precise checks
then run only on the lines it marks. With Hyperscan (multi-pattern DFA, the engine chosen by measurement; see
docs/detectors.md) that pass runs near ripgrep's speed. Without it, each loose pattern is searched on its own with
`re`/`regex`: about 5 MB/s, the same lines. Loose patterns never match a line break (`^` and `$` match at
line ends), so every loose match lies inside the line it marks.

Hyperscan reads bytes. The text is handed to it as Latin-1 with every character above U+00FF replaced by `?`:
one byte per character, so byte offsets are character offsets and no mapping is needed. Loose patterns therefore
use only characters up to U+00FF (Danish letters included); Prefilter refuses others.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from ..fileio import NO_KEEPING, default_folder, store

if TYPE_CHECKING:
    from types import ModuleType


@cache
def _hyperscan() -> ModuleType | None:
    """The hyperscan module, imported on first use: a rescan from the cache, which compiles no prefilter, does not
    pay for it."""
    try:
        import hyperscan
    except ImportError:  # pragma: no cover - exercised by forcing engine="regex" in the tests
        return None
    return hyperscan


@dataclass(frozen=True, slots=True)
class Loose:
    """A loose pattern of one detector family (`tag`); `caseless` for ASCII and Danish letters alike. It must
    not match a line break; `^` and `$` match at the start and end of every line."""

    tag: str
    pattern: str
    caseless: bool = False


# A line marked by the prefilter: [start, end) character offsets without the line break, and the detector families
# whose loose patterns matched on it.
Span = tuple[int, int, frozenset[str]]


# Set for a while by `preferring`: the engine of prefilters built without one.
_PREFERRED: list[str] = []


def default_engine() -> str:
    if _PREFERRED:
        return _PREFERRED[-1]
    return "hyperscan" if _hyperscan() is not None else "regex"


@contextmanager
def preferring(engine: str) -> Iterator[None]:
    """Within it, prefilters built without an engine use `engine`: for a scan of a little text, where compiling the
    Hyperscan databases (0.35-0.85 s for the first-name alternation) costs more than searching with `regex` (~5
    MB/s). The engines mark different lines at most, never find different things (the precise checks decide)."""
    _PREFERRED.append(engine)
    try:
        yield
    finally:
        _PREFERRED.pop()


class Prefilter:
    def __init__(self, loose: Sequence[Loose], engine: str | None = None, keep: bool = False) -> None:
        """`keep`: the compiled Hyperscan database may be kept in the user's cache folder and read back by later
        processes (only for sdcscan's own patterns: never for names a configuration lists)."""
        self.loose = tuple(loose)
        self.engine = engine or default_engine()
        self.tags = frozenset(p.tag for p in self.loose)
        hyperscan = _hyperscan() if self.engine == "hyperscan" else None
        if hyperscan is not None:
            self._db = _database(hyperscan, self.loose, keep)
        elif self.engine == "regex":
            # One pattern at a time: a joined alternation of hundreds of names is tried at every position and runs
            # a hundred times slower. Case-sensitive ones in `re` (faster there), caseless ones in `regex`.
            self._each = [
                (
                    p.tag,
                    regex.compile(p.pattern, regex.IGNORECASE | regex.MULTILINE)
                    if p.caseless
                    else re.compile(p.pattern, re.MULTILINE),
                )
                for p in self.loose
            ]
        else:
            raise ValueError(f"unknown prefilter engine {self.engine!r}")

    def spans(self, text: str) -> Iterator[Span]:
        """The marked lines of `text`, in order, each once."""
        ends: list[tuple[int, str]] = []
        if self.engine == "hyperscan":
            data = text.encode("latin-1", "replace")
            found: list[tuple[int, int]] = []
            self._db.scan(data, match_event_handler=_collect, context=found)
            ends = [(to - 1, self.loose[ident].tag) for to, ident in found]
        else:
            # Matches never span a line break, so those this search skips (overlapping an earlier match) are on a
            # line already marked.
            ends = [(m.end() - 1, tag) for tag, pattern in self._each for m in pattern.finditer(text)]
        # In order, so each line's bounds are looked up once however many matches it holds (a line of 200,000
        # numbers would otherwise cost a search back to its start per match: quadratic).
        start, end, tags = 0, -1, set[str]()
        for at, tag in sorted(ends):
            if at > end:
                if tags:
                    yield start, end, frozenset(tags)
                start = text.rfind("\n", 0, at) + 1
                found_end = text.find("\n", at)
                end, tags = len(text) if found_end < 0 else found_end, set()
            tags.add(tag)
        if tags:
            yield start, end, frozenset(tags)


def _database(hyperscan: ModuleType, loose: tuple[Loose, ...], keep: bool) -> Any:
    """The compiled database of `loose`. Compiling the detectors' patterns costs 0.35-0.8 s of CPU, in every worker
    of every scan; reading back a database compiled before costs well under a millisecond. A kept one is named by
    a digest of Hyperscan's version and everything compiled, and Hyperscan itself refuses one built for another
    CPU (a roaming profile): then it is compiled again."""
    expressions = [_latin1(p) for p in loose]
    flags = [hyperscan.HS_FLAG_MULTILINE | (hyperscan.HS_FLAG_CASELESS if p.caseless else 0) for p in loose]
    kept: Path | None = None
    if keep and os.environ.get(NO_KEEPING) != "1":
        digest = hashlib.sha256(repr((hyperscan.__version__, expressions, flags)).encode("latin-1", "replace"))
        kept = default_folder() / "patterns" / f"{digest.hexdigest()[:32]}.hsdb"
        with suppress(OSError, hyperscan.HyperscanError):
            db = hyperscan.loadb(kept.read_bytes(), hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)
            return db
    db = hyperscan.Database()
    db.compile(expressions=expressions, ids=list(range(len(loose))), elements=len(loose), flags=flags)
    if kept is not None:
        with suppress(OSError):  # a full or read-only cache folder costs time, never a result
            store(kept, hyperscan.dumpb(db))
    return db


def _collect(ident: int, _from: int, to: int, _flags: int, ends: list[tuple[int, int]]) -> None:
    """Hyperscan's match handler; a module function (not a closure per scan) because short texts are scanned by
    the hundred thousand."""
    ends.append((to, ident))


def _latin1(loose: Loose) -> bytes:
    """The pattern as Hyperscan gets it: Latin-1 bytes; for a caseless one, non-ASCII letters spelled out in both
    cases (Hyperscan folds case for ASCII only outside UTF-8 mode)."""
    pattern = loose.pattern
    if loose.caseless:
        pattern = "".join(
            f"[{c.lower()}{c.upper()}]" if not c.isascii() and c.lower() != c.upper() else c for c in pattern
        )
    try:
        return pattern.encode("latin-1")
    except UnicodeEncodeError as err:
        raise ValueError(f"loose pattern {loose.pattern!r} has a character above U+00FF") from err
