"""Finding the files under the scanned roots, deciding what each one is, and reading it as text."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .fileio import NotRegularFile
from .replay import VCS_FOLDERS
from .resources import load_toml
from .vocab import KINDS, Kind

if TYPE_CHECKING:
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

IGNORE_FILE = ".sdcscanignore"
# Version-control internals (VCS_FOLDERS) are the only folders left out by default: every other copy (notebook
# checkpoints, caches, backups) leaves with the folder, so it is scanned. Each is listed once, as a folder, and not
# entered.
VCS_REASON = "version-control internals (excluded by default)"
SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class Entry:
    """One path found under a root: to be scanned, excluded with a reason, or `unscanned` as (rule, reason): a
    folder that cannot be listed, a link out of the scanned folders, a named pipe or device (never opened)."""

    path: Path
    rel: str
    excluded: str | None = None
    unscanned: tuple[str, str] | None = None


def special(path: Path) -> str | None:
    """`not a regular file (a named pipe)` and the like for a path that is neither a regular file nor a folder, else
    None. Such a file is never opened: reading a named pipe waits forever, a device never ends."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # gone or unreadable: the reader reports it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return NotRegularFile(path, mode).strerror


def _pattern(text: str) -> GitIgnoreSpecPattern:
    # Imported here: most scans have no pattern, and the package costs ~10 ms of every start-up.
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    return GitIgnoreSpecPattern(text)


class _Excluder:
    """gitignore semantics: the last matching pattern decides, and the report names it. A pattern is matched
    against the path relative to its anchor: the folder of the `.sdcscanignore` or configuration file it comes from,
    or the scanned folder for `--exclude`."""

    def __init__(self, patterns: list[tuple[str, str, Path]]) -> None:
        self._patterns = [(_pattern(text), text, origin, anchor) for text, origin, anchor in patterns]

    def reason(self, path: Path) -> str | None:
        verdict: str | None = None
        for pattern, text, origin, anchor in self._patterns:
            if pattern.include is None:
                continue
            try:
                rel = path.relative_to(anchor).as_posix()
            except ValueError:
                continue  # a pattern of a configuration above never reaches outside its folder
            if pattern.match_file(rel):
                verdict = f"excluded by {origin} pattern '{text}'" if pattern.include else None
        return verdict


