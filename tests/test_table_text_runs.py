"""Round 11: a delimited file's lines go to the text rules as `text.lines` runs (`common.text_runs`), not as a
`text` fact a line: the engine gives the rules only the lines a gate marks. The findings must be those of a fact a
line, the reference (docs/performance.md, "Round 11"). Synthetic data: the project's fixtures and files built here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from sdcscan.config import Settings
from sdcscan.discover import classify
from sdcscan.engine import Task, scan_file
from sdcscan.frontends.logs import common, tables
from sdcscan.model import Fact

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".tsv"))


def _one_a_line(lines: Iterable[str]) -> Iterator[Fact]:
    for number, line in enumerate(lines, start=1):
        fact = common.text_fact(number, line)
        if fact:
            yield fact


def _found(path: Path, rel: str) -> list[tuple[str, int, int, str]]:
    result = scan_file(Task(str(path), rel, Settings()))
    return sorted((f.rule, f.line, f.column, f.evidence) for f in result.findings)


def _built(tmp_path: Path) -> list[Path]:
    """A table of more than one run, with a CPR number and a name in a run's first, middle and last line, blank and
    blank-looking lines, and a small cell."""
    rows = ["id;navn;antal"] + [f"{i};gruppe {i};{100 + i}" for i in range(1, 2500)]
    rows[1000] = "1000;0101901234;3"  # the first line of the second run
    rows[1499] = "   "
    rows[1500] = "1500;Jens Hansen, Åboulevarden 12, 8000 Aarhus C;7"
    rows[1999] = ""
    rows[2000] = "2000;pnr 010190-1234;2"  # the first line of the third run
    rows[2400] = "2400;Karen Jensen, Nørregade 3, 1165 København K;9"  # in the last run, which is not full
    path = tmp_path / "built.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [path]


def test_the_runs_find_what_a_fact_a_line_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [(p, p.relative_to(FIXTURES).as_posix()) for p in TABLES] + [(p, p.name) for p in _built(tmp_path)]
    assert len(files) > 10 and all(classify(p, None).kind == "table" for p, _ in files)
    runs = [_found(p, rel) for p, rel in files]
    monkeypatch.setattr(tables, "text_runs", _one_a_line)
    reference = [_found(p, rel) for p, rel in files]
    assert runs == reference
    built = reference[-1]
    assert {rule.split(".")[0] for rule, *_ in built} >= {"cpr", "personal-data", "small-cell"}


def test_a_run_holds_at_most_run_lines_and_no_run_is_all_blank() -> None:
    lines = ["a"] + [""] * (2 * common.RUN_LINES) + ["b", "  "]
    facts = list(common.text_runs(lines))
    assert [(f.kind, f.line, f.end_line) for f in facts] == [
        ("text.lines", 1, common.RUN_LINES),
        ("text.lines", 2 * common.RUN_LINES + 1, 2 * common.RUN_LINES + 3),
    ]
    assert facts[1].text == "\nb\n"
