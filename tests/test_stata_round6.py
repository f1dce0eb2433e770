"""Round 6's cheaper paths through a Stata log (docs/performance.md "Round 6: Stata logs") read what the reference
paths read. All data are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document, embedded, stata
from sdcscan.frontends.embedded import program_facts
from sdcscan.frontends.logs import stata_log
from sdcscan.frontends.logs.common import run
from sdcscan.model import Fact
from sdcscan.outputs.table import MAX_ROWS

FIXTURES = Path(__file__).parent / "fixtures" / "stata_log"
RULE = "-----------+----------------------+----------"


def _reference(doc: Document) -> list[Fact]:
    """The log read with every line tested for SMCL markup (the path a log with markup takes)."""
    is_smcl = doc.rel.lower().endswith(".smcl")
    lines = (stata_log.smcl(raw) if is_smcl or raw.startswith("{smcl}") else raw for raw in doc.lines)
    parser = stata_log.StataLogParser(settings_for(), stata_log._left_out(doc, is_smcl))
    return list(run(parser, lines))


def _logs() -> list[Document]:
    paths = [p for p in sorted(FIXTURES.iterdir()) if p.suffix != ".expect"]
    docs = [Document(p.name, "log", "stata", p.read_text(encoding="utf-8"), "utf-8") for p in paths]
    # SMCL markup on a line of a plain log (a log appended to an SMCL one): that line is still read as Stata shows it
    mixed = ". tabulate koen\n\n{smcl}\n{txt}      koen {c |}      Freq.\n{hline 11}{c +}{hline 11}\n  1 {c |} 3\n"
    return [*docs, Document("mixed.log", "log", "stata", mixed, "utf-8")]


@pytest.mark.parametrize("doc", _logs(), ids=lambda d: d.rel)
def test_a_log_without_markup_read_as_its_lines_gives_the_facts_of_the_reference_path(doc: Document) -> None:
    assert len(doc.lines) > 3
    assert list(stata_log.facts(doc, settings_for())) == _reference(doc)


def test_the_plain_path_is_taken_only_without_markup() -> None:
    plain = Document("a.log", "log", "stata", ". tabulate koen\n", "utf-8")
    marked = Document("a.log", "log", "stata", ". tabulate koen\n{smcl}\n", "utf-8")
    smcl = Document("a.smcl", "log", "stata", ". tabulate koen\n", "utf-8")
    assert [stata_log._plain(d, d.rel.endswith(".smcl")) for d in (plain, marked, smcl)] == [True, False, False]


def test_a_tabulate_longer_than_a_part_is_read_in_parts() -> None:
    # rows are put without a generator; the row that fills a part still sends it on
    rows = [f"{i:>10} |        {i:>2}         {i + 1:>2} |        {2 * i + 1:>2}" for i in range(MAX_ROWS + 5)]
    header = "      koen |         0          1 |     Total"
    total = "     Total |        10         20 |  30"
    log = "\n".join([". tabulate koen diab", "", header, RULE, *rows, RULE, total, ""])
    doc = Document("a.log", "log", "stata", log, "utf-8")
    tables = [f.table for f in stata_log.facts(doc, settings_for()) if f.table is not None]
    shape = [(len(t.rows), t.part, t.complete, t.total_rows) for t in tables]
    assert shape == [(MAX_ROWS, 0, False, MAX_ROWS), (6, 1, True, MAX_ROWS + 6)]
    assert tables[0].rows[0].cells[0].text == "0" and tables[1].rows[-1].label == "Total"


AGGREGATED = (("_data", "aggregates"),)
CODE = ["summarize bmi", "collapse (count) n=pnr, by(koen)", "svmat b, names(est)", "use cohort, clear"]


def _after_reference(code: str, known: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    _, aggregated, stubs = stata._read(code, known)
    return stata._held(aggregated, stubs)


@pytest.mark.parametrize("known", [(), AGGREGATED])
@pytest.mark.parametrize("code", CODE)
def test_what_the_data_hold_after_echoed_code_is_the_same_whether_its_facts_were_read_first(
    code: str, known: tuple[tuple[str, str], ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    for before in [(), AGGREGATED]:  # the facts just read were of the same code run on other data, or on the same
        # nothing held: the facts are read afresh, and keep what the data hold after the code
        monkeypatch.setattr(stata, "_AFTER", stata._HeldAfter(10_000))
        monkeypatch.setattr(embedded, "_PARSED", embedded.ParseCache(embedded.PARSE_BUDGET))
        list(program_facts(code, "stata", settings_for(), echo=True, known=before))
        assert (code, before) in stata._AFTER.held
        assert stata.after(code, known) == _after_reference(code, known)


def test_echoed_code_read_for_its_facts_is_not_parsed_again_for_what_its_data_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    read = stata._read

    def counted(text: str, known: tuple[tuple[str, str], ...]) -> tuple[list[Fact], bool, set[str]]:
        parsed.append(text)
        return read(text, known)

    monkeypatch.setattr(stata, "_read", counted)
    monkeypatch.setattr(stata, "_AFTER", stata._HeldAfter(10_000))
    monkeypatch.setattr(embedded, "_PARSED", embedded.ParseCache(embedded.PARSE_BUDGET))
    code = "collapse (count) n=pnr, by(koen)"
    list(program_facts(code, "stata", settings_for(), echo=True))
    assert stata.after(code, ()) == AGGREGATED
    assert parsed == [code]


def test_the_states_kept_stay_within_their_budget_the_least_recently_used_going_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held = stata._HeldAfter(3 * (23 + stata._ENTRY))
    monkeypatch.setattr(stata, "_AFTER", held)
    codes = [f"collapse (count) n{i}=pnr" for i in range(4)]  # 23 characters each
    assert {len(c) for c in codes} == {23}
    for code in codes[:3]:
        assert stata.after(code, ()) == AGGREGATED
    assert stata.after(codes[0], ()) == AGGREGATED  # used again: the second is now the oldest
    stata.after(codes[3], ())
    assert list(held.held) == [(codes[2], ()), (codes[0], ()), (codes[3], ())]
    assert held.size == 3 * (23 + stata._ENTRY)
    stata.after("summarize " + "x" * 300, ())  # larger than the whole budget: read, never kept
    assert len(held.held) == 3 and stata.after(codes[1], ()) == _after_reference(codes[1], ())
