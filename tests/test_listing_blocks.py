"""The whole-block path through a SAS listing's table bodies (`ListingParser.body`, docs/performance.md "Round 8:
SAS listings", "Second pass") reads what the per-line reference path (`step`, WHOLE_BLOCK off) reads: the same
facts and findings on every fixture listing and log, on a listing built here and on hypothesis-generated crosstabs
and headed tables with the lines that end them or that `step` must read. All data are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from listings import listing_facts, listing_findings, listing_paths

from sdcscan.config import Settings
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.model import Fact

PAGE = "\f                                   The SAS System          10:12 Monday, November 2, 2026  7"
CROSSTAB = """\
                                 The FREQ Procedure

                                   Table of koen by diab

                          koen      diab

                          Frequency|
                          Percent  |
                          Row Pct  |
                          Col Pct  |0       |1       |  Total
                          ---------+--------+--------+
                                  1 |      2 |  71677 |  71679
                                    |   0.00 |  32.71 |  44.74
                                    |   0.00 | 100.00 |
                                    |   1.00 |  66.10 |
                          ---------+--------+--------+
                          Kvinde    |  84342 |      3 |  84345
                                    |  38.49 |   0.00 |  55.26
                                    |  99.99 |   0.01 |
                                    |  99.00 |  33.90 |
                          ---------+--------+--------+
                          Total       84344    71680   156024
                                      53.83    46.17   100.00

                                Frequency Missing = 4
"""
ONEWAY = """\
                                 The FREQ Procedure

                                                      Cumulative    Cumulative
                       region    Frequency     Percent     Frequency      Percent
                       --------------------------------------------------------
                       Hovedstaden   53386       15.24         53386        15.24
                       Sjælland          2        0.01         53388        15.25
                       Syddanmark    81745       23.33        135133        38.58
"""


def _doc(text: str) -> Document:
    return Document("x.lst", "listing", "sas", text, "utf-8")


def _both(monkeypatch: pytest.MonkeyPatch, read: object) -> tuple[object, object]:
    """What `read()` gives with the whole-block path and with the per-line reference path."""
    assert callable(read)
    monkeypatch.setattr(sas_listing, "WHOLE_BLOCK", True)
    sas_listing._header.cache_clear()
    fast = read()
    monkeypatch.setattr(sas_listing, "WHOLE_BLOCK", False)
    sas_listing._header.cache_clear()
    return fast, read()


def test_every_fixture_listing_gives_the_same_facts_and_findings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = listing_paths(tmp_path, "\n".join([CROSSTAB, PAGE, ONEWAY, PAGE, CROSSTAB]))
    fast, reference = _both(monkeypatch, lambda: [listing_facts(p) for p in paths])
    assert fast == reference
    assert sum(f.kind == "table" for facts in fast for f in facts) > 10  # type: ignore[attr-defined]
    fast, reference = _both(monkeypatch, lambda: [listing_findings(p) for p in paths])
    assert fast == reference


def test_the_body_of_a_table_is_read_without_a_step_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stepped: list[int] = []
    step = sas_listing.ListingParser.step

    def counted(self: sas_listing.ListingParser, number: int, line: str) -> bool:
        stepped.append(number)
        return step(self, number, line)

    monkeypatch.setattr(sas_listing.ListingParser, "step", counted)
    facts = list(sas_listing.facts(_doc(CROSSTAB + ONEWAY), Settings()))
    lines = (CROSSTAB + ONEWAY).split("\n")
    # the crosstab's rules and `|` rows after its first rule, and the one-way table's rows, are read by `body`
    assert lines[11].strip().startswith("1 |") and lines[30].strip().startswith("Hovedstaden")
    assert not {12, 13, 16, 20, 21, 31, 33} & set(stepped)
    # the lines a body's path leaves to `step`: the Total rows, the blank line and missing count after them, a row
    # with a character to translate (Sjælland)
    assert {22, 23, 24, 25, 32} <= set(stepped)
    tables = [f.table for f in facts if f.table is not None]
    assert [len(t.rows) for t in tables] == [9, 1, 3]


# Lines a table's body may meet: its own rows, and what `step` must read (a page break, a title, a character to
# translate, a colon, a tab, a row without numbers, a blank line, another table's start).
BODY_LINES = [
    "                          ---------+--------+--------+",
    "                                  1 |      2 |  71677 |  71679",
    "                                    |   0.00 |  32.71 |  44.74",
    "                          Mand      |      3 |      . |      3",
    "                          ─────────┼────────┼────────┤",
    "                          Kvinde    │      1 │      4 │      5",
    "                          The end   |      1 |      4 |      5",
    "                          Table of  |      1 |      4 |      5",
    "                          10:12     |      1 |      4 |",
    "                          a\t|\t1 |      4 |      5",
    "                          |",
    "                          Total       84344    71680   156024",
    "                                      53.83    46.17   100.00",
    "                                Frequency Missing = 4",
    "                       Hovedstaden   53386       15.24         53386        15.24",
    "                       Sjælland          2        0.01         53388        15.25",
    "                       Syd:danmark       2        0.01         53388        15.25",
    "                       Nordjylland   some text",
    "                       region    Frequency     Percent",
    "  Obs    navn    alder",
    "                       --------------------------------------------------------",
    "",
    PAGE,
    "\f                                 The FREQ Procedure",
    "                                 The MEANS Procedure",
    "                                   Table of koen by diab",
]
STARTS = [CROSSTAB.split("\n")[:11], ONEWAY.split("\n")[:5]]


@given(st.lists(st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(BODY_LINES), max_size=12)), max_size=6))
@settings(max_examples=300, deadline=None)
def test_any_table_body_gives_the_same_facts(blocks: list[tuple[list[str], list[str]]]) -> None:
    text = "\n".join(line for start, body in blocks for line in [*start, *body])
    facts: list[list[Fact]] = []
    for whole in (True, False):
        sas_listing.WHOLE_BLOCK = whole
        try:
            facts.append(list(sas_listing.facts(_doc(text), Settings())))
        finally:
            sas_listing.WHOLE_BLOCK = True
    assert facts[0] == facts[1]
