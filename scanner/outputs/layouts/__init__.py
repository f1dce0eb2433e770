"""Layout recognisers: one module per family of printed layouts, each turning text into `Table`s. What the
recognisers share lives here: the statistic a header or row label names (patterns/layouts/statistics.toml)."""

from __future__ import annotations

import re
from functools import cache

from ...resources import load_toml
from ..table import STATISTICS, Statistic

_STRIP = re.compile(r"^[\s\"'`(\[]+|[\s\"'`)\]:]+$")
_LEVEL = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%")


@cache
def _vocabulary() -> tuple[dict[str, Statistic], tuple[tuple[str, Statistic], ...], tuple[tuple[str, Statistic], ...]]:
    data = load_toml("patterns", "layouts/statistics.toml")
    words: dict[str, Statistic] = {}
    for statistic in STATISTICS:
        for word in data["words"].get(statistic, ()):
            words.setdefault(word.lower(), statistic)
    prefixes = tuple((p.lower(), s) for s in STATISTICS for p in data["prefixes"].get(s, ()))
    suffixes = tuple((p.lower(), s) for s in STATISTICS for p in data["suffixes"].get(s, ()))
    return words, prefixes, suffixes


def normal(label: str) -> str:
    """A label as the vocabulary spells it: lower case, single spaces, no quotes, brackets or trailing colon."""
    return " ".join(_STRIP.sub("", label).lower().split())


@cache
def statistic(label: str) -> Statistic | None:
    """What a column headed, or a row labelled, `label` holds; None when the words do not say."""
    words, prefixes, suffixes = _vocabulary()
    key = normal(label)
    found = words.get(key) or words.get(key.replace(".", ""))
    if found:
        return found
    for prefix, kind in prefixes:
        if key.startswith(prefix):
            return kind
    for suffix, kind in suffixes:
        if key.endswith(suffix):
            return kind
    return None


def level(label: str) -> float | None:
    """The quantile level of a label such as `100% Max` or `25%`, else None."""
    match = _LEVEL.match(label.strip())
    return float(match[1]) if match else None
