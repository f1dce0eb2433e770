"""The SARIF log: valid against the OASIS 2.1.0 schema, and faithful to the report it is rendered from."""

from __future__ import annotations

import copy
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sdcscan.reporters import renderer
from sdcscan.reporters.sarif import sarif

from reviewer import CPR_LOG_LINE, DEMO, build_report, make_tree

# Kept in the repository (see tests/schemas/README.md), so every clone checks SARIF validity.
SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def to_sarif(report: dict[str, Any]) -> str:
    out = io.StringIO()
    renderer("sarif")(report, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = make_tree(tmp_path_factory.mktemp("sarif") / "project")
    return root, build_report(root)


def test_valid_against_the_schema(project: tuple[Path, dict[str, Any]]) -> None:
    validate(json.loads(to_sarif(project[1])))


@pytest.mark.slow
def test_demo_project_valid_against_the_schema() -> None:
    if not DEMO.is_dir():
        pytest.skip(f"{DEMO} not present")
    log = json.loads(to_sarif(build_report(DEMO)))
    validate(log)
    assert {r["properties"]["category"] for r in log["runs"][0]["tool"]["driver"]["rules"]} >= {"cpr", "unscanned"}


def test_results_mirror_the_findings(project: tuple[Path, dict[str, Any]]) -> None:
    report = project[1]
    run = json.loads(to_sarif(report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = [(file, f) for file in report["files"] for f in file["findings"]]
    assert len(run["results"]) == len(findings)
    for result, (file, finding) in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["rule"]
        assert result["partialFingerprints"] == {"sdcscan/v1": finding["id"]}
        assert result["message"]["text"] == finding["message"]
        artifact = run["artifacts"][result["locations"][0]["physicalLocation"]["artifactLocation"]["index"]]
        assert artifact["location"]["uri"] == result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert artifact["properties"]["status"] == file["status"]

    by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run["results"]}
    cpr = by_uri["logs/01_cohort.log"]
    assert cpr["level"] == "error"
    assert cpr["locations"][0]["physicalLocation"]["region"] == {
        "startLine": CPR_LOG_LINE,
        "startColumn": 5,
        "endLine": CPR_LOG_LINE,
        "endColumn": 16,
    }
    assert cpr["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
    # An unscanned file is a result too, with no region: there is no line to point at.
    binary = by_uri["output/graph.png"]
    assert binary["ruleId"] == "unscanned.binary"
    assert "region" not in binary["locations"][0]["physicalLocation"]
    # URIs are relative references: the markup-like path is percent-encoded, not taken for a scheme or a query.
    assert "%3Cscript%3Ealert%281%29%3C/script%3E.log" in by_uri


def test_rules_describe_themselves(project: tuple[Path, dict[str, Any]]) -> None:
    driver = json.loads(to_sarif(project[1]))["runs"][0]["tool"]["driver"]
    cpr = next(rule for rule in driver["rules"] if rule["id"] == "cpr.number")
    assert cpr["name"] == "CprNumber"
    assert cpr["defaultConfiguration"] == {"level": "error"}
    assert cpr["properties"]["category"] == "cpr"
    assert cpr["shortDescription"]["text"] == project[1]["rules"]["cpr.number"]["title"]
    assert "What to do" in cpr["help"]["markdown"]


def test_no_absolute_path_and_no_clear_values(project: tuple[Path, dict[str, Any]]) -> None:
    text = to_sarif(project[1])
    assert str(project[0].parent) not in text  # the machine's folder names (a home folder names a person)
    assert "010190" not in text and "3112991234" not in text


@pytest.mark.slow
def test_deterministic(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "project")
    first, second = build_report(root), build_report(root)
    second["generated_at"] = first["generated_at"]
    assert to_sarif(first) == to_sarif(second)


def test_suppressions_and_baseline_states(project: tuple[Path, dict[str, Any]]) -> None:
    report = copy.deepcopy(project[1])
    findings = [f for file in report["files"] for f in file["findings"]]
    findings[0]["suppressed"] = "synthetic test number"
    findings[1]["baseline"] = "accepted"
    findings[2]["baseline"] = "new"
    log = json.loads(to_sarif(report))
    validate(log)
    results = log["runs"][0]["results"]
    assert results[0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "synthetic test number"}
    ]
    assert results[1]["baselineState"] == "unchanged"
    assert results[1]["suppressions"][0]["kind"] == "external"
    assert results[2]["baselineState"] == "new" and "suppressions" not in results[2]


def test_results_are_written_one_at_a_time_as_the_whole_log_would_be(project: tuple[Path, dict[str, Any]]) -> None:
    """The streamed rendering (issue 14: no result dict per finding held for the whole scan) is byte for byte the
    log `sarif()` describes, with findings and with none."""
    empty = copy.deepcopy(project[1])
    for file in empty["files"]:
        file["findings"] = []
    for report in (project[1], empty):
        assert to_sarif(report) == json.dumps(sarif(report), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(to_sarif(project[1]))["runs"][0]["results"]
