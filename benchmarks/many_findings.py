"""Peak memory of the main process, and report size, on a log with a finding on every line (issue 14).

Generates a SAS log of `put pnr=...` lines (400,000 synthetic CPR numbers, about 12.7 MB), then runs the real
command line, `sdcscan scan DIR --json OUT --quiet --jobs 1`, in a child process that reports its own peak resident
memory (the main process: discovery, results, report, JSON) apart from its worker's. Runs it twice: with the default
cap on findings per rule and file (200), and with the cap raised beyond the number of findings (as before the cap).
Run:
    .venv/bin/python benchmarks/many_findings.py [--lines 400000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in the child: the scan as `sdcscan` runs it, then the peak RSS of this process and of its largest worker.
MEASURE = """
import atexit, json, resource, sys
from sdcscan import cli
def report():
    kb = 1 if sys.platform != "darwin" else 1024
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // kb
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // kb
    print(json.dumps({"main_kb": main, "worker_kb": worker}), file=sys.stderr)
atexit.register(report)
sys.argv = ["sdcscan", *sys.argv[1:]]
cli.main()
"""


def generate(path: Path, lines: int) -> int:
    """A SAS log in which a data step `put` every observation's CPR number (synthetic: valid dates, counter)."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("NOTE: SAS (r) Proprietary Software 9.4\n1    data _null_;\n2      set cohort;\n3      put pnr=;\n")
        for n in range(lines):
            day, month, year = n % 28 + 1, n // 28 % 12 + 1, n // 336 % 90 + 10
            out.write(f"pnr={day:02d}{month:02d}{year:02d}{n % 10000:04d} koen={n % 2 + 1} alder={n % 80 + 18}\n")
    return path.stat().st_size


def measure(folder: Path, report: Path, config: str) -> dict[str, float]:
    (folder / "sdcscan.toml").write_text(config, encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, "scan", str(folder), "--json", str(report), "--quiet", "--jobs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 1:
        raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr}")
    rss = json.loads(proc.stderr.strip().splitlines()[-1])
    data = json.loads(report.read_text(encoding="utf-8"))
    return {
        "seconds": round(seconds, 1),
        "main_mb": round(rss["main_kb"] / 1024),
        "worker_mb": round(rss["worker_kb"] / 1024),
        "findings": data["summary"]["findings"],
        "json_mb": round(report.stat().st_size / 1024**2, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=400_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        folder.mkdir()
        size = generate(folder / "put.log", args.lines)
        print(f"log: {size / 1024**2:.1f} MB, {args.lines:,} CPR numbers")
        runs = {
            "capped (default 200 per rule and file)": "",
            "uncapped (as before the cap)": f"max_findings_per_rule = {args.lines * 2}\n",
        }
        for label, config in runs.items():
            result = measure(folder, Path(tmp) / "report.json", config)
            print(f"{label}: {json.dumps(result)}")


if __name__ == "__main__":
    main()