def _ignore_patterns(
    base: Path, anchor: Path, excludes: tuple[str, ...], configured: tuple[str, ...], label: str
) -> list[tuple[str, str, Path]]:
    patterns: list[tuple[str, str, Path]] = []
    ignore_file = anchor / IGNORE_FILE
    if ignore_file.is_file():
        for line in ignore_file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                patterns.append((line.rstrip(), IGNORE_FILE, anchor))
    patterns.extend((p, label, anchor) for p in configured)
    patterns.extend((p, "--exclude", base) for p in excludes)
    return patterns


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def walk(
    base: Path,
    targets: list[Path],
    excludes: tuple[str, ...] = (),
    outputs: frozenset[Path] = frozenset(),
    configured: tuple[str, ...] = (),
    includes: tuple[str, ...] = (),
    label: str = "config",
    follow: bool = False,
    anchor: Path | None = None,
) -> Iterator[Entry]:
    """Every file below each target exactly once, in a stable order, with paths relative to `base`.

    Symbolic links are listed, not followed, unless `follow`: then a linked file is scanned under the link's path
    and a linked folder is entered once (a folder already entered, as in a link loop, is listed, not entered
    again); `outputs` (this run's report files) are listed as excluded. `configured` excludes and `includes` come
    from the configuration file `label`, found in the folder `anchor` (default `base`), where `.sdcscanignore` is
    read too: with includes, a file that matches none of them is listed as excluded too. A link whose target lies
    outside every target folder, a folder that cannot be listed and a file that is not a regular file are
    `unscanned`: what they hold was not checked, so a person must look.
    """
    anchor = anchor or base
    excluder = _Excluder(_ignore_patterns(base, anchor, excludes, configured, label))
    wanted = [_pattern(p) for p in includes]
    roots = [t.resolve() for t in targets if t.is_dir()]

    def relative(path: Path) -> str:
        return printable(path.relative_to(base).as_posix())

    # This run's reports by name: resolving every file's path (a system call per folder level) costs more than the
    # rest of the walk, and the name of a file that is not a link is the name of what it resolves to.
    output_names = {o.name for o in outputs}

    def entry(path: Path, is_link: bool, regular: bool = False) -> Entry:
        """`regular`: the folder listing said so (no `special` check needed)."""
        rel = relative(path)
        if is_link:
            target = path.resolve()
            if path.exists() and not _inside(target, roots):
                outside = ("unscanned.outside-link", "symbolic link to outside the scanned folders")
                return Entry(path, rel, unscanned=outside)
            return Entry(path, rel, excluded="symbolic link (not followed)")
        if path.name in output_names and path.resolve() in outputs:
            return Entry(path, rel, excluded="report written by this run")
        if wanted and not any(p.include and p.match_file(rel) for p in wanted):
            return Entry(path, rel, excluded=f"matches no include pattern of {label}")
        reason = excluder.reason(path)
        if reason is None and not regular and (what := special(path)):
            return Entry(path, rel, unscanned=("unscanned.special-file", f"{what}: not opened"))
        return Entry(path, rel, excluded=reason)

    for target in targets:
        if not target.is_dir() or target.is_symlink():
            yield entry(target, target.is_symlink())
            continue
        stack = [target]
        entered: set[Path] = set()
        while stack:
            folder = stack.pop()
            entered.add(folder.resolve())
            try:
                children = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as err:
                rel = folder.relative_to(base).as_posix() + "/"
                reason = f"folder could not be listed: {err.strerror or err}"
                yield Entry(folder, printable(rel), unscanned=("unscanned.unreadable", reason))
                continue
            subfolders = []
            for child in children:
                path = Path(child.path)
                if child.is_dir(follow_symlinks=False):
                    if child.name in VCS_FOLDERS:
                        yield Entry(path, relative(path) + "/", excluded=VCS_REASON)
                    else:
                        subfolders.append(path)
                elif not (follow and child.is_symlink()):
                    yield entry(path, child.is_symlink(), child.is_file(follow_symlinks=False))
                elif not path.exists():
                    yield Entry(path, relative(path), excluded="broken symbolic link")
                elif not path.is_dir():
                    yield entry(path, False)
                elif path.resolve() in entered:
                    yield Entry(path, relative(path), excluded="symbolic link to a folder scanned already (a loop)")
                else:
                    subfolders.append(path)
            stack.extend(reversed(subfolders))


def has_entries(folder: Path) -> bool:
    """Whether anything but empty folders lies below `folder` (a folder that cannot be listed counts: it is
    reported). Stops at the first file, so it costs little on a full tree."""
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as children:
                for child in children:
                    if not child.is_dir(follow_symlinks=False):
                        return True
                    stack.append(Path(child.path))
        except OSError:
            return True
    return False


def unique_paths(paths: list[Path]) -> list[Path]:
    """The paths without repeats and without paths inside another given folder, in the order given: `scan p p`
    or `scan p p/sub` scans each file once. Links are not resolved (a link and its target are different entries)."""
    absolute = [Path(os.path.abspath(p)) for p in paths]
    kept = []
    for i, (path, here) in enumerate(zip(paths, absolute, strict=True)):
        earlier_same = here in absolute[:i]
        inside = any(other in here.parents for other in absolute)
        if not (earlier_same or inside):
            kept.append(path)
    return kept


def printable(rel: str) -> str:
    """A path as the report can carry it: bytes that are not UTF-8 (kept by Python as surrogates) become `\\xNN`,
    and control characters such as a newline in a file name become escapes, so one name stays one line."""
    if rel.isprintable():  # the usual name: no surrogates or control characters, nothing to escape
        return rel
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# --- classification -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileType:
    kind: Kind
    language: str | None
    # A program language sdcscan has no front end for (`[unparsed]` in filetypes.toml): read as plain text only.
    unparsed: str | None = None


