"""The replay of the last run when none of its inputs changed, which the `sdcscan` command tries first
(scanner/__main__.py).

A researcher rescans after each fix, and often nothing has changed since the last scan. With every file's result in
the content cache (scanner/cache.py) such a rescan was still ~0.15 s: the interpreter, the command line's imports
(typer, the detectors' patterns, the catalogue), then the same report computed again from the same results. This
module imports nothing of sdcscan but itself and the clock and, before the command line is loaded, looks for the
record of a run with the same inputs:

- the same command line (every argument, as given), working folder, Python and cache folder: they name the record,
  so typer stays the only parser of the command line (the record holds what typer made of it);
- the same sdcscan code and data and the same parser versions (`code_digest`, also part of every cached result);
- every entry below the scanned paths with the same stat (size, mtime and ctime in ns, inode), none of them a symbolic
  link or special file (version-control folders are listed, not entered, as the scan does); the configuration and
  ignore files that the configuration search could read, upward from each scanned path to the repository root; the
  `--config` and `--baseline` files; and each report file as the last run left it.

Then it writes every report again, the same bytes but for the date and time in `generated_at`, prints the same
terminal summary and exits with the same code. On any difference, or anything it cannot read, it hands over to the
command line, which scans as always. The command line records a run (`Watch`) only when a rescan would scan nothing:
every file's result came from the content cache or went into it, no input changed during the run nor in the
`RACY_NS` before it, no file ended unscanned for a reason that may pass (time limit, crash, internal error), no
warning was printed; never with `--unmask` or `--no-cache`. Records live in the cache folder, never in the tree.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import sys
import time
from functools import cache
from pathlib import Path

from . import __version__, clock
from .fileio import default_folder, store

# Not `typing.TYPE_CHECKING`: importing typing costs the entry point ~4 ms. Type checkers read this name as theirs.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, TextIO

_FORMAT = 1
# Packages whose version changes what a parse finds.
_PARSERS = ("tree-sitter", "tree-sitter-sas", "tree-sitter-python", "tree-sitter-language-pack", "regex", "hyperscan")
_CODE = (".py", ".toml", ".scm", ".txt", ".j2", ".json")
# A stat is trusted only for a file modified this long before the scan that read it began: above the coarsest
# timestamp resolution in use (FAT's 2 s), so a later write always shows as a later mtime.
RACY_NS = 2_000_000_000
# Version-control internals: the scan lists each such folder once and does not enter it (scanner/discover.py).
VCS_FOLDERS = (".git", ".hg", ".svn")
# What the configuration search (scanner/config.py) and the walk's ignore file may read in a folder above the tree;
# of `.git` only whether it is there (git changes what is inside at every command).
_PROBED = ("sdcscan.toml", "pyproject.toml", ".sdcscanignore")
# Findings that say a file was not fully scanned for a reason that may not hold next time: such a run is not kept.
UNSETTLED = frozenset(
    (
        "unscanned.timeout",
        "unscanned.crashed",
        "unscanned.changed",
        "unscanned.internal-error",
        "unscanned.unreadable",
        "unscanned.invalid",
    )
)
# The digits of an ISO date and time (`2026-12-06T20:15:00`) in `generated_at`.
_STAMP = 19
_SHAPE = str.maketrans("123456789", "000000000")


@cache
def code_digest() -> str:
    """A digest of sdcscan's code and data (grammars, patterns, templates) and of the parser packages' versions."""
    from importlib import import_module

    # grammars/ and patterns/ are packages without code: where a checkout or a wheel keeps them, found by the names
    # the data are read by (resources.py), also when the code runs as `python -m scanner` from a checkout
    data = [import_module(f"sdcscan.{area}").__path__ for area in ("grammars", "patterns")]
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}".encode())
    for root in (os.path.dirname(__file__), *data[0], *data[1]):
        found: list[tuple[str, str]] = []
        # os.walk, not Path.rglob: a rescan pays this walk every time, and rglob's stat per entry was most of it.
        for folder, _, files in os.walk(root):
            rel = Path(os.path.relpath(folder, root)).as_posix()
            found += [(f if rel == "." else f"{rel}/{f}", os.path.join(folder, f)) for f in files if f.endswith(_CODE)]
        for rel, path in sorted(found):
            with open(path, "rb") as code:
                digest.update(rel.encode() + b"\0" + code.read() + b"\0")
    for name, version in versions(_PARSERS).items():
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def versions(names: tuple[str, ...]) -> dict[str, str]:
    """Each installed distribution's version (`-` when absent). From the `<name>-<version>.dist-info` folders on
    sys.path, in path order, as importlib.metadata finds them: importing importlib.metadata (and the email parser
    it needs) cost ~10% of a rescan. importlib.metadata for a distribution found no such way (eggs, zip files)."""
    wanted = {name.replace("-", "_").replace(".", "_").lower(): name for name in names}
    out: dict[str, str] = {}
    for entry in sys.path:
        try:
            listed = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listed:
            if not item.endswith(".dist-info"):
                continue
            dist, _, version = item[: -len(".dist-info")].partition("-")
            name = wanted.get(dist.replace(".", "_").lower())
            if name is not None and version and name not in out:
                out[name] = version
    for name in wanted.values():
        if name not in out:
            from importlib import metadata

            try:
                out[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                out[name] = "-"
    return {name: out[name] for name in names}


# --- what a run's inputs are ------------------------------------------------------------------------------------


def stat_of(path: str) -> list[int] | None:
    """What identifies a file's content without reading it: its type, size, mtime and ctime in ns and inode (the
    content cache's index keeps all but the type), or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


