"""The bundled demo project: every planted leak is found where it was planted, and the clean files stay clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations import Expectations, problems, read_sections
from conftest import ROOT, validate_report

DEMO = ROOT / "examples" / "demo_project"

# What was planted, by file and line: a sidecar next to the demo, so the demo itself reads naturally.
PLANTED = read_sections(ROOT / "examples" / "demo_project.expect")
# Findings in outputs and the statement that made them (scanner/provenance.py).
PROVENANCE = {
    ("output/table2_by_region.csv", "small-cell.count", 6): {"path": "programs/02_tables.sas", "line": 28},
    ("output/table2_by_region.csv", "small-cell.count", 7): {"path": "programs/02_tables.sas", "line": 28},
    ("output/figure1.png", "unscanned.binary", 1): {"path": "programs/08_figures.py", "line": 10},
    ("logs/03_counts.txt", "small-cell.count", 4): {"path": "programs/03_analysis.R", "line": 23},
    # in a log: the echoed command that printed the table
    ("logs/05_descriptives.log", "printed-rows.stata-list", 17): {"path": "logs/05_descriptives.log", "line": 12},
    ("logs/05_descriptives.log", "extreme-value.min-max", 40): {"path": "logs/05_descriptives.log", "line": 36},
    ("logs/01_cohort.log", "printed-rows.sas-put", 44): {"path": "logs/01_cohort.log", "line": 41},
}


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
    found = {f["path"]: {(x["rule"], x["category"], x["line"]) for x in f["findings"]} for f in report["files"]}
    on_disk = sorted(p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*") if p.is_file())
    assert sorted(found) == on_disk
    assert set(PLANTED) <= set(found), "demo_project.expect names a file the demo does not have"
    assert len(PLANTED) < len(found), "the demo must keep clean files too"
    for path, findings in found.items():
        wrong = problems(PLANTED.get(path, Expectations()), findings)
        assert not wrong, f"{path}: " + "; ".join(wrong)
    sources = {
        (f["path"], x["rule"], x["line"]): x["source"] for f in report["files"] for x in f["findings"] if "source" in x
    }
    assert sources == PROVENANCE
    masked = json.dumps(report["files"])
    for clear in ("010101-1239", "Jens Hansen", "Nørregade 12", "48213", "18822"):
        assert clear not in masked
