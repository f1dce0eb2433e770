"""Worker processes with a per-file time limit.

A pool that cannot stop one task is no use against a pathological file (a regex that backtracks, a parser that
loops), so each worker has its own pipe and is sent a small batch of tasks; it answers after every task, which
restarts that task's clock. The clock of a batch's first task starts when the worker says it has begun (after its
start-up and warm-up), so a slow start never counts against a file. A worker that overruns the limit, or dies, is
killed and replaced: the task it was on is reported as failed and the rest of its batch goes back in the queue.
Batches keep the per-task cost low on folders of many tiny files. Workers are started with `spawn`, the only start
method Windows has, everywhere. Workers ignore Ctrl-C: the main process stops them, so no worker prints a traceback.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

BATCH = 16
# Seconds a new worker may take to start and warm up before its first task's clock runs (a loaded machine starting
# Python and compiling patterns); beyond it the worker counts as stuck.
STARTUP = 300.0
_STARTED = "started"


# `run` hands any task to `work` in a worker and gives back what it returned: the engine's Task and FileResult.
Task = TypeVar("Task")
Result = TypeVar("Result")


def _serve(conn: Connection, work: Callable[[Any], Any], warm: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # where it is not inherited (Windows)
    if warm is not None:
        warm()
    while batch := conn.recv():
        conn.send(_STARTED)
        for task in batch:
            conn.send(work(task))


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any], warm: Callable[[], None] | None) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = context.Process(target=_serve, args=(child, work, warm), daemon=True)
        # Started with Ctrl-C ignored, which a new interpreter inherits on POSIX, so that a Ctrl-C while it is still
        # importing prints no traceback; the main process stops it.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
        try:
            self.process.start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        child.close()
        self.batch: deque[Any] = deque()
        self.clock = 0.0
        self.started = False

    def give(self, batch: list[Any]) -> None:
        self.batch = deque(batch)
        self.clock = time.monotonic()
        self.started = False
        self.conn.send(batch)

    def limit(self, timeout: float) -> float:
        """Seconds the current task may run from `clock`: until the worker has begun the batch, its start-up."""
        return timeout if self.started else STARTUP + timeout

    def death(self) -> str:
        """Why the process stopped, as far as the system tells."""
        self.process.join(timeout=1)
        code = self.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the scanner process stopped on this file ({how})"

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
    tasks: list[Task],
    work: Callable[[Task], Result],
    jobs: int,
    timeout: float,
    failed: Callable[[Task, str, bool], Result],
    warm: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """Yield `work(task)` for every task, in completion order. A task that runs longer than `timeout` seconds, or
    whose worker dies, yields `failed(task, reason, overran)` instead (`overran`: it hit the time limit), and the
    scan goes on with the others. `warm` runs once in each worker before its clock starts (lazy caches)."""
    context = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    size = max(1, min(BATCH, len(tasks) // (max(jobs, 1) * 4)))
    workers = [_Worker(context, work, warm) for _ in range(max(1, min(jobs, len(tasks))))]
    try:
        while queue or any(w.batch for w in workers):
            for worker in workers:
                if not worker.batch and queue:
                    worker.give([queue.popleft() for _ in range(min(size, len(queue)))])
            busy = {w.conn: w for w in workers if w.batch}
            first = min(w.clock + w.limit(timeout) for w in busy.values())
            for conn in wait(list(busy), timeout=max(0.0, first - time.monotonic())):
                worker = busy[conn]  # type: ignore[index]
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    yield failed(worker.batch.popleft(), worker.death(), False)
                    workers[workers.index(worker)] = _replace(worker, queue, context, work, warm)
                    continue
                worker.clock = time.monotonic()
                if not worker.started:  # the first answer to a batch says the worker has begun it
                    worker.started = True
                    continue
                worker.batch.popleft()
                yield cast(Result, result)  # what `work` returned, through the pipe
            now = time.monotonic()
            for worker in list(workers):
                if worker.batch and now - worker.clock >= worker.limit(timeout):
                    reason = f"stopped after the per-file time limit of {timeout:g} s"
                    if not worker.started:
                        reason = f"the scanner process did not start within {STARTUP + timeout:g} s"
                    yield failed(worker.batch.popleft(), reason, True)
                    workers[workers.index(worker)] = _replace(worker, queue, context, work, warm)
    finally:
        for worker in workers:
            worker.stop()


def _replace(
    worker: _Worker, queue: deque[Any], context: Any, work: Callable[[Any], Any], warm: Callable[[], None] | None
) -> _Worker:
    """Kill a worker, put the untouched rest of its batch back at the front of the queue, start a fresh one."""
    rest = list(worker.batch)
    worker.stop(force=True)
    queue.extendleft(reversed(rest))
    return _Worker(context, work, warm)