@cache
def _filetypes() -> tuple[dict[str, FileType], frozenset[str], tuple[tuple[re.Pattern[str], FileType], ...]]:
    data = load_toml("patterns", "filetypes.toml")
    by_ext = {ext: FileType(_kind(v["kind"]), v.get("language")) for ext, v in data["extensions"].items()}
    by_ext.update({ext: FileType("program", None, name) for ext, name in data["unparsed"].items()})
    sniffers = tuple(
        (re.compile(s["pattern"], re.MULTILINE), FileType(_kind(s["kind"]), s["language"])) for s in data["sniff"]
    )
    return by_ext, frozenset(data["binary"]["extensions"]), sniffers


def _kind(value: str) -> Kind:
    if value not in KINDS:
        raise ValueError(f"patterns/filetypes.toml: {value!r} is not a file kind ({', '.join(KINDS)})")
    return value


_DELIMITED = re.compile(r"^[^\n]*([,;\t|])[^\n]*\n(?:[^\n]*\1[^\n]*\n){2,}")


def classify(path: Path, head: str | None) -> FileType:
    """Decide kind and language from the extension, then from the first 64 KiB of text where the extension leaves
    it open (`.log` of unknown origin, `.txt` that may be a listing or a table)."""
    by_ext, binary, sniffers = _filetypes()
    ext = path.suffix.lower()
    if ext in binary:
        return FileType("binary", None)
    known = by_ext.get(ext, FileType("other", None))
    if head is None or known.kind not in ("log", "other") or known.language:
        return known
    for pattern, filetype in sniffers:
        if pattern.search(head) and (known.kind == "other" or filetype.kind == known.kind):
            return filetype
    if known.kind == "other" and ext in (".txt", ".dat", "") and _DELIMITED.match(head):
        return FileType("table", None)
    return known


# --- sdcscan's own reports -------------------------------------------------------------------------------------

_JSON_REPORT = re.compile(r'\A\s*\{\s*"schema_version":\s*\d+,\s*"tool":\s*\{\s*"name":\s*"sdcscan"')
_SARIF_REPORT = re.compile(
    r'\A\s*\{\s*"\$schema":[^\n]*\n\s*"version":\s*"2\.1\.0",\s*"runs":\s*\[\s*\{\s*"tool":\s*'
    r'\{\s*"driver":\s*\{\s*"name":\s*"sdcscan"'
)
_HTML_REPORT = re.compile(r'\A<!DOCTYPE html>.{0,1000}?<meta name="generator" content="sdcscan \d', re.DOTALL)
# A baseline's keys are sorted: its findings come first and its format marker last.
_BASELINE_HEAD = re.compile(r'\A\s*\{\s*"findings":\s*\[')
_BASELINE_TAIL = re.compile(r'"sdcscan_baseline":\s*\d+\s*\}\s*\Z')
_MASKED = re.compile(r'"masked":\s*true\b')
_TAIL = 64 * 1024


def own_report(path: Path, head: str) -> tuple[str, bool] | None:
    """(what, masked) when the text is a report or baseline that sdcscan wrote, recognised by its content (a
    report can have any name); None otherwise. Unless the report says it is masked, it counts as unmasked."""
    if _JSON_REPORT.match(head):
        return "JSON report", bool(_MASKED.search(head))
    if _HTML_REPORT.match(head):
        return "HTML report", "(UNMASKED)</title>" not in head[:4096]
    if _SARIF_REPORT.match(head):  # the run's properties, with `masked`, come after the results
        return "SARIF log", bool(_MASKED.search(_tail(path)))
    if _BASELINE_HEAD.match(head) and _BASELINE_TAIL.search(_tail(path)):
        return "baseline", True  # a baseline holds masked evidence only
    return None


def _tail(path: Path) -> str:
    with path.open("rb") as raw:
        raw.seek(max(0, path.stat().st_size - _TAIL))
        return raw.read().decode("utf-8", errors="replace")


