"""Round 13's cheaper line tests in the SAS listing reader (docs/performance.md "Round 13: SAS listings"): the
titles' prefixes after the indent and the titled tables' first words are looked for with string methods instead of
a regex. Each is checked against the regex it replaced, on every line of the fixtures and on generated lines with
Unicode blanks and letters whose lower case is longer. All data are synthetic."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_listing_round10 import DATED, FREQ

from sdcscan.config import Settings
from sdcscan.discover import classify
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.outputs.layouts import patterns

FIXTURES = Path(__file__).parent / "fixtures"
LINES = sorted(
    {
        line
        for path in FIXTURES.rglob("*")
        if path.is_file() and classify(path, None).kind in ("listing", "log", "other")
        for line in path.read_text("utf-8", "replace").split("\n")
    }
)

# The regexes the string tests replaced, as they were (round 12).
TITLES = re.compile(r"^\s*+(?:The |100% Max|0% Min|Frequency Missing|Extreme |Table )")
TITLE_WORDS = re.compile("|".join(sorted({re.escape(title.split()[0]) for title in patterns("sas_titled")})))

# Blanks `\s` matches beyond the ASCII ones (a no-break space, an em space, a line separator, the file separator).
BLANKS = st.sampled_from([" ", "\t", "\x0b", "\x1c", "\xa0", "\u2003", "\u2028", "\u3000", "x", "-"])
HEADS = st.sampled_from(["The ", "100% Max", "0% Min", "Frequency Missing", "Extreme ", "Table ", "Th", "the ", ""])
WORDS = st.sampled_from(["summary", "SUMMARY", "Summ", "İ", "\u017fummary", "sum mary", "of the number", ""])


def _titled(line: str) -> bool:
    return line.lstrip().startswith(sas_listing.TITLES)


def _reference_may_title(line: str) -> bool:
    return TITLE_WORDS.search(line.lower()) is not None


def test_the_fixtures_hold_titles_and_titled_tables() -> None:
    assert sum(map(_titled, LINES)) > 50
    assert any(map(_reference_may_title, LINES))


def test_a_title_is_found_where_the_regex_found_it_on_every_fixture_line() -> None:
    assert [line for line in LINES if _titled(line)] == [line for line in LINES if TITLES.match(line)]


def test_a_title_word_is_found_where_the_regex_found_it_on_every_fixture_line() -> None:
    found = [line for line in LINES if sas_listing._may_title(line)]
    assert found == [line for line in LINES if _reference_may_title(line)]


@settings(max_examples=400, deadline=None)
@given(st.lists(BLANKS, max_size=4).map("".join), HEADS, st.text(max_size=12))
def test_a_title_after_any_blanks_is_found_as_the_regex_finds_it(indent: str, head: str, rest: str) -> None:
    line = indent + head + rest
    assert _titled(line) == bool(TITLES.match(line))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=8), WORDS, st.text(max_size=8))
def test_a_title_word_in_any_case_is_found_as_the_regex_finds_it(before: str, word: str, after: str) -> None:
    line = before + word + after
    assert sas_listing._may_title(line) == _reference_may_title(line)


LISTING = f"""\
{DATED}

{FREQ}                          Total           3       50       53

                          Frequency Missing = 4

                               The UNIVARIATE Procedure

                                  100% Max      97
                                  0% Min         2
"""


def _read(text: str) -> list[tuple[object, ...]]:
    doc = Document("t.lst", "listing", None, text, "utf-8")
    return [
        (f.kind, f.line, [(r.label, r.statistic, [(c.text, c.start, c.column) for c in r.cells]) for r in f.table.rows])
        for f in sas_listing.facts(doc, Settings())
        if f.table is not None
    ]


def test_titles_indented_by_blanks_that_are_no_ascii_space_read_as_indented_by_spaces() -> None:
    # a tab and a no-break space (one character each, so the columns stay) before each title: a strip of spaces
    # alone would take none of them for a title, and read no crosstab, no missing count and no quantile
    titles = ("The FREQ", "Table of", "Frequency Missing", "The UNIVARIATE", "100% Max", "0% Min")
    lines = ["\t\xa0" + line[2:] if line.lstrip().startswith(titles) else line for line in LISTING.split("\n")]
    assert sum(line.startswith("\t\xa0") for line in lines) == len(titles)
    read = _read(LISTING)
    assert len(read) == 4 and read[0][2][0] == ("1", "count", [("3", 44, 0), ("50", 52, 1), ("53", 61, 2)])
    assert _read("\n".join(lines)) == read
