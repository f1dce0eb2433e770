"""Identifiers in names: a file's name, the names of the folders it sits in and the scanned folder's own name
leave with the folder as surely as its text does, so they go through the same detectors (issue 13). A CPR number
in a name is a `cpr.number` finding, a person's name a `personal-data.name` finding, at line 1 of the file,
whether the file itself could be scanned, was excluded or timed out. Not a fact rule: it needs no front end."""

from __future__ import annotations

from functools import lru_cache

from ..config import Settings
from ..detectors import scan
from ..mask import path as masked_path
from ..mask import plain
from ..model import Finding
from ..registry import get
from ..vocab import SEVERITIES, Severity


@lru_cache(maxsize=65536)
def _hits(
    name: str, extra_identifiers: tuple[str, ...], extra_names: tuple[str, ...]
) -> tuple[tuple[str, Severity, str], ...]:
    """(rule, severity, message) of each identifier in one name, underscores read as spaces (`pnr_<number>.csv`,
    `Firstname_Surname`). Cached: a folder's name is the same for all its files, so a tree of 100,000 files costs
    about one detector call per file."""
    if plain(name):
        return ()
    # A name is short: the prefilter that compiles fastest (see mask.personal_data).
    found = scan(name.replace("_", " "), extra_identifiers, extra_names, engine="regex")
    return tuple((h.rule, h.severity or get(h.rule).severity, h.message) for h in found)


def findings(root_name: str, rel: str, settings: Settings) -> list[Finding]:
    """The findings for identifiers in `root_name/rel`: one per rule, saying which names hold it."""
    parts = [root_name, *rel.split("/")] if root_name else rel.split("/")
    # One finding per rule: findings at the same place are one finding, so the places are named together.
    found: dict[str, tuple[Severity, str, list[str]]] = {}
    for index, part in enumerate(parts):
        where = (
            "the scanned folder's name"
            if root_name and index == 0
            else "the file's name"
            if index == len(parts) - 1
            else "a folder's name"
        )
        for rule_id, severity, message in _hits(part, settings.extra_identifiers, settings.extra_names):
            before = found.get(rule_id)
            if before is None:
                found[rule_id] = (severity, message, [where])
                continue
            if SEVERITIES.index(severity) > SEVERITIES.index(before[0]):
                before = (severity, message, before[2])
            found[rule_id] = (before[0], before[1], [*before[2], where] if where not in before[2] else before[2])
    if not found:
        return []
    shown = "/".join(parts)
    evidence = masked_path(shown, settings.extra_names)
    out = []
    for rule_id, (severity, message, wheres) in sorted(found.items()):
        rule = get(rule_id)
        where = " and ".join(wheres)
        out.append(
            Finding(rule.id, rule.category, severity, 1, 1, 1, 1, f"{message}, in {where}", evidence, clear=shown)
        )
    return out
