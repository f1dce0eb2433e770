"""The worker pool stops a file that overruns its time limit, survives a worker that dies, and loses nothing."""

from __future__ import annotations

import os
import signal
import time

import pytest

from sdcscan import pool

pytestmark = pytest.mark.slow  # spawned workers, and time limits that have to pass


def slow_or_dying(task: str) -> str:
    if task == "hang":
        time.sleep(60)
    if task == "die":
        os._exit(3)
    return f"done {task}"


def test_timeouts_and_crashes_become_failures_and_the_rest_goes_on() -> None:
    tasks = ["a", "hang", "b", "die", "c"]
    started = time.monotonic()
    results = list(
        pool.run(tasks, slow_or_dying, jobs=2, timeout=3, failed=lambda t, why, _overran: f"failed {t}: {why}")
    )
    assert time.monotonic() - started < 30
    assert sorted(results) == [
        "done a",
        "done b",
        "done c",
        "failed die: the scanner process stopped on this file (exit code 3)",
        "failed hang: stopped after the per-file time limit of 3 s",
    ]


def slow_start() -> None:
    time.sleep(3)  # a worker starting on a loaded machine: imports, compiled patterns, parsers


def test_the_clock_starts_when_the_worker_begins_not_when_it_is_started() -> None:
    results = list(
        pool.run(["a", "b", "c"], slow_or_dying, jobs=2, timeout=1, failed=lambda t, why, _o: why, warm=slow_start)
    )
    assert sorted(results) == ["done a", "done b", "done c"]


def killed(task: str) -> str:
    if task == "victim":
        os.kill(os.getpid(), signal.SIGKILL)
    return f"done {task}"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_killed_worker_names_its_file_and_the_rest_goes_on() -> None:
    results = list(pool.run(["a", "victim", "b"], killed, jobs=1, timeout=30, failed=lambda t, why, _o: f"{t}: {why}"))
    assert sorted(results) == [
        "done a",
        "done b",
        "victim: the scanner process stopped on this file (killed by signal 9)",
    ]
