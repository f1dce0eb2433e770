"""Finding the files under the scanned roots, deciding what each one is, and reading it as text."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from .resources import load_toml

IGNORE_FILE = ".sdcscanignore"
# The baseline is sdcscan's own audit file (masked evidence only), not project output.
DEFAULT_EXCLUDES = (".git/", ".hg/", ".svn/", "__pycache__/", ".ipynb_checkpoints/", ".sdcscan-baseline.json")
SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class Entry:
    """One path found under a root: either to be scanned, or excluded with a reason."""

    path: Path
    rel: str
    excluded: str | None = None


class _Excluder:
    """gitignore semantics: the last matching pattern decides, and the report names it."""

    def __init__(self, patterns: list[tuple[str, str]]) -> None:
        self._patterns = [(GitIgnoreSpecPattern(text), text, origin) for text, origin in patterns]

    def reason(self, rel: str) -> str | None:
        verdict: str | None = None
        for pattern, text, origin in self._patterns:
            if pattern.include is None or not pattern.match_file(rel):
                continue
            verdict = f"excluded by {origin} pattern '{text}'" if pattern.include else None
        return verdict


def _ignore_patterns(
    root: Path, excludes: tuple[str, ...], configured: tuple[str, ...], label: str
) -> list[tuple[str, str]]:
    patterns = [(p, "default") for p in DEFAULT_EXCLUDES]
    ignore_file = root / IGNORE_FILE
    if ignore_file.is_file():
        for line in ignore_file.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                patterns.append((line.rstrip(), IGNORE_FILE))
    patterns.extend((p, label) for p in configured)
    patterns.extend((p, "--exclude") for p in excludes)
    return patterns


def walk(
    base: Path,
    targets: list[Path],
    excludes: tuple[str, ...] = (),
    outputs: frozenset[Path] = frozenset(),
    configured: tuple[str, ...] = (),
    includes: tuple[str, ...] = (),
    label: str = "config",
    follow: bool = False,
) -> Iterator[Entry]:
    """Every file below each target exactly once, in a stable order, with paths relative to `base`.

    Symbolic links are listed, not followed, unless `follow`: then a linked file is scanned under the link's path
    and a linked folder is entered once (a folder already entered, as in a link loop, is listed, not entered
    again); `outputs` (this run's report files) are listed as excluded. `configured` excludes and `includes` come
    from the configuration file `label`: with includes, a file that matches none of them is listed as excluded too.
    """
    excluder = _Excluder(_ignore_patterns(base, excludes, configured, label))
    wanted = [GitIgnoreSpecPattern(p) for p in includes]

    def entry(path: Path, is_link: bool) -> Entry:
        rel = printable(path.relative_to(base).as_posix())
        if is_link:
            return Entry(path, rel, excluded="symbolic link (not followed)")
        if path.resolve() in outputs:
            return Entry(path, rel, excluded="report written by this run")
        if wanted and not any(p.include and p.match_file(rel) for p in wanted):
            return Entry(path, rel, excluded=f"matches no include pattern of {label}")
        return Entry(path, rel, excluded=excluder.reason(rel))

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
                rel = folder.relative_to(base).as_posix()
                yield Entry(folder, rel + "/", excluded=f"folder could not be listed: {err.strerror or err}")
                continue
            subfolders = []
            for child in children:
                path = Path(child.path)
                if child.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                elif not (follow and child.is_symlink()):
                    yield entry(path, child.is_symlink())
                elif not path.exists():
                    yield Entry(path, printable(path.relative_to(base).as_posix()), excluded="broken symbolic link")
                elif not path.is_dir():
                    yield entry(path, False)
                elif path.resolve() in entered:
                    rel = printable(path.relative_to(base).as_posix())
                    yield Entry(path, rel, excluded="symbolic link to a folder scanned already (a loop)")
                else:
                    subfolders.append(path)
            stack.extend(reversed(subfolders))


def printable(rel: str) -> str:
    """A path as the report can carry it: bytes that are not UTF-8 (kept by Python as surrogates) become `\\xNN`,
    and control characters such as a newline in a file name become escapes, so one name stays one line."""
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# --- classification -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileType:
    kind: str
    language: str | None
    # A program language sdcscan has no front end for (`[unparsed]` in filetypes.toml): read as plain text only.
    unparsed: str | None = None


@cache
def _filetypes() -> tuple[dict[str, FileType], frozenset[str], tuple[tuple[re.Pattern[str], FileType], ...]]:
    data = load_toml("patterns", "filetypes.toml")
    by_ext = {ext: FileType(v["kind"], v.get("language")) for ext, v in data["extensions"].items()}
    by_ext.update({ext: FileType("program", None, name) for ext, name in data["unparsed"].items()})
    sniffers = tuple(
        (re.compile(s["pattern"], re.MULTILINE), FileType(s["kind"], s["language"])) for s in data["sniff"]
    )
    return by_ext, frozenset(data["binary"]["extensions"]), sniffers


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


# --- decoding -------------------------------------------------------------------------------------------------


class NotText(Exception):
    """The bytes are not text in an encoding we read; `rule` says which unscanned rule applies."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Bytes that Windows-1252 leaves undefined; Latin-1 maps them to C1 controls, which no SAS or Stata output contains.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = bytes(sorted(frozenset(range(0, 32)) - {9, 10, 12, 13, 26, 27}))  # deleted by translate to count them


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) for UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252/Latin-1 text.

    Raises NotText for binary content. Windows-1252 is the fallback because SAS and Stata on Danish Windows write it;
    it is tried only after strict UTF-8 fails, so æøå in UTF-8 files come through right.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise NotText(
                    "unscanned.undecodable", f"invalid {encoding} after its byte-order mark: {err.reason}"
                ) from None
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise NotText("unscanned.binary", "binary content (NUL bytes)")
    if sample and (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample) > 0.05:
        raise NotText("unscanned.binary", "binary content (control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 log with a few stray bytes (a cp1252 line pasted in) is still UTF-8: keep its æøå right.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    non_ascii = sum(ord(c) > 127 for c in lenient)
    if non_ascii - bad > 4 * bad:
        return lenient, "utf-8 (invalid bytes replaced)"
    if _CP1252_HOLES.intersection(data):
        raise NotText("unscanned.undecodable", "neither UTF-8 nor Windows-1252 text")
    return data.decode("cp1252"), "cp1252"
