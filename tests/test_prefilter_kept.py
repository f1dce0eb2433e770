"""The compiled Hyperscan database of sdcscan's own detector patterns is kept in the user's cache folder and read
back by later processes (0.35-0.8 s of CPU per worker otherwise); it must mark the same lines, be rebuilt when it
cannot be read, and never be kept for names a configuration lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.detectors import cpr, personal
from sdcscan.detectors.prefilter import Loose, Prefilter
from sdcscan.engine import SMALL_TREE

hyperscan = pytest.importorskip("hyperscan")

TEXT = "pnr 010190-1234 til kontrol\nJens Hansen, Åboulevarden 12, 8000 Aarhus C\nnothing here\ntlf 20 30 40 50\n"


def _loose() -> tuple[Loose, ...]:
    return (*cpr.loose(), *personal.patterns(()).loose)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDCSCAN_CACHE_DIR", str(tmp_path))
    return tmp_path / "patterns"


def test_a_kept_database_is_read_back_and_marks_the_same_lines(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = list(Prefilter(_loose(), "hyperscan", keep=True).spans(TEXT))
    assert len(list(cache_folder.glob("*.hsdb"))) == 1

    def no_compiling() -> None:
        raise AssertionError("compiled again instead of reading the kept database")

    monkeypatch.setattr(hyperscan, "Database", no_compiling)
    assert list(Prefilter(_loose(), "hyperscan", keep=True).spans(TEXT)) == compiled
    assert compiled == list(Prefilter(_loose(), "regex").spans(TEXT))


def test_an_unreadable_kept_database_is_compiled_again(cache_folder: Path) -> None:
    expected = list(Prefilter(_loose(), "hyperscan").spans(TEXT))
    Prefilter(_loose(), "hyperscan", keep=True)
    (kept,) = cache_folder.glob("*.hsdb")
    kept.write_bytes(b"not a database")
    assert list(Prefilter(_loose(), "hyperscan", keep=True).spans(TEXT)) == expected
    assert kept.read_bytes() != b"not a database"  # written again


def test_other_patterns_get_their_own_database_and_configured_names_none(cache_folder: Path) -> None:
    Prefilter(cpr.loose(), "hyperscan", keep=True)
    Prefilter(_loose(), "hyperscan", keep=True)
    assert len(list(cache_folder.glob("*.hsdb"))) == 2
    # What detectors build for a configuration's own names (they may be real persons') is never kept.
    list(personal.find("Karen Blixen", extra_names=("Blixen",), engine="hyperscan"))
    assert len(list(cache_folder.glob("*.hsdb"))) == 2


def test_nothing_is_kept_in_a_cache_folder_inside_the_scanned_folder(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    project = tmp_path / "project"
    project.mkdir()
    # Over SMALL_TREE, so that a worker scans it and compiles the detectors' patterns; one name, not 200,000 of
    # them (each a finding made before the cap folds it: 84 s of this test).
    filler = "the weather was fine today\n" * (SMALL_TREE // 27 + 1)
    (project / "notes.txt").write_text("Jens Hansen\n" + filler, encoding="utf-8")
    env = {**os.environ, "SDCSCAN_CACHE_DIR": str(project / ".cache")}
    done = subprocess.run(
        [sys.executable, "-m", "sdcscan", "scan", str(project), "-q", "-j", "1", "--fail-on", "never"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert not (project / ".cache").exists()
