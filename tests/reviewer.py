"""A small project tree and its report, shared by the reporter tests (SARIF, HTML, browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sdcscan import engine, report
from sdcscan.config import settings_for
from sdcscan.model import FileResult, Finding
from sdcscan.registry import catalogue

from workflow import write

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo_project"  # the lead's demo, when present

# A path that is HTML if anyone forgets to escape it. `/` cannot be in a file name, so the path is a folder
# `<script>alert(1)<` holding `script>.log`.
SCRIPT_PATH = "<script>alert(1)</script>.log"
CPR_LOG_LINE = 3
BIG_RULES = ("printed-rows.sas-put", "small-cell.count", "extreme-value.min-max", "personal-data.name")


def make_tree(root: Path) -> Path:
    """Files of every status: findings in a log, a clean program, a binary graph, an excluded scratch file."""
    files = {
        "logs/01_cohort.log": "NOTE: cohort built\nNOTE: 1204 observations\npnr 010190-1235 was selected\nNOTE: done\n",
        "programs/02_tables.sas": "proc freq data=cohort;\n  tables koen*region;\nrun;\n",
        SCRIPT_PATH: "line one\n<b>bold</b> & 3112991234 <img src=x onerror=alert(2)>\n",
        "notes/readme.txt": "Nothing to see here.\n",
        "scratch/tmp.txt": "excluded scratch\n",
    }
    write(root, files)
    (root / "output").mkdir()
    (root / "output" / "graph.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return root


def build_report(root: Path, *, unmask: bool = False) -> dict[str, Any]:
    settings = settings_for("dhda", unmask=unmask)
    results = engine.scan_tree(root, [root], settings, jobs=1, excludes=("scratch/",))
    return report.build(root.as_posix(), results, settings)


def big_report(files: int = 5_000, per_file: int = 10) -> dict[str, Any]:
    """A report the size of a large project (defaults: 5,000 files, 50,000 findings), built by the real builder.

    Most findings in a file repeat one rule (folded in the HTML); the last two of each file are of a second rule
    that changes from file to file (BIG_RULES), so the rule filter has something to choose."""
    rules = catalogue()
    results = []
    for i in range(files):
        result = FileResult(
            path=f"project/part{i % 50:02d}/output_{i:05d}.log", kind="log", language="sas", status="scanned"
        )
        for j in range(per_file):
            rule = rules["cpr.number" if j < per_file - 2 else BIG_RULES[i % len(BIG_RULES)]]
            line = 10 + 7 * j
            finding = Finding(
                rule=rule.id,
                category=rule.category,
                severity=rule.severity,
                line=line,
                column=5,
                end_line=line,
                end_column=16,
                message="CPR number next to 'pnr'",
                evidence="pnr=DDMMYY-XXXX koen=9 alder=99",
                id=f"f{i:05d}x{j:03d}",
            )
            finding.context = {
                "start_line": line - 2,
                "lines": [f"NOTE: There were 999 observations read from the data set WORK.T{k}." for k in range(2)]
                + ["pnr=DDMMYY-XXXX koen=9 foed_dag=-99999 c_diag=DE999 alder=99"]
                + [f"NOTE: The data set WORK.OUT{k} has 9 observations and 9 variables." for k in range(2)],
            }
            result.findings.append(finding)
        result.score, result.level = 99, "critical"
        results.append(result)
    return report.build("project", results, settings_for("dhda"))
