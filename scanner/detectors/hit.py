"""What every detector returns."""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """One detected identifier: `start`/`end` are offsets into the scanned string; `rule` is a catalogue id;
    `severity` None means the rule's catalogue severity."""

    start: int
    end: int
    text: str
    rule: str
    severity: Severity | None
    message: str
