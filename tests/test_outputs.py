"""The tricky parts of reading outputs: spreadsheets and their bounds, notebook positions, SMCL, command kinds,
huge lines, truncated and concatenated logs, and streamed input giving the same facts as a file read whole."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import rout, sas_listing, sas_log, stata_log, tables

from conftest import FIXTURES


def scan(path: Path, profile: str = "dhda"):
    return scan_file(Task(str(path), path.name, settings_for(profile)))


def found(path: Path, profile: str = "dhda") -> set[tuple[str, int]]:
    return {(f.rule, f.line) for f in scan(path, profile).findings}


# --- spreadsheets ---------------------------------------------------------------------------------------------


def test_xlsx_small_cell_names_sheet_and_cell(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tabel 1"
    for row in (["region", "antal", "pct"], ["Hovedstaden", 120, 97.6], ["Bornholm", 3, 2.4], ["Ærø", "<5", None]):
        sheet.append(row)
    path = tmp_path / "tabel.xlsx"
    book.save(path)
    result = scan(path)
    assert result.status == "scanned"
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("small-cell.count", 3, 2)]
    finding = result.findings[0]
    assert "Tabel 1" in finding.message and "Bornholm" in finding.message
    assert "row 3" in finding.message and "column B" in finding.message
    assert "3" not in finding.evidence.replace("row 3", "")


def test_xlsx_cells_are_read_for_cpr_numbers(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["pnr", "koen"])
    book.active.append(["010101-1239", 2])
    path = tmp_path / "udtraek.xlsx"
    book.save(path)
    result = scan(path)
    # a pnr column with values in it also makes the sheet a table of individuals
    assert [(f.rule, f.line) for f in result.findings] == [("cpr.number", 2), ("printed-rows.table", 2)]
    assert all("010101" not in f.evidence for f in result.findings)


def test_xlsx_zip_bomb_is_unscanned_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (16 * 1024 * 1024))
    started = time.perf_counter()
    result = scan(path)
    assert result.status == "unscanned"
    assert result.findings[0].rule == "unscanned.invalid"
    assert "compressed beyond reason" in (result.reason or "")
    assert time.perf_counter() - started < 5


def test_corrupt_xlsx_is_unscanned(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    result = scan(path)
    assert result.status == "unscanned"
    assert result.findings[0].rule == "unscanned.invalid"


# --- notebooks ------------------------------------------------------------------------------------------------


def test_invalid_notebook_json_is_unscanned_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "half.ipynb"
    path.write_text('{"cells": [{"cell_type": "code", "source": ["df.head()"', encoding="utf-8")
    result = scan(path)
    assert result.status == "unscanned"
    assert result.findings[0].rule == "unscanned.invalid"
    assert "JSON" in (result.reason or "")


def test_notebook_with_duplicate_keys_is_unscanned(tmp_path: Path) -> None:
    path = tmp_path / "dup.ipynb"
    path.write_text('{"cells": [], "cells": [], "metadata": {}}', encoding="utf-8")
    result = scan(path)
    assert (result.status, result.findings[0].rule) == ("unscanned", "unscanned.invalid")


def test_notebook_findings_point_at_the_stored_line(tmp_path: Path) -> None:
    """The reported line holds the offending output text, however the JSON is laid out (here: compact)."""
    cell = {
        "cell_type": "code",
        "source": "print(df.koen.value_counts())",
        "outputs": [{"output_type": "stream", "name": "stdout", "text": ["koen\n", "1    2\n", "2    40\n"]}],
    }
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"language": "python", "name": "python3"}}}
    raw = json.dumps(notebook, indent=None).replace('"outputs"', '\n"outputs"').replace('"1    2', '\n"1    2')
    path = tmp_path / "compact.ipynb"
    path.write_text(raw, encoding="utf-8")
    cells = [f for f in scan(path).findings if f.rule == "small-cell.count"]
    assert len(cells) == 1
    line = raw.split("\n")[cells[0].line - 1]
    assert line.startswith('"1    2')
    assert line[cells[0].column - 1] == "2"


def _cells(tmp_path: Path, *cells: tuple[str, list[str]]) -> dict[str, set[str]]:
    """Scan a notebook of code cells (source, plain-text output); the rules found per cell's first output line."""
    notebook = {
        "cells": [
            {"cell_type": "code", "source": code, "outputs": [{"output_type": "stream", "name": "stdout", "text": out}]}
            for code, out in cells
        ],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
    }
    raw = json.dumps(notebook, indent=1)
    path = tmp_path / "cells.ipynb"
    path.write_text(raw, encoding="utf-8")
    lines = raw.split("\n")
    by_cell: dict[str, set[str]] = {code: set() for code, _ in cells}
    for finding in scan(path).findings:
        at = lines[finding.line - 1]
        code = next((c for c, out in cells if any(json.dumps(o)[1:-1] in at for o in out)), None)
        if code is not None:
            by_cell[code].add(finding.rule)
    return by_cell


