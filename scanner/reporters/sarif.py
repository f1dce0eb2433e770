"""SARIF 2.1.0, for editors (VS Code's SARIF viewer), CI and code-scanning uploaders.

Every finding becomes a result, unscanned files included (they carry an `unscanned.*` finding and no region: there
is no line to point at). Paths stay relative to the scanned root under the `SRCROOT` base id; the root's absolute
path is never written, since a research machine's home folder names a person. Output is a pure function of the
report dict, so the same scan gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO
from urllib.parse import quote

from ..mask import text as mask_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
FINGERPRINT = "sdcscan/v1"

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub code scanning ranks security results by this number (CVSS-like, 0.0-10.0).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.0", "low": "2.0"}


# Stands in for the results while the rest of the log is laid out, so they can be written one at a time.
_RESULTS = "\0sdcscan results\0"


def render(report: dict[str, Any], out: TextIO) -> None:
    """The same bytes as `json.dump(sarif(report), out, indent=2)`, but each result is built and written on its
    own: a result dict per finding for the whole scan would be the main process's largest allocation."""
    head, tail = json.dumps(_log(report, _RESULTS), indent=2, ensure_ascii=False).split(json.dumps(_RESULTS))
    indent = " " * (len(head) - head.rfind("\n") - 1 - len('"results": '))
    out.write(head + "[")
    written = False
    for result in _results(report):
        item = json.dumps(result, indent=2, ensure_ascii=False).replace("\n", "\n" + indent + "  ")
        out.write(("," if written else "") + "\n" + indent + "  " + item)
        written = True
    out.write(("\n" + indent + "]" if written else "]") + tail + "\n")


def sarif(report: dict[str, Any]) -> dict[str, Any]:
    return _log(report, list(_results(report)))


def _results(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    index = {rule_id: i for i, rule_id in enumerate(sorted(report["rules"]))}
    for artifact_index, file in enumerate(report["files"]):
        for finding in file["findings"]:
            yield _result(finding, file, artifact_index, index)


def _log(report: dict[str, Any], results: object) -> dict[str, Any]:
    rule_ids = sorted(report["rules"])  # the report describes every rule its findings use
    artifacts = [_artifact(file) for file in report["files"]]
    profile = report["profile"]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report["tool"]["name"],
                "version": report["tool"]["version"],
                "semanticVersion": report["tool"]["version"],
                "rules": [_rule(rule_id, report["rules"][rule_id]) for rule_id in rule_ids],
            }
        },
        "originalUriBaseIds": {BASE_ID: {"description": {"text": "The scanned folder; every path is relative to it."}}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
        "properties": {
            "profile": profile["name"],
            "minCell": profile["min_cell"],
            "masked": report.get("masked", True),
            "summary": report["summary"],
        },
    }
    if report.get("generated_at"):
        run["invocations"] = [
            {"executionSuccessful": True, "endTimeUtc": report["generated_at"].replace("+00:00", "Z")}
        ]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(rule_id: str, meta: dict[str, Any]) -> dict[str, Any]:
    # Explanations are prose written by us, but a worked example could hold a CPR-shaped number: mask it anyway.
    title, explanation, remedy = (mask_text(meta[key]) for key in ("title", "explanation", "remedy"))
    return {
        "id": rule_id,
        "name": _name(rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": explanation},
        "help": {
            "text": f"{explanation}\n\nWhat to do: {remedy}",
            "markdown": f"**{title}**\n\n{explanation}\n\n**What to do:** {remedy}",
        },
        "defaultConfiguration": {"level": LEVEL[meta["severity"]]},
        "properties": {
            "category": meta["category"],
            "severity": meta["severity"],
            "tags": ["statistical-disclosure-control", meta["category"]],
            "security-severity": SECURITY_SEVERITY[meta["severity"]],
        },
    }


def _name(rule_id: str) -> str:
    """`sas.proc-print` -> `SasProcPrint`: the reader-facing identifier SARIF viewers show."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _artifact(file: dict[str, Any]) -> dict[str, Any]:
    artifact: dict[str, Any] = {
        "location": {"uri": _uri(file["path"]), "uriBaseId": BASE_ID},
        "properties": {
            "kind": file["kind"],
            "status": file["status"],
            "riskScore": file["risk"]["score"],
            "riskLevel": file["risk"]["level"],
        },
    }
    if file.get("size"):
        artifact["length"] = file["size"]
    if file.get("encoding"):
        artifact["encoding"] = file["encoding"]
    if file.get("language"):
        artifact["sourceLanguage"] = file["language"]
    if file.get("reason"):
        artifact["properties"]["reason"] = file["reason"]
    return artifact


def _result(
    finding: dict[str, Any], file: dict[str, Any], artifact_index: int, rules: dict[str, int]
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(file["path"]), "uriBaseId": BASE_ID, "index": artifact_index}
    }
    if file["status"] == "scanned":
        location["region"] = {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["end_line"],
            "endColumn": finding["end_column"],
        }
        context = finding.get("context")
        if context and context["lines"]:
            location["contextRegion"] = {
                "startLine": context["start_line"],
                "endLine": context["start_line"] + len(context["lines"]) - 1,
                "snippet": {"text": "\n".join(context["lines"])},
            }
    result: dict[str, Any] = {
        "ruleId": finding["rule"],
        "ruleIndex": rules[finding["rule"]],
        "level": LEVEL[finding["severity"]],
        "message": {"text": finding["message"]},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT: finding["id"]},
        "properties": {
            "category": finding["category"],
            "severity": finding["severity"],
            "evidence": finding["evidence"],
        },
    }
    source = finding.get("source")
    if source:
        result["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(source["path"]), "uriBaseId": BASE_ID},
                    "region": {"startLine": source["line"]},
                },
                "message": {"text": "the statement that made this output"},
            }
        ]
    result.update(_review_state(finding))
    return result


def _review_state(finding: dict[str, Any]) -> dict[str, Any]:
    """In-source suppressions and baseline decisions, in SARIF's own terms (viewers then hide or badge them)."""
    state: dict[str, Any] = {}
    suppressions = []
    if finding.get("suppressed") is not None:
        suppressions.append({"kind": "inSource", "status": "accepted", "justification": finding["suppressed"]})
    baseline = finding.get("baseline")
    if baseline:
        state["baselineState"] = "new" if baseline == "new" else "unchanged"
        if baseline == "accepted":
            suppressions.append({"kind": "external", "status": "accepted", "justification": "accepted in the baseline"})
        elif baseline == "pending":
            suppressions.append({"kind": "external", "status": "underReview", "justification": "pending review"})
    if suppressions:
        state["suppressions"] = suppressions
    return state
