"""A CSV table's body rows on one line without quotes are built straight from their fields (`Tabulator.plain`,
issue 11's throughput clause), beside the reference path that makes a grid cell per value and reads them with
`Tabulator.feed`: both give the same facts, on the project's fixtures and on generated records. All data are
synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings
from sdcscan.frontends import Document
from sdcscan.frontends.logs import tables
from sdcscan.model import Fact
from sdcscan.outputs.readers import delimited
from sdcscan.outputs.readers.tabulate import Tabulator

FIXTURES = Path(__file__).parent / "fixtures"


def _facts(text: str, name: str = "t.csv") -> list[Fact]:
    return list(tables.facts(Document(name, "table", None, text, "utf-8"), Settings()))


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    def plain(self: Tabulator, record: delimited.Plain, delimiter: str) -> object:
        return self.feed(delimited.plain_cells(record, delimiter))

    monkeypatch.setattr(Tabulator, "plain", plain)


def _delimited() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".tsv"))


def test_fixtures_give_the_same_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _delimited()
    assert len(paths) >= 10
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in paths}
    quick = {p: _facts(text, p.name) for p, text in texts.items()}
    _reference(monkeypatch)
    assert {p: _facts(text, p.name) for p, text in texts.items()} == quick
    assert sum(len(f.table.rows) for facts in quick.values() for f in facts if f.table is not None) > 50


# fields as CSV writers leave them: counts, decimals with either mark, masked cells, labels, blanks around values,
# empty fields, percent signs, a statistic's name as a row label
FIELD = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(["", " ", "3.5", "3,5", "<5", ".", "-2", "12%", "Nord", "Syd ", " Øst", "min", "max", "25%"]),
    st.sampled_from(["count", "Total", "1e3", "\u00a07", "x y", "\t4"]),
)


@settings(max_examples=150, deadline=None)
@given(
    header=st.lists(st.sampled_from(["region", "n", "pct", "mean", "antal", "", "min"]), min_size=1, max_size=5),
    body=st.lists(st.lists(FIELD, min_size=1, max_size=6), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    blank=st.integers(0, 8),
)
def test_generated_tables_give_the_same_facts(
    header: list[str], body: list[list[str]], delimiter: str, blank: int
) -> None:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in body]
    lines.insert(min(blank, len(lines)), "")  # a blank line ends a table: the next starts with its header
    text = "\n".join(lines)
    quick = _facts(text)
    with pytest.MonkeyPatch.context() as patch:
        _reference(patch)
        assert _facts(text) == quick


def test_body_rows_take_the_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # the tests above would pass if no row ever took it: the header and the first row (which opens the table) go to
    # `feed`, every later body row to the quick path
    fed: list[int] = []
    feed = Tabulator.feed

    def counted(self: Tabulator, row: list[delimited.Cell]) -> object:
        fed.append(len(row))
        return feed(self, row)

    monkeypatch.setattr(Tabulator, "feed", counted)
    facts = _facts("region,n\nNord,12\nSyd,4\nVest,7\n")
    assert fed == [2, 2]
    rows = [[c.text for c in r.cells] for f in facts if f.table is not None for r in f.table.rows]
    assert rows == [["12"], ["4"], ["7"]]


def test_named_cells_take_the_reference_path() -> None:
    # a medium that names rows and columns as a spreadsheet does labels each row with its line
    rows = []
    for quick in (True, False):
        named = Tabulator("t.table", "delimited", "t", cell_names=True)
        found = []
        for number, line in enumerate(["region,n", "Nord,12", "Syd,4"], start=1):
            record = (number, line)
            cells = delimited.plain_cells(record, ",")
            found += list(named.plain(record, ",") if quick and number > 2 else named.feed(cells))
        found += list(named.close())
        rows.append([(r.label, r.text) for f in found if f.table is not None for r in f.table.rows])
    assert rows[0] == rows[1]
    assert rows[0][-1] == ("Syd (row 3)", "Syd | 4")


def test_a_long_table_is_emitted_in_the_same_parts() -> None:
    # more rows than a part holds (MAX_ROWS): the quick path emits each full part as the reference path does, with
    # the tabulator's attributes on every fact
    lines = ["region,n,pct"] + [f"r{i},{i % 7},{i % 100}.5" for i in range(2500)]
    made = []
    for quick in (True, False):
        tabulator = Tabulator("delimited.table", "delimited", "t.csv", attrs={"where": "t"})
        found: list[Fact] = []
        for number, line in enumerate(lines, start=1):
            record = (number, line)
            found += tabulator.plain(record, ",") if quick else tabulator.feed(delimited.plain_cells(record, ","))
        found += tabulator.close()
        made.append(found)
    assert made[0] == made[1]
    assert [(f.table.part, len(f.table.rows), f.attrs) for f in made[0] if f.table is not None] == [
        (0, 1000, {"where": "t"}),
        (1, 1000, {"where": "t"}),
        (2, 500, {"where": "t"}),
    ]
