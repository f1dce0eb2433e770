"""The one canonical report dict (see the JSON contract); every reporter renders from it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import __version__, model, risk
from .config import Settings
from .model import CATEGORIES, LEVELS, SEVERITIES, FileResult, Finding
from .registry import catalogue

SCHEMA_VERSION = 1


def settle(results: Sequence[FileResult], settings: Settings) -> None:
    """Apply the configured rule selection and severity overrides, then score each file from what still counts
    (suppressed and baseline-accepted findings do not). The one place where settings change findings."""
    for result in results:
        kept = [f for f in result.findings if settings.rule_enabled(f.rule, f.category)]
        for finding in kept:
            finding.severity = settings.severity_of(finding.rule, finding.category, finding.severity)
        result.findings = kept
        result.score, result.level = risk.score(kept)


def build(root: str, results: Sequence[FileResult], settings: Settings) -> dict[str, Any]:
    settle(results, settings)
    files = sorted(results, key=risk.rank)
    findings = [f for r in files for f in r.findings]
    by_category = Counter(f.category for f in findings)
    by_rule = Counter(f.rule for f in findings)
    by_severity = Counter(f.severity for f in findings)
    by_level = Counter(r.level for r in files if r.status != "excluded")
    status = Counter(r.status for r in files)
    used = sorted({f.rule for f in findings})
    rules = catalogue()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "sdcscan", "version": __version__},
        "root": root,
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "profile": {"name": settings.profile, "min_cell": settings.min_cell, "mask": settings.cell_mask},
        "masked": not settings.unmask,
        **_configuration(settings),
        "summary": {
            "files": len(files),
            "scanned": status["scanned"],
            "unscanned": status["unscanned"],
            "excluded": status["excluded"],
            "findings": len(findings),
            "suppressed": sum(f.suppressed is not None for f in findings),
            **_baseline_counts(findings),
            "by_category": {c: by_category[c] for c in CATEGORIES if by_category[c]},
            "by_severity": {s: by_severity[s] for s in reversed(SEVERITIES) if by_severity[s]},
            "by_level": {level: by_level[level] for level in reversed(LEVELS) if by_level[level]},
            # most frequent first, ties by id: the rules that flood a review stand at the top
            "by_rule": dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))),
        },
        "files": [_file(r) for r in files],
        "rules": {
            rule_id: {
                "category": rules[rule_id].category,
                "severity": rules[rule_id].severity,
                "title": rules[rule_id].title,
                "explanation": rules[rule_id].explanation,
                "remedy": rules[rule_id].remedy,
            }
            for rule_id in used
        },
    }


def _file(result: FileResult) -> dict[str, Any]:
    data = result.to_dict()
    if result.status != "excluded":
        # what ordered files of equal score (README, "The risk score"), so a reader can see why
        breaks = risk.tie_breaks(result.findings)
        data["risk"] |= {"rules": breaks["rules"], "strongest": breaks["strongest"]}
    return data


def _configuration(settings: Settings) -> dict[str, Any]:
    """The project configuration the scan ran with, so a reviewer sees what was switched off or re-rated."""
    if settings.config_file is None:
        return {}
    chosen = {
        "file": settings.config_file,
        "include": list(settings.include),
        "exclude": list(settings.exclude),
        "enable": list(settings.enable),
        "disable": list(settings.disable),
        "severity": dict(settings.severity),
        "extra_identifiers": list(settings.extra_identifiers),
        # extra_names may be names of real persons: the report says how many, never which
        "extra_names": len(settings.extra_names),
        "zero_is_small": settings.zero_is_small,
    }
    return {"config": {k: v for k, v in chosen.items() if v or k == "file"}}


def _baseline_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """`new` and `accepted` when the scan was compared with a baseline; nothing otherwise."""
    if not any(f.baseline for f in findings):
        return {}
    return {
        "new": sum(f.baseline == "new" for f in findings),
        "accepted": sum(f.baseline == "accepted" for f in findings),
    }


def counts(finding: dict[str, Any]) -> bool:
    """`model.counts` for a finding of the report dict (what reporters read)."""
    return model.counts(finding.get("suppressed"), finding.get("baseline"))


def exceeds(report: dict[str, Any], fail_on: str) -> bool:
    """Whether any counting finding is at or above `fail_on` (the exit-code rule of the contract)."""
    if fail_on == "never":
        return False
    floor = SEVERITIES.index(fail_on)
    return any(
        SEVERITIES.index(f["severity"]) >= floor for file in report["files"] for f in file["findings"] if counts(f)
    )
