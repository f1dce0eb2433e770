"""A file's export risk: one score from 0 to 100 and a level, from its findings (weights in patterns/risk.toml)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Finding
from .resources import load_toml


def score(findings: Sequence[Finding]) -> tuple[int, str]:
    findings = [f for f in findings if f.counts]  # suppressed and baseline-accepted findings carry no risk
    if not findings:
        return 0, "none"
    weights = load_toml("patterns", "risk.toml")
    top = max(weights["severity"][f.severity] + weights["category"][f.category] for f in findings)
    extra = min(weights["extra_cap"], weights["extra_per_finding"] * (len(findings) - 1))
    value = min(100, top + extra)
    return value, level(value)


def level(value: int) -> str:
    bounds = load_toml("patterns", "risk.toml")["levels"]
    chosen = "none"
    for name, lowest in sorted(bounds.items(), key=lambda item: item[1]):
        if value >= lowest:
            chosen = name
    return chosen
