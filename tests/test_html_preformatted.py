"""Console output in an HTML report's `<pre>` blocks (knitted R Markdown): read by the plain-text layouts at the
lines and columns it stands on in the file, the block's first line included (it starts after the opening tags)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tree_sitter as ts

from sdcscan.config import Settings
from sdcscan.frontends import embedded, tsquery
from sdcscan.frontends.logs.documents import _preformatted
from sdcscan.outputs.readers.html import preformatted

FIXTURE = Path(__file__).parent / "fixtures" / "html" / "knitted_report.html"


def test_r_code_is_read_without_its_tags_and_other_highlighted_code_is_left_out() -> None:
    source = (
        '<p>x</p>\n<pre class="r"><code><span>f</span>(x &lt; 1)</code></pre>\n<pre><code>## a\n## 1</code></pre>\n'
        '<pre class="sourceCode python"><code><span>g</span>()</code></pre>\n'
    )
    code, output = preformatted(source)
    assert (code.code, code.line, code.lines) == (True, 2, ["f(x < 1)"])
    assert (output.code, output.line, output.column, output.lines) == (False, 3, 12, ["## a", "## 1"])


def test_what_is_read_on_a_blocks_first_line_stands_at_its_columns_in_the_file() -> None:
    source = FIXTURE.read_text(encoding="utf-8")
    lines = source.split("\n")
    tables = [fact.table for fact in _preformatted(source, Settings()) if fact.table is not None]
    headed = [column for table in tables for column in table.columns if column.line == 17]
    assert [c.label for c in headed] == ["lbnr", "koen", "alder", "region"]
    for column in headed:  # line 17 starts with `<pre><code>`: 11 columns of tags before the text read
        assert lines[16][column.column - 1 : column.end_column - 1] == column.label
    cells = [cell for table in tables for row in table.rows for cell in row.cells]
    assert cells and all(lines[c.line - 1][c.start - 1 : c.end - 1] == c.text for c in cells)


def test_a_fact_that_starts_on_a_blocks_first_line_starts_at_its_column_in_the_file() -> None:
    source = (
        "<h1>x</h1>\n<pre>lbnr=A1001 koen=1 alder=52\nlbnr=A1002 koen=2 alder=47\nlbnr=A1003 koen=1 alder=61</pre>\n"
    )
    [fact] = [fact for fact in _preformatted(source, Settings()) if fact.kind == "table"]
    assert (fact.line, fact.column) == (2, 6)  # after `<pre>`
    assert source.split("\n")[1][fact.column - 1 :].startswith("lbnr=A1001")


def test_a_cell_on_a_blocks_first_line_stands_at_its_column_in_the_file() -> None:
    series = "Hovedstaden    412\nSjaelland      535\nBornholm         3\nName: region, dtype: int64"
    source = f"<h1>x</h1>\n<pre>{series}</pre>\n"
    lines = source.split("\n")
    cells = [c for f in _preformatted(source, Settings()) if f.table for row in f.table.rows for c in row.cells]
    assert [(c.line, c.text) for c in cells] == [(2, "412"), (3, "535"), (4, "3")]
    assert all(lines[c.line - 1][c.start - 1 : c.end - 1] == c.text for c in cells)  # line 2 after `<pre>`


def test_each_block_of_r_code_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A block's facts type its output and what its names hold after it goes to the next block: both come from one
    # parse (a second parse and query pass for the names was a sixth of a Quarto book's scan).
    made: list[str] = []

    def counted(name: str) -> ts.Parser:
        made.append(name)
        return ts.Parser(tsquery.language(name))

    monkeypatch.setattr(tsquery, "parser", counted)
    monkeypatch.setattr(embedded, "_PARSED", embedded.ParseCache(embedded.PARSE_BUDGET))  # nothing parsed before
    block = '<pre class="r"><code>d{n} &lt;- read.csv("a.csv")\ntable(d{n}$sex)</code></pre>\n'
    output = "<pre><code>## \n##  F  M \n## 12  3 </code></pre>\n"
    source = "".join(block.format(n=n) + output for n in range(3))
    tables = [fact.table for fact in _preformatted(source, Settings()) if fact.table is not None]
    assert [table.layout for table in tables] == ["r.table"] * 3  # typed by the code above each output
    assert made == ["r"] * 3
