"""Throughput and peak memory of `sdcscan scan` on a generated SAS listing (default 1 GB, from the shared generators
of benchmarks/synth.py): pages of PROC PRINT rows, PROC FREQ one-way tables and crosstabs, PROC MEANS tables,
LOGISTIC estimates and UNIVARIATE quantiles, with synthetic values.

Reports MB/s of the whole scan (a child process running the CLI, as a user would) and its peak resident memory
(getrusage of children), and the number of findings. Run:
    .venv/bin/python benchmarks/listing_throughput.py [--mb 1024] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write the listing from the shared generators (benchmarks/synth.py); returns its size in bytes. Nineteen
    pages in twenty are PROC PRINT rows, the rest tables of every kind."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="\n") as out:
        writer = synth.Writer(out)
        pages = synth.listing_pages(rng, print_share=0.95)
        while writer.bytes < target:
            writer.write(next(pages))
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=1024, help="size of the generated listing in MB (default 1024)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sdcscan-listing-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        listing = folder / "big.lst"
        started = time.perf_counter()
        size = generate(listing, args.mb)
        print(f"generated {size / 1e6:,.0f} MB in {time.perf_counter() - started:.1f} s: {listing}")
        report = folder.parent / f"{folder.name}-report.json"
        cli = Path(sys.executable).with_name("sdcscan")
        command = [str(cli) if cli.exists() else "sdcscan", "scan", str(listing), "--json", str(report), "-q"]
        command += ["--fail-on", "never", "--timeout", "36000", "-j", "1"]
        started = time.perf_counter()
        done = subprocess.run(command, check=False)
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        data = json.loads(report.read_text(encoding="utf-8"))
        entry = data["files"][0]
        rules: dict[str, int] = {}
        for finding in entry["findings"]:
            rules[finding["rule"]] = rules.get(finding["rule"], 0) + 1
        print(
            f"exit {done.returncode}; status {entry['status']}; findings by rule: {json.dumps(rules, sort_keys=True)}"
        )
        print(f"scan: {seconds:.1f} s, {size / 1e6 / seconds:.1f} MB/s, peak RSS of the scan {peak_kb / 1024:.0f} MB")
        report.unlink(missing_ok=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
