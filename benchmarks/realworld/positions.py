"""Is every finding of a corpus report where it says it is? Checks all findings, not a judged sample.

    python benchmarks/realworld/positions.py [--json FILE] [--corpus DIR]

- Every finding's span runs forwards and lies inside its file.
- A finding whose evidence is the file's own text (program statements, identifiers, personal data) has that text in
  its span. Compared without white space (a statement over several lines is shown on one), and also as a notebook
  stores it (JSON-escaped). A file that is not UTF-8 is read as cp1252, as sdcscan reads it.
- A small count (`small-cell.count`) has its value on its line.
Exit 1 when a finding fails a check; each is listed with its place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from measure import DEFAULT_CORPUS, DEFAULT_JSON, findings

# Categories whose evidence is the text of the file itself; the others describe a table cell or a file.
SOURCE_TEXT = ("listing", "hardcoded-id", "personal-data")
# Rules whose findings are about a whole file (no place inside it to check).
WHOLE_FILE = ("unscanned", "coverage")
_SPACE = re.compile(r"\s+")
_VALUE = re.compile(r":\s*'?([^',\s]+)'?$")


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def _spellings(evidence: str) -> set[str]:
    key = _squeezed(evidence)[:30]
    return {key, json.dumps(key)[1:-1]}


def _read(path: Path) -> list[str]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace").split("\n")


def problem(f: dict[str, Any], lines: list[str]) -> str | None:
    first, last = int(f["line"]), int(f["end_line"])
    if (first, int(f["column"])) > (last, int(f["end_column"])):
        return "span runs backwards"
    if not 1 <= first <= last <= len(lines):
        return "span outside the file"
    span = "\n".join(lines[first - 1 : last])
    evidence = str(f.get("evidence") or "")
    if f["category"] in SOURCE_TEXT and evidence:
        squeezed = _squeezed(span)
        if not any(s in squeezed for s in _spellings(evidence)):
            return "evidence not in its span"
    if f["rule"] == "small-cell.count":
        value = _VALUE.search(evidence)
        if value and value[1] not in lines[first - 1]:
            return "count not on its line"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="an unmasked report of measure.py scan")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    report = json.loads(args.json.read_text(encoding="utf-8"))
    checked: Counter[str] = Counter()
    bad: list[tuple[str, str, int, str]] = []
    texts: dict[str, list[str]] = {}
    for f in findings(report):
        if f["category"] in WHOLE_FILE:
            continue
        if f["path"] not in texts:
            texts[f["path"]] = _read(args.corpus / f["path"])
        checked[f["rule"]] += 1
        wrong = problem(f, texts[f["path"]])
        if wrong:
            bad.append((f["rule"], f["path"], int(f["line"]), wrong))
    failed = Counter(rule for rule, *_ in bad)
    print("| rule | findings checked | not where they say |\n|---|---:|---:|")
    for rule in sorted(checked):
        print(f"| {rule} | {checked[rule]} | {failed[rule]} |")
    print(f"\nchecked {sum(checked.values())} findings; {len(bad)} not where they say")
    for rule, path, line, wrong in bad:
        print(f"  {rule} {path}:{line}: {wrong}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
