"""The closed vocabularies of findings and files (the JSON contract's enums), as types mypy checks and as tuples
for the code that validates data against them. A leaf module: the detectors use it too."""

from __future__ import annotations

from typing import Literal, get_args

Severity = Literal["low", "medium", "high", "critical"]
Level = Literal["none", "low", "medium", "high", "critical"]
Category = Literal[
    "cpr",
    "hardcoded-id",
    "listing",
    "personal-data",
    "printed-rows",
    "small-cell",
    "extreme-value",
    "unscanned",
    "coverage",
]
Kind = Literal["program", "log", "listing", "notebook", "table", "document", "binary", "other"]
Status = Literal["scanned", "unscanned", "excluded"]
# A reviewer's decision on a finding in the baseline, and what a scan against the baseline marks a finding with.
Review = Literal["pending", "accepted", "rejected"]
BaselineMark = Literal["new", "pending", "accepted", "rejected"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
LEVELS: tuple[Level, ...] = get_args(Level)
CATEGORIES: tuple[Category, ...] = get_args(Category)
KINDS: tuple[Kind, ...] = get_args(Kind)
REVIEWS: tuple[Review, ...] = get_args(Review)