class _Changing(Exception):
    """The inputs hold what a stat cannot vouch for (a link, a special file, a folder that cannot be listed)."""


def inputs(paths: Sequence[str], files: Iterable[str], outputs: Iterable[str]) -> tuple[str, int] | None:
    """A digest of everything a scan of `paths` reads (see the module doc) and the newest mtime among them; None
    when a stat cannot vouch for it. `files` are other files the run reads (configuration, baseline), `outputs`
    this run's report files: below a scanned folder each is listed by its presence only (the run rewrites it)."""
    digest = hashlib.sha256()
    newest = 0
    reports = {os.path.realpath(o) for o in outputs}

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogatepass") + b"\n")

    def file(path: str, info: os.stat_result | os.DirEntry[str]) -> None:
        nonlocal newest
        found = info.stat(follow_symlinks=False) if isinstance(info, os.DirEntry) else info
        inode = info.inode() if isinstance(info, os.DirEntry) else found.st_ino  # Windows: DirEntry.stat has none
        add("file", path, found.st_size, found.st_mtime_ns, found.st_ctime_ns, inode)
        newest = max(newest, found.st_mtime_ns)

    try:
        starts = []
        for given in paths:
            real = os.path.realpath(given)
            found = os.lstat(real)
            add("path", given, real)
            if stat.S_ISDIR(found.st_mode):
                starts.append(real)
                _tree(real, reports, add, file)
            elif stat.S_ISREG(found.st_mode):
                starts.append(os.path.dirname(real))
                file(real, found)
            else:
                raise _Changing(real)
        if starts:
            starts.append(os.path.commonpath(starts))
        for folder in sorted(_upward(starts)):
            for name in _PROBED:
                probed = stat_of(os.path.join(folder, name))
                add("probe", folder, name, probed)
                newest = max(newest, probed[2] if probed else 0)
            add("repository", folder, os.path.exists(os.path.join(folder, ".git")))
        for other in files:
            probed = stat_of(other)
            add("read", other, os.path.realpath(other), probed)
            newest = max(newest, probed[2] if probed else 0)
    except (OSError, ValueError, _Changing):
        return None
    return digest.hexdigest(), newest


def _tree(
    top: str,
    reports: set[str],
    add: Callable[..., None],
    file: Callable[[str, os.DirEntry[str]], None],
) -> None:
    stack = [top]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as listing:
            children = sorted(listing, key=lambda e: e.name)
        add("folder", folder, [child.name for child in children])
        for child in children:
            if child.path in reports:
                add("report", child.path)
            elif child.is_dir(follow_symlinks=False):
                if child.name not in VCS_FOLDERS:
                    stack.append(child.path)
            elif child.is_file(follow_symlinks=False):
                file(child.path, child)
            else:
                raise _Changing(child.path)


