"""A wheel carries every data file the scanner reads (grammars/, patterns/ and templates are mapped into the
package by pyproject.toml), and the installed, non-editable package runs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds a wheel and installs it into a fresh environment

DATA = ("*.scm", "*.toml", "*.txt")


def test_wheel_carries_the_data_and_runs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("sdcscan-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"sdcscan/{area}/{p.relative_to(ROOT / area).as_posix()}"
        for area in ("grammars", "patterns")
        for pattern in DATA
        for p in (ROOT / area).rglob(pattern)
    }
    expected |= {f"sdcscan/{p.relative_to(ROOT / 'scanner').as_posix()}" for p in (ROOT / "scanner").rglob("*.*")}
    expected = {n for n in expected if "__pycache__" not in n}
    assert expected <= names, sorted(expected - names)
    # The console script starts at the replay of an unchanged rescan, which hands over to the command line.
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "sdcscan = sdcscan.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        f"import sys; sys.path.insert(0, {str(target)!r}); import sdcscan; "
        f"assert sdcscan.__file__.startswith({str(target)!r}), sdcscan.__file__; "
        "from sdcscan.replay import code_digest; assert code_digest(); "
        "sys.argv = ['sdcscan', 'rules']; from sdcscan.__main__ import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "cpr.number" in done.stdout and "sas.proc-print" in done.stdout
