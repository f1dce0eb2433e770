"""The one canonical report dict (see the JSON contract); every reporter renders from it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import __version__
from .config import Settings, profile
from .model import CATEGORIES, LEVELS, SEVERITIES, FileResult
from .registry import catalogue

SCHEMA_VERSION = 1


def build(root: str, results: Sequence[FileResult], settings: Settings) -> dict[str, Any]:
    files = sorted(results, key=lambda r: (-r.score, r.path))
    findings = [f for r in files for f in r.findings]
    by_category = Counter(f.category for f in findings)
    by_severity = Counter(f.severity for f in findings)
    by_level = Counter(r.level for r in files if r.status != "excluded")
    status = Counter(r.status for r in files)
    used = sorted({f.rule for f in findings})
    rules = catalogue()
    chosen = profile(settings.profile)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "sdcscan", "version": __version__},
        "root": root,
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "profile": {"name": settings.profile, "min_cell": settings.min_cell, "mask": chosen.mask},
        "masked": not settings.unmask,
        "summary": {
            "files": len(files),
            "scanned": status["scanned"],
            "unscanned": status["unscanned"],
            "excluded": status["excluded"],
            "findings": len(findings),
            "by_category": {c: by_category[c] for c in CATEGORIES if by_category[c]},
            "by_severity": {s: by_severity[s] for s in reversed(SEVERITIES) if by_severity[s]},
            "by_level": {level: by_level[level] for level in reversed(LEVELS) if by_level[level]},
        },
        "files": [r.to_dict() for r in files],
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


def exceeds(report: dict[str, Any], fail_on: str) -> bool:
    """Whether any finding is at or above `fail_on` (the exit-code rule of the contract)."""
    if fail_on == "never":
        return False
    floor = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f["severity"]) >= floor for file in report["files"] for f in file["findings"])
