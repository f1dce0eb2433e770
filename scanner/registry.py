"""The rule catalogue: every rule's id, category, severity, title, explanation and remedy, read from
`patterns/rules/<category>.toml`. This is the one source that `sdcscan rules`, the README and the reports show."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from .resources import list_dir, load_toml
from .vocab import CATEGORIES, SEVERITIES, Category, Severity

REQUIRED = ("severity", "title", "explanation", "remedy")


class CatalogueError(ValueError):
    """The shipped catalogue is malformed (a packaging or editing mistake, caught by the tests)."""


@dataclass(frozen=True, slots=True)
class Example:
    """A program that shows the rule (`shows`, a file named `file`) and what to write instead; a test checks that
    the one is found and the other is not."""

    file: str
    shows: str
    instead: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    title: str
    explanation: str
    remedy: str
    languages: tuple[str, ...] = ()
    # No setting may switch a locked rule off: a disabled `unscanned.binary` would let an image pass unseen.
    locked: bool = False
    # Off unless named by its id in `enable` or `extend_enable`: a rule measured too unreliable on real code to ask
    # every reviewer to read its findings, kept for those who want the stricter check.
    opt_in: bool = False
    example: Example | None = None


@cache
def catalogue() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for entry in list_dir("patterns", "rules"):
        if not entry.name.endswith(".toml"):
            continue
        category = entry.name.removesuffix(".toml")
        if category not in CATEGORIES:
            raise CatalogueError(f"patterns/rules/{entry.name}: {category!r} is not a report category")
        for rule_id, meta in load_toml("patterns", "rules", entry.name).items():
            missing = [key for key in REQUIRED if not str(meta.get(key, "")).strip()]
            if missing:
                raise CatalogueError(f"rule {rule_id}: missing {', '.join(missing)}")
            if meta["severity"] not in SEVERITIES:
                raise CatalogueError(f"rule {rule_id}: unknown severity {meta['severity']!r}")
            if rule_id in rules:
                raise CatalogueError(f"rule {rule_id} is defined twice")
            rules[rule_id] = Rule(
                id=rule_id,
                category=category,
                severity=cast(Severity, meta["severity"]),  # checked above
                title=meta["title"],
                explanation=" ".join(meta["explanation"].split()),
                remedy=" ".join(meta["remedy"].split()),
                languages=tuple(meta.get("languages", ())),
                locked=bool(meta.get("locked", False)),
                opt_in=bool(meta.get("opt_in", False)),
                example=_example(rule_id, meta),
            )
    return dict(sorted(rules.items()))


def _example(rule_id: str, meta: dict[str, object]) -> Example | None:
    parts = [meta.get(key) for key in ("example_file", "example", "instead")]
    if not any(parts):
        return None
    if not all(isinstance(part, str) and part for part in parts):
        raise CatalogueError(f"rule {rule_id}: example_file, example and instead go together")
    return Example(*(str(part) for part in parts))


def get(rule_id: str) -> Rule:
    try:
        return catalogue()[rule_id]
    except KeyError:
        raise CatalogueError(f"no rule {rule_id!r} in the catalogue") from None
