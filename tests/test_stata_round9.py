"""Round 9's cheaper paths through a Stata log (docs/performance.md "Round 9: Stata logs") give what the reference
paths give. residual-df's gate marks only the lines its check finds on (an estimation header's `Number of obs`
with thousands of observations is given to no per-line rule): the same lines `check` judges, for any least df, and
the same findings of every rule as with the keyword gate it replaces (the rules read the lines passed over as they
read lines given). All data are synthetic (the project's fixtures and lines built here)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import test_stata_round8 as round8
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings, settings_for
from sdcscan.discover import classify
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.model import Fact, line_fact
from sdcscan.outputs.text import Reader
from sdcscan.rules import Context, gate, residual_df

from conftest import built_log

FIXTURES = Path(__file__).parent / "fixtures"
LOGS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.suffix.lower() in (".log", ".smcl", ".lst", ".rout", ".txt", ".out") and p.is_file()
)


def _keywords(text: str, settings: Settings) -> Iterator[int]:
    """The gate replaced (the reference): every line with a keyword."""
    return (match.start() for match in residual_df._quick().finditer(text))


def _found_on(line: str, least: int) -> bool:
    """`check` on the line alone, its gate not asked."""
    ctx = Context(Document("x.log", "log", "stata", line, "utf-8"), replace(Settings(), min_residual_df=least))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate, "skipped", lambda fact, ctx, name: False)
        return any(True for _ in residual_df.check(line_fact(1, line), ctx))


def _marked(lines: list[str], least: int) -> set[int]:
    text = "\n".join(lines)
    return gate._lines(text, residual_df._gate(text, replace(Settings(), min_residual_df=least)), 1)


NUMBER = st.one_of(st.integers(0, 40).map(str), st.integers(0, 10**6).map(lambda n: f"{n:,}"))
# Lines that state a model's df or observations (Stata, SAS, R), keywords alone, and other lines, with a number
# in them; two on one line too.
LINE = st.one_of(
    st.builds("Logistic regression          Number of obs =    {}".format, NUMBER),
    st.builds("    Residual |  12.5    {}   6.25".format, NUMBER),
    st.builds("Error   {}   400.00000   22.22222".format, NUMBER),
    st.builds("Residual standard error: 1.2 on {} degrees of freedom".format, NUMBER),
    st.builds("  n= {}, number of events= 4".format, NUMBER),
    st.builds("Number of Observations Used      {}".format, NUMBER),
    st.builds("Number of obs = {}   Residual |  1  {}  2".format, NUMBER, NUMBER),
    st.sampled_from(["", "   ", "Number of", "freedom", "Error", "  Residual", "kontakt: Mette Jensen", ". logit"]),
    st.builds("         1 |    {}     {} |   135,864".format, NUMBER, NUMBER),
)


@given(st.lists(LINE, max_size=30), st.integers(1, 60))
@settings(max_examples=300, deadline=None)
def test_the_gate_marks_exactly_the_lines_check_finds_on(lines: list[str], least: int) -> None:
    assert _marked(lines, least) == {n for n, line in enumerate(lines, start=1) if _found_on(line, least)}


def test_an_estimation_header_is_marked_only_for_few_observations() -> None:
    header = "Logistic regression                                     Number of obs =    {}"
    lines = [header.format("75,795"), header.format(8), "    Residual |  12.5    40   6.25", "    Residual |  1  3  2"]
    assert _marked(lines, 10) == {2, 4}
    assert _marked(lines, 41) == {2, 3, 4}


def test_every_fixture_line_check_finds_on_is_marked() -> None:
    found = 0
    for path in LOGS:
        lines = path.read_text("utf-8", "replace").split("\n")
        for least in (10, 1000):
            marked = _marked(lines, least)
            for number, line in enumerate(lines, start=1):
                if residual_df._quick().search(line):  # `check` judges no other line
                    on = _found_on(line, least)
                    found += on
                    assert on == (number in marked), (path.name, number, least)
    assert found >= 10


def _scan(path: Path, profile: str = "dhda") -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for(profile))).findings]


def test_the_fixture_logs_find_the_same_as_with_the_keyword_gate() -> None:
    quick = {p: _scan(p) for p in LOGS}
    assert sum(f["rule"] == "small-cell.residual-df" for found in quick.values() for f in found) >= 5
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(gate._GATES, residual_df.__name__, _keywords)
        assert {p: _scan(p) for p in LOGS} == quick


# Stata log pieces around model output: estimation headers with many and few observations, a survival table's
# header and rows, names and a credit, a crosstab.
PIECES = st.one_of(
    LINE,
    st.sampled_from(
        [
            ". stcox alder", ". sts list", "         Beg.          Net", "  Time    Total   Fail   Lost",
            "---------------------------------", "    1      {}      1      0", "    3       40      2      0",
            "kontakt: Mette Jensen", "født 12.03.1956", " and Jens Hansen, Univ.", "Tables 2020",
            "      koen |         0          1 |     Total", "-----------+----------------------+----------",
        ]
    ),
)  # fmt: skip


@given(st.lists(PIECES, max_size=40))
@settings(max_examples=80, deadline=None)
def test_built_logs_find_the_same_as_with_the_keyword_gate(lines: list[str]) -> None:
    with built_log(". regress y x\n" + "\n".join(lines) + "\n") as path:
        assert classify(path, path.read_text("utf-8")).language == "stata"
        quick = _scan(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(gate._GATES, residual_df.__name__, _keywords)
            assert _scan(path) == quick


def test_headers_kept_give_the_facts_of_headers_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = [round8._facts(t) for t in round8._texts()]
    assert stata_log._header.cache_info().hits >= 10
    monkeypatch.setattr(stata_log, "_header", stata_log._header.__wrapped__)
    assert [round8._facts(t) for t in round8._texts()] == kept


@given(st.lists(st.one_of(round8.PIECES, round8.PIECES, st.just(round8.OPENED), round8.NOTES), max_size=40))
@settings(max_examples=150, deadline=None)
def test_built_logs_read_the_same_with_headers_kept_or_read_afresh(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    kept = round8._facts(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stata_log, "_header", stata_log._header.__wrapped__)
        assert round8._facts(text) == kept


def test_a_header_is_kept_apart_for_tabulate_and_for_other_commands() -> None:
    header = "      koen |         0          1 |     Total"
    table = ". {} koen diab\n\n" + header + "\n-----------+----------------------+----------\n  1 |  3  4 |  7\n"
    kinds = [
        [c.statistic for f in round8._facts(table.format(command)) if f.table for c in f.table.columns]
        for command in ("tabulate", "tabstat", "tabulate")
    ]
    assert kinds[0] == kinds[2] == ["count", "count", "count"]
    assert kinds[1] != kinds[0]


def _without_holding(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(stata_log, "_HOLD", False)


def test_blank_lines_held_give_the_facts_of_blank_lines_fed(monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[int] = []
    real = Reader.blank_skipped

    def spy(self: Reader, number: int) -> None:
        done.append(number)
        real(self, number)

    monkeypatch.setattr(Reader, "blank_skipped", spy)
    held = [round8._facts(t) for t in round8._texts()]
    assert len(done) >= 20  # two per crosstab of TAB, the fixtures' blank lines between commands
    _without_holding(monkeypatch)
    assert [round8._facts(t) for t in round8._texts()] == held


# Lines the plain-text reader's recognisers read in a Stata log: a Python block's console and Series, a pandas
# describe(), a summary table, boxes, a codebook range, a fixed-width table.
TEXT = st.sampled_from(
    [
        ". python:", ">>> df.region.value_counts()", "region", "Nord     120", "Syd        3",
        "Name: count, dtype: int64", "       alder", "count   5.000000", "mean   40.200000",
        "    Variable         Obs        Mean    Std. dev.       Min        Max",
        "         age         12        40.5        3.2          18         77", "  x    y", "  1    2",
        "     +------+", "     | koen |", "     |------|", "  1. |    1 |", "                  range:  [18,97]",
        "      Percentiles      Smallest", "  1%        3          2", "   a   b   c", "   1   2   3",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(round8.PIECES, round8.PIECES, st.just(round8.OPENED), round8.NOTES, TEXT), max_size=50))
@settings(max_examples=250, deadline=None)
def test_built_logs_read_the_same_with_blank_lines_held_or_fed(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    held = round8._facts(text)
    with pytest.MonkeyPatch.context() as patch:
        _without_holding(patch)
        assert round8._facts(text) == held


def _state(reader: Reader) -> object:
    """Everything a reader holds that its later lines depend on: its own fields, its gates and history, and each
    recogniser's fields (a table builder's too)."""

    def fields(obj: object) -> dict[str, object]:
        names = getattr(obj, "__slots__", None) or vars(obj)
        return {n: getattr(obj, n) for n in names if n not in ("settings", "data", "template")}

    own = {k: v for k, v in fields(reader).items() if k not in ("readers", "gates", "signed", "history")}
    gates = [None if g is None else (g.awake, g.since, g.until) for g in reader.gates]
    held = [
        {k: fields(v) if hasattr(v, "rows") and hasattr(v, "discard") else v for k, v in fields(r).items()}
        for r in reader.readers
    ]
    return own, gates, list(reader.history), held


@given(st.lists(TEXT, max_size=12), st.lists(st.one_of(TEXT, st.just("")), max_size=12))
@settings(max_examples=250, deadline=None)
def test_an_inert_blank_line_and_a_skip_leave_the_reader_as_fed(before: list[str], after: list[str]) -> None:
    """Two readers given the same lines and a skip, then a blank line and a skip (fed, or at once where inert):
    the same state, then the same facts of the same lines after, and at close."""

    def read(at_once: bool) -> tuple[object, list[Fact]]:
        reader = Reader(Settings(), "log", without=("sas",))
        found = [f for n, line in enumerate(before, start=1) for f in reader.feed(n, line)]
        number = len(before) + 1
        found += list(reader.skip(number))
        if at_once and reader.inert_blank(number + 1):
            reader.blank_skipped(number + 1)
        else:
            found += [*reader.feed(number + 1, ""), *reader.skip(number + 2)]
        state = _state(reader)
        found += [f for n, line in enumerate(after, start=number + 3) for f in reader.feed(n, line)]
        return state, found + list(reader.close())

    assert read(True) == read(False)


def test_a_blank_line_is_not_inert_while_a_gated_recogniser_is_awake() -> None:
    reader = Reader(Settings(), "log", without=("sas",))
    list(reader.feed(1, "region"))  # a name alone: the contingency recogniser wakes for it and two lines after
    list(reader.skip(2))
    assert reader.awake and not reader.inert_blank(3)
    # fed, the blank line puts it to sleep (its last line awake)
    fed = _state(reader)
    list(reader.feed(3, ""))
    list(reader.skip(4))
    assert not reader.awake and _state(reader) != fed
    reader = Reader(Settings(), "log", without=("sas",))
    list(reader.feed(1, "note 12"))
    assert not reader.inert_blank(2)  # not skipped: its last line may be the start of something
    list(reader.skip(2))
    assert reader.inert_blank(3)
