"""Recall on the output files of the real-world corpus, per layout: what a reviewer stops vs what sdcscan finds.

    python benchmarks/realworld/outputs_recall.py sample [--corpus DIR]            # the seeded sample to judge
    python benchmarks/realworld/outputs_recall.py show FILE [--corpus DIR]         # a file to judge, numbered
    python benchmarks/realworld/outputs_recall.py report [--corpus DIR] [--json FILE]
    python benchmarks/realworld/outputs_recall.py diff BEFORE.json AFTER.json     # findings lost or gained
    python benchmarks/realworld/outputs_recall.py census [--corpus DIR]            # tables recognised per layout
    python benchmarks/realworld/outputs_recall.py unflagged REPORT.json [--seed S] [--size N] [--models]

The sample is `PER_KIND` output files per kind of output (logs, listings, R transcripts, notebooks, text, CSV),
drawn in an order fixed by SEED among the files of at most MAX_BYTES (a reviewer reads them whole). Each was read
by hand, blind to sdcscan's findings, and every disclosive item in it recorded in outputs_judged.toml: its kind
(`rows`: printed individual rows; `small`: a count of persons below 5; `extreme`: a minimum or maximum of a
person-level variable), the layout it was printed in and its lines. An item is found when sdcscan reports a finding
of that category on one of its lines. `show` prints a notebook's outputs only, with the file's own line numbers.
Only line numbers and short neutral notes are stored, no third-party content.

`census` reads every output file of the corpus (no size limit) through sdcscan's own front ends and counts the
tables recognised, per kind of file and layout (a long table counted once): what the layouts see on real output,
to compare between versions (run it with PYTHONPATH pointing at another version's package).

`unflagged` lists, in a seeded order, the tables those front ends read that hold a whole number 1-4 and have no
small-cell finding of REPORT.json on their lines (model output left out unless `--models`): the sample to read by
hand for small counts the rules miss (docs/realworld.md "Round 7: outputs and Stata").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/tmp/sdcscan-realworld")
DEFAULT_JSON = Path("/tmp/sdcscan-outputs-recall.json")
SEED = "outputs-recall-1"
MAX_BYTES = 40_000
# The kinds of output file, by how the name ends, and how many of each the sample holds.
KINDS: dict[str, tuple[str, ...]] = {
    "log": (".log", ".smcl"),
    "listing": (".lst",),
    "rout": (".rout", ".rout.save"),
    "notebook": (".ipynb",),
    "text": (".txt", ".out"),
    "csv": (".csv",),
}
PER_KIND = {"log": 10, "listing": 3, "rout": 5, "notebook": 5, "text": 5, "csv": 2}
CATEGORY = {"rows": "printed-rows", "small": "small-cell", "extreme": "extreme-value"}


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    return next((k for k, ends in KINDS.items() if name.endswith(ends)), None)


def sample(corpus: Path) -> list[str]:
    """The files to judge, as paths relative to the corpus, in a fixed order."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for path in sorted(corpus.rglob("*")):
        kind = kind_of(path)
        if kind and path.is_file() and path.stat().st_size <= MAX_BYTES:
            by_kind[kind].append(path.relative_to(corpus).as_posix())
    chosen: list[str] = []
    for kind, n in PER_KIND.items():
        ranked = sorted(by_kind[kind], key=lambda p: hashlib.sha256(f"{SEED}:{p}".encode()).hexdigest())
        chosen.extend(ranked[:n])
    return chosen


