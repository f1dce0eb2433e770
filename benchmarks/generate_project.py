"""Write a synthetic register-research project of a given size, with a manifest of every planted leak.

    .venv/bin/python benchmarks/generate_project.py --size 1GB OUT [--seed 1] [--mix project|logs]

Proportions follow real project folders: SAS listings and logs hold most of the bytes (a few listings above the
streaming limit), R and Stata logs a good share, CSV tables and notebooks some, and programs are many small files.
Leaks of every category (cpr, hardcoded-id, listing, printed-rows, small-cell, extreme-value, personal-data) are
planted at a fixed density and written to OUT/manifest.json as (path, line, category, what); everything else in the
files is meant to be clean, so findings outside the manifest count as false alarms. Same seed, same bytes.
`--mix logs` writes only SAS listings, SAS logs and Stata logs (the logs-and-listings tree of issue 15).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth


@dataclass(frozen=True, slots=True)
class Share:
    """One kind of file: its share of the bytes, its file sizes (log-uniform between the bounds), its folder and
    the categories that can be planted in it, with the mean number of plants per MB (at least one file in three
    of any kind gets a plant, so small files carry leaks too)."""

    kind: str
    share: float
    smallest: int
    largest: int
    folder: str
    suffix: str
    categories: tuple[str, ...]
    per_mb: float


KB, MB = 1024, 1024 * 1024
PROGRAM = ("listing", "hardcoded-id", "cpr", "personal-data")
OUTPUT = ("printed-rows", "small-cell", "extreme-value")
SHARES = (
    Share("sas-listing", 0.50, 200 * KB, 100 * MB, "output", ".lst", OUTPUT, 0.4),
    Share(
        "sas-log", 0.22, 20 * KB, 20 * MB, "logs", ".log", ("printed-rows", "cpr", "hardcoded-id", "personal-data"), 0.5
    ),
    Share("rout", 0.08, 10 * KB, 5 * MB, "logs", ".Rout", OUTPUT, 0.5),
    Share("stata-log", 0.08, 10 * KB, 5 * MB, "logs", ".log", OUTPUT, 0.5),
    Share("csv", 0.04, 2 * KB, 500 * KB, "output", ".csv", ("small-cell",), 2.0),
    Share("notebook", 0.03, 10 * KB, 1 * MB, "notebooks", ".ipynb", ("listing", "personal-data"), 2.0),
    Share("program-sas", 0.02, 2 * KB, 30 * KB, "programs", ".sas", PROGRAM, 20.0),
    Share("program-r", 0.012, 2 * KB, 30 * KB, "programs", ".R", PROGRAM, 20.0),
    Share("program-stata", 0.01, 2 * KB, 30 * KB, "programs", ".do", PROGRAM, 20.0),
    Share("program-python", 0.008, 2 * KB, 30 * KB, "programs", ".py", PROGRAM, 20.0),
)
# The logs-and-listings tree of issue 15: only SAS listings, SAS logs and Stata logs, in the project's sizes.
LOGS = (
    Share("sas-listing", 0.55, 200 * KB, 100 * MB, "output", ".lst", OUTPUT, 0.4),
    Share(
        "sas-log", 0.35, 20 * KB, 20 * MB, "logs", ".log", ("printed-rows", "cpr", "hardcoded-id", "personal-data"), 0.5
    ),
    Share("stata-log", 0.10, 10 * KB, 5 * MB, "logs", ".log", OUTPUT, 0.5),
)
MIXES = {"project": SHARES, "logs": LOGS}


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*([0-9.]+)\s*([KMG]?)B?\s*", text.upper())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 100MB or 1GB)")
    return int(float(match[1]) * {"": 1, "K": KB, "M": MB, "G": 1024 * MB}[match[2]])


def plan(size: int, rng: random.Random, mix: str = "project") -> list[tuple[str, Share, int, list[str]]]:
    """(relative path, share, bytes, categories to plant) for every file; sizes log-uniform within each share."""
    return [file for share in MIXES[mix] for file in plan_share(share, int(size * share.share), rng)]


def plan_share(share: Share, budget: int, rng: random.Random) -> list[tuple[str, Share, int, list[str]]]:
    """The files of one share filling `budget` bytes (see `plan`)."""
    files = []
    index = 0
    while budget > 0:
        low, high = math.log(share.smallest), math.log(min(share.largest, max(share.smallest, budget)))
        bytes_ = min(budget, int(math.exp(rng.uniform(low, high))))
        expected = share.per_mb * bytes_ / MB
        count = int(expected) + (rng.random() < expected - int(expected))
        if count == 0 and rng.random() < 1 / 3:
            count = 1
        plants = [rng.choice(share.categories) for _ in range(count)]
        stem = share.kind.removeprefix("program-").replace("-", "_")
        rel = f"{share.folder}/{stem}_{index:04d}{share.suffix}"
        files.append((rel, share, bytes_, plants))
        budget -= bytes_
        index += 1
    return files


def generate(out: Path, size: int, seed: int = 1, quiet: bool = False, mix: str = "project") -> dict[str, object]:
    """Write the project under `out` and its manifest (out/manifest.json, not part of the scanned tree when the
    runner scans out/project); returns the manifest."""
    rng = random.Random(seed)
    project = out / "project"
    leaks: list[dict[str, object]] = []
    written = 0
    started = time.perf_counter()
    files = plan(size, rng, mix)
    for number, (rel, share, bytes_, plants) in enumerate(files, start=1):
        path = project / rel
        for leak in synth.write_file(path, share.kind, bytes_, plants, random.Random(rng.getrandbits(64))):
            leaks.append({"path": rel, "line": leak.line, "category": leak.category, "what": leak.what})
        written += path.stat().st_size
        if not quiet and number % 500 == 0:
            print(f"  {number}/{len(files)} files, {written / MB:,.0f} MB", file=sys.stderr)
    by_category = {c: sum(1 for leak in leaks if leak["category"] == c) for c in synth.CATEGORIES}
    manifest: dict[str, object] = {
        "seed": seed,
        "mix": mix,
        "requested_bytes": size,
        "bytes": written,
        "files": len(files),
        "leaks_by_category": by_category,
        "leaks": leaks,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        seconds = time.perf_counter() - started
        print(f"wrote {len(files)} files, {written / MB:,.0f} MB in {seconds:.0f} s to {project}", file=sys.stderr)
        print(f"planted: {json.dumps(by_category)}", file=sys.stderr)
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write (the project goes to OUT/project)")
    parser.add_argument("--size", type=parse_size, default=parse_size("1GB"), help="total size, e.g. 100MB, 1GB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", choices=sorted(MIXES), default="project", help="project (default) or logs")
    args = parser.parse_args()
    generate(args.out, args.size, args.seed, mix=args.mix)


if __name__ == "__main__":
    main()