def test_a_notebook_cell_is_typed_by_its_own_statements(tmp_path: Path) -> None:
    """What a cell's statements print (grammars/python/output.scm, scanner/outputs/echo.py) types its output: a
    crosstab assigned and then shown holds counts; value_counts() inside len() before head() does not make the
    rows head() prints counts."""
    crosstab = "tab = pd.crosstab(df.region, df.koen)\ntab"
    listed = 'print(len(df.pnr.value_counts()), "persons")\ndf.head()'
    found = _cells(
        tmp_path,
        (crosstab, ["koen      1    2\n", "region          \n", "1       412  535\n", "2         3   40\n"]),
        (listed, ["   pnr_id  rating\n", "0  A1001       3\n", "1  A1002       1\n", "2  A1003       2\n"]),
    )
    assert "small-cell.count" in found[crosstab]
    assert "small-cell.count" not in found[listed] and "printed-rows.notebook" in found[listed]


# --- Stata and R ----------------------------------------------------------------------------------------------


def test_smcl_keeps_layout() -> None:
    line = "{txt}{hline 12}{c +}{hline 3}"
    assert stata_log.smcl(line) == "-" * 12 + "+" + "---"
    assert stata_log.smcl("       {txt}koen {c |}{res}{ralign 6:12}") == "       koen |    12"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("ta koen", "tab"),
        ("tabulate koen region, row", "tab"),
        ("by koen: tab region", "tab"),
        ("bysort koen: su alder", "summarize"),
        ("l pnr in 1/5", "list"),
        ("capture noisily list", "list"),
        ("quietly list", None),
        ("t koen", None),
        ("regress alder koen", "results"),
        ("reg alder koen, vce(robust)", "results"),
        ("anova sbp region", None),
        ("mixed sbp alder || id:", None),
    ],
)
def test_stata_command_kinds(code: str, kind: str | None) -> None:
    """How the log parser reads the output under an echoed command, typed as in a real log."""
    parser = stata_log.StataLogParser(settings_for())
    for number, line in enumerate((f". {code}", ""), 1):
        list(parser.feed(number, line))
    assert parser.kind == kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("table(df$koen)", ("table", 1)),
        ("table(df$koen, df$region, useNA = 'ifany')", ("table", 2)),
        ("with(df, table(koen, region))", ("table", 2)),
        ("xtabs(~ koen + region + aar, data = df)", ("table", 3)),
        ("addmargins(table(df$koen, df$region))", ("table", 2)),
        ("prop.table(table(df$koen))", ("proportions", 0)),
        ("summary(df$alder)", ("summary", 0)),
        ("head(df)", ("other", 0)),
        ("round(prop.table(table(df$koen)), 2)", ("proportions", 0)),
        ("ftable(xtabs(~ koen + region + aar, data = df))", ("table", 3)),
        # typed by the calls the code makes (grammars/r/output.scm), not by words in strings or comments
        ("cat('table(x) follows')", ("other", 0)),
        ("summary(fit)  # compare with table(x)", ("summary", 0)),
        # names earlier assigned a table (see saved_tables.Rout)
        ("counts", ("table", 2)),
        ("print(counts)", ("table", 2)),
        ("addmargins(counts)", ("table", 2)),
        ("prop.table(counts)", ("proportions", 0)),
        ("props", ("proportions", 0)),
        ("countsx", ("other", 0)),
        ("head(counts)", ("other", 0)),
    ],
)
def test_r_command_kinds(code: str, kind: tuple[str, int]) -> None:
    """How the transcript parser reads the output under an echoed command, after two assigned tables."""
    parser = rout.RoutParser(settings_for())
    lines = ("> counts <- table(df$koen, df$region)", "> props <- prop.table(table(df$koen))", f"> {code}", "")
    for number, line in enumerate(lines, 1):
        list(parser.feed(number, line))
    assert parser.reader is not None
    assert (parser.reader.kind, parser.reader.dims) == kind


# --- big and broken input -------------------------------------------------------------------------------------


