"""cpr.number: a CPR number anywhere in any text file."""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..detectors import cpr as detector
from ..frontends import Document
from ..model import Fact, Finding
from . import Context


def check_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    for number, line in enumerate(doc.lines, start=1):
        for hit in detector.find(line):
            at = Fact("text", number, hit.start + 1, number, hit.end + 1, hit.text)
            evidence = mask.text(line.strip()) if not ctx.settings.unmask else line.strip()
            yield ctx.finding("cpr.number", at, hit.message, evidence, severity=hit.severity)
