"""printed-rows asks whether a table's rows are groups (scanner/outputs/groups.py) only of a table that may list
records: not of one printed by a command known to print none (a Stata log's crosstab under `tabulate`), which is no
listing whatever the answer (issue 11's throughput clause: 16,000 crosstabs of the generated Stata logs asked it).
All data are synthetic."""

from __future__ import annotations

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing, stata_log
from sdcscan.outputs.table import Table
from sdcscan.rules import printed_rows

LOG = """\
. tabulate koen diab

           |         diab
      koen |         0          1 |     Total
-----------+----------------------+----------
         1 |        12          3 |        15
         2 |        40         20 |        60
-----------+----------------------+----------
     Total |        52         23 |        75

. list pnr alder in 1/2

     +-------------+
     | pnr    alder |
     |-------------|
  1. | 1001     34 |
  2. | 1002     51 |
     +-------------+
"""


def _tables() -> list[Table]:
    facts = stata_log.facts(Document("x.log", "log", "stata", LOG, "utf-8"), settings_for())
    return [f.table for f in facts if f.table is not None]


@pytest.mark.parametrize("answer", [True, False])
def test_only_a_table_that_may_list_records_is_asked(monkeypatch: pytest.MonkeyPatch, answer: bool) -> None:
    asked: list[str] = []

    def groups(table: Table) -> bool:
        asked.append(table.command.intent if table.command and table.command.intent else "")
        return answer

    monkeypatch.setattr(printed_rows, "groups", groups)
    crosstab, listing = _tables()
    assert [printed_rows.individuals(crosstab), printed_rows.individuals(listing)] == [False, not answer]
    assert asked == ["print"]


LISTING = """\
                                 The FREQ Procedure

                       region    Frequency     Percent
                       -------------------------------
                       Hovedstaden   26907       48.60
                       Sjaelland     28455       51.40

                                              The SAS System          10:12 Monday, November 2, 2026  2

                        Obs    pnr         alder
                          1    1001           34
                          2    1002           51
"""


def _spy(monkeypatch: pytest.MonkeyPatch, name: str, answer: bool) -> list[str]:
    """`printed_rows.<name>` replaced by a test that answers `answer`; the layouts of the tables it is asked about."""
    asked: list[str] = []

    def spy(table: Table) -> bool:
        asked.append(table.layout)
        return answer

    monkeypatch.setattr(printed_rows, name, spy)
    return asked


def _listing_tables() -> list[Table]:
    facts = sas_listing.facts(Document("x.lst", "output", "sas", LISTING, "utf-8"), settings_for())
    return [f.table for f in facts if f.table is not None]


@pytest.mark.parametrize("answer", [True, False])
def test_a_table_of_counts_is_not_asked_about_groups(monkeypatch: pytest.MonkeyPatch, answer: bool) -> None:
    # a listing's tables of counts (15,000 in the generated listings) are no records whatever groups() says: it is
    # asked only of the listing of records after them
    asked = _spy(monkeypatch, "groups", answer)
    counts, listing = _listing_tables()
    assert [printed_rows.individuals(counts), printed_rows.individuals(listing)] == [False, not answer]
    assert asked == ["sas.print"]


def test_a_table_of_counts_is_not_asked_the_label_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    # aggregates without a key column are no records whatever the labels say: the label tests (a SAS statistics
    # data set, a description of variables) are asked only of the listing
    described = _spy(monkeypatch, "_described", False)
    counts, listing = _listing_tables()
    assert [printed_rows.individuals(counts), printed_rows.individuals(listing)] == [False, True]
    assert described == ["sas.print"]
