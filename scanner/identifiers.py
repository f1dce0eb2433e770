"""Person keys by name (patterns/identifiers.toml): the names and name parts that mark a variable as a key to a
person, for the rules and the front ends that ask whether a column, a comparison or a grouping names one."""

from __future__ import annotations

import re
from functools import cache

from .resources import load_toml


@cache
def person_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The whole names (`pnr`, `cpr`) and the parts of names split at `_` (`v_pnr`) that are person keys."""
    data = load_toml("patterns", "identifiers.toml")
    return frozenset(n.lower() for n in data["names"]), frozenset(p.lower() for p in data["parts"])


def is_identifier(name: str, extra: tuple[str, ...] = ()) -> bool:
    names, parts = person_keys()
    lowered = name.lower()
    if lowered in names or lowered in (e.lower() for e in extra):
        return True
    return any(part in parts for part in lowered.split("_"))


_WORD = re.compile(r"[A-Za-z_]\w*")


@cache
def group_keys() -> frozenset[str]:
    """Names that are no register key but name persons as groups (`user_id`)."""
    return frozenset(n.lower() for n in load_toml("patterns", "identifiers.toml")["groups"])


def names_identifier(text: str) -> bool:
    """Whether any word of a piece of code (a grouping, an SQL query) is a person key, or names persons as groups."""
    return any(is_identifier(word) or word.lower() in group_keys() for word in _WORD.findall(text))