# --- decoding -------------------------------------------------------------------------------------------------


class NotText(Exception):
    """The bytes are not text in an encoding we read; `rule` says which unscanned rule applies."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


# UTF-32 first: its little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", b"\n\x00\x00\x00"),
    (codecs.BOM_UTF32_BE, "utf-32", b"\x00\x00\x00\n"),
    (codecs.BOM_UTF8, "utf-8-sig", b"\n"),
    (codecs.BOM_UTF16_LE, "utf-16", b"\n\x00"),
    (codecs.BOM_UTF16_BE, "utf-16", b"\x00\n"),
)
# Bytes that Windows-1252 leaves undefined; Latin-1 maps them to C1 controls, which no SAS or Stata output contains.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = bytes(sorted(frozenset(range(0, 32)) - {9, 10, 12, 13, 26, 27}))  # deleted by translate to count them
# A file with more bad bytes than this share is "mostly undecodable": what a replacement would leave is no longer
# the text a person reads, so it stays unscanned instead.
BAD_SHARE = 0.1
REPLACED = " (invalid bytes replaced)"
_SHOWN_LINES = 10
_bad_offsets: list[int] = []


def _count_bad(err: UnicodeError) -> tuple[str, int]:
    """A codec error handler: replace as `errors="replace"` does, and remember where (byte offsets)."""
    assert isinstance(err, UnicodeDecodeError)
    _bad_offsets.append(err.start)
    return "\ufffd", err.end


codecs.register_error("sdcscan-count", _count_bad)


def bom_codec(head: bytes) -> str | None:
    """The codec a byte-order mark at the start of `head` names, if any."""
    return next((codec for bom, codec, _newline in _BOMS if head.startswith(bom)), None)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that decoded it (None: bytes that are no text, read by their own front end), and the
    bytes that had to be replaced: how many, and the first few lines (1-based) they are on."""

    text: str
    codec: str | None
    bad: int = 0
    bad_lines: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """The encoding as the report records it."""
        if self.codec is None:
            return "binary"
        return self.codec + REPLACED if self.bad else self.codec


def _lenient(data: bytes, codec: str, newline: bytes) -> Decoded:
    _bad_offsets.clear()
    text = data.decode(codec, errors="sdcscan-count")
    offsets, bad = _bad_offsets[:_SHOWN_LINES], len(_bad_offsets)
    _bad_offsets.clear()
    if not bad:
        return Decoded(text, codec)
    if bad > BAD_SHARE * len(data):
        raise NotText("unscanned.undecodable", f"{bad:,} of {len(data):,} bytes are not valid {codec}")
    lines = sorted({data.count(newline, 0, offset) + 1 for offset in offsets})
    return Decoded(text, codec, bad, tuple(lines))


def decode(data: bytes) -> Decoded:
    """The text of UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, or Windows-1252/Latin-1 bytes.

    Raises NotText for binary content and for text that is mostly undecodable; a few bad bytes are replaced (and
    counted, see `Decoded`), so one stray byte never leaves a whole listing unchecked. Windows-1252 is the fallback
    because SAS and Stata on Danish Windows write it; it is tried only after strict UTF-8 fails, so æøå in UTF-8
    files come through right.
    """
    for bom, encoding, newline in _BOMS:
        if data.startswith(bom):
            return _lenient(data, encoding, newline)
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise NotText("unscanned.binary", "binary content (NUL bytes)")
    if sample and (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample) > 0.05:
        raise NotText("unscanned.binary", "binary content (control bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 log with a few stray bytes (a cp1252 line pasted in) is still UTF-8: keep its æøå right.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    non_ascii = sum(ord(c) > 127 for c in lenient)
    if non_ascii - bad > 4 * bad:
        return _lenient(data, "utf-8", b"\n")
    if not _CP1252_HOLES.intersection(data):
        return Decoded(data.decode("cp1252"), "cp1252")
    return _lenient(data, "cp1252", b"\n")
