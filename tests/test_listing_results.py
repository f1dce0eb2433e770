"""A SAS listing's blocks of model estimates (patterns/layouts/text.toml [sas_results]) are given to the text rules
only, not to the layout recognisers (issue 11's throughput clause): no finding changes but the false alarms of
tables the layouts cannot type (DISCRIM's, issue 12), every line still reaches the text rules, and the tables of
counts above, between and below such blocks are still read. The reference path is the same reader with the
shortcut turned off. All data are synthetic (the project's fixtures and a listing built here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from listings import listing_facts, listing_findings, listing_paths

from sdcscan.config import Settings
from sdcscan.frontends.logs import sas_listing
from sdcscan.model import Fact
from sdcscan.outputs.table import MODEL_STATISTICS

from annotations import read

# Counts above an estimates block, right below its rows (after one blank line) and below a title whose block holds
# a note instead of estimates; a residual-df line inside a block is still read as text.
BUILT = """\
                                 The SAS System        10:15 Monday, March 2, 2026   1

                              The LOGISTIC Procedure

                                  Response Profile

                         Ordered                      Total
                           Value     doed         Frequency

                               1     1                     3
                               2     0                   812

                     Analysis of Maximum Likelihood Estimates

                                            Standard          Wald
             Parameter         DF    Estimate       Error    Chi-Square    Pr > ChiSq

             Intercept          1      1.9860      0.0610     1059.5264    0.0007
             alder              1      0.4881      0.2302        4.4959    <.0001
             Number of Observations Used                    4

                    region      Frequency
                    Nord              812
                    Syd                 2

                                 Odds Ratio Estimates

                                      Point          95% Wald
                        Effect     Estimate      Confidence Limits

                        alder         1.046       1.020       1.073
                        koen          0.912       0.850       0.979

                                 The SAS System        10:15 Monday, March 2, 2026   2

                              The REG Procedure

                                 Parameter Estimates

NOTE: The model is not of full rank.

                    koen      Antal
                    1           4
                    2         811
"""


def _left_out(full: list[Fact], quick: list[Fact]) -> list[Fact]:
    """The facts of `full` that `quick` lacks; `quick` must be `full` with them taken out, in the same order."""
    left, rest = [], iter(quick)
    expected = next(rest, None)
    for fact in full:
        if fact == expected:
            expected = next(rest, None)
        else:
            left.append(fact)
    assert expected is None, "the quick path made a fact the full one does not"
    return left


def _off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sas_listing.ListingParser, "estimates", lambda self, line: False)


def test_estimates_as_text_change_no_finding_but_false_alarms(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    paths = listing_paths(tmp_path, BUILT)
    assert len(paths) > 30
    quick = {p: (listing_facts(p), listing_findings(p) if p.suffix != ".log" else []) for p in paths}
    _off(monkeypatch)
    full = {p: (listing_facts(p), listing_findings(p) if p.suffix != ".log" else []) for p in paths}
    # The blocks add no finding, and take away only what the fixtures mark `ok:`: DISCRIM's canonical
    # correlations and error rates, which the fixed-width reader, not knowing their headers, reads as listings,
    # and VARIOGRAM's pairs of locations per distance class, which it reads as counts.
    gone = []
    for p, (_, found) in full.items():
        kept = quick[p][1]
        assert all(f in found for f in kept), p
        ok = read(p).marks["ok"] if p.parent != tmp_path else set()
        for f in (f for f in found if f not in kept):
            assert (f["rule"], f["line"]) in ok, (p, f)
            gone.append((p.name, f["line"]))
    assert gone == [("discrim.lst", 10), ("discrim.lst", 24), ("variogram.lst", 11)]
    left = {p: _left_out(facts, quick[p][0]) for p, (facts, _) in full.items()}
    # only tables of estimates are left out: model statistics (and degrees of freedom) or columns no word types
    # (canonical correlations), nothing a rule counts but where a fixture marks the counts `ok:` (the pairs)
    for p, facts in left.items():
        for fact in facts:
            assert fact.table is not None
            marked = any(fact.line <= line <= fact.end_line for _, line in read(p).marks["ok"])
            assert fact.table.statistics() <= MODEL_STATISTICS | {"df"} or marked, (p, fact.line)
    # the test would pass on a reader that left nothing out
    assert len(left[paths[-1]]) == 2
    assert sum(map(len, left.values())) >= 3


def test_built_listing_keeps_its_counts(tmp_path: Path) -> None:
    path = listing_paths(tmp_path, BUILT)[-1]
    facts = listing_facts(path)
    tables = [(f.table.first_line, [c.label for c in f.table.columns]) for f in facts if f.table is not None]
    assert tables == [(10, ["Value", "doed", "Frequency"]), (23, ["region", "Frequency"]), (43, ["koen", "Antal"])]
    # every non-blank line is a text fact, those of the blocks included
    lines = BUILT.splitlines()
    assert [f.line for f in facts if f.kind == "text"] == [i for i, line in enumerate(lines, 1) if line.strip()]
    found = sorted((f["rule"], f["line"]) for f in listing_findings(path))
    assert found == [
        ("small-cell.count", 10),
        ("small-cell.count", 24),
        ("small-cell.count", 43),
        ("small-cell.residual-df", 20),
    ]


def _parser_in_block(proc: str, lines: list[str]) -> sas_listing.ListingParser:
    """A reader that has read a procedure's title, then `lines` as a block of estimates."""
    parser = sas_listing.ListingParser(Settings())
    list(parser.feed(1, f"  The {proc} Procedure"))
    for number, line in enumerate(lines, start=2):
        list(parser.feed(number, line))
        assert parser.estimates(line), line
    return parser


