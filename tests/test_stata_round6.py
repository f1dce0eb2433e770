"""Round 6's cheaper paths through a Stata log (docs/performance.md "Round 6: Stata logs") read what the reference
paths read. All data are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.frontends.logs.common import run
from sdcscan.model import Fact
from sdcscan.outputs.table import MAX_ROWS

FIXTURES = Path(__file__).parent / "fixtures" / "stata_log"
RULE = "-----------+----------------------+----------"


def _reference(doc: Document) -> list[Fact]:
    """The log read with every line tested for SMCL markup (the path a log with markup takes)."""
    is_smcl = doc.rel.lower().endswith(".smcl")
    lines = (stata_log.smcl(raw) if is_smcl or raw.startswith("{smcl}") else raw for raw in doc.lines)
    parser = stata_log.StataLogParser(settings_for(), stata_log._left_out(doc, is_smcl))
    return list(run(parser, lines))


def _logs() -> list[Document]:
    paths = [p for p in sorted(FIXTURES.iterdir()) if p.suffix != ".expect"]
    docs = [Document(p.name, "log", "stata", p.read_text(encoding="utf-8"), "utf-8") for p in paths]
    # SMCL markup on a line of a plain log (a log appended to an SMCL one): that line is still read as Stata shows it
    mixed = ". tabulate koen\n\n{smcl}\n{txt}      koen {c |}      Freq.\n{hline 11}{c +}{hline 11}\n  1 {c |} 3\n"
    return [*docs, Document("mixed.log", "log", "stata", mixed, "utf-8")]


@pytest.mark.parametrize("doc", _logs(), ids=lambda d: d.rel)
def test_a_log_without_markup_read_as_its_lines_gives_the_facts_of_the_reference_path(doc: Document) -> None:
    assert len(doc.lines) > 3
    assert list(stata_log.facts(doc, settings_for())) == _reference(doc)


def test_the_plain_path_is_taken_only_without_markup() -> None:
    plain = Document("a.log", "log", "stata", ". tabulate koen\n", "utf-8")
    marked = Document("a.log", "log", "stata", ". tabulate koen\n{smcl}\n", "utf-8")
    smcl = Document("a.smcl", "log", "stata", ". tabulate koen\n", "utf-8")
    assert [stata_log._plain(d, d.rel.endswith(".smcl")) for d in (plain, marked, smcl)] == [True, False, False]


def test_a_tabulate_longer_than_a_part_is_read_in_parts() -> None:
    # rows are put without a generator; the row that fills a part still sends it on
    rows = [f"{i:>10} |        {i:>2}         {i + 1:>2} |        {2 * i + 1:>2}" for i in range(MAX_ROWS + 5)]
    header = "      koen |         0          1 |     Total"
    total = "     Total |        10         20 |  30"
    log = "\n".join([". tabulate koen diab", "", header, RULE, *rows, RULE, total, ""])
    doc = Document("a.log", "log", "stata", log, "utf-8")
    tables = [f.table for f in stata_log.facts(doc, settings_for()) if f.table is not None]
    shape = [(len(t.rows), t.part, t.complete, t.total_rows) for t in tables]
    assert shape == [(MAX_ROWS, 0, False, MAX_ROWS), (6, 1, True, MAX_ROWS + 6)]
    assert tables[0].rows[0].cells[0].text == "0" and tables[1].rows[-1].label == "Total"
