"""Round 8's cheaper paths through a SAS listing (docs/performance.md "Round 8: SAS listings") read what the
reference paths read. All data are synthetic (the project's fixtures and tables built here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from listings import expanded

from sdcscan.config import Settings, settings_for
from sdcscan.discover import classify, decode
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.frontends.logs.common import LINE_LIMIT
from sdcscan.frontends.registry import front_end
from sdcscan.model import Fact
from sdcscan.outputs import text
from sdcscan.outputs.layouts import Layout

FIXTURES = Path(__file__).parent / "fixtures"
# every fixture of printed output (a program's text is read by no layout)
TEXTS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file()
    and p.suffix.lower() not in (".xlsx", ".pdf", ".png", ".expect", ".toml", ".json")
    and classify(p, None).kind != "program"
)


def _facts(path: Path) -> list[Fact]:
    filetype = classify(path, None)
    decoded = decode(path.read_bytes())
    doc = Document(path.name, filetype.kind, filetype.language, decoded.text, decoded.codec)
    return list(front_end(filetype.kind, filetype.language)(doc, Settings()))


def _read(path: Path) -> tuple[list[Fact], list[dict[str, object]]]:
    found = scan_file(Task(str(path), path.name, settings_for("dhda"))).findings
    return _facts(path), [f.to_dict() for f in found]


def _built(medium: text.Medium) -> list[str]:
    reader = text.Reader(Settings(), medium)
    list(reader.feed(1, "a b"))
    return [type(r).__name__ for r in reader.readers]


def test_a_layout_is_read_only_from_the_media_it_reads() -> None:
    # a whitespace-separated data file starts a plain text file: a listing's or log's output is not given to it
    assert "Data" in _built("text")
    assert "Data" not in _built("listing")
    assert "Data" not in _built("log")


@pytest.mark.slow
def test_leaving_out_layouts_of_other_media_changes_no_fact_and_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    left_out = {p: _read(p) for p in TEXTS}
    monkeypatch.setattr(Layout, "reads", lambda self, medium: True)
    assert "Data" in _built("listing")
    assert {p: _read(p) for p in TEXTS} == left_out


# Lines of the layouts the gates wake for, and of prose and tables they do not: documents built of them wake,
# keep awake and put to sleep each gated recogniser in turn.
POOL = [
    "",
    "a line of prose, no table",
    "    +-----------------+",
    "    | pnr       alder |",
    "    |-----------------|",
    "  1. | 0101901239  44 |",
    "  2. | 0202902345  51 |",
    "   Min.   1st Qu.  Median    Mean 3rd Qu.    Max.",
    "   1.00    2.00    3.00    3.50    4.00    9.00",
    "koen",
    "  region",
    "    navn     alder    vaegt",
    "    Hans        34       81",
    "    Mette       51       64",
    "x = 3, y = 4",
    "Plot of y*x.  Legend: A = 1 obs",
    "   25%     50%    75%",
    "                         The SAS System          10:12 Monday, November 2, 2026  7",
]


def _texts(lines: list[str]) -> list[Fact]:
    return list(text.read(lines, Settings()))


def _fixture_lines() -> list[list[str]]:
    return [decode(p.read_bytes()).text.split("\n") for p in TEXTS]


def test_one_search_for_every_signature_finds_what_each_finds() -> None:
    found = text.Reader(Settings(), "text")
    list(found.feed(1, "a b"))
    signatures = [g.signature for g in found.gates if g is not None]
    lines = [line[:LINE_LIMIT].rstrip() for lines in _fixture_lines() for line in lines] + POOL
    assert any(found.signed(line) for line in lines) and not all(found.signed(line) for line in lines)
    for line in lines:
        assert found.signed(line) == any(s.found(line) for s in signatures), line


@given(st.lists(st.text(alphabet=" |.-+=%:abcMinxPlot0123456789\t", max_size=30), max_size=20))
@settings(max_examples=300, deadline=None)
def test_one_search_on_any_line(lines: list[str]) -> None:
    found = text.Reader(Settings(), "text")
    list(found.feed(1, "a b"))
    signatures = [g.signature for g in found.gates if g is not None]
    for line in lines:
        assert found.signed(line) == any(s.found(line) for s in signatures)


def _every_recogniser_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reference path: every gated recogniser tries its own signature on every line."""
    monkeypatch.setattr(text, "signed", lambda signatures: lambda line: bool(line))


def test_lines_given_to_the_ungated_only_change_no_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_texts(lines) for lines in _fixture_lines()]
    _every_recogniser_asked(monkeypatch)
    assert [_texts(lines) for lines in _fixture_lines()] == fast


@given(st.lists(st.sampled_from(POOL), max_size=60))
@settings(max_examples=200, deadline=None)
def test_lines_given_to_the_ungated_only_on_any_document(lines: list[str]) -> None:
    fast = _texts(lines)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _every_recogniser_asked(monkeypatch)
        assert _texts(lines) == fast


