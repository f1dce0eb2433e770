"""Peak memory and recall on one huge single-line log (issue 14).

Writes a log of SIZE bytes with no newline at all (log text, seeded), plants 10 synthetic CPR numbers at random
offsets (half `DDMMYYSSSS`, half `DDMMYY-SSSS`, no context word), then runs
`/usr/bin/time -v sdcscan scan DIR --json OUT --jobs 1 --no-cache` and prints the peak resident memory (largest
process) and how many planted numbers the report found, by line and column. Streaming cuts such a line into
pieces of about 68 MiB (each counted as a line), so at 500 MB there are eight pieces.
Run:
    .venv/bin/python benchmarks/single_line.py [--size 500MB] [--seed 14]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Log text with a nine-digit count: on a line that reads as a table row, a plain ten-digit number beside one is
# taken for a total, which silenced every plain CPR number on a huge line before the fix.
_FILLER = (
    "NOTE: There were 104857600 observations read from the data set WORK.COHORT. "
    "NOTE: DATA statement used (Total process time): real time 0.04 seconds cpu time 0.03 seconds "
)
_UNITS = {"KB": 1024, "MB": 1024**2, "GB": 1024**3}


def size_arg(text: str) -> int:
    match = re.fullmatch(r"(\d+)(KB|MB|GB)", text.upper())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text} (e.g. 500MB)")
    return int(match[1]) * _UNITS[match[2]]


def cpr(rng: random.Random, dashed: bool) -> str:
    """A synthetic CPR number with a valid 1900s date (7th digit 0-3), written with or without the dash."""
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(30, 99)
    return f"{day:02d}{month:02d}{year:02d}{'-' * dashed}{rng.randint(0, 3)}{rng.randint(0, 999):03d}"


def generate(path: Path, size: int, offsets: list[int], rng: random.Random) -> list[str]:
    """Write filler up to `size` bytes with ` <cpr> ` at each offset (sorted); the numbers planted."""
    planted: list[str] = []
    block = _FILLER * (4 * 1024 * 1024 // len(_FILLER))
    written = 0
    with path.open("w", encoding="ascii", newline="") as out:
        for offset in [*sorted(offsets), size]:
            while written < offset:
                part = block[: offset - written]
                out.write(part)
                written += len(part)
            if offset < size:
                planted.append(cpr(rng, dashed=len(planted) % 2 == 1))
                plant = f" {planted[-1]} "
                out.write(plant)
                written += len(plant)
    return planted


def peak_rss_mb(stderr: str) -> float:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(match[1]) / 1024 if match else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=size_arg, default=size_arg("500MB"))
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    sdcscan = shutil.which("sdcscan", path=str(Path(sys.executable).parent))
    if sdcscan is None or not Path("/usr/bin/time").exists():
        raise SystemExit("needs the sdcscan command beside this Python and /usr/bin/time (GNU time)")
    rng = random.Random(args.seed)
    offsets = [rng.randrange(0, args.size) for _ in range(10)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        folder.mkdir()
        log = folder / "run.log"
        planted = generate(log, args.size, offsets, rng)
        report = Path(tmp) / "report.json"
        command = [sdcscan, "scan", str(folder), "--json", str(report), "--jobs", "1", "--no-cache", "--quiet"]
        started = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if proc.returncode not in (0, 1):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
        findings = json.loads(report.read_text(encoding="utf-8"))["files"][0]["findings"]
        columns = sorted({(f["line"], f["column"]) for f in findings if f["rule"].startswith("cpr.")})
        print(f"log: {log.stat().st_size / 1024**2:.0f} MB on one line, {len(planted)} CPR numbers planted")
        print(f"scan: {seconds:.1f} s, exit {proc.returncode}, peak RSS {peak_rss_mb(proc.stderr):.0f} MB")
        print(f"found: {len(columns)}/{len(planted)} (line, column) {columns}")
        print(f"other findings: {sorted({f['rule'] for f in findings if not f['rule'].startswith('cpr.')})}")


if __name__ == "__main__":
    main()