ROWS = ["  Odds Ratio Estimates", "", "  Point  95% Wald", "  Effect  Estimate  Limits", "", "  a  1.0  0.9  1.1"]
# what may end a block: a blank line, a line that is no row (a note, a title, a header), a page's title (it ends in
# its number), an echoed console command (the text reader reads it as one: never given to it as text only)
ENDS = [
    "",
    "  NOTE: Convergence criterion satisfied.",
    "  The FREQ Procedure",
    "                    The SAS System        10:15 Monday, March 2, 2026   2",
    ">>> n = 1",
    "```",
]


@pytest.mark.parametrize("end", ENDS)
def test_a_block_ends_where_its_rows_end(end: str) -> None:
    parser = _parser_in_block("LOGISTIC", ROWS)
    list(parser.feed(len(ROWS) + 2, end))
    assert not parser.estimates(end)
    assert not parser.results


@pytest.mark.parametrize("end", ENDS[2:])
def test_a_block_ends_in_its_header(end: str) -> None:
    # after the title and a blank line, the next line could be a header line (a note counts as one): these are none
    parser = _parser_in_block("LOGISTIC", ROWS[:2])
    list(parser.feed(4, end))
    assert not parser.estimates(end)


@pytest.mark.parametrize("end", ["", "  koen  Antal", "  The FREQ Procedure", ">>> x"])
def test_a_block_without_rows_ends_after_its_header(end: str) -> None:
    # the title, a note taken for its header, one blank line: then only a row of numbers continues the block
    parser = _parser_in_block("REG", ["  Parameter Estimates", "", "  NOTE: not of full rank", ""])
    list(parser.feed(6, end))
    assert not parser.estimates(end)


def test_no_block_outside_a_model_procedure() -> None:
    parser = sas_listing.ListingParser(Settings())
    for number, line in enumerate(["  The FREQ Procedure", "  Parameter Estimates"], start=1):
        list(parser.feed(number, line))
    assert not parser.results


def test_a_header_has_at_most_three_lines() -> None:
    parser = _parser_in_block("PHREG", ["  Parameter Estimates", "  Parameter", "  Standard", "  Estimate  Error"])
    list(parser.feed(6, "  Hazard  Ratio"))
    assert not parser.estimates("  Hazard  Ratio")


@pytest.mark.parametrize(
    ("title", "block"),
    [
        ("  Error Count Estimates for arm", True),  # the class variable's name follows the title
        ("  Error Count Estimates for", False),
        ("  Error Count Estimates for arm by site", False),  # one name, not any words
        ("  Canonical Discriminant Analysis", True),
    ],
)
def test_a_title_may_end_in_a_name(title: str, block: bool) -> None:
    parser = sas_listing.ListingParser(Settings())
    for number, line in enumerate(["  The DISCRIM Procedure", title], start=1):
        list(parser.feed(number, line))
    assert bool(parser.results) is block