def test_a_gated_recogniser_asleep_again_lets_lines_pass_it() -> None:
    reader = text.Reader(Settings(), "text")
    box = [*POOL[2:7], "    +-----------------+", "", "12  13", "14  15"]
    awake = []
    for number, line in enumerate(box, start=1):
        list(reader.feed(number, line))
        awake.append(reader.awake)
    # the box's header and rows keep a recogniser awake (the grid's, then the list's), the blank line that ends the
    # box puts it to sleep
    assert awake == [0, 1, 1, 1, 1, 1, 0, 0, 0]
    assert reader.until == 6


# A listing's leftover lines (titles, headers) reach the rules as runs of lines (`sas_listing._Texts`).
LISTINGS = [p for p in TEXTS if classify(p, None).kind == "listing"]


def _listing(text_: str) -> Document:
    return Document("x.lst", "listing", "sas", text_, "utf-8")


def test_a_listing_passes_its_text_on_in_runs_of_the_same_lines() -> None:
    runs = 0
    for path in LISTINGS:
        decoded = decode(path.read_bytes())
        doc = Document(path.name, "listing", "sas", decoded.text, decoded.codec)
        facts = list(sas_listing.facts(doc, Settings()))
        runs += sum(f.kind == "text.lines" for f in facts)
        assert expanded(facts) == list(sas_listing._facts(doc, Settings(), runs=False)), path.name
    assert runs >= len(LISTINGS)


def test_runs_of_lines_change_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    found = {p: _read(p)[1] for p in LISTINGS}
    reference = sas_listing._facts
    monkeypatch.setattr(sas_listing, "_facts", lambda doc, settings: reference(doc, settings, runs=False))
    assert {p: _read(p)[1] for p in LISTINGS} == found


def test_a_run_ends_at_a_table_and_at_its_length() -> None:
    freq = """\
                                 The FREQ Procedure

                       region    Frequency     Percent
                       -------------------------------
                       Hovedstaden       3       48.60
                       Sjaelland         4       51.40

  kontakt: Jens Hansen
"""
    prose = "\n".join(["a line of prose, no table"] * (2 * sas_listing.RUN_LINES + 10))
    facts = list(sas_listing.facts(_listing(freq + prose), Settings()))
    kinds = [f.kind for f in facts]
    assert kinds == ["text.lines", "table", "text.lines", "text.lines", "text.lines"]
    # the run before the table: its procedure title and header (the rows are the table's); the blank lines in
    # between stay blank
    assert facts[0].text.split("\n") == [freq.split("\n")[0], "", freq.split("\n")[2]]
    assert [f.end_line - f.line + 1 for f in facts[2:]] == [sas_listing.RUN_LINES, sas_listing.RUN_LINES, 11]
    assert expanded(facts) == list(sas_listing._facts(_listing(freq + prose), Settings(), runs=False))


@given(st.lists(st.sampled_from([*POOL, "                       -------------------------------"]), max_size=80))
@settings(max_examples=200, deadline=None)
def test_runs_of_any_listing_expand_to_its_facts(lines: list[str]) -> None:
    doc = _listing("\n".join(lines))
    assert expanded(sas_listing.facts(doc, Settings())) == list(sas_listing._facts(doc, Settings(), runs=False))


# Two MEANS tables under one header whose counts stand one space apart (read as one cell, placed by extent), with
# values of other widths in the second; two values that start at one place and end under different columns.
MEANS = """\
                                 The MEANS Procedure

                     koen    N Obs     N            Mean         Std Dev
                     ---------------------------------------------------
                     1       19770 19770      29.1554984       5.6018090
                     2           3 3          61.7992009      14.5934938
                     3                 3       29.1554984       5.6018090
                     4                 3 333333333333333      14.5934938
                     ---------------------------------------------------

                                 The MEANS Procedure

                     koen    N Obs     N            Mean         Std Dev
                     ---------------------------------------------------
                     1         770 770       129.1554984       5.6018090
                     2       53845 53845      61.7992009      14.5934938   2.5
                     ---------------------------------------------------
"""


def _listing_facts() -> list[list[Fact]]:
    docs = [_listing(MEANS)]
    for path in LISTINGS:
        decoded = decode(path.read_bytes())
        docs.append(Document(path.name, "listing", "sas", decoded.text, decoded.codec))
    return [list(sas_listing.facts(doc, Settings())) for doc in docs]


def test_a_value_placed_by_its_extent_once_per_header(monkeypatch: pytest.MonkeyPatch) -> None:
    sas_listing._header.cache_clear()
    placed = _listing_facts()
    means = [f.table for f in placed[0] if f.table is not None]
    # as many values as columns: each in its own (the last row)
    cells = [[c.column for c in row.cells] for t in means for row in t.rows]
    assert cells == [[1, 3, 4], [1, 3, 4], [2, 3, 4], [3, 4], [1, 3, 4], [1, 2, 3, 4]]
    monkeypatch.setattr(sas_listing, "PLACES", 0)  # every value placed afresh (`nearest`)
    sas_listing._header.cache_clear()
    assert _listing_facts() == placed
