"""The cheaper per-line paths for Stata logs (issue 15, docs/performance.md "Round 4: Stata logs") read what the
slower ones read. All data are synthetic."""

from __future__ import annotations

import sys

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.outputs import text
from sdcscan.outputs.layouts import fixed


def test_every_letter_is_found_by_the_fixed_width_letter_search() -> None:
    # the recogniser turns a header candidate away unsearched when the search finds no letter in it
    missed = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalpha() and not fixed._LETTER.search(c)]
    assert missed == []


def test_a_header_of_letters_outside_ascii_still_starts_a_table() -> None:
    lines = ["", "    æ      ø      å", "  1.5    0.3     12", "  2.5    0.4     13", "  3.5    0.5     14", ""]
    tables = [f.table for f in text.read(lines, settings_for()) if f.table is not None]
    assert [(t.layout, [c.label for c in t.columns], len(t.rows)) for t in tables] == [
        ("text.fixed", ["æ", "ø", "å"], 3)
    ]


def test_each_echoed_input_block_of_a_log_is_inline_data() -> None:
    block = [". input str6 pnr byte koen", "  1. 010101 1", "  2. 020202 2", "  3. end"]
    log = "\n".join(["", *block, "", *block, ""])
    doc = Document("a.log", "log", "stata", log, "utf-8")
    found = [f for f in stata_log.facts(doc, settings_for()) if f.kind == "inline.data"]
    assert [(f.line, f.end_line) for f in found] == [(3, 4), (8, 9)]