def _upward(starts: Iterable[str]) -> set[str]:
    """The folders the configuration search may read, from each start up to a repository root or the root."""
    folders: set[str] = set()
    for start in starts:
        folder = start
        while folder not in folders:
            folders.add(folder)
            parent = os.path.dirname(folder)
            if parent == folder or os.path.exists(os.path.join(folder, ".git")):
                break
            folder = parent
    return folders


# --- recording a run --------------------------------------------------------------------------------------------


def _record_file(argv: Sequence[str]) -> Path:
    where = default_folder()
    name = json.dumps([_FORMAT, list(argv), os.getcwd(), sys.executable, sys.version, str(where)])
    return where / "runs" / f"{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.json"


def _probe_time(stamp: str) -> str:
    """`stamp` with every digit of its date and time changed: a render with it shows where the time is written."""
    return "".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in stamp[:_STAMP]) + stamp[_STAMP:]


def _digits(stamp: str) -> bytes:
    return "".join(c for c in stamp[:_STAMP] if c.isdigit()).encode()


def _spots(first: bytes, probe: bytes, stamp: str) -> list[int] | None:
    """Where the date and time's digits stand in a rendered report, found by comparing a render with a probe time:
    whole groups of its 14 digits, in order, and nothing else differing. None when the renders differ otherwise
    (a report that derives anything else from the time is never replayed)."""
    if len(first) != len(probe):
        return None
    block = 1 << 14
    spots = []
    for start in range(0, len(first), block):
        if first[start : start + block] != probe[start : start + block]:
            spots += [i for i in range(start, min(start + block, len(first))) if first[i] != probe[i]]
    digits = _digits(stamp)
    if not spots or len(spots) % len(digits) or _stamped(first, spots, _probe_time(stamp)) != probe:
        return None
    if any(first[at] != digits[i % len(digits)] for i, at in enumerate(spots)):
        return None
    return spots


def _stamped(rendered: bytes, spots: list[int], stamp: str) -> bytes:
    digits = _digits(stamp)
    out = bytearray(rendered)
    for i, at in enumerate(spots):
        out[at] = digits[i % len(digits)]
    return bytes(out)


def _rendered(fmt: str, data: dict[str, Any]) -> bytes:
    """A report as `output.write_report` writes it: UTF-8, `\\n` line ends."""
    from .reporters import FORMATS

    buffer = io.BytesIO()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
    FORMATS[fmt].render(data, out)
    out.flush()
    return buffer.getvalue()


class Watch:
    """The inputs of one run of `sdcscan scan`, taken before it reads anything; `record` keeps the run for replay
    when they are the same after it."""

    def __init__(self, argv: Sequence[str], paths: Sequence[str], files: Sequence[str], outputs: Sequence[str]) -> None:
        self.started = time.time_ns()
        self.argv = list(argv)
        self.plan = {"paths": list(paths), "files": list(files), "outputs": list(outputs)}
        self.before = self._inputs()

    def _inputs(self) -> tuple[str, int] | None:
        return inputs(self.plan["paths"], self.plan["files"], self.plan["outputs"])

    def record(self, data: dict[str, Any], written: Sequence[tuple[str, str]], quiet: bool, code: int) -> None:
        """Keep this run for replay, if its inputs allow it (a failure here costs a later run time, never a
        result: the run's own outputs are written already)."""
        if self.before is None or self.before[1] + RACY_NS >= self.started or self._inputs() != self.before:
            return
        target = _record_file(self.argv)
        try:
            kept = self._record(target, self.before[0], data, written, quiet, code)
        except Exception:
            kept = False
            if os.environ.get("SDCSCAN_DEBUG"):
                raise
        finally:
            if not kept:
                target.unlink(missing_ok=True)  # a record of an earlier run describes other outputs

    def _record(
        self,
        target: Path,
        identity: str,
        data: dict[str, Any],
        written: Sequence[tuple[str, str]],
        quiet: bool,
        code: int,
    ) -> bool:
        stamp = str(data["generated_at"])
        probe = {**data, "generated_at": _probe_time(stamp)}
        name = os.urandom(8).hex()
        copies = []
        for fmt, out in written:
            first = Path(out).read_bytes() if out != "-" else _rendered(fmt, data)
            spots = _spots(first, _rendered(fmt, probe), stamp)
            if spots is None:
                return False
            copies.append((fmt, out, first, spots))
        reports = []
        for n, (fmt, out, first, spots) in enumerate(copies):
            kept = f"{target.stem}.{name}.{n}"
            store(target.with_name(kept), first)
            reports.append([fmt, out, kept, spots, stamp])
        summary = None
        if not quiet:
            summary = f"{target.stem}.{name}.summary"
            store(target.with_name(summary), json.dumps(data, ensure_ascii=False).encode())
        record = {
            "tool": code_digest(),
            "inputs": identity,
            "plan": self.plan,
            "reports": reports,
            "summary": summary,
            "code": code,
            "outputs": _output_stats(written),
        }
        _replace(target, record)
        return True


