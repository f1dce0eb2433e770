"""What a rule may use while it looks at one file (`Context`), and the shapes of a rule's checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import mask
from ..config import Settings
from ..frontends import Document
from ..model import Fact, Finding
from ..registry import get
from ..vocab import Severity


class Context:
    """What a rule may use while it looks at one file: the settings, the document, and a finding factory."""

    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        # What a rule keeps between the facts of one file (a rule that reads lines in order), by module name.
        self.state: dict[str, object] = {}
        # Rules whose further findings the engine's cap only counts by position (`engine.capped` fills it): their
        # evidence is never shown, so it is not masked (a file of 200,000 names spent a quarter of its scan so).
        self.folded: set[str] = set()

    def finding(
        self,
        rule_id: str,
        at: Fact,
        message: str,
        evidence: str,
        severity: Severity | None = None,
        *,
        masked: str | None = None,
    ) -> Finding:
        """A finding at the fact's span. `evidence` is the offending text in clear; it is masked here, as the file's
        kind requires (see `mask.evidence`), unless the rule gives its own `masked` form. The clear text stays in
        memory only, for `--unmask`."""
        rule = get(rule_id)
        if rule.id in self.folded:
            evidence = shown = ""
        elif masked is not None:
            shown = masked
        else:
            shown = mask.evidence(evidence, self.doc.kind, self.settings.extra_names)
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
