"""Worker processes with a per-file time limit.

A pool that cannot stop one task is no use against a pathological file (a regex that backtracks, a parser that
loops), so each worker has its own pipe and is sent a small batch of tasks; it answers after every task, which
restarts that task's clock. A worker that overruns the limit, or dies, is killed and replaced: the task it was on
is reported as failed and the rest of its batch goes back in the queue. Batches keep the per-task cost low on
folders of many tiny files. Workers are started with `spawn`, the only start method Windows has, everywhere.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

BATCH = 16


def _serve(conn: Connection, work: Callable[[Any], Any]) -> None:
    while batch := conn.recv():
        for task in batch:
            conn.send(work(task))


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = context.Process(target=_serve, args=(child, work), daemon=True)
        self.process.start()
        child.close()
        self.batch: deque[Any] = deque()
        self.clock = 0.0

    def give(self, batch: list[Any]) -> None:
        self.batch = deque(batch)
        self.clock = time.monotonic()
        self.conn.send(batch)

    def stop(self, force: bool = False) -> None:
        try:
            if force or self.batch:
                self.process.kill()
            else:
                self.conn.send([])
        except OSError:
            pass  # the process is gone already; join reaps it
        self.process.join(timeout=5)
        self.conn.close()


def run(
    tasks: list[Any],
    work: Callable[[Any], Any],
    jobs: int,
    timeout: float,
    failed: Callable[[Any, str, bool], Any],
) -> Iterator[Any]:
    """Yield `work(task)` for every task, in completion order. A task that runs longer than `timeout` seconds, or
    whose worker dies, yields `failed(task, reason, overran)` instead (`overran`: it hit the time limit), and the
    scan goes on with the others."""
    context = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    size = max(1, min(BATCH, len(tasks) // (max(jobs, 1) * 4)))
    workers = [_Worker(context, work) for _ in range(max(1, min(jobs, len(tasks))))]
    try:
        while queue or any(w.batch for w in workers):
            for worker in workers:
                if not worker.batch and queue:
                    worker.give([queue.popleft() for _ in range(min(size, len(queue)))])
            busy = {w.conn: w for w in workers if w.batch}
            oldest = min(w.clock for w in busy.values())
            for conn in wait(list(busy), timeout=max(0.0, oldest + timeout - time.monotonic())):
                worker = busy[conn]  # type: ignore[index]
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    yield failed(worker.batch.popleft(), "the scanner process stopped on this file", False)
                    workers[workers.index(worker)] = _replace(worker, queue, context, work)
                    continue
                worker.batch.popleft()
                worker.clock = time.monotonic()
                yield result
            now = time.monotonic()
            for worker in list(workers):
                if worker.batch and now - worker.clock >= timeout:
                    reason = f"stopped after the per-file time limit of {timeout:g} s"
                    yield failed(worker.batch.popleft(), reason, True)
                    workers[workers.index(worker)] = _replace(worker, queue, context, work)
    finally:
        for worker in workers:
            worker.stop()


def _replace(worker: _Worker, queue: deque[Any], context: Any, work: Callable[[Any], Any]) -> _Worker:
    """Kill a worker, put the untouched rest of its batch back at the front of the queue, start a fresh one."""
    rest = list(worker.batch)
    worker.stop(force=True)
    queue.extendleft(reversed(rest))
    return _Worker(context, work)
