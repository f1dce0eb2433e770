"""Count which signals of person-level rows fire on the data files of folders (issue 12, round 6: data files
without a key column), and what the printed-rows rule decides.

    python benchmarks/realworld/data_signals.py DIR [DIR ...]

Every table a data file's reader makes (a CSV/TSV, a sheet, a whitespace-separated text file; layouts in
patterns/outputs.toml `data_layouts`) of at least `data_rows` rows is listed with the signals its names and values
give (scanner/rules/microdata.py): `key` (a person-key or date column), `measures` (two measure columns alone),
`flag` (a measure beside a 0/1 flag), `repeated` (a measure among repeated rows), and the rule's verdict. Used on
the corpus (/tmp/sdcscan-realworld) for precision and on the files read_sources.py exports for recall.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sdcscan.config import Settings
from sdcscan.discover import NotText, classify, decode
from sdcscan.frontends import Document
from sdcscan.frontends.registry import front_end
from sdcscan.outputs.readers.tabulate import unnamed
from sdcscan.outputs.table import Table
from sdcscan.resources import load_toml
from sdcscan.rules.microdata import records, values
from sdcscan.rules.printed_rows import individuals, table_values

SUFFIXES = (".csv", ".tsv", ".txt", ".dat", ".xlsx", ".xlsm")
OUTPUTS = load_toml("patterns", "outputs.toml")["printed-rows"]


def tables(path: Path) -> Iterator[Table]:
    data = path.read_bytes()
    try:
        decoded = decode(data)
        text, codec = decoded.text, decoded.codec
    except NotText:
        text, codec = "", None  # a workbook: its front end reads the path
    kind = classify(path, text[:4096])
    doc = Document(str(path), kind.kind, kind.language, text, codec, path=str(path))
    for fact in front_end(doc.kind, doc.language)(doc, Settings()):
        # the first part of a long table, as the rule judges it
        if fact.table is not None and fact.table.part == 0 and fact.table.layout in OUTPUTS["data_layouts"]:
            yield fact.table


def signals(table: Table) -> list[str]:
    names = [unnamed(c.label) for c in table.columns]
    rows = table_values(table)
    found = values(rows)
    width = max((len(row) for row in rows), default=0)
    fired = ["key"] if records(names, rows, sys.maxsize) else []  # named or dated: no row count needed
    fired += ["measures"] * (width >= 3 and found.measures >= 2)
    fired += ["flag"] * (found.measures >= 1 and found.flags >= 1)
    fired += ["repeated"] * (found.measures >= 1 and found.repeated)
    return fired


def main() -> None:
    least = int(OUTPUTS["data_rows"])
    tally: Counter[tuple[str, bool]] = Counter()
    for root in map(Path, sys.argv[1:]):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            for table in tables(path):
                rows = len([row for row in table.rows if row.cells or row.label])
                fired = signals(table)
                if rows < least or not fired:
                    continue
                verdict = individuals(table)
                tally.update((signal, verdict) for signal in fired)
                header = " ".join(c.label for c in table.columns)[:60]
                said = "FLAGGED" if verdict else "quiet"
                print(f"{rows:6d} {','.join(fired):24s} {said:7s} {path.relative_to(root)} | {header}")
    print("\nsignal: tables (flagged by the rule / quiet)")
    for signal in ("key", "measures", "flag", "repeated"):
        flagged, quiet = tally[signal, True], tally[signal, False]
        print(f"  {signal:9s} {flagged + quiet:4d} ({flagged} / {quiet})")


if __name__ == "__main__":
    main()
