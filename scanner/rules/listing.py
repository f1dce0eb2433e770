"""How the `listing` rules are found (what each flags: patterns/rules/listing.toml): which statements print
observations is language knowledge in grammars/<lang>/ (tree-sitter queries) and grammars/stata/commands.toml;
the front end names the catalogue id in the fact's `rule` attribute."""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..model import Fact, Finding
from ..registry import get
from .context import Context

CONSUMES = ("output.print",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    # Code echoed into a log ran already; what it printed is in the log itself and is judged there.
    if fact.echo:
        return
    # A notebook stored what the statement printed: time steps, counts per place or time, places: no persons.
    if fact.attrs.get("shows") == "groups":
        return
    rule = get(fact.attrs["rule"])
    statement = " ".join(fact.text.split())
    # where the printed data set comes from, as the front end saw it (a name the program gives: masked like evidence)
    origin = f" of {mask.text(fact.attrs['origin'], ctx.settings.extra_names)}" if "origin" in fact.attrs else ""
    message = f"{rule.title}: the output would show individual observations{origin}"
    yield ctx.finding(rule.id, fact, message, statement[:200])