def _output_stats(written: Sequence[tuple[str, str]]) -> list[list[int] | None]:
    return [stat_of(out) for _, out in written if out != "-"]


def _replace(target: Path, record: dict[str, Any]) -> None:
    """Put `record` in place and remove the report copies of the one it replaces."""
    try:
        old = json.loads(target.read_text(encoding="utf-8"))
        stale = {kept for _, _, kept, *_ in old["reports"]} | {old["summary"]}
    except (OSError, ValueError, TypeError, KeyError):
        stale = set()
    store(target, json.dumps(record).encode())
    keep = {kept for _, _, kept, *_ in record["reports"]} | {record["summary"]}
    for name in stale - keep - {None}:
        target.with_name(name).unlink(missing_ok=True)


# --- replaying it -----------------------------------------------------------------------------------------------


def replay(argv: Sequence[str]) -> int | None:
    """Replay the last run of this command line if nothing it read has changed: its exit code, or None (the command
    line must run)."""
    if not argv or argv[0] != "scan" or "--no-cache" in argv or "--unmask" in argv:
        return None
    target = _record_file(argv)
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
        plan, reports = record["plan"], record["reports"]
        written = [(fmt, out) for fmt, out, *_ in reports]
        if any(out not in argv and f"--{fmt}={out}" not in argv for fmt, out in written):
            return None  # not this command line's reports: a record never writes elsewhere
        if record["outputs"] != _output_stats(written) or record["tool"] != code_digest():
            return None
        current = inputs(plan["paths"], plan["files"], plan["outputs"])
        if current is None or current[0] != record["inputs"]:
            return None
        stamp = clock.now()
        copies = []
        for _, out, kept, spots, was in reports:
            if stamp.translate(_SHAPE) != was.translate(_SHAPE):
                return None  # the time is written another way now: only its digits are replaced
            copies.append((out, _stamped(target.with_name(kept).read_bytes(), spots, stamp)))
        data = None
        if record["summary"] is not None:
            data = json.loads(target.with_name(record["summary"]).read_text(encoding="utf-8"))
            data["generated_at"] = stamp
            show(data, written, io.StringIO())  # a damaged copy fails here, before anything is written
        code = int(record["code"])
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    try:
        from .fileio import atomic_write

        for out, copy in copies:
            if out != "-":
                atomic_write(Path(out), _writer(copy.decode("utf-8")))
    except (OSError, ValueError):  # ValueError: a kept copy that is not UTF-8
        return None  # the command line writes them all, or says why it cannot
    for out, copy in copies:
        if out == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(copy)
            sys.stdout.buffer.flush()
    if data is not None:
        show(data, written)
    record["outputs"] = _output_stats(written)
    with contextlib.suppress(OSError):  # the next run finds other report stats and scans: time, never a result
        store(target, json.dumps(record).encode())
    return code


def _writer(text: str) -> Callable[[TextIO], object]:
    return lambda stream: stream.write(text)


def show(data: dict[str, Any], written: Sequence[tuple[str, str]], stream: TextIO | None = None) -> None:
    """The terminal summary: on standard output, or standard error when a report goes to standard output (or on
    `stream`)."""
    from .reporters.text import summary

    if stream is None:
        stream = sys.stderr if any(out == "-" for _, out in written) else sys.stdout
    summary(data, stream, list(written))


def console() -> None:
    """The terminal summary never fails on a character the console cannot show (a `ł` in a file name on a cp850
    console): it is replaced. Reports written to stdout bypass this, as UTF-8 bytes (`output.write_report`)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
