"""Rules: small modules that turn facts into findings.

A fact rule exposes `CONSUMES` (fact kinds) and `check(fact, ctx)`; a text rule exposes `check_text(doc, ctx)`
and reads the decoded text of every file once (CPR numbers must be found wherever they stand). Every module of
this package is one or both, found by walking the package, except the helpers in `HELPERS`; their ids,
categories, severities and documentation live in patterns/rules/*.toml.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

from .context import Context, FactCheck, TextCheck

__all__ = ["Context", "FactCheck", "RuleModule", "TextCheck", "fact_rules", "rule_modules", "text_rules"]

# Modules of this package that are not rules: what the table checks share, the notion of records (microdata),
# the checks of file and folder names (run by the engine on every path, with no document).
HELPERS = frozenset({"context", "cells", "names", "gate", "microdata"})


@dataclass(frozen=True, slots=True)
class RuleModule:
    """One rule module, checked when it is loaded: the fact kinds it consumes and its checks."""

    name: str
    consumes: tuple[str, ...]
    check: FactCheck | None
    check_text: TextCheck | None


def _load(module: ModuleType) -> RuleModule:
    name = module.__name__.rpartition(".")[2]
    consumes = getattr(module, "CONSUMES", ())
    check = getattr(module, "check", None)
    check_text = getattr(module, "check_text", None)
    if not isinstance(consumes, tuple) or not all(isinstance(kind, str) for kind in consumes):
        raise TypeError(f"scanner/rules/{name}.py: CONSUMES must be a tuple of fact kinds")
    if bool(consumes) != callable(check) or (check_text is not None and not callable(check_text)):
        raise TypeError(f"scanner/rules/{name}.py: a rule has CONSUMES with check(fact, ctx), or check_text(doc, ctx)")
    if not consumes and check_text is None:
        raise TypeError(f"scanner/rules/{name}.py: neither a fact rule nor a text rule (a helper goes in HELPERS)")
    return RuleModule(name, consumes, check, check_text)


@cache
def rule_modules() -> tuple[RuleModule, ...]:
    """Every rule module of this package, in name order."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name not in HELPERS)
    return tuple(_load(import_module(f"{__name__}.{name}")) for name in names)


def fact_rules() -> dict[str, list[FactCheck]]:
    """Fact kind -> the checks that consume it."""
    table: dict[str, list[FactCheck]] = {}
    for module in rule_modules():
        for kind in module.consumes:
            assert module.check is not None  # _load: CONSUMES comes with check
            table.setdefault(kind, []).append(module.check)
    return table


def text_rules() -> list[TextCheck]:
    return [module.check_text for module in rule_modules() if module.check_text is not None]
