"""survival's gate (scanner/rules/survival.py, issue 11's throughput clause): the engine gives the rule only the
lines that start with three numbers (`gate.quiet`), and the rule takes the lines passed over before them as it would
have read them (`gate.passed`). The reference path gives it every line; both find the same. All data are synthetic."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file
from sdcscan.frontends.logs.common import LINE_LIMIT
from sdcscan.rules import gate, survival

# Stata's `sts list`: the number at risk falls below 5 ("Beg." over "Total"); no gate marks the "Beg." line, so it
# reaches the rule only as a line passed over.
TABLE = """\
. sts list

           Beg.          Net            Survivor      Std.
  Time    Total   Fail   Lost           Function     Error     [95% Conf. Int.]
-------------------------------------------------------------------------------
    12       40      0      1             0.9750    0.0247     0.8356   0.9964
    19        4      0      1             0.9750    0.0345     0.8149   0.9872
-------------------------------------------------------------------------------
"""


def _found(path: Path) -> list[tuple[str, int, int]]:
    findings = scan_file(Task(str(path), path.name, Settings())).findings
    return [(f.rule, f.line, f.column) for f in findings]


@pytest.mark.parametrize("name", ["out.log", "out.txt"])
def test_a_table_whose_header_went_past_the_rules_is_found(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(". * notes\n" * 3 + TABLE, encoding="utf-8")
    assert ("small-cell.survival", 10, 15) in _found(path)


def test_without_the_lines_passed_over_the_header_is_lost(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # the case above depends on `passed`: the header went past the rules, and only `passed` gives it back
    monkeypatch.setattr(gate, "passed", lambda ctx, name: [])
    path = tmp_path / "out.log"
    path.write_text(TABLE, encoding="utf-8")
    assert not [f for f in _found(path) if f[0] == "small-cell.survival"]


def test_the_rule_can_ask_for_every_line_it_reads_before_a_row() -> None:
    assert survival._RECENT <= gate.KEPT


def _marked(lines: list[str]) -> set[int]:
    text = "\n".join(lines)
    return gate._lines(text, survival._gate(text, Settings()), 1)


# Pieces of survival tables and of the lines around them: values, censored times, missing values, dashes, words.
PIECES = st.sampled_from(["0", "1", "2", "4", "12", "40", "0.95", ".5", "44.000*", ".", "-", "--", "-3", "+1e3", "1e"])
PIECES |= st.sampled_from(["Time", "Beg.", "Total", "Fail", "n.risk", "n.event", "at risk", "|", "x1", "e5", "*"])
GAPS = st.sampled_from([" ", "  ", "\t", "     ", "\x0c", "\xa0", "\r"])


@st.composite
def _line(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(PIECES, max_size=7))
    gaps = draw(st.lists(GAPS, min_size=len(pieces) + 1, max_size=len(pieces) + 1))
    return "".join(g + p for g, p in zip(gaps, pieces, strict=False)) + draw(st.sampled_from(["", " ", "\r"]))


@given(st.lists(_line(), max_size=30))
@settings(max_examples=300, deadline=None)
def test_the_gate_marks_every_row(lines: list[str]) -> None:
    marked = _marked(lines)
    for number, line in enumerate(lines, start=1):
        if survival._row(line[:LINE_LIMIT]) is not None:
            assert number in marked, line


def test_a_row_cut_at_the_line_limit_is_marked() -> None:
    line = "  1  2  3" + " 4" * LINE_LIMIT + "x"
    assert survival._row(line) is None and survival._row(line[:LINE_LIMIT]) is not None
    assert _marked(["note", line]) == {2}


@st.composite
def _document(draw: st.DrawFn) -> str:
    """Lines of survival tables (headers, separators, rows of a few widths with small counts), notes and blanks."""
    headers = st.sampled_from(["  Time    Total     Fail   Lost", "time n.risk n.event", "Number at risk", "Beg."])
    row = st.lists(st.sampled_from(["1", "2", "3", "7", "40", "0.9", "."]), min_size=2, max_size=5)
    kinds = st.one_of(
        headers,
        st.just("-" * 30),
        st.just(""),
        st.sampled_from(["note", "Survivor Function", "x 1 2 3"]),
        row.map(lambda values: "".join(f"{v:>8}" for v in values)),
    )
    return "\n".join(draw(st.lists(kinds, max_size=25))) + "\n"


@given(_document())
@settings(max_examples=60, deadline=None)
def test_the_rules_find_the_same_with_every_line_given(document: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.lst"
        path.write_text(document, encoding="utf-8")
        quick = _found(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(gate, "quiet", lambda fact, ctx: False)
            assert _found(path) == quick
