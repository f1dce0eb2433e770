"""Where a scan's time goes, one file kind at a time, in one process (no workers, no cache).

    .venv/bin/python benchmarks/profile_kinds.py PROJECT [--kinds csv,lst,log] [--profile] [--top 25]

Scans every file of each kind (by extension) below PROJECT with `engine.scan_file`, prints seconds and MB/s per
kind, and with --profile the top functions by own time (cProfile) for each kind. Used to find the hot spots of a
regression one kind at a time (docs/performance.md).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import defaultdict
from pathlib import Path

from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file, warm_up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--kinds", default="", help="comma-separated extensions (default: all found)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary per kind")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(args.project.rglob("*")):
        if path.is_file() and path.suffix and path.name != "manifest.json":
            files[path.suffix[1:]].append(path)
    wanted = [k for k in args.kinds.split(",") if k] or sorted(files)
    settings = Settings()
    warm_up()
    total_s = total_mb = 0.0
    for kind in wanted:
        tasks = [Task(str(p), p.relative_to(args.project).as_posix(), settings) for p in files.get(kind, [])]
        mb = sum(p.stat().st_size for p in files.get(kind, [])) / 1e6
        profiler = cProfile.Profile() if args.profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        findings = sum(len(scan_file(task).findings) for task in tasks)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
        total_s, total_mb = total_s + seconds, total_mb + mb
        rate = mb / max(seconds, 1e-9)
        print(f"{kind:6} {len(tasks):5} files {mb:8.1f} MB {seconds:7.2f} s {rate:6.2f} MB/s {findings} findings")
        if profiler:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    print(f"all    {total_mb:8.1f} MB {total_s:7.2f} s {total_mb / max(total_s, 1e-9):6.2f} MB/s")


if __name__ == "__main__":
    main()
