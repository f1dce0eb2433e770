"""The cyclic garbage collector's thresholds while a file is scanned (issue 11's throughput clause): raised for the
scan of each file (facts, rows and cells are freed by reference counting; the default thresholds made the collector
walk the heap over and over for nothing), and given back afterwards, also when the scan fails. Findings do not
depend on it: the fixture suite and the byte-identical reports in docs/performance.md "Round 6" check that."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sdcscan import engine
from sdcscan.config import Settings
from sdcscan.engine import COLLECTOR_THRESHOLDS, Task, scan_file
from sdcscan.model import FileResult


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def _seen_while_scanning(monkeypatch: pytest.MonkeyPatch, fail: bool) -> list[tuple[int, ...]]:
    seen: list[tuple[int, ...]] = []
    scan = engine._scan

    def spy(path: Path, task: Task, result: FileResult) -> FileResult:
        seen.append(gc.get_threshold())
        if fail:
            raise RuntimeError("a bug in a front end")
        return scan(path, task, result)

    monkeypatch.setattr(engine, "_scan", spy)
    # With the debug variable a bug raises out of `scan_file` (tests, jobs 0): the thresholds are given back then too.
    monkeypatch.setenv(engine.DEBUG_VARIABLE, "1")
    return seen


@pytest.mark.parametrize("fail", [False, True])
def test_a_file_is_scanned_with_the_raised_thresholds_and_they_are_given_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_thresholds: None, fail: bool
) -> None:
    seen = _seen_while_scanning(monkeypatch, fail)
    listing = tmp_path / "out.lst"
    listing.write_text("                              The FREQ Procedure\n", encoding="utf-8")
    task = Task(str(listing), "out.lst", Settings())
    if fail:
        with pytest.raises(RuntimeError):
            scan_file(task)
    else:
        assert scan_file(task).status == "scanned"
    assert seen == [COLLECTOR_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)


def test_the_raised_thresholds_still_collect_cycles() -> None:
    # Raised, not switched off: a threshold of 0 would disable the collector, and a file that makes cycles would
    # then hold them until the worker ends.
    assert all(threshold > 0 for threshold in COLLECTOR_THRESHOLDS)
    assert COLLECTOR_THRESHOLDS[0] > 700
