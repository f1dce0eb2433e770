"""A file's export risk: one score from 0 to 100 and a level, from its findings (weights in patterns/risk.toml),
and the order of files with equal scores (`rank`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from .model import FileResult, Finding
from .resources import load_toml
from .vocab import LEVELS, Level


def _weight(finding: Finding) -> int:
    weights = load_toml("patterns", "risk.toml")
    return int(weights["severity"][finding.severity] + weights["category"][finding.category])


def score(findings: Sequence[Finding]) -> tuple[int, Level]:
    findings = [f for f in findings if f.counts]  # suppressed and baseline-accepted findings carry no risk
    if not findings:
        return 0, "none"
    weights = load_toml("patterns", "risk.toml")
    top = max(map(_weight, findings))
    extra = min(weights["extra_cap"], weights["extra_per_finding"] * (len(findings) - 1))
    value = min(100, top + extra)
    return value, level(value)


def tie_breaks(findings: Sequence[Finding]) -> dict[str, int]:
    """What separates files of equal score, from the findings that count: distinct rules, the weight of the
    strongest single finding, and the number of findings."""
    counting = [f for f in findings if f.counts]
    return {
        "rules": len({f.rule for f in counting}),
        "strongest": max(map(_weight, counting), default=0),
        "findings": len(counting),
    }


def rank(result: FileResult) -> tuple[int | str, ...]:
    """Sort key: score, then the tie-breaks in the order patterns/risk.toml gives, all descending, then path."""
    breaks = tie_breaks(result.findings)
    order = load_toml("patterns", "risk.toml")["tie_breaks"]
    return (-result.score, *(-breaks[name] for name in order), result.path)


def level(value: int) -> Level:
    bounds = load_toml("patterns", "risk.toml")["levels"]
    chosen: Level = "none"
    for name, lowest in sorted(bounds.items(), key=lambda item: item[1]):
        if name not in LEVELS:
            raise ValueError(f"patterns/risk.toml: [levels] {name!r} is not a risk level ({', '.join(LEVELS)})")
        if value >= lowest:
            chosen = cast(Level, name)
    return chosen
