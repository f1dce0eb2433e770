"""The cheaper per-line paths for Stata logs (issue 15, docs/performance.md "Round 4: Stata logs") read what the
slower ones read. All data are synthetic."""

from __future__ import annotations

import sys

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.frontends.logs.common import Span, cells, nearest, words
from sdcscan.outputs import text
from sdcscan.outputs.layouts import fixed


def test_every_letter_is_found_by_the_fixed_width_letter_search() -> None:
    # the recogniser turns a header candidate away unsearched when the search finds no letter in it
    missed = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalpha() and not fixed._LETTER.search(c)]
    assert missed == []


@pytest.mark.parametrize(
    ("header", "read"),
    [("    æ      ø      å", True), ("    ²      ³      a", True), ("    ²      ³      ¹", False)],
)
def test_a_header_starts_a_table_when_it_holds_a_letter(header: str, read: bool) -> None:
    # a superscript digit is a word character but no letter (nor a number): three of them name no columns
    lines = ["", header, "  1.5    0.3     12", "  2.5    0.4     13", "  3.5    0.5     14", ""]
    tables = [f.table for f in text.read(lines, settings_for()) if f.table is not None]
    expected = [("text.fixed", header.split(), 3)] if read else []
    assert [(t.layout, [c.label for c in t.columns], len(t.rows)) for t in tables] == expected


def test_each_echoed_input_block_of_a_log_is_inline_data() -> None:
    block = [". input str6 pnr byte koen", "  1. 010101 1", "  2. 020202 2", "  3. end"]
    log = "\n".join(["", *block, "", *block, ""])
    doc = Document("a.log", "log", "stata", log, "utf-8")
    found = [f for f in stata_log.facts(doc, settings_for()) if f.kind == "inline.data"]
    assert [(f.line, f.end_line) for f in found] == [(3, 4), (8, 9)]


def test_a_tabulated_value_stands_under_its_own_tables_header() -> None:
    # the same extents under a different header in the next table: placed afresh, not as in the table before
    rule = "-----------+----------------------+----------"
    first = ["      koen |         0          1 |     Total", rule, "         1 |        10         20 |        30"]
    second = ["      koen |                   Total", rule, "         1 |        10         20"]
    log = "\n".join([". tabulate koen diab", "", *first, "", ". tabulate koen", "", *second, ""])
    doc = Document("a.log", "log", "stata", log, "utf-8")
    tables = [f.table for f in stata_log.facts(doc, settings_for()) if f.table is not None]
    placed = []
    for found in tables:
        header = [Span(c.label, c.column - 1, c.end_column - 1) for c in found.columns]
        for row in found.rows:
            placed += [(c.text, c.column, nearest(Span(c.text, c.start - 1, c.end - 1), header)) for c in row.cells]
    assert len(tables) == 2
    assert [(text, column) for text, column, _ in placed] == [("10", 0), ("20", 1), ("30", 2), ("10", 0), ("20", 0)]
    assert all(column == expected for _, column, expected in placed)


def test_pieces_of_a_line_are_spans_at_their_offsets() -> None:
    found = [cells("a  b c   d", 2), words(" a  b c", 1)]
    assert found == [[("a", 2, 3), ("b c", 5, 8), ("d", 11, 12)], [("a", 2, 3), ("b", 5, 6), ("c", 7, 8)]]
    assert all(type(span) is Span and span.text == span[0] for spans in found for span in spans)
