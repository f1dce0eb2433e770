"""The fallback front end: every non-blank line of a file is free text, and every printed table in it is read by
its layout (scanner/outputs/text.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..model import Fact
from ..outputs.text import absent, read
from . import Document


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return read(doc.lines, settings, without=absent(doc))
