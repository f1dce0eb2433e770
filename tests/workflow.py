"""Helpers shared by the review-workflow tests (configuration, suppressions, baseline): a real scan of real files
on disk, in this process or through the real command line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sdcscan import baseline, config, engine, report
from sdcscan import cli as sdcscan_cli
from sdcscan.fileio import NO_KEEPING

from conftest import validate_report


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def scan(root: Path, against: Path | None = None, **cli: Any) -> dict[str, Any]:
    """The report of a scan of `root` with its configuration file and `cli` options, as `sdcscan scan` builds it."""
    settings = config.resolve(root, cli.pop("config", None), cli.pop("profile", None), **cli)
    own = against.resolve() if against is not None else None
    reviewed = baseline.load(against) if against is not None else None
    results = engine.scan_tree(root, [root], settings, jobs=0, baseline_file=own, reviewed=reviewed)
    data = report.build(root.as_posix(), results, settings)
    validate_report(data)
    return data


def findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(f, path=file["path"]) for file in data["files"] for f in file["findings"]]


def marks(data: dict[str, Any], field: str) -> set[tuple[str, str, int, Any]]:
    """(path, rule, line, value of `field`) of every finding: what the tests compare."""
    return {(f["path"], f["rule"], f["line"], f.get(field)) for f in findings(data)}


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "sdcscan", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def cli_json(*args: str | Path, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    proc = cli("scan", *args, "--json", "-", "--quiet", "--jobs", "1", cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    validate_report(data)
    return proc.returncode, data


def cli_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str | Path
) -> tuple[int, str]:
    """`sdcscan ARGS` in this process: (exit code, standard error). The command's signal handlers are put back
    afterwards, so Ctrl-C and SIGTERM still stop the test run, and so is the environment the command sets for its
    workers (a scan of a folder holding the cache folder keeps nothing: `SDCSCAN_NO_KEEPING`)."""
    monkeypatch.setattr(sys, "argv", ["sdcscan", *map(str, args)])
    monkeypatch.setenv(NO_KEEPING, os.environ.get(NO_KEEPING, "0"))  # restored as it was after the test
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with pytest.raises(SystemExit) as exit_:
            sdcscan_cli.main()
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    code = exit_.value.code
    return code if isinstance(code, int) else 0, capsys.readouterr().err
