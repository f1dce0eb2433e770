"""A model's output in a Stata log is passed on as one `text.lines` fact per run of lines (issue 11's throughput
clause): the engine makes a `text` fact only of the lines some gate marked (scanner/rules/gate.py `given`) and keeps
the others for the rules that read the lines before (`passed`). The reference reading yields a `text` fact per line,
as before; both give the same facts, line by line, and the same findings. All data are synthetic (the project's
fixtures and logs built here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings, settings_for
from sdcscan.discover import classify
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.model import Fact, line_fact, lines_of
from sdcscan.rules import gate

from conftest import built_log

FIXTURES = Path(__file__).parent / "fixtures"
LOGS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.suffix in (".log", ".smcl") and classify(p, p.read_text("utf-8", "replace")).language == "stata"
)


def _per_line(self: stata_log.StataLogParser) -> Iterator[Fact]:
    """The reference: a `text` fact per line of the run, as the reader gave them before."""
    lines, first = self.results, self.results_from
    self.results = []
    for number, text in enumerate(lines, start=first):
        if text:
            yield Fact("text", number, 1, number, len(text) + 1, text)


def _facts(path: Path) -> list[Fact]:
    doc = Document(path.name, "log", "stata", path.read_text("utf-8"), "utf-8")
    found = stata_log.facts(doc, settings_for("dhda"))
    return [f for fact in found for f in _lines(fact)]


def _lines(fact: Fact) -> list[Fact]:
    """A `text.lines` fact as the engine reads it, a `text` fact per line that is not blank."""
    return [line_fact(number, text) for number, text in lines_of(fact)] if fact.kind == "text.lines" else [fact]


def _findings(path: Path, profile: Settings) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, profile)).findings]


def test_the_fixtures_hold_stata_logs_with_models() -> None:
    assert len(LOGS) >= 12
    assert sum(fact.kind == "text.lines" for path in LOGS for fact in stata_log.facts(_doc(path), Settings())) >= 20


def _doc(path: Path) -> Document:
    return Document(path.name, "log", "stata", path.read_text("utf-8"), "utf-8")


def test_the_lines_are_the_reference_facts_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = {p: _facts(p) for p in LOGS}
    for path, facts in quick.items():
        if path.suffix == ".log":  # each text fact is its line (SMCL lines lose their markup)
            lines = _doc(path).lines
            assert all(f.text == lines[f.line - 1].rstrip() for f in facts if f.kind == "text"), path
    monkeypatch.setattr(stata_log.StataLogParser, "_results", _per_line)
    assert {p: _facts(p) for p in LOGS} == quick


# A model's output whose credit line no gate marks: the name under it is its author's only if the engine kept the
# credit line as the line before (`passed`).
CREDITED = """\
. logit diab alder

Logistic regression                                     Number of obs =    75,795
Written by the analysis team
and Jens Hansen, Aarhus
        diab | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]
       alder |   1.116135    0.055807  -2.29   0.000     1.0      1.2
"""


@pytest.mark.parametrize("profile", [Settings(), settings_for("dhda")])
def test_the_rules_find_the_same_in_every_fixture_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile: Settings
) -> None:
    built = tmp_path / "credited.log"
    built.write_text(CREDITED, encoding="utf-8")
    logs = [*LOGS, built]
    quick = {p: _findings(p, profile) for p in logs}
    monkeypatch.setattr(stata_log.StataLogParser, "_results", _per_line)
    assert {p: _findings(p, profile) for p in logs} == quick


def test_a_line_passed_over_still_credits_the_line_below(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "credited.log"
    path.write_text(CREDITED, encoding="utf-8")
    assert not [f for f in _findings(path, settings_for("dhda")) if str(f["rule"]).startswith("personal-data")]
    # the case depends on the line kept: without it the author is a finding
    monkeypatch.setattr(gate, "passed", lambda ctx, name: [])
    assert [f["line"] for f in _findings(path, settings_for("dhda")) if f["rule"] == "personal-data.name"] == [5]


def _lines_given(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lines `gate.given` turns into facts from now on, in order."""
    made: list[int] = []
    given_lines = gate.given

    def spy(fact: Fact, ctx: gate.Context) -> Iterator[Fact]:
        for line in given_lines(fact, ctx):
            made.append(line.line)
            yield line

    monkeypatch.setattr(gate, "given", spy)
    return made


def test_only_the_lines_a_gate_marked_become_facts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    made = _lines_given(monkeypatch)
    path = tmp_path / "credited.log"
    path.write_text(CREDITED, encoding="utf-8")
    _findings(path, settings_for("dhda"))
    # the name (personal-data); not the number of observations (75,795: far above the least residual df, which
    # residual-df's gate judges), not the credit line, not the table
    assert made == [5]


# Pieces of Stata logs: commands (models, tables, lists), model output, names, counts, blank lines.
LINES = st.sampled_from(
    [
        ". logit diab alder", ". regress y x", ". tabulate koen diab", ". sts list", ". list in 1/2", "",
        "Logistic regression                                     Number of obs =        12",
        "Number of obs     =         3", "    Residual |  12.5    2   6.25", "Written by the analysis team",
        " and Jens Hansen, Univ.", "kontakt: Mette Jensen", "        diab | Odds ratio   Std. err.      z",
        "------------+----------------------", "         1 |        3          2 |         5",
        "           Beg.          Net", "  Time    Total   Fail   Lost", "    12       4      1      0",
        "     +------+", "  1. |  a |", "født 12.03.1956", "   ", ". * note",
    ]
)  # fmt: skip


@given(st.lists(LINES, max_size=30))
@settings(max_examples=60, deadline=None)
def test_the_rules_find_the_same_in_built_logs(lines: list[str]) -> None:
    with built_log(". * Stata\n" + "\n".join(lines) + "\n") as path:
        quick = _findings(path, settings_for("dhda"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(stata_log.StataLogParser, "_results", _per_line)
            assert _findings(path, settings_for("dhda")) == quick


def test_where_not_every_text_rule_is_gated_every_line_becomes_a_fact(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "credited.log"
    path.write_text(CREDITED, encoding="utf-8")
    found = _findings(path, settings_for("dhda"))
    made = _lines_given(monkeypatch)
    monkeypatch.setattr(gate, "_able", lambda ctx: False)
    assert _findings(path, settings_for("dhda")) == found
    assert made == [3, 4, 5, 6, 7]
