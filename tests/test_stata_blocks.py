"""A Stata log's tables and model output are read a block at a time (`stata_log._read`: `StataLogParser.rows` and
`texts`, docs/performance.md "Round 5: Stata logs, second pass"): beside the reference reading (`common.run`, a
`feed` per line) every fixture Stata log, and logs built here of the shapes where a block ends, give the same facts
in the same order. All data are synthetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import common, stata_log
from sdcscan.model import Fact

FIXTURES = Path(__file__).parent / "fixtures"
ECHO = re.compile(r"^(?:\{com\})?\. \S", re.MULTILINE)
LOGS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".log", ".smcl") and ECHO.search(p.read_text("utf-8")))

CROSSTAB = [
    "           |         diab",
    "      koen |         0          1 |     Total",
    "-----------+----------------------+----------",
    "         1 |         3         71 |        74 ",
    "         2 |        64          4 |        68 ",
    "-----------+----------------------+----------",
    "     Total |        67         75 |       142 ",
]
ONEWAY = ["      koen |      Freq.     Percent        Cum.", "------------+-----------------------------------"]
MODEL = [
    "Logistic regression                                     Number of obs =         8",
    "",
    "------------------------------------------------------------------------------",
    "        diab | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]",
    "-------------+----------------------------------------------------------------",
    "         ldl |   1.927282    0.096364   0.03   0.000     1.734554    2.120011",
    "------------------------------------------------------------------------------",
]
LIST = ["     +--------------+", "     |  pnr   alder |", "     |--------------|", "  1. | A101      41 |"]

# Each log ends a block in another way; all are read both ways.
CASES: dict[str, list[str]] = {
    "blank after the table": [". tabulate koen diab", "", *CROSSTAB, "", ". display 1"],
    "echo right after the table": [". tabulate koen diab", "", *CROSSTAB, ". tabulate koen diab", "", *CROSSTAB],
    "echo right after the model": [". logit diab ldl", "", *MODEL, ". tabulate koen diab", "", *CROSSTAB],
    "a new header below rows": [". tabulate koen diab", "", *CROSSTAB, *CROSSTAB[1:]],
    "by groups": [". by region: tabulate koen", "", "-> region = 1", "", *ONEWAY, "  1 |  3  50.00  50.00", "-> r"],
    "a boxed list row in a table": [". tabulate koen", "", *ONEWAY, "          1 |          3", *LIST],
    "a boxed list row below a model": [". logit diab ldl", "", *MODEL, *LIST, "     +--------------+"],
    "prose in a table": [". tabulate koen", "", *ONEWAY, "          1 |          3", "note: x", "  2 |  4"],
    "a lone count": [". count if koen == 1", "  3", ". tabulate koen", "", *ONEWAY, "  1 |  3"],
    "detail": [". summarize alder, detail", "", "   Percentiles   Smallest", "1%  18   18", "", ". tab k"],
    "summarize": [". summarize alder", "", "Variable | Obs  Mean  Min  Max", "---+---", "alder | 4 41 18 90"],
    "input below a model": [". logit diab ldl", "", *MODEL, ". input x y", "  1. 1 2", "  2. end", "", "3 4"],
    "a rule and a bar above the header": [". tabulate koen", "", "-----+-----", "  a | b", "-----+-----", " 1 | 3"],
    "a percentage line": [". tabulate koen diab, row", "", *CROSSTAB[:4], "           |   4.05   95.95 | 100"],
    "a continued command": [". tabulate koen ///", "> diab", "", *CROSSTAB],
    "a loop": [". foreach v in a b {", "  2. tabulate `v'", "  3. }", "", *ONEWAY, "  1 |  3", "", *MODEL],
    "an echo with a bar right after the table": [". tab koen", "", *CROSSTAB, ". tab k if a | b", " 1 | 3"],
    "a row labelled Largest": [". tabulate firm", "", *ONEWAY, "   Largest |   3", "  other |  90"],
    "detail, then a rule and a bar": [". summarize alder, detail", "", "  Smallest", "-----+---", "  a | 3"],
    "input in a loop with a model": [". foreach v in a {", "  2. logit y `v'", "  3. input x", "  4. }", "", "1"],
    "the end of the lines": [". tabulate koen diab", "", *CROSSTAB],
    "the end inside a model": [". logit diab ldl", "", *MODEL],
}


def _facts(name: str, text: str) -> list[Fact]:
    doc = Document(name, "log", "stata", text, "utf-8")
    return list(stata_log.facts(doc, settings_for("dhda")))


def _both(monkeypatch: pytest.MonkeyPatch, texts: dict[str, str]) -> tuple[dict[str, list[Fact]], ...]:
    fast = {name: _facts(name, text) for name, text in texts.items()}
    with monkeypatch.context() as patched:
        patched.setattr(stata_log, "_read", common.run)
        reference = {name: _facts(name, text) for name, text in texts.items()}
    return fast, reference


def test_every_fixture_log_gives_the_same_facts_read_by_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(LOGS) >= 10
    fast, reference = _both(monkeypatch, {p.name: p.read_text("utf-8") for p in LOGS})
    for name in fast:
        assert fast[name] == reference[name], name


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_block_ends_where_the_line_by_line_reading_ends_it(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    lines = CASES[case]
    texts = {"a.log": "\n".join(lines), "a.smcl": "\n".join(["{smcl}", *lines])}
    fast, reference = _both(monkeypatch, texts)
    assert fast == reference and fast["a.log"]


def test_a_table_of_more_rows_than_a_part_holds_is_read_in_the_same_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"{i:>10} | {i % 7:>10}" for i in range(2500)]
    text = "\n".join([". tabulate lbnr", "", "      lbnr |      Freq.", "-----------+-----------", *rows, "", ". d"])
    fast, reference = _both(monkeypatch, {"a.log": text})
    assert fast == reference
    parts = [f.table for f in fast["a.log"] if f.table is not None]
    assert [t.total_rows for t in parts] == [1000, 2000, 2500] and parts[-1].complete


def test_the_block_reading_takes_most_lines_of_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    # without it every line goes through `feed`: the test above would pass on the reference reading alone
    fed: list[int] = []
    feed = stata_log.StataLogParser.feed

    def counted(self: stata_log.StataLogParser, number: int, line: str):  # type: ignore[no-untyped-def]
        fed.append(number)
        return feed(self, number, line)

    monkeypatch.setattr(stata_log.StataLogParser, "feed", counted)
    lines = [". tabulate koen diab", "", *CROSSTAB, "", ". logit diab ldl", "", *MODEL]
    _facts("a.log", "\n".join(lines))
    # the echoes, the first line below each and the line that ends the table are fed; the rest read in blocks
    assert fed == [1, 2, 3, 10, 11, 12]
