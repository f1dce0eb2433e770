"""Throughput and peak memory of `sdcscan scan` on a generated SAS listing (default 1 GB): pages of PROC PRINT
rows, PROC FREQ one-way tables and crosstabs, PROC MEANS tables and UNIVARIATE quantiles, with synthetic values.

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

PAGE = "\f                                      The SAS System          10:12 Monday, November 2, 2026 {page:>5}\n\n"

PRINT_HEADER = "                          Obs    lbnr     koen    alder    region\n\n"
PRINT_ROW = "                    {obs:>10}    A{id:05d}      {sex}       {age:>2}     {region}\n"

FREQ = """                                 The FREQ Procedure

                                                      Cumulative    Cumulative
                       region    Frequency     Percent     Frequency      Percent
                       --------------------------------------------------------
                       Hovedstaden   {a:>5}       40.00         {a:>5}        40.00
                       Midtjylland   {b:>5}        1.00         {ab:>5}        41.00
                       Nordjylland   {c:>5}       59.00         {abc:>5}       100.00

                                   Table of koen by diag

                          koen      diag

                          Frequency|
                          Percent  |A01     |B02     |  Total
                          ---------+--------+--------+
                                 1 |{d:>7} |     60 |     64
                                   |   3.08 |  46.15 |  49.23
                          ---------+--------+--------+
                          Total     {d:>7}       60       64
                                       4.62    95.38   100.00

"""

MEANS = """                                 The MEANS Procedure

                                     N
                     koen          Obs     N            Mean         Std Dev         Minimum         Maximum
                     ---------------------------------------------------------------------------------------
                     1          {n:>6}{n:>6}      45.1234567      12.1234567      18.0000000      89.0000000
                     ---------------------------------------------------------------------------------------

                              The UNIVARIATE Procedure

                              100% Max          89.0
                              50% Median        45.0
                              0% Min            18.0

"""

REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write the listing; returns its size in bytes. Every 20th page is a page of tables, the rest are rows."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    written, page, obs = 0, 1, 1
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < target:
            parts = [PAGE.format(page=page)]
            if page % 20 == 0:
                a, b, c, d = rng.randint(100, 999), rng.randint(1, 9), rng.randint(100, 999), rng.randint(1, 9)
                parts.append(FREQ.format(a=a, b=b, c=c, ab=a + b, abc=a + b + c, d=d))
                parts.append(MEANS.format(n=rng.randint(1, 99)))
            else:
                parts.append(PRINT_HEADER)
                for _ in range(50):
                    region = rng.choice(REGIONS)
                    parts.append(
                        PRINT_ROW.format(
                            obs=obs, id=obs % 100000, sex=rng.randint(1, 2), age=rng.randint(18, 99), region=region
                        )
                    )
                    obs += 1
            chunk = "".join(parts)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            page += 1
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
