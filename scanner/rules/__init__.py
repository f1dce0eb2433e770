"""Rules: small modules that turn facts into findings.

A fact rule exposes `CONSUMES` (fact kinds) and `check(fact, ctx)`; a text rule exposes `check_text(doc, ctx)`
and reads the decoded text of every file once (CPR numbers must be found wherever they stand). The modules are
listed here, in one place; their ids, categories, severities and documentation live in patterns/rules/*.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from types import ModuleType

from .. import mask
from ..config import Settings
from ..frontends import Document
from ..model import Fact, Finding
from ..registry import get

RULE_MODULES = (
    "cpr",
    "personal_data",
    "printed_rows",
    "small_cell",
    "extreme_value",
    "listing",
    "hardcoded_id",
    "parse_error",
    "image",
    "inline_data",
    "rounding",
    "differencing",
    "denominator",
    "residual_df",
    "survival",
    "subtraction",
)


class Context:
    """What a rule may use while it looks at one file: the settings, the document, and a finding factory."""

    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        # What a rule keeps between the facts of one file (a rule that reads lines in order), by module name.
        self.state: dict[str, object] = {}

    def finding(
        self,
        rule_id: str,
        at: Fact,
        message: str,
        evidence: str,
        severity: str | None = None,
        *,
        masked: str | None = None,
    ) -> Finding:
        """A finding at the fact's span. `evidence` is the offending text in clear; it is masked here, as the file's
        kind requires (see `mask.evidence`), unless the rule gives its own `masked` form. The clear text stays in
        memory only, for `--unmask`."""
        rule = get(rule_id)
        shown = masked if masked is not None else mask.evidence(evidence, self.doc.kind, self.settings.extra_names)
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=severity or rule.severity,
            line=at.line,
            column=at.column,
            end_line=at.end_line,
            end_column=at.end_column,
            message=message,
            evidence=shown[:400],
            clear=evidence[:400],
        )


FactCheck = Callable[[Fact, Context], Iterable[Finding]]
TextCheck = Callable[[Document, Context], Iterable[Finding]]


def _modules() -> list[ModuleType]:
    return [import_module(f"{__name__}.{name}") for name in RULE_MODULES]


def fact_rules() -> dict[str, list[FactCheck]]:
    """Fact kind -> the checks that consume it."""
    table: dict[str, list[FactCheck]] = {}
    for module in _modules():
        for kind in getattr(module, "CONSUMES", ()):
            table.setdefault(kind, []).append(_sourced(module.check) if kind == "table" else module.check)
    return table


def _sourced(check: FactCheck) -> FactCheck:
    """A table's findings name the echoed command that printed it, when the log shows one (scanner/provenance.py)."""

    def run(fact: Fact, ctx: Context) -> Iterable[Finding]:
        command = fact.table.command if fact.table is not None else None
        found = check(fact, ctx)
        if command is None:
            return found
        return _with_source(found, (ctx.doc.rel, command.line))

    return run


def _with_source(found: Iterable[Finding], source: tuple[str, int]) -> Iterator[Finding]:
    for finding in found:
        if finding.source is None:
            finding.source = source
        yield finding


def text_rules() -> list[TextCheck]:
    return [module.check_text for module in _modules() if hasattr(module, "check_text")]