def test_line_over_one_megabyte(tmp_path: Path) -> None:
    path = tmp_path / "huge.lst"
    header = "The FREQ Procedure\n\n   koen    Frequency     Percent\n   ------------------------------\n"
    path.write_text(header + "   1            3       10.00\n" + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    started = time.perf_counter()
    assert ("small-cell.count", 5) in found(path)
    assert time.perf_counter() - started < 10


def test_truncated_log_still_reports_what_it_holds(tmp_path: Path) -> None:
    text = (FIXTURES / "sas_log" / "cohort.log").read_text(encoding="utf-8").split("\n")
    # cut inside the error dump: the raw record is there, the `_ERROR_=1 _N_=` line is not
    path = tmp_path / "cut.log"
    path.write_text("\n".join(text[:17]), encoding="utf-8")
    result = scan(path)
    assert result.status == "scanned"
    assert not [f for f in result.findings if f.category == "printed-rows"]


def test_log_with_two_sessions(tmp_path: Path) -> None:
    """Line numbers of the echo restart at 1 in the second session; both sessions' put output is found."""
    once = (FIXTURES / "sas_log" / "cohort.log").read_text(encoding="utf-8")
    path = tmp_path / "twice.log"
    path.write_text(once + once, encoding="utf-8")
    length = len(once.split("\n")) - 1
    rules = found(path)
    assert {("printed-rows.sas-put", 31), ("printed-rows.sas-put", 31 + length)} <= rules
    assert ("printed-rows.sas-error-dump", 16 + length) in rules


def test_sas_log_output_names_the_step_echoed_before_it() -> None:
    """Output in a SAS log is typed by the echoed step (a macro's MPRINT lines too): each finding names it."""
    result = scan(FIXTURES / "sas_log" / "mprint.log")
    sources = {(f.rule, f.line): f.source for f in result.findings}
    assert sources == {
        ("printed-rows.sas-listing", 15): ("mprint.log", 9),  # MPRINT(LISTE):   proc print ...
        ("printed-rows.sas-put", 54): ("mprint.log", 51),  # MPRINT(UD):   put lbnr= alder=;
    }
    captured = {(f.rule, f.line): f.source for f in scan(FIXTURES / "sas_log" / "captured.log").findings}
    assert captured[("small-cell.count", 13)] == ("captured.log", 4)  # `15  proc freq data=kohorte;`


def test_streamed_listing_gives_the_same_facts() -> None:
    path = FIXTURES / "sas_lst" / "print.lst"
    settings = settings_for("dhda")
    whole = Document(path.name, "listing", "sas", path.read_text(encoding="utf-8"), "utf-8", path=str(path))
    streamed = Document(path.name, "listing", "sas", "", "utf-8", path=str(path), streamed=True)
    assert list(sas_listing.facts(whole, settings)) == list(sas_listing.facts(streamed, settings))


def test_evidence_shows_no_printed_value() -> None:
    result = scan(FIXTURES / "sas_lst" / "print.lst")
    assert {f.category for f in result.findings} == {"printed-rows", "small-cell", "extreme-value"}
    for finding in result.findings:
        if finding.category == "small-cell":
            assert finding.evidence.endswith(": <5"), finding.evidence
        else:
            shown = finding.evidence.split(": ", 1)[-1]  # after the statistic's name, e.g. "100% Max: "
            assert not any(ch.isdigit() and ch != "9" for ch in shown), finding.evidence


# --- robustness -----------------------------------------------------------------------------------------------

_SHAPES = [
    line
    for path in sorted(FIXTURES.glob("*/*"))
    if path.suffix in (".lst", ".log", ".Rout", ".smcl", ".csv")
    for line in path.read_bytes().decode("utf-8", errors="replace").split("\n")
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SHAPES), st.text(max_size=60)), max_size=40))
def test_output_parsers_survive_any_mix_of_lines(lines: list[str]) -> None:
    """Lines of every format shuffled together with noise: every parser reads them without failing, and every
    fact it emits points at a line that exists."""
    text = "\n".join(line.replace("\r", "") for line in lines)
    for module, kind, language, name in (
        (sas_listing, "listing", "sas", "x.lst"),
        (sas_log, "log", "sas", "x.log"),
        (rout, "log", "r", "x.Rout"),
        (stata_log, "log", "stata", "x.smcl"),
        (tables, "table", None, "x.csv"),
    ):
        doc = Document(name, kind, language, text, "utf-8")
        count = len(doc.lines)
        for fact in module.facts(doc, settings_for("dhda")):
            assert 1 <= fact.line <= max(count, 1), (module.__name__, fact)
