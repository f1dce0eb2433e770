"""How `hardcoded-id.selection` is found (what it flags: patterns/rules/hardcoded-id.toml): `compare` facts whose
variable is a person key (patterns/identifiers.toml and the project's `extra_identifiers`); the literal values are
masked in the evidence, since they are identifiers themselves."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from .. import mask
from ..model import Fact, Finding
from ..resources import load_toml
from .context import Context

CONSUMES = ("compare",)


@cache
def _known() -> tuple[frozenset[str], frozenset[str]]:
    data = load_toml("patterns", "identifiers.toml")
    return frozenset(n.lower() for n in data["names"]), frozenset(p.lower() for p in data["parts"])


def is_identifier(name: str, extra: tuple[str, ...] = ()) -> bool:
    names, parts = _known()
    lowered = name.lower()
    if lowered in names or lowered in (e.lower() for e in extra):
        return True
    return any(part in parts for part in lowered.split("_"))


# SAS by-group flags (`first.pnr = 1`, `last.id`) are true at a group's first or last row; they name no person.
_BY_FLAG = regex.compile(r"\s*(first|last)\.", regex.IGNORECASE)
_NEGATIVE = regex.compile(r"[\s(c]*-\s*[0-9]")


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    name = fact.attrs.get("name", "")
    # `pnr ne ''` tests for a missing key, it does not select anyone; nor does a value without a digit (a letter
    # in a test, a column name in `id != "pnr"`, a recode of country names): person keys carry digits.
    # Nor does a negative number: a code the program gives (`-999` for missing, `-_n` placeholders), never a key.
    values = [v for v in fact.attrs.get("values", "").split(",") if v.strip("'\" ")]
    keys = [v for v in values if any(ch.isdigit() for ch in v) and not _NEGATIVE.match(v)]
    if not name or not keys or _BY_FLAG.match(fact.text):
        return
    if not is_identifier(name, ctx.settings.extra_identifiers):
        return
    statement = " ".join(fact.text.split())
    yield ctx.finding(
        "hardcoded-id.selection",
        fact,
        f"Person key {name!r} compared with a literal: the program selects named persons",
        statement[:200],
        masked=mask.literals(mask.text(statement[:200]), keep=name),
    )
