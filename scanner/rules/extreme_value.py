"""extreme-value.*: printed values of single individuals: minimum and maximum columns, 100%/0% quantiles, the
Extreme Observations of PROC UNIVARIATE and the Smallest/Largest of Stata `summarize, detail`.

Why: the smallest and the largest value each belong to one person (the oldest patient, the highest income).
Other quantiles (1%, 5%, median, 99%) are not flagged: they are not a single person's value by construction.
Evidence names the statistic and masks the value's digits.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from . import Context

CONSUMES = ("extreme.value",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    label = fact.attrs.get("label", "")[:120]
    message = f"single-person values printed ({label}); remove them or report a robust range"
    yield ctx.finding(fact.attrs["rule"], fact, message, f"{label}: {fact.text.strip()[:200]}")