def show(corpus: Path, rel: str) -> None:
    lines = (corpus / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    inside = not rel.endswith(".ipynb")
    for number, line in enumerate(lines, start=1):
        if rel.endswith(".ipynb"):  # outputs only: their text lines, and the cell source that printed them
            stripped = line.strip()
            if stripped.startswith(('"outputs"', '"source"')):
                inside = True
            elif stripped.startswith(("]", '"metadata"', '"execution_count"')) and not stripped.startswith("],"):
                inside = False
        if inside:
            print(f"{number:6}  {line[:160]}")


def scan(files: list[Path], out: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "sdcscan", "scan", *map(str, files), "--jobs", "1", "--no-cache", "-q"]
    subprocess.run([*cmd, "--json", str(out)], check=False, capture_output=True)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def report(corpus: Path, out: Path) -> None:
    judged = tomllib.loads((HERE / "outputs_judged.toml").read_text(encoding="utf-8"))
    files = list(judged["files"])
    assert files == sample(corpus), "the judged files are not this corpus's sample: re-judge or re-collect"
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for entry in scan([corpus / f for f in files], out)["files"]:
        rel = Path(entry["path"]).as_posix()
        key = next((f for f in files if rel.endswith(f) or f.endswith(rel)), rel)
        for finding in entry["findings"]:
            for line in range(finding["line"], finding["end_line"] + 1):
                found[key].add((finding["category"], line))
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for item in judged.get("item", []):
        first, last = item["lines"]
        hit = any((CATEGORY[item["kind"]], n) in found[item["file"]] for n in range(first, last + 1))
        for key in ((item["layout"], item["kind"]), ("all", item["kind"]), ("all", "all")):
            totals[key][0] += hit
            totals[key][1] += 1
        if not hit:
            missed.append(f"  {item['file']}:{first}-{last} {item['kind']} ({item['layout']}): {item.get('note', '')}")
    print(f"{len(files)} output files judged, {len(judged.get('item', []))} disclosive items")
    print(f"{'layout':28} {'kind':8} found/items  recall")
    for (layout, kind), (hit, n) in sorted(totals.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        print(f"{layout:28} {kind:8} {hit:5}/{n:<5}  {hit / n:6.0%}")
    if missed:
        print("missed:")
        print("\n".join(missed))


def diff(before: Path, after: Path) -> None:
    def load(path: Path) -> set[tuple[str, str, int]]:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {(f["path"], x["rule"], x["line"]) for f in data["files"] for x in f["findings"]}

    old, new = load(before), load(after)
    print(f"before {len(old)}, after {len(new)}, lost {len(old - new)}, gained {len(new - old)}")
    for path, rule, line in sorted(old - new):
        print(f"  lost   {path}:{line} {rule}")
    for path, rule, line in sorted(new - old):
        print(f"  gained {path}:{line} {rule}")


def _tables(corpus: Path) -> Iterator[tuple[str, str, Any]]:
    """Every table part sdcscan's front ends read in the corpus's output files: (file, kind of file, table)."""
    from sdcscan.config import settings_for
    from sdcscan.discover import NotText, classify, decode
    from sdcscan.frontends import Document
    from sdcscan.frontends.registry import front_end

    settings = settings_for("dhda")
    for path in sorted(corpus.rglob("*")):
        kind = kind_of(path)
        if not kind or not path.is_file():
            continue
        try:
            text = decode(path.read_bytes()).text
        except NotText:  # sdcscan reports these as unscanned
            yield path.relative_to(corpus).as_posix(), kind, None
            continue
        filetype = classify(path, text[:65536])
        rel = path.relative_to(corpus).as_posix()
        doc = Document(rel, filetype.kind, filetype.language, text, "utf-8", path=str(path))
        yield rel, kind, None  # the file itself, for the counts of files
        for fact in front_end(doc.kind, doc.language)(doc, settings):
            if fact.kind == "table" and fact.table is not None:
                yield rel, kind, fact.table


def census(corpus: Path) -> None:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    files: dict[str, int] = defaultdict(int)
    for _, kind, table in _tables(corpus):
        if table is None:
            files[kind] += 1
        elif table.complete:
            counts[(kind, table.layout)] += 1
    print(f"{'file kind':10} {'layout':28} tables")
    for (kind, layout), n in sorted(counts.items()):
        print(f"{kind + f' ({files[kind]})':10} {layout:28} {n:6}")


def unflagged(corpus: Path, report_path: Path, seed: str, size: int, models: bool) -> None:
    """The tables with a whole number 1-4 in a cell and no small-cell finding on their lines, `size` of them in an
    order fixed by `seed` (without model output unless `models`): to read by hand for missed small counts."""
    flagged: dict[str, set[int]] = defaultdict(set)
    for entry in json.loads(report_path.read_text(encoding="utf-8"))["files"]:
        for finding in entry["findings"]:
            if finding["category"] == "small-cell":
                flagged[Path(entry["path"]).as_posix()].update(range(finding["line"], finding["end_line"] + 1))
    found: list[tuple[str, str, int, int, str]] = []
    total = 0
    for rel, _, table in _tables(corpus):
        if table is None or not table.rows or (table.model and not models):
            continue
        cells = [cell for row in table.rows for cell in row.cells]
        if not any((value := cell.integer()) is not None and 1 <= value <= 4 for cell in cells):
            continue
        total += 1
        lines = {row.line for row in table.rows} | {cell.line for cell in cells}
        first, last = min(lines), max(lines)
        seen = next((lines for key, lines in flagged.items() if key.endswith(rel)), set())
        if not any(first <= line <= last for line in seen):
            found.append((hashlib.sha256(f"{seed}:{rel}:{first}".encode()).hexdigest(), rel, first, last, table.layout))
    print(f"{total} tables with a 1-4, {len(found)} without a small-cell finding; {size} in the order of {seed!r}:")
    for _, rel, first, last, layout in sorted(found)[:size]:
        print(f"  {rel}:{first}-{last} {layout}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["sample", "show", "report", "diff", "census", "unflagged"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--seed", default="unflagged-1")
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--models", action="store_true", help="unflagged: include tables of model output")
    ns = parser.parse_args()
    if ns.command == "sample":
        print("\n".join(sample(ns.corpus)))
    elif ns.command == "show":
        show(ns.corpus, ns.args[0])
    elif ns.command == "report":
        report(ns.corpus, ns.json)
    elif ns.command == "census":
        census(ns.corpus)
    elif ns.command == "unflagged":
        unflagged(ns.corpus, Path(ns.args[0]), ns.seed, ns.size, ns.models)
    else:
        diff(Path(ns.args[0]), Path(ns.args[1]))


if __name__ == "__main__":
    main()
