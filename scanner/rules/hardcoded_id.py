"""How `hardcoded-id.selection` is found (what it flags: patterns/rules/hardcoded-id.toml): `compare` facts whose
variable is a person key (patterns/identifiers.toml and the project's `extra_identifiers`); the literal values are
masked in the evidence, since they are identifiers themselves."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import mask
from ..identifiers import is_identifier
from ..model import Fact, Finding
from .context import Context

CONSUMES = ("compare",)


# SAS by-group flags (`first.pnr = 1`, `last.id`) are true at a group's first or last row; they name no person.
_BY_FLAG = regex.compile(r"\s*(first|last)\.", regex.IGNORECASE)
# A code the program gives, never a person's key: a negative number (`-999` for missing, `-_n` placeholders) or zero
# (`if id ne 0;`, `subjid = "0"`: the key of no one).
_PLACEHOLDER = regex.compile(r"""[\s(c]*-\s*[0-9]|[\s(c'"]*0+(\.0*)?[\s)'"]*$""")


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    name = fact.attrs.get("name", "")
    # `pnr ne ''` tests for a missing key, it does not select anyone; nor does a value without a digit (a letter
    # in a test, a column name in `id != "pnr"`, a recode of country names): person keys carry digits.
    # Nor does a placeholder (a negative number or zero).
    values = [v for v in fact.attrs.get("values", "").split(",") if v.strip("'\" ")]
    keys = [v for v in values if any(ch.isdigit() for ch in v) and not _PLACEHOLDER.match(v)]
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
