"""Where reports go: every report path is checked before the scan, and every report is written atomically.

A report must never replace what it reports on: an input file, a file the scan would read, the configuration, the
baseline, or another report of the same run (`check_targets`). Reports are written with `fileio.atomic_write`, so a
full disk, a crash or an interrupt leaves the old file or the new one, never part of one.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .config import ConfigError
from .discover import SNIFF_BYTES, own_report
from .fileio import atomic_write, open_regular
from .reporters import FORMATS


class OutputError(ConfigError):
    """A report path that must not be written (exit code 2, one line naming it and why)."""


def same_file_key(path: Path) -> str:
    """A resolved path as the file system compares it (case-insensitively on Windows: `normcase`)."""
    return os.path.normcase(str(path.resolve()))


def _is_inside(path: Path, folder: Path) -> bool:
    return os.path.normcase(str(path)).startswith(os.path.normcase(str(folder)) + os.sep)


def _our_report(path: Path, fmt: str) -> bool:
    """Whether an existing regular file is a report sdcscan wrote earlier in this format (a re-run may replace it),
    recognised by its content as the scan recognises reports (`discover.own_report`)."""
    with open_regular(path) as data:
        head = data.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    found = own_report(path, head)
    return found is not None and found[0] == FORMATS[fmt].label


def check_targets(
    targets: Mapping[str, str | None], inputs: Sequence[Path], protected: Mapping[str, Path | None]
) -> None:
    """Refuse, before anything is scanned, a report path that is an input, lies in a scanned folder on a file the
    scan would read (anything but an earlier report of the same format), is one of the `protected` files (option
    name -> path: the configuration, the baseline) or is given for two reports."""
    folders = [p.resolve() for p in inputs if p.is_dir()]
    files = {same_file_key(p): p for p in inputs if not p.is_dir()}
    kept = {same_file_key(p): name for name, p in protected.items() if p is not None}
    claimed: dict[str, str] = {}
    for fmt, target in targets.items():
        option = f"--{fmt}"
        if target == "-":
            if not FORMATS[fmt].stdout:
                raise OutputError(f"{option} -: the {fmt} report cannot go to standard output; give a file name")
            if "-" in claimed:
                raise OutputError(f"{option} -: {claimed['-']} writes to standard output already")
            claimed["-"] = option
            continue
        if not target:
            continue
        path = Path(target)
        key = same_file_key(path)
        if key in files:
            raise OutputError(f"{option} {target}: that is a file being scanned; write the report elsewhere")
        if key in kept:
            raise OutputError(f"{option} {target}: that is the {kept[key]} file; write the report elsewhere")
        if key in claimed:
            raise OutputError(f"{option} {target}: {claimed[key]} writes there too; give each report its own file")
        claimed[key] = option
        if not path.exists():
            continue
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise OutputError(f"{option} {target}: not a regular file; give a file name (or '-' for standard output)")
        resolved = path.resolve()
        if any(_is_inside(resolved, folder) for folder in folders) and not _our_report(resolved, fmt):
            raise OutputError(
                f"{option} {target}: an existing file in the scanned folder that is not an sdcscan {fmt} report; "
                "write the report elsewhere"
            )


def write_report(fmt: str, data: dict[str, object], target: str) -> None:
    """One report: to standard output for '-' (formats that allow it), else atomically to the file."""
    render = FORMATS[fmt].render
    if target == "-":
        # UTF-8 whatever the console's code page: a pipe or `> r.json` gets the same bytes as a file would.
        sys.stdout.flush()
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            render(data, out)
            out.flush()
        finally:
            out.detach()
        return
    atomic_write(Path(target), lambda out: render(data, out))
