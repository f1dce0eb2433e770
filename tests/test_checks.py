"""Checks no other tool makes (issue 16): graphs of individuals, rounding, provenance, and the checks on tables
(small denominators, residual degrees of freedom, survival tables, differencing). The syntax and layouts are shown
by the annotated fixtures under tests/fixtures/{plots,rounding,provenance,...}; these tests cover settings and the
cross-file step."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sdcscan.config import ConfigError, profile, resolve, settings_for
from sdcscan.engine import Task, scan_file, scan_tree
from sdcscan.frontends import Document
from sdcscan.model import Finding
from sdcscan.outputs.layouts import statistic
from sdcscan.outputs.table import Cell, Column, Row, Statistic, Table, table_fact
from sdcscan.provenance import parts
from sdcscan.report import build
from sdcscan.reporters.html import render as render_html
from sdcscan.reporters.sarif import sarif
from sdcscan.rules import Context, differencing, rounding

from conftest import FIXTURES, validate_report
from workflow import cli, write

# --- profile settings ------------------------------------------------------------------------------------------


def test_profiles_bring_rounding_and_residual_df() -> None:
    assert (profile("dhda").round_to, profile("dhda").min_residual_df) == (0, 10)
    assert profile("round5").round_to == 5


def test_thresholds_come_from_the_file_unless_a_profile_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"sdcscan.toml": "round_to = 10\nmin_residual_df = 20\n"})
    chosen = resolve(tmp_path)
    assert (chosen.profile, chosen.round_to, chosen.min_residual_df) == ("dhda", 10, 20)
    # A profile named on the command line brings all its thresholds, never weakened by the file.
    named = resolve(tmp_path, profile_name="round5")
    assert (named.round_to, named.min_residual_df) == (5, 10)


@pytest.mark.parametrize("text", ["round_to = -5\n", 'round_to = "5"\n', "min_residual_df = true\n"])
def test_bad_threshold_is_a_one_line_error(tmp_path: Path, text: str) -> None:
    write(tmp_path, {"sdcscan.toml": text})
    with pytest.raises(ConfigError, match="must be a whole number"):
        resolve(tmp_path)
    proc = cli("scan", tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_profiles_command_shows_the_new_thresholds() -> None:
    out = cli("profiles").stdout
    assert "round5" in out and "rounded to 5" in out and "residual df >= 10" in out


# --- provenance ------------------------------------------------------------------------------------------------

PROJECT = FIXTURES / "provenance"


@pytest.mark.parametrize(
    ("program", "writes"),
    [
        ("programs/03_tables.do", [("E:/projekt/out/tab1.csv", 4), ("out/region.csv", 5)]),
        ("programs/04_models.R", [('"..\\\\out\\\\tab2.csv"', 5), ('"region.csv"', 6)]),
        ("programs/05_lists.sas", [('"out/shared.csv"', 2)]),
        ("programs/06_lists.py", [('"E:/projekt/out/shared.csv"', 5)]),
    ],
)
def test_programs_report_the_files_they_write(program: str, writes: list[tuple[str, int]]) -> None:
    result = scan_file(Task(str(PROJECT / program), program, settings_for()))
    assert result.writes == writes


def test_names_built_at_run_time_are_not_matched() -> None:
    assert parts('r"E:\\Projekt\\Out\\T1.csv"') == ("e:", "projekt", "out", "t1.csv")
    assert parts('f"out/{name}.csv"') == parts("`out'/t1.csv") == parts('"&dir./t1.csv"') == ()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [0, 2])
def test_findings_in_outputs_name_the_statement_that_made_them(jobs: int) -> None:
    settings = settings_for()
    data = build("p", scan_tree(PROJECT, [PROJECT], settings, jobs=jobs), settings)
    validate_report(data)
    files = {file["path"]: file for file in data["files"]}
    sources = {path: [f.get("source") for f in files[path]["findings"]] for path in files if path.endswith(".csv")}
    assert sources == {
        "out/tab1.csv": [{"path": "programs/03_tables.do", "line": 4}],
        # written as out/region.csv by the do-file, as region.csv (a shorter match) by the R program
        "out/region.csv": [{"path": "programs/03_tables.do", "line": 5}],
        "out/tab2.csv": [{"path": "programs/04_models.R", "line": 5}],
        # written by two programs: which one made it cannot be known
        "out/shared.csv": [None],
    }
    assert files["programs/03_tables.do"]["outputs"] == [
        {"path": "out/region.csv", "line": 5},
        {"path": "out/tab1.csv", "line": 4},
    ]
    assert "outputs" not in files["programs/05_lists.sas"]
    results = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in sarif(data)["runs"][0]["results"]
    }
    related = results["out/tab1.csv"]["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "programs/03_tables.do" and related["region"] == {"startLine": 4}
    assert "relatedLocations" not in results["out/shared.csv"]


def test_html_report_carries_the_source_for_its_script(tmp_path: Path) -> None:
    settings = settings_for()
    data = build("p", scan_tree(PROJECT, [PROJECT], settings, jobs=0), settings)
    out = tmp_path / "r.html"
    with out.open("w", encoding="utf-8") as handle:
        render_html(data, handle)
    page = out.read_text(encoding="utf-8")
    # the findings are packed for the page's script, which writes "made by <path> line <n>" under each one, the
    # path a link to the program's section when it has one (`index`; tests/test_html_browser.py follows it)
    assert '{\\"path\\":\\"programs/03_tables.do\\",\\"line\\":4,\\"index\\":' in page
    assert "src.append(fileLink(finding.source), ` line ${finding.source.line}`)" in page


# --- checks on the table model ----------------------------------------------------------------------------------


def grid(rows: list[list[str]], statistics: dict[str, Statistic] | None = None) -> Table:
    """A table from a grid: the first row is the header, the first column the row labels; columns take their
    statistic from their label, as a layout recogniser would, unless `statistics` says otherwise."""
    header, *body = rows
    chosen = statistics or {}
    columns = [Column(label, chosen.get(label, statistic(label))) for label in header[1:]]
    table = Table("test.grid", columns=columns)
    for number, values in enumerate(body, start=2):
        cells = [Cell(text, number, 10 * j + 1, 10 * j + 1 + len(text), column=j) for j, text in enumerate(values[1:])]
        table.rows.append(Row(number, " ".join(values), label=values[0], cells=cells))
    return table


def findings(module: ModuleType, table: Table, profile_name: str = "dhda", **overrides: Any) -> list[Finding]:
    ctx = Context(Document("t.csv", "table", None, "", "utf-8"), settings_for(profile_name, **overrides))
    return list(module.check(table_fact(table), ctx))


def judge(module: ModuleType, table: Table, profile_name: str = "dhda", **overrides: Any) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings(module, table, profile_name, **overrides)]


CROSSTAB = [["region", "men", "women", "Total"], ["Hovedstaden", "120", "<5", "124"], ["Sjaelland", "85", "40", "125"]]


def test_a_masked_cell_beside_its_total_is_given_back() -> None:
    assert judge(differencing, grid(CROSSTAB)) == [("small-cell.differencing", 2, 11)]
    # the same through the column total
    one_way = [
        ["region", "n", "pct"],
        ["Hovedstaden", "120", "49.0"],
        ["Bornholm", "*", "1.2"],
        ["Total", "245", "100"],
    ]
    assert judge(differencing, grid(one_way)) == [("small-cell.differencing", 3, 1)]


def test_complementary_suppression_and_rounded_tables_are_fine() -> None:
    done_right = [
        ["region", "men", "women", "Total"],
        ["Hovedstaden", "120", "<5", "<5"],
        ["Sjaelland", "<5", "<5", "9"],
        ["Fyn", "85", "40", "125"],
    ]
    assert judge(differencing, grid(done_right)) == []
    rounded = [
        ["region", "men", "women", "Total"],
        ["Hovedstaden", "120", "<5", "125"],
        ["Sjaelland", "85", "40", "125"],
    ]
    assert judge(differencing, grid(rounded)) == []
    consistent = [
        ["region", "men", "women", "Total"],
        ["Hovedstaden", "121", "6", "127"],
        ["Sjaelland", "85", "41", "126"],
    ]
    assert judge(differencing, grid(consistent)) == []


def test_a_total_above_its_cells_implies_a_small_cell() -> None:
    short = [["region", "men", "women", "Total"], ["Hovedstaden", "121", "40", "164"], ["Sjaelland", "85", "41", "131"]]
    # 164 - 161 = 3 persons left out (a small cell); 131 - 126 = 5 is not small
    assert judge(differencing, grid(short)) == [("small-cell.implied", 2, 21)]
    assert judge(differencing, grid(short), "dst") == []


def test_rounding_is_checked_only_where_the_profile_asks() -> None:
    table = grid([["region", "n"], ["Hovedstaden", "120"], ["Sjaelland", "87"], ["Fyn", "91"]])
    assert judge(rounding, table) == []
    assert judge(rounding, table, "round5") == [("small-cell.unrounded", 3, 1)]
    assert judge(rounding, table, round_to=10) == [("small-cell.unrounded", 3, 1)]


def test_provenance_paths_are_masked_like_the_files(tmp_path: Path) -> None:
    """A program named after a person is masked in the file list, so also where a finding names it as source."""
    write(
        tmp_path,
        {
            "programs/Jens_Hansen.do": 'export delimited using "out/tab1.csv", replace\n',
            "out/tab1.csv": "region,n\nHovedstaden,120\nBornholm,3\n",
        },
    )
    settings = settings_for()
    data = build("p", scan_tree(tmp_path, [tmp_path], settings, jobs=0), settings)
    validate_report(data)
    program = next(f["path"] for f in data["files"] if f["path"].startswith("programs/"))
    assert "hansen" not in json.dumps(data).lower()
    output = next(f for f in data["files"] if f["path"] == "out/tab1.csv")
    assert [f["source"] for f in output["findings"]] == [{"path": program, "line": 1}]
    assert next(f for f in data["files"] if f["path"] == program)["outputs"] == [{"path": "out/tab1.csv", "line": 1}]


def test_a_masked_count_is_given_back_from_the_cells_that_add_up_to_its_total() -> None:
    # `cases` is named as counts and `controls` is not: the row's total is both columns' sum, so the row alone
    # cannot say which cells add up to it (round 10: the masked value was given back as the whole total, 203).
    case_control = [
        ["region", "cases", "controls", "total"],
        ["North", "<5", "200", "203"],
        ["South", "40", "300", "340"],
        ["total", "43", "500", "543"],
    ]
    found = findings(differencing, grid(case_control), unmask=True)
    assert [(f.rule, f.line, f.column) for f in found] == [("small-cell.differencing", 2, 1)]
    assert found[0].clear == "row 'North', column 'cases': 3 (total 43 minus South 40)"
