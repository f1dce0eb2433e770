"""The worker pool stops a file that overruns its time limit, survives a worker that dies, and loses nothing."""

from __future__ import annotations

import os
import time

from sdcscan import pool


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
        "failed die: the scanner process stopped on this file",
        "failed hang: stopped after the per-file time limit of 3 s",
    ]
