"""`sdcscan review BASELINE --import decisions.json`: decisions marked in the HTML report, recorded in the baseline
with the same audit trail as `review ID --accept` (the HTML half of the round trip is in test_html_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sdcscan import baseline

from workflow import cli, write

PROJECT = {
    "prog/01.sas": "proc print data=cohort(obs=10); run;\n",
    "prog/02.R": "head(df)\n",
    "notes.txt": "kontakt: pnr 0101901234\n",
}


pytestmark = pytest.mark.slow  # every test records a baseline through the command line first


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, dict[str, baseline.Entry]]:
    root = write(tmp_path / "project", PROJECT)
    target = tmp_path / "baseline.json"
    made = cli("baseline", root, "-o", target, "--reviewer", "A. Recorder", "--jobs", "1")
    assert made.returncode == 0, made.stderr
    entries = baseline.load(target).entries
    return target, {e.rule: e for e in entries.values()}


def decisions_file(folder: Path, *decisions: dict[str, Any], **top: Any) -> Path:
    path = folder / "sdcscan-decisions.json"
    body = {"sdcscan_decisions": 1, "root": "project", "decisions": list(decisions)} | top
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_import_records_each_decision_with_its_reason(recorded: tuple[Path, dict[str, baseline.Entry]]) -> None:
    target, by_rule = recorded
    printed, head = by_rule["sas.proc-print"], by_rule["r.head"]
    decisions = decisions_file(
        target.parent,
        {"id": printed.id, "path": printed.path, "rule": printed.rule, "status": "accepted", "reason": "codebook only"},
        {"id": head.id, "path": head.path, "rule": head.rule, "status": "rejected", "reason": "prints rows"},
    )
    done = cli("review", target, "--import", decisions, "--reviewer", "B. Checker")
    assert done.returncode == 0, done.stderr
    assert "2 decisions recorded" in done.stdout
    entries = baseline.load(target).entries
    assert (entries[printed.id].status, entries[printed.id].reason) == ("accepted", "codebook only")
    assert (entries[head.id].status, entries[head.id].reason) == ("rejected", "prints rows")
    # the same audit trail as the command line: who, when, and the earlier status in the history
    assert entries[printed.id].reviewer == "B. Checker"
    assert entries[printed.id].history[-1].status == "pending"
    assert entries[printed.id].history[-1].reviewer == "A. Recorder"
    assert entries[by_rule["cpr.number"].id].status == "pending"


def test_cpr_findings_cannot_be_accepted_by_import(recorded: tuple[Path, dict[str, baseline.Entry]]) -> None:
    target, by_rule = recorded
    cpr, printed = by_rule["cpr.number"], by_rule["sas.proc-print"]
    decisions = decisions_file(
        target.parent,
        {"id": cpr.id, "status": "accepted", "reason": "synthetic number"},
        {"id": printed.id, "status": "accepted", "reason": "codebook only"},
    )
    done = cli("review", target, "--import", decisions, "--reviewer", "B. Checker")
    assert done.returncode == 0, done.stderr
    assert "1 CPR finding left as it was" in done.stdout
    entries = baseline.load(target).entries
    assert entries[cpr.id].status == "pending" and entries[printed.id].status == "accepted"
    # rejecting a CPR finding is allowed: it keeps failing the scan
    decisions = decisions_file(target.parent, {"id": cpr.id, "status": "rejected", "reason": "remove the number"})
    assert cli("review", target, "--import", decisions, "--reviewer", "B. Checker").returncode == 0
    assert baseline.load(target).entries[cpr.id].status == "rejected"


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ({"id": "0123456abc", "status": "accepted", "reason": "x y"}, "not in the baseline"),
        ({"status": "accepted", "reason": "why"}, "decision 2 has no id"),
        ({"id": "ID", "status": "maybe", "reason": "why"}, "status must be one of"),
        ({"id": "ID", "status": "accepted", "reason": "  "}, "must say why"),
    ],
)
def test_a_bad_decision_changes_nothing_and_says_why(
    recorded: tuple[Path, dict[str, baseline.Entry]], decision: dict[str, Any], message: str
) -> None:
    target, by_rule = recorded
    before = target.read_text(encoding="utf-8")
    good = {"id": by_rule["r.head"].id, "status": "accepted", "reason": "aggregates only"}
    decision = {k: by_rule["sas.proc-print"].id if v == "ID" else v for k, v in decision.items()}
    done = cli("review", target, "--import", decisions_file(target.parent, good, decision), "--reviewer", "B. C.")
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == before  # all or nothing


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"sdcscan_decisions": 2, "decisions": []}', '{"sdcscan_decisions": 1}']
)
def test_a_file_that_is_not_a_decisions_file(
    recorded: tuple[Path, dict[str, baseline.Entry]], tmp_path: Path, content: str
) -> None:
    target = recorded[0]
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    done = cli("review", target, "--import", bad, "--reviewer", "B. C.")
    assert done.returncode == 2 and "not an sdcscan decisions file" in done.stderr


def test_import_cannot_be_mixed_with_a_selection(recorded: tuple[Path, dict[str, baseline.Entry]]) -> None:
    target, by_rule = recorded
    decisions = decisions_file(target.parent)
    done = cli("review", target, by_rule["r.head"].id, "--import", decisions, "--accept", "--reason", "r")
    assert done.returncode == 2 and "--import" in done.stderr
