"""Parse throughput of the program front ends: generates >= 10 MB of realistic code per language with the shared
generators of benchmarks/synth.py (macros, dataset options, pipes, method chains, #delimit blocks, comments, a few
planted leaks), then times the front end alone and the whole scan of the file (front end + every rule + masking +
context), and prints MB/s per language.

Run: .venv/bin/python benchmarks/parse_throughput.py [--mb 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document, front_end

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth


def generate(language: str, megabytes: float, seed: int) -> str:
    """Program text from the shared generators (benchmarks/synth.py), a planted leak every ~50 KB."""
    size = int(megabytes * 1024 * 1024)
    rng = random.Random(seed)
    kind = synth.PROGRAMS[language]
    plants = [rng.choice(sorted(kind.planted)) for _ in range(size // 50_000)]
    text, _ = synth.text_of(kind, size, plants, rng)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of code per language (default 10)")
    args = ap.parse_args()
    settings = settings_for("dhda")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for language, kind in synth.PROGRAMS.items():
            suffix = kind.suffix
            text = generate(language, args.mb, seed=len(language))
            path = Path(tmp) / f"generated{suffix}"
            path.write_text(text, encoding="utf-8")
            mb = len(text.encode()) / 1024 / 1024
            doc = Document(path.name, "program", language, text, "utf-8")
            start = time.perf_counter()
            facts = sum(1 for _ in front_end("program", language)(doc, settings))
            front = time.perf_counter() - start
            start = time.perf_counter()
            result = scan_file(Task(str(path), path.name, settings))
            whole = time.perf_counter() - start
            rows.append((language, mb, facts, mb / front, result.status, len(result.findings), mb / whole))
    header = (
        f"{'language':<9} {'MB':>6} {'facts':>9} {'front end MB/s':>15} {'status':>9} {'findings':>9} {'scan MB/s':>10}"
    )
    print(header)
    for language, mb, facts, front_rate, status, findings, rate in rows:
        print(f"{language:<9} {mb:6.1f} {facts:9d} {front_rate:15.2f} {status:>9} {findings:9d} {rate:10.2f}")


if __name__ == "__main__":
    main()
