"""Speed of the text detector layer next to ripgrep, on generated log text.

    .venv/bin/python benchmarks/text_detectors.py [--mb 200] [--file /tmp/sdcscan-bench.log] [--keep]

Writes a realistic SAS/R/Stata log mix of at least `--mb` megabytes (synthetic: numbers, timestamps, notes, printed
tables, listings, and a few planted CPR numbers, names, addresses, phones and e-mails), then in the same run:

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

_NOTES = (
    "NOTE: The data set WORK.COHORT{n} has {big} observations and {small} variables.",
    "NOTE: DATA statement used (Total process time):",
    "      real time           {sec}.{ms:02d} seconds",
    "      cpu time            0.{ms:02d} seconds",
    "NOTE: There were {big} observations read from the data set RAW.LPR_ADM{yy}.",
    "NOTE: PROCEDURE FREQ used (Total process time):",
    "{n}    data cohort; set raw.bef{yy}(keep=pnr koen foed_dag kom); where alder between 18 and 65; run;",
    "{n}    proc freq data=cohort; tables koen*kom / nopercent; run;",
    "WARNING: Variable DIAG_{n} has been defined as both character and numeric.",
    "NOTE: Remote submit to SERVER commencing at 2024-03-{dd:02d}T{hh:02d}:{mi:02d}:{ss:02d}.",
    "> fit <- glm(y ~ x{n} + age, family = binomial, data = d)  # {big} rows",
    "[1] {big}.{ms}  {small}.{ms}  0.{big}",
    ". tabulate region if year == 20{yy}, missing",
    "   Hovedstaden |      {big}       {pct}.{ms:02d}       {pct}.{ms:02d}",
    "  {n}  {small}  {big}  {pct}.{ms:02d}  {big}  20{yy}-0{m}-{dd:02d}  {word}",
    "Model fitted in {sec}.{ms} s; AIC = {big}.{ms}; log-likelihood = -{big}.{ms}",
    "The estimated effect of treatment in the Danish cohort was {pct}.{ms} (95% CI {small}.{ms} to {pct}.{ms}).",
    "Version 9.04.01M7P080520 X64_SRV19 on {dd:02d}JAN20{yy}:{hh:02d}:{mi:02d}:{ss:02d}",
    "NOTE: Variablen KØN er omkodet for {big} personer i Region Sjælland; fødselsår mangler for {small}.",
    "  Sønderjylland  Ålborg  Ærø |  {big}  {small}  {pct},{ms:02d} %",
    "Total          {big}{small:03d}   {big2}{small:03d}",
    "NOTE: DATETIME constant {big}{small:03d} used in WHERE clause; Jens and Hans are variables here.",
)
_PLANTED = (
    "pnr 0101901235 selected by mistake",
    "Contact Jens Hansen on +45 20 12 34 56 or jens.hansen@example.dk",
    "Patient lives at Vesterbrogade 12, 2. th., 1620 København V",
    "født 12.03.1956",
)
_WORDS = ("Region", "Kommune", "kvinde", "mand", "TOTAL", "Sygehus", "ja", "nej")


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write at least `megabytes` MB of log text; returns the byte count."""
    rnd = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < target:
            lines = []
            for _ in range(10_000):
                if rnd.random() < 0.0005:
                    lines.append(rnd.choice(_PLANTED))
                    continue
                lines.append(
                    rnd.choice(_NOTES).format(
                        n=rnd.randint(1, 9999),
                        big=rnd.randint(1000, 99_999_999),
                        big2=rnd.randint(1000, 99_999_999),
                        small=rnd.randint(0, 999),
                        sec=rnd.randint(0, 59),
                        ms=rnd.randint(0, 99),
                        pct=rnd.randint(0, 100),
                        yy=rnd.randint(10, 24),
                        m=rnd.randint(1, 9),
                        dd=rnd.randint(1, 28),
                        hh=rnd.randint(0, 23),
                        mi=rnd.randint(0, 59),
                        ss=rnd.randint(0, 59),
                        word=rnd.choice(_WORDS),
                    )
                )
            block = "\n".join(lines) + "\n"
            out.write(block)
            written += len(block.encode("utf-8"))
    return written


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
