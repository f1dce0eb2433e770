"""Every fact kind in grammars/facts.toml is produced by a front end and consumed by a rule or the engine, and
nothing produces or consumes a kind outside it: a kind nobody reads is dead weight in every scan, a kind nobody
makes is a rule that can never fire."""

from __future__ import annotations

import re
import tomllib

from sdcscan.outputs.echo import INTENTS
from sdcscan.rules import rule_modules

from conftest import ROOT

KINDS = set(tomllib.loads((ROOT / "grammars" / "facts.toml").read_text(encoding="utf-8")))
# A fact made in Python: `Fact("kind", ...)` or `positions.fact("kind", ...)`.
MADE = re.compile(r'(?:\bFact|\.fact)\(\s*"([\w.]+)"')
# What the engine itself reads from the facts: comments (for suppressions), written files (for provenance).
READ = re.compile(r'\bfact\.kind == "([\w.]+)"')


def produced() -> set[str]:
    kinds: set[str] = set()
    for path in (ROOT / "grammars").rglob("*.scm"):
        source = "\n".join(line.split(";", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
        kinds |= {name for name in re.findall(r"@([\w.]+)", source) if not name.startswith("_")} & KINDS
    for path in (ROOT / "scanner").rglob("*.py"):
        kinds |= set(MADE.findall(path.read_text(encoding="utf-8")))
    # Stata commands with `output = "table"` become `output.table` facts (scanner/frontends/stata.py).
    commands = tomllib.loads((ROOT / "grammars" / "stata" / "commands.toml").read_text(encoding="utf-8"))
    for spec in commands["commands"].values():
        kinds |= {f"output.{case['output']}" for case in [spec, *spec.get("outputs", ())] if "output" in case}
    return kinds


def consumed() -> set[str]:
    kinds = {kind for module in rule_modules() for kind in module.consumes}
    kinds |= set(INTENTS)
    kinds |= set(READ.findall((ROOT / "scanner" / "engine.py").read_text(encoding="utf-8")))
    return kinds


def test_the_greps_find_what_they_look_for() -> None:
    assert {"comment", "table", "text", "output.print", "output.table"} <= produced()
    assert {"comment", "output.write", "table", "output.extreme"} <= consumed()


def test_every_fact_kind_is_produced() -> None:
    assert not KINDS - produced(), f"fact kinds nobody produces: {sorted(KINDS - produced())}"
    assert not produced() - KINDS, f"facts made outside grammars/facts.toml: {sorted(produced() - KINDS)}"


def test_every_fact_kind_is_consumed() -> None:
    assert not KINDS - consumed(), f"fact kinds nobody consumes: {sorted(KINDS - consumed())}"
    assert not consumed() - KINDS, f"consumed kinds missing from grammars/facts.toml: {sorted(consumed() - KINDS)}"


# An attribute read from a fact: `attrs.get("x"`, `attrs["x"]` not assigned to, `"x" in fact.attrs`.
READ_ATTRIBUTE = re.compile(r'attrs\.get\(\s*"([\w.]+)"|attrs\["([\w.]+)"\](?!\s*=[^=])|"([\w.]+)" in \w+\.attrs')


def test_every_declared_attribute_is_read() -> None:
    """An attribute a query captures (grammars/facts.toml `attributes`) that no code reads is dead weight."""
    declared = {
        name
        for meta in tomllib.loads((ROOT / "grammars" / "facts.toml").read_text(encoding="utf-8")).values()
        for name in meta.get("attributes", ())
    }
    read = set()
    for path in (ROOT / "scanner").rglob("*.py"):
        read |= {next(g for g in m if g) for m in READ_ATTRIBUTE.findall(path.read_text(encoding="utf-8"))}
    assert {"rule", "values", "path"} <= read
    assert not declared - read, f"attributes nobody reads: {sorted(declared - read)}"
