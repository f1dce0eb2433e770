"""Speed of the text detector layer next to ripgrep, on generated log text.

    .venv/bin/python benchmarks/text_detectors.py [--mb 200] [--file /tmp/sdcscan-bench.log] [--keep]

Writes a realistic SAS/R/Stata log mix of at least `--mb` megabytes (the shared generators of benchmarks/synth.py:
echoed code, notes, timings, printed tables and model output, and a few planted CPR numbers, names, addresses,
phones, e-mails and birth dates), then in the same run:

1. `rg --count` with only the CPR date pattern over the file, single-threaded (`-j1`), best of three;
2. every text detector (scanner/detectors: CPR with its context checks, names, addresses, phones, e-mails, birth
   dates) over the decoded text on this one core, best of three;

and prints MB/s for both and the ratio. If rg is not installed it says so and reports the detector figures alone.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sdcscan.detectors import cpr, scan
from sdcscan.detectors.prefilter import default_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write at least `megabytes` MB of SAS, R and Stata log blocks (benchmarks/synth.py), about one block in 500
    a planted leak of a category the text detectors look for; returns the byte count."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    with path.open("w", encoding="utf-8", newline="\n") as out:
        writer = synth.Writer(out)
        while writer.bytes < target:
            planted = rng.choice(("cpr", "personal-data")) if rng.random() < 0.002 else None
            writer.write(synth.log_text_block(rng, planted))
    return writer.bytes


def best_of(runs: int, fn: object) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, result


def ripgrep(path: Path) -> tuple[float, int] | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    command = [rg, "--count", "-j1", "--no-config", cpr.DATE_PATTERN, str(path)]
    seconds, out = best_of(3, lambda: subprocess.run(command, capture_output=True, text=True, check=False).stdout)
    return seconds, int(str(out).strip() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="size of the generated log in MB (default 200)")
    parser.add_argument("--file", type=Path, default=Path("/tmp/sdcscan-bench.log"))
    parser.add_argument("--keep", action="store_true", help="keep the generated file (reused when big enough)")
    parser.add_argument("--engine", choices=("hyperscan", "regex"), default=default_engine(), help="prefilter engine")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, like rg -j1
    if not (args.file.exists() and args.file.stat().st_size >= args.mb * 1_000_000):
        generate(args.file, args.mb)
    size = args.file.stat().st_size
    mb = size / 1_000_000
    print(f"file: {args.file} ({mb:.1f} MB)")
    read_seconds, text = best_of(1, lambda: args.file.read_text(encoding="utf-8"))
    print(f"read and decode: {read_seconds:.2f} s (not part of the detector figure)")

    seconds, hits = best_of(3, lambda: list(scan(str(text), engine=args.engine)))
    by_rule: dict[str, int] = {}
    for hit in hits:  # type: ignore[union-attr]
        by_rule[hit.rule] = by_rule.get(hit.rule, 0) + 1
    rate = f"{seconds:.2f} s, {mb / seconds:.0f} MB/s on one core"
    print(f"sdcscan detectors ({args.engine} prefilter): {rate}; hits {dict(sorted(by_rule.items()))}")

    rg = ripgrep(args.file)
    if rg is None:
        print("rg: NOT INSTALLED (apt-get install ripgrep, or pip install ripgrep); no ratio measured")
    else:
        rg_seconds, lines = rg
        print(f"rg -j1 CPR date pattern: {rg_seconds:.2f} s, {mb / rg_seconds:.0f} MB/s; {lines} matching lines")
        print(f"ratio sdcscan/rg: {seconds / rg_seconds:.2f}x (target <= 2x)")
    if not args.keep:
        args.file.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
