"""Identifiers in names: a file's name, the names of the folders it sits in and the scanned folder's own name
leave with the folder as surely as its text does, so they go through the same detectors (issue 13). A CPR number
in a name is a `cpr.number` finding, a person's name a `personal-data.name` finding, at line 1 of the file,
whether the file itself could be scanned, was excluded or timed out. Not a fact rule: it needs no front end."""

from __future__ import annotations

from ..config import Settings
from ..detectors import scan
from ..mask import path as masked_path
from ..model import SEVERITIES, Finding
from ..registry import get


def findings(root_name: str, rel: str, settings: Settings) -> list[Finding]:
    """The findings for identifiers in `root_name/rel`: one per hit, each saying which name holds it."""
    parts = [root_name, *rel.split("/")] if root_name else rel.split("/")
    # One name per line, underscores as spaces: `pnr_<number>.csv` and `Firstname_Surname` are read as words.
    text = "\n".join(parts).replace("_", " ")
    shown = "/".join(parts)
    # One finding per rule: findings at the same place are one finding, so the places are named together.
    found: dict[str, tuple[str, str, list[str]]] = {}
    for hit in scan(text, settings.extra_identifiers, settings.extra_names):
        index = text.count("\n", 0, hit.start)
        where = (
            "the scanned folder's name"
            if root_name and index == 0
            else "the file's name"
            if index == len(parts) - 1
            else "a folder's name"
        )
        severity = hit.severity or get(hit.rule).severity
        before = found.get(hit.rule)
        if before is None:
            found[hit.rule] = (severity, hit.message, [where])
            continue
        if SEVERITIES.index(severity) > SEVERITIES.index(before[0]):
            before = (severity, hit.message, before[2])
        found[hit.rule] = (before[0], before[1], [*before[2], where] if where not in before[2] else before[2])
    evidence = masked_path(shown, settings.extra_names)
    out = []
    for rule_id, (severity, message, wheres) in sorted(found.items()):
        rule = get(rule_id)
        where = " and ".join(wheres)
        out.append(
            Finding(rule.id, rule.category, severity, 1, 1, 1, 1, f"{message}, in {where}", evidence, clear=shown)
        )
    return out
