"""Round 14's cheaper line tests in the SAS listing reader (docs/performance.md "Round 14: SAS listings"): the date
stamp tried only at its clock's colon, a title line matched only against the regex its prefix names, and a line
translated (FORMCHAR) only when it holds a character the table maps. Each is checked against what it replaced, on
every line of the fixtures and on generated lines. All data are synthetic."""

from __future__ import annotations

import re
from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_listing_round10 import DATED, FREQ, PAGE
from test_listing_round13 import LINES, _read

from sdcscan.frontends.logs import sas_listing

# The search page_break ran before (round 13), over a line's last 80 characters.
PAGE_SEARCH = re.compile(r"\f|" + sas_listing.STAMP.pattern)

# Pieces of date stamps and what resembles them: colons, one- and two-digit hours, digits `\d` takes beyond ASCII
# (Arabic-Indic three, fullwidth one), blanks `\s` takes beyond a space, and words with commas.
PIECES = st.sampled_from(
    [":", "1", "10", "10:12", "9:05", "123:45", " ", "  ", "\xa0", "\u2003", "Monday,", "November", "2,", "2026",
     "12", "\u0663", "\uff11", "x", ",", "é", "\f"]
)  # fmt: skip

# Each title regex with the prefixes `_line` tries it under.
HEADED = (
    (sas_listing.PROC_HEAD, sas_listing.PROC),
    (sas_listing.QUANTILE_HEADS, sas_listing.QUANTILE),
    (sas_listing.MISSING_HEAD, sas_listing.MISSING),
    (sas_listing.EXTREME_HEAD, sas_listing.EXTREME_TITLE),
    (sas_listing.TABLE_HEAD, sas_listing.TABLE_OF),
)
TITLE_HEADS = st.sampled_from([h for heads, _ in HEADED for h in ((heads,) if isinstance(heads, str) else heads)])
TITLE_RESTS = st.sampled_from(["SAS System", "FREQ Procedure", "Observations", "Values", "of a by b", "= 4", "  97"])


def _page_break(line: str) -> bool:
    return "\f" in line or (line[-1:].isdigit() and PAGE_SEARCH.search(line[-80:]) is not None)


def test_the_fixtures_hold_dated_titles() -> None:
    assert sum(bool(sas_listing.STAMP.search(line[-80:])) for line in LINES) > 10


def test_a_stamp_is_found_where_the_search_found_it_on_every_fixture_line() -> None:
    for line in LINES:
        tail = line[-80:]
        assert sas_listing.stamped(tail) == (sas_listing.STAMP.search(tail) is not None), line
        assert sas_listing.page_break(line) == _page_break(line), line


def _same(line: str) -> bool:
    found = sas_listing.STAMP.search(line) is not None
    assert sas_listing.stamped(line) == found, line
    assert sas_listing.page_break(line) == _page_break(line), line
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_a_stamp_is_found_where_the_search_finds_it(line: str) -> None:
    _same(line)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="x1 :\f", max_size=3),
    st.sampled_from(["", "9", "10", "123", "\u0663", "x"]),
    st.sampled_from(["05 Monday, November 2, 2026", "05 Monday, May 12, 2026  7", "5 Mon, May 2, 2026", "05 x y 1, 2"]),
)
def test_a_stamp_after_any_hour_is_found_where_the_search_finds_it(before: str, hour: str, after: str) -> None:
    # a one-digit hour at the start or after a letter (`x9:05`): a match tried two before the colon misses it
    _same(before + hour + ":" + after)


def test_stamps_with_hours_of_one_and_two_digits() -> None:
    stamps = ["9:05 Monday, November 2, 2026", "x9:05 Monday, November 2, 2026  3", "a 10:12 Tuesday, May 12, 2026"]
    assert all(map(_same, stamps))
    assert not any(map(_same, ["10:12 Monday November 2, 2026", ":05 Monday, November 2, 2026", "9:05"]))


def test_the_title_prefixes_exclude_one_another() -> None:
    heads = list(sas_listing.TITLES)
    assert sorted(heads) == sorted(h for heads, _ in HEADED for h in ((heads,) if isinstance(heads, str) else heads))
    assert not any(a.startswith(b) for a, b in permutations(heads, 2))


def _matched_under_its_prefix(line: str) -> None:
    head = line.lstrip()
    for heads, regex in HEADED:
        if regex.match(line):
            assert head.startswith(heads), (line, regex.pattern)


def test_a_title_regex_matches_only_under_its_prefix_on_every_fixture_line() -> None:
    assert sum(bool(regex.match(line)) for line in LINES for _, regex in HEADED) > 20
    for line in LINES:
        _matched_under_its_prefix(line)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", " ", "\t", "\xa0 "]), TITLE_HEADS, TITLE_RESTS, st.text(max_size=6))
def test_a_title_regex_matches_only_under_its_prefix(indent: str, head: str, rest: str, tail: str) -> None:
    _matched_under_its_prefix(indent + head + rest + tail)


UNIVARIATE = """\
                               The UNIVARIATE Procedure

                                  100% Max      97
                                  0% Min         2

                                 Extreme Observations

                      ----Lowest----        ----Highest---

                      Value      Obs        Value      Obs

                         2        14           95        3
                         3         7           97       11
"""


def test_every_title_is_read_by_its_own_branch() -> None:
    # one title of each prefix, on pages that start with a form feed and with a dated title line alone
    read = _read(f"{PAGE}\n\n{FREQ}\n                          Frequency Missing = 4\n\n{DATED}\n\n{UNIVARIATE}")
    assert [(rows[0][0], rows[0][1]) for _, _, rows in read] == [
        ("1", "count"),
        ("Frequency Missing", "count"),
        ("100% Max", "quantile"),
        ("0% Min", "quantile"),
        ("", "smallest"),
    ]
    assert read[-1][2] == [
        ("", "smallest", [("2", 26, -1), ("14", 35, -1), ("95", 48, -1), ("3", 58, -1)]),
        ("", "smallest", [("3", 26, -1), ("7", 36, -1), ("97", 48, -1), ("11", 57, -1)]),
    ]


# What a listing's lines hold that is not ASCII: the mapped rule characters, Danish letters, other Latin-1 and beyond.
RULED = st.sampled_from([*map(chr, sas_listing.FORMCHAR), "æ", "ø", "Å", "\xa0", "é", "\u2019", "\u2501", "a", " "])


def test_the_fixtures_hold_lines_with_rule_characters_and_without() -> None:
    changed = [line for line in LINES if line.translate(sas_listing.FORMCHAR) != line]
    assert changed and any(not line.isascii() for line in LINES if line not in changed)


def test_a_line_is_translated_exactly_when_it_holds_a_mapped_character() -> None:
    for line in LINES:
        assert (sas_listing.RULE_CHARS.search(line) is not None) == (line.translate(sas_listing.FORMCHAR) != line)


@settings(max_examples=400, deadline=None)
@given(st.lists(RULED, max_size=10).map("".join))
def test_a_generated_line_is_translated_exactly_when_it_holds_a_mapped_character(line: str) -> None:
    assert (sas_listing.RULE_CHARS.search(line) is not None) == (line.translate(sas_listing.FORMCHAR) != line)
