"""A model command's output in a Stata log is read as text only (grammars/stata/commands.toml `output = "results"`,
docs/performance.md "Round 5: Stata logs"): beside the reference reading (every layout recogniser given its lines,
`stata_log.READERS` without `results`) it gives the same facts but the model tables no rule judges, and the same
findings. All data are synthetic."""

from __future__ import annotations

import re
from dataclasses import MISSING, fields, replace
from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document, embedded
from sdcscan.frontends.logs import stata_log
from sdcscan.model import Fact, line_fact, lines_of
from sdcscan.rules import residual_df

FIXTURES = Path(__file__).parent / "fixtures"
# Stata logs: a command echoed after `. ` (in SMCL after `{com}`)
ECHO = re.compile(r"^(?:\{com\})?\. \S", re.MULTILINE)
LOGS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".log", ".smcl") and ECHO.search(p.read_text("utf-8")))
MODEL = FIXTURES / "stata_log" / "models.log"
MORE = FIXTURES / "stata_log" / "estimation.log"


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    readers = {k: v for k, v in stata_log.READERS.items() if v != "results"}
    monkeypatch.setattr(stata_log, "READERS", readers)


def _facts(path: Path) -> list[Fact]:
    """The facts of the log, a model's output as the text facts of its lines (the engine's reading)."""
    doc = Document(path.name, "log", "stata", path.read_text("utf-8"), "utf-8")
    found = stata_log.facts(doc, settings_for("dhda"))
    return [
        f for fact in found for f in ([line_fact(*x) for x in lines_of(fact)] if fact.kind == "text.lines" else [fact])
    ]


def _smcl(tmp_path: Path) -> Path:
    """The model fixture as SMCL: commands after `{com}`, output after `{txt}`, bars as `{c |}`."""
    lines = MODEL.read_text("utf-8").split("\n")
    marked = [("{com}" if line.startswith(". ") else "{txt}") + line.replace("|", "{c |}") for line in lines]
    path = tmp_path / "models.smcl"
    path.write_text("\n".join(["{smcl}", *marked[1:]]), encoding="utf-8")
    return path


def _findings(path: Path) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for("dhda"))).findings]


def test_the_fixture_logs_are_stata_logs_with_models() -> None:
    assert MODEL in LOGS and len(LOGS) >= 10


def test_model_output_read_as_text_gives_the_same_facts_but_model_tables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    logs = [*LOGS, _smcl(tmp_path)]
    fast = {p: _facts(p) for p in logs}
    _reference(monkeypatch)
    left = more = 0
    for path in logs:
        reference, kept = _facts(path), iter(fast[path])
        # the fast reading's facts are the reference's, in order, but some model tables
        nxt = next(kept, None)
        model = []
        for fact in reference:
            if fact == nxt:
                nxt = next(kept, None)
            else:
                model.append(fact)
        assert nxt is None and all(f.table is not None and f.table.model for f in model), path
        left += len(model) if path.stem == MODEL.stem else 0
        more += len(model) if path == MORE else 0
        # residual-df reads a table's rows as well as their text lines: a model table row it reads would be a
        # second finding at the same place, which counts toward the cap per rule
        assert not [r for f in model for r in f.table.rows if residual_df._search(r.text)], path  # type: ignore[union-attr]
    assert left == 20  # the fixture's ten models, each a table the reference reading builds, in .log and .smcl
    assert more == 9  # regress (twice), areg, ivregress, qreg, xtreg, xtlogit, stcox, streg; not mixed


def test_model_output_gives_the_same_findings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    logs = [*LOGS, _smcl(tmp_path)]
    fast = {p: _findings(p) for p in logs}
    _reference(monkeypatch)
    assert {p: _findings(p) for p in logs} == fast
    for path in (MODEL, logs[-1]):
        assert {f["rule"] for f in fast[path]} == {"small-cell.residual-df", "small-cell.count"}


def test_no_layout_recogniser_is_given_a_line_of_model_output(fed_lines: list[int]) -> None:
    given = fed_lines
    lines = MODEL.read_text("utf-8").split("\n")
    _facts(MODEL)
    models = [i for i, line in enumerate(lines, 1) if 7 <= i < 186]  # from the first model's echo to the tabulate
    assert not set(given) & set(models)
    assert set(given) >= {2, 3, 4, 5}  # the log's header is read as ever


def _log(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "a.log"
    path.write_text("\n".join(["", *lines, ""]), encoding="utf-8")
    return path


def test_a_list_box_under_a_model_command_is_still_printed_rows(tmp_path: Path) -> None:
    # no model prints one, but a box of numbered rows is read as a list wherever it stands
    box = ["     +--------------+", "     |  pnr   alder |", "     |--------------|"]
    rows = [f"  {i}. | A10{i}      {40 + i} |" for i in range(1, 4)]
    path = _log(tmp_path, ". logit diab alder", "", *box, *rows, "     +--------------+")
    assert [f["rule"] for f in _findings(path)] == ["printed-rows.stata-list"]


def test_a_table_in_a_block_with_a_model_is_read_as_a_table(tmp_path: Path) -> None:
    # a loop echoes its commands as numbered lines: a tabulate in it outranks the model (outputs/echo.py)
    table = ["      koen |      Freq.", "-----------+-----------", "         1 |          3", "         2 |        120"]
    loop = [". foreach v in a b {", "  2. logit diab `v'", "  3. tabulate koen", "  4. }", ""]
    path = _log(tmp_path, *loop, *table)
    assert [f["rule"] for f in _findings(path)] == ["small-cell.count"]


def test_quietly_a_model_prints_nothing_and_its_block_is_read_as_ever(tmp_path: Path) -> None:
    table = ["      koen |      Freq.", "-----------+-----------", "         1 |          3", "         2 |        120"]
    path = _log(tmp_path, ". quietly logit diab alder", "", *table)
    assert [f["rule"] for f in _findings(path)] == ["small-cell.count"]


def test_echoed_code_facts_are_copied_with_every_field(monkeypatch: pytest.MonkeyPatch) -> None:
    # embedded.program_facts builds its copies field by field: a field it left out would fall back to its default
    cached = Fact("output.table", 2, 3, 2, 9, "tab x", {"callee": "tabulate"}, None, False, True)
    table = next(f.table for f in _facts(MODEL) if f.table is not None)
    cached.table = table
    # every field not at its default, but `echo`, which the call sets
    defaults = [f.name for f in fields(Fact) if f.default is not MISSING and getattr(cached, f.name) == f.default]
    assert defaults == ["echo"]
    monkeypatch.setattr(embedded._PARSED, "facts", lambda key: (cached,))
    (copy,) = embedded.program_facts("tab x", "stata", settings_for(), origin=[(40, 0), (41, 4)], echo=True)
    assert copy == replace(cached, line=41, column=7, end_line=41, end_column=13, echo=True)
    assert copy.attrs is not cached.attrs


@pytest.mark.parametrize("between", [[], [""]])
def test_an_echoed_command_ends_a_table_the_layout_recognisers_read(between: list[str]) -> None:
    # the recognisers are told once per run of lines outside them (`Reader.skip`, only when not told already)
    table = ["      name      mean       sd", "       bmi     25.12     4.01", "       sbp    131.50    17.22"]
    lines = [". mystats bmi sbp", "", *table, *between, ". display 1", "       ldl      3.10     0.92"]
    doc = Document("a.log", "log", "stata", "\n".join(lines), "utf-8")
    tables = [f.table for f in stata_log.facts(doc, settings_for()) if f.table is not None]
    assert [(t.first_line, t.last_line) for t in tables] == [(4, 5)]
