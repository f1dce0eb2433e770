"""hardcoded-id.selection: a person key (pnr, lbnr, recnum, ...) compared with a literal in a program, i.e. a
program that picks out named persons. Person-key names come from patterns/identifiers.toml and the project's
`extra_identifiers`; the literal values are masked in the evidence, since they are identifiers themselves."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from .. import mask
from ..model import Fact, Finding
from ..resources import load_toml
from . import Context

CONSUMES = ("compare",)

_LITERAL = regex.compile(r"""'[^']*'|"[^"]*"|(?<![\w.])-?\d[\d.]*""")
_ALNUM = regex.compile(r"[A-Za-z\d]")


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


def masked_literals(text: str, keep: str = "") -> str:
    """The statement with every literal's letters and digits hidden (`pnr = 'xxxx'`, `lbnr == 99999`), except a
    quoted column name equal to `keep` (`df["pnr"]`)."""

    def hide(m: regex.Match[str]) -> str:
        literal = m.group()
        if keep and literal[1:-1] == keep:
            return literal
        return _ALNUM.sub(lambda c: "9" if c.group().isdigit() else "x", literal)

    return _LITERAL.sub(hide, text)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    name = fact.attrs.get("name", "")
    # `pnr ne ''` tests for a missing key, it does not select anyone.
    values = [v for v in fact.attrs.get("values", "").split(",") if v.strip("'\" ")]
    if not name or not values or not is_identifier(name, ctx.settings.extra_identifiers):
        return
    statement = " ".join(fact.text.split())
    evidence = statement if ctx.settings.unmask else mask.text(masked_literals(statement, keep=name))
    yield ctx.finding(
        "hardcoded-id.selection",
        fact,
        f"Person key {name!r} compared with a literal: the program selects named persons",
        evidence[:200],
    )
