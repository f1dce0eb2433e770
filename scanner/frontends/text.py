"""The fallback front end: every non-blank line of a file is free text."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..model import Fact
from . import Document


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    for number, line in enumerate(doc.lines, start=1):
        if line.strip():
            yield Fact("text", number, 1, number, len(line) + 1, line)
