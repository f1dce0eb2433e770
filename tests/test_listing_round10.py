"""Round 10's cheaper paths through a SAS listing (docs/performance.md "Round 10: SAS listings"): the listing's own
titles go to the text rules only, and blank lines between skipped lines are held. All data are synthetic (the
project's fixtures and listings built here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from listings import expanded

from sdcscan.config import Settings
from sdcscan.discover import classify, decode
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.model import Fact
from sdcscan.outputs import text

FIXTURES = Path(__file__).parent / "fixtures"
LISTINGS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and classify(p, None).kind == "listing")

PAGE = "\f                       The SAS System          10:12 Monday, November 2, 2026  12"
DATED = "                         The SAS System          10:12 Monday, November 2, 2026  13"
# A FREQ crosstab's title and body up to its Total line (also read by test_listing_round13)
FREQ = """\
                                 The FREQ Procedure

                                   Table of koen by diab

                          koen      diab

                          Frequency|
                          Percent  |0       |1       |  Total
                          ---------+--------+--------+
                                  1 |      3 |     50 |     53
                                    |   5.66 |  94.34 | 100.00
                          ---------+--------+--------+
"""
LISTING = f"""\
{PAGE}

{FREQ}                          Total          3       50       53

{DATED}

                                 The MEANS Procedure

                              Analysis Variable : sbp

                     koen    N Obs     N            Mean         Std Dev
                     ---------------------------------------------------
                     1       19770 19770      29.1554984       5.6018090
                     ---------------------------------------------------

  navn     alder
  Anna         3
  Bo           4
"""
# the page titles, the procedures' titles and the crosstab's title
TITLES = [1, 3, 5, 17, 19]


def _listing(source: str) -> Document:
    return Document("x.lst", "listing", "sas", source, "utf-8")


def _fed(fed_lines: list[int], source: str) -> tuple[list[int], list[Fact]]:
    """The lines the plain-text reader was fed, and the listing's facts (runs expanded)."""
    return fed_lines, expanded(sas_listing.facts(_listing(source), Settings()))


def test_a_listings_own_titles_reach_the_text_rules_but_no_other_layout(fed_lines: list[int]) -> None:
    fed, facts = _fed(fed_lines, LISTING)
    assert not set(TITLES) & set(fed)
    lines = LISTING.split("\n")
    assert {f.line: f.text for f in facts if f.kind == "text" and f.line in TITLES} == {n: lines[n - 1] for n in TITLES}
    # the lines after them are read by the other layouts as before: the variable line, the NOOBS table
    assert {7, 21, 23, 28, 29, 30} <= set(fed)
    assert [f.table.layout for f in facts if f.table is not None] == ["sas.crosstab", "sas.means", "text.fixed"]


def test_blank_lines_between_titles_are_not_fed(fed_lines: list[int]) -> None:
    fed, _ = _fed(fed_lines, LISTING)
    # held between two skipped lines (a table's last line, a title): the blank lines above the titles but the first
    assert not {4, 16, 18} & set(fed)


class _Plain:
    """The reference of `sas_listing._Others`: every line fed as it comes, every skip told (once for a run)."""

    skipping = False  # the listing reader calls `skip` on every line the parser takes

    def __init__(self, reader: text.Reader) -> None:
        self.reader = reader

    @property
    def echoed(self) -> list[str]:
        return self.reader.echoed

    def skip(self, number: int) -> Iterator[Fact]:
        return iter(()) if self.reader.skipped else self.reader.skip(number)

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        return self.reader.feed(number, line)

    def close(self) -> Iterator[Fact]:
        return self.reader.close()


def _same_without_holding(monkeypatch: pytest.MonkeyPatch, doc: Document) -> None:
    held = list(sas_listing.facts(doc, Settings()))
    with monkeypatch.context() as patched:
        patched.setattr(sas_listing, "_Others", _Plain)
        assert list(sas_listing.facts(doc, Settings())) == held, doc.rel


def test_held_blank_lines_change_no_fact_of_any_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in LISTINGS:
        decoded = decode(path.read_bytes())
        _same_without_holding(monkeypatch, Document(path.name, "listing", "sas", decoded.text, decoded.codec))
    _same_without_holding(monkeypatch, _listing(LISTING))


POOL = [*LISTING.split("\n"), "a line of prose, no table", "    | pnr       alder |", "   Min.   Max.", "koen"]


@given(st.lists(st.sampled_from(POOL), max_size=60))
@settings(max_examples=200, deadline=None)
def test_held_blank_lines_change_no_fact_of_any_listing(lines: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same_without_holding(monkeypatch, _listing("\n".join(lines)))
