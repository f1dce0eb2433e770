"""CPU of the table checks alone over the tables of a folder's files, in engine order (docs/performance.md "Round 7:
SAS listings").

    .venv/bin/python benchmarks/table_checks.py /tmp/speed_ab/lst/project [--ext lst] [--runs 3]

Reads every file with the extension once with its front end (kept in memory), then, RUNS times, gives each table
fact to the cross-file margins and to every check that consumes tables, as the engine does, one context per file.
Prints each check's seconds (wall, of the run with the least CPU) and the smallest CPU seconds of a whole run.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from sdcscan import crossfile
from sdcscan.config import Settings
from sdcscan.discover import classify, decode
from sdcscan.frontends import Document
from sdcscan.frontends.registry import front_end
from sdcscan.rules import Context, rule_modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ext", default="lst")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    docs = []
    for path in sorted(args.folder.rglob(f"*.{args.ext}")):
        decoded = decode(path.read_bytes())
        kind = classify(path, decoded.text[:4096])
        doc = Document(path.name, kind.kind, kind.language, decoded.text, decoded.codec, path=str(path))
        docs.append((doc, [f for f in front_end(doc.kind, doc.language)(doc, settings) if f.table is not None]))
    print(f"{len(docs)} files, {sum(len(facts) for _, facts in docs)} tables")
    checks = [(m.name, m.check) for m in rule_modules() if "table" in m.consumes and m.check is not None]
    best, spent = float("inf"), dict[str, float]()
    for _ in range(args.runs):
        each: dict[str, float] = defaultdict(float)
        start = time.process_time()
        for doc, facts in docs:
            ctx, margins = Context(doc, settings), list[crossfile.Margins]()
            for fact in facts:
                assert fact.table is not None
                clock = time.perf_counter()
                crossfile.keep(fact.table, margins)
                each["(cross-file margins)"] += time.perf_counter() - clock
                for name, check in checks:
                    clock = time.perf_counter()
                    for _finding in check(fact, ctx):
                        pass
                    each[name] += time.perf_counter() - clock
        cpu = time.process_time() - start
        if cpu < best:
            best, spent = cpu, dict(each)
    for name, seconds in spent.items():
        print(f"{name:22} {seconds:6.3f} s")
    print(f"{'all (CPU, smallest)':22} {best:6.3f} s")


if __name__ == "__main__":
    main()
