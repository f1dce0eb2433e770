"""Round 7's cheaper paths through a SAS listing (docs/performance.md "Round 7: SAS listings") read what the
reference paths read: the reader's loop without a generator per line (`ListingParser.step`) gives the facts of the
recogniser's `feed`; a header line is read once per procedure (`_header`, cached) as it is read afresh; the
regexes that take a line's indent possessively (`\\s*+`) match as they did with `\\s*`. All data are synthetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import settings_for
from sdcscan.discover import decode
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.frontends.logs.common import LINE_LIMIT
from sdcscan.frontends.logs.sas_listing import ListingParser
from sdcscan.model import Fact
from sdcscan.outputs.layouts import layouts
from sdcscan.outputs.table import MAX_ROWS

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURED = (FIXTURES / "text" / "sas_output.txt", FIXTURES / "sas_log" / "captured.log")  # listings in other files
LISTINGS = [*sorted(FIXTURES.rglob("*.lst")), *CAPTURED]
POSSESSIVE = sorted(
    name
    for name, value in vars(sas_listing).items()
    if isinstance(value, re.Pattern) and value.pattern.startswith("^\\s*+")
)

# The same header over two procedures: a table of results in MEANS, of rows in PRINT; a header of names only is
# no table in MEANS and a listing in PRINT; a header read again under a title line right above it.
BY_PROC = """\
                                 The MEANS Procedure

                     koen    Obs    N    Mean
                     ----------------------------
                     1         3    3    12.5

                                 The PRINT Procedure

                     koen    Obs    N    Mean
                     ----------------------------
                     1         3    3    12.5

                            Analysis
                     koen    Obs    N    Mean
                     ----------------------------
                     1         3    3    12.5

                                 The MEANS Procedure

                     navn      region
                     ----------------------------
                     Hans      Nord

                                 The PRINT Procedure

                     navn      region
                     ----------------------------
                     Hans      Nord
"""


def _doc(path: Path) -> Document:
    decoded = decode(path.read_bytes())  # a listing written on Windows is cp1252
    return Document(path.name, "listing", "sas", decoded.text, decoded.codec)


def _docs() -> list[Document]:
    return [*map(_doc, LISTINGS), Document("by_proc.lst", "listing", "sas", BY_PROC, "utf-8")]


def _fed(doc: Document) -> list[tuple[list[Fact], bool]]:
    """Each line through the recogniser's generator: its facts and whether it was taken."""
    parser = ListingParser(settings_for())
    out = []
    for number, raw in enumerate(doc.lines, start=1):
        feed = parser.feed(number, raw[:LINE_LIMIT].rstrip())
        facts = []
        while True:
            try:
                facts.append(next(feed))
            except StopIteration as stop:
                out.append((facts, bool(stop.value)))
                break
    out.append((list(parser.close()), False))
    return out


def _stepped(doc: Document) -> list[tuple[list[Fact], bool]]:
    parser = ListingParser(settings_for())
    out = []
    for number, raw in enumerate(doc.lines, start=1):
        taken = parser.step(number, raw[:LINE_LIMIT].rstrip())
        out.append((parser.drained(), taken))
    out.append((list(parser.close()), False))
    return out


def test_the_fixtures_hold_listings() -> None:
    assert len(LISTINGS) > 25 and all(p.exists() for p in LISTINGS)
    assert {"PROC", "DASHES", "OBS_ROW", "CROSS_SEP"} <= set(POSSESSIVE)
    tabled = [d for d in _docs() if any(f.table is not None for facts, _ in _stepped(d) for f in facts)]
    assert len(tabled) > 20


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d.rel)
def test_a_line_stepped_gives_the_facts_it_gives_fed(doc: Document) -> None:
    assert _stepped(doc) == _fed(doc)


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d.rel)
def test_a_listing_reads_as_with_no_header_kept_and_no_possessive_indent(
    doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = list(sas_listing.facts(doc, settings_for()))
    monkeypatch.setattr(sas_listing, "_header", sas_listing._header.__wrapped__)
    for name in POSSESSIVE:
        pattern = getattr(sas_listing, name)
        monkeypatch.setattr(sas_listing, name, re.compile(pattern.pattern.replace("^\\s*+", "^\\s*", 1)))
    assert list(sas_listing.facts(doc, settings_for())) == quick


def test_a_header_is_read_by_its_procedure() -> None:
    doc = Document("by_proc.lst", "listing", "sas", BY_PROC, "utf-8")
    tables = [f.table for f in sas_listing.facts(doc, settings_for()) if f.table is not None]
    assert [t.layout for t in tables] == ["sas.means", "sas.print", "sas.print", "sas.rows"]
    assert [t.columns[0].line for t in tables] == [3, 9, 14, 26]  # the header's own line, not the first one's
    assert tables[2].columns[1].label == "Analysis Obs"  # the title right above prefixes a column
    assert [c.label for c in tables[1].columns] == ["koen", "Obs", "N", "Mean"]


_LINE = st.text(st.sampled_from(" \t-+|ObsTheTableExtreme100%MaxMinFrequencyMissing=0123456789.abc"), max_size=40)


@settings(max_examples=400)
@given(_LINE)
def test_a_possessive_indent_matches_as_before(line: str) -> None:
    for name in POSSESSIVE:
        pattern = getattr(sas_listing, name)
        before = re.compile(pattern.pattern.replace("^\\s*+", "^\\s*", 1))
        now, then = pattern.match(line), before.match(line)
        assert (now and now.groups(), now and now.span()) == (then and then.groups(), then and then.span()), name


def test_a_table_longer_than_a_part_is_read_in_parts() -> None:
    # rows are put without a generator; the row that fills a part still sends it on
    rows = [f"                     {i:<6}  {i + 5:>5}  {i + 5:>5}  {i / 7:10.4f}" for i in range(MAX_ROWS + 5)]
    header = ["                                 The MEANS Procedure", "", "                     koen    N Obs      N"]
    text = "\n".join([*header[:2], header[2] + "        Mean", "                     " + "-" * 40, *rows, ""])
    doc = Document("long.lst", "listing", "sas", text, "utf-8")
    tables = [f.table for f in sas_listing.facts(doc, settings_for()) if f.table is not None]
    shape = [(len(t.rows), t.part, t.complete, t.total_rows) for t in tables]
    assert shape == [(MAX_ROWS, 0, False, MAX_ROWS), (5, 1, True, MAX_ROWS + 5)]


_WORDS = st.text(st.sampled_from(" \tab.Z_9x:|-"), max_size=30)


@settings(max_examples=400)
@given(_WORDS)
def test_the_contingency_signature_matches_as_with_greedy_repeats(line: str) -> None:
    """patterns/layouts/text.toml [signatures] contingency: possessive repeats (`*+`, `++`) where nothing after
    them can take what they took."""
    signature = next(layout.signature for layout in layouts() if layout.name == "contingency")
    assert signature is not None and signature.line is not None
    greedy = re.compile(signature.line.pattern.replace("*+", "*").replace("++", "+"))
    assert "*+" in signature.line.pattern
    assert bool(signature.line.match(line)) == bool(greedy.match(line))
