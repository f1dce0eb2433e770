"""The bundled demo project: every planted leak is found where it was planted, and the clean files stay clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, validate_report

DEMO = ROOT / "examples" / "demo_project"

# What was planted, by file: (rule or category, line). Each was put there on purpose; see the files.
PLANTED: dict[str, set[tuple[str, int]]] = {
    "programs/01_cohort.sas": {
        ("personal-data.name", 21),
        ("personal-data.address", 21),
        ("hardcoded-id.selection", 24),
        ("cpr.number", 24),
        ("sas.proc-print", 27),
    },
    "programs/03_analysis.R": {("r.head", 8), ("hardcoded-id.selection", 16), ("r.autoprint", 16)},
    # an R sink() file: a two-way table() printed without its command, a cell of three
    "logs/03_counts.txt": {("small-cell.count", 4)},
    "programs/04_models.R": {("r.autoprint", 12)},
    # a hand-masked cell that the row and column totals give back
    "logs/04_models.Rout": {("small-cell.differencing", 41)},
    "programs/05_descriptives.do": {("stata.list", 6), ("hardcoded-id.selection", 8)},
    "programs/07_explore.py": {("python.head", 5), ("hardcoded-id.selection", 7)},
    "logs/01_cohort.log": {
        ("hardcoded-id.selection", 31),
        ("cpr.number", 31),
        ("cpr.number", 35),
        ("printed-rows.sas-put", 44),
        ("cpr.number", 44),
        ("printed-rows.sas-error-dump", 54),
        ("cpr.number", 54),
    },
    "logs/01_cohort.lst": {
        ("printed-rows.sas-listing", 5),
        *{("cpr.number", n) for n in range(5, 10)},
        ("small-cell.count", 20),
    },
    "logs/05_descriptives.log": {
        ("printed-rows.stata-list", 17),
        *{("cpr.number", n) for n in range(17, 20)},
        ("extreme-value.min-max", 40),
    },
    "notebooks/explore.ipynb": {
        ("printed-rows.notebook", 33),
        *{("cpr.number", n) for n in range(33, 36)},
        ("python.head", 41),
    },
    # stdout of 07_explore.py saved as text: the printed frame of pseudonymised persons, a group of four
    "logs/07_explore_stdout.txt": {("printed-rows.table", 2), ("small-cell.count", 15)},
    "output/table2_by_region.csv": {("small-cell.count", 6), ("small-cell.count", 7)},
    "output/figure1.png": {("unscanned.binary", 1)},
    "programs/09_testdata.sas": {("printed-rows.inline-data", 5)},
}
# Findings in outputs and the statement that made them (scanner/provenance.py).
PROVENANCE = {
    ("output/table2_by_region.csv", "small-cell.count", 6): {"path": "programs/02_tables.sas", "line": 28},
    ("output/table2_by_region.csv", "small-cell.count", 7): {"path": "programs/02_tables.sas", "line": 28},
    ("output/figure1.png", "unscanned.binary", 1): {"path": "programs/08_figures.py", "line": 10},
    ("logs/03_counts.txt", "small-cell.count", 4): {"path": "programs/03_analysis.R", "line": 23},
    # in a log: the echoed command that printed the table
    ("logs/05_descriptives.log", "printed-rows.stata-list", 17): {"path": "logs/05_descriptives.log", "line": 12},
    ("logs/05_descriptives.log", "extreme-value.min-max", 40): {"path": "logs/05_descriptives.log", "line": 36},
}
CLEAN = [
    "README.txt",
    "output/table1_baseline.csv",
    "output/table3_models.tex",
    "programs/02_tables.sas",
    "programs/06_clean.do",
    "programs/08_figures.py",
]


@pytest.mark.slow
def test_demo_scan_finds_what_was_planted_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    proc = subprocess.run(
        [sys.executable, "-m", "sdcscan", "scan", str(DEMO), "--json", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    found = {f["path"]: {(x["rule"], x["line"]) for x in f["findings"]} for f in report["files"]}
    on_disk = sorted(p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*") if p.is_file())
    assert sorted(found) == on_disk
    assert sorted([*PLANTED, *CLEAN]) == sorted(found)
    for path, planted in PLANTED.items():
        assert found[path] == planted, path
    for path in CLEAN:
        assert found[path] == set(), path
    sources = {
        (f["path"], x["rule"], x["line"]): x["source"] for f in report["files"] for x in f["findings"] if "source" in x
    }
    assert sources == PROVENANCE
    masked = json.dumps(report["files"])
    for clear in ("010101-1239", "Jens Hansen", "Nørregade 12", "48213", "18822"):
        assert clear not in masked
