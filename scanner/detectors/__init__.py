"""Text detectors: pure functions from a string to hits, shared by every rule that reads free text.

Each detector module (cpr, personal) has `find(text)` for any text, loose patterns for the prefilter
(scanner/detectors/prefilter.py) and `find_in(text, start, end, ...)`, the precise check of the lines the
prefilter marks. `scan(text)` runs all of them behind one prefilter pass; it is what the benchmark times.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from . import cpr, personal
from .hit import Hit
from .prefilter import Prefilter, default_engine

__all__ = ["Hit", "scan"]


@cache
def _prefilter(extra_names: tuple[str, ...], engine: str | None) -> Prefilter:
    return Prefilter((*cpr.loose(), *personal.patterns(extra_names).loose), engine, keep=not extra_names)


def scan(
    text: str, extra_context: tuple[str, ...] = (), extra_names: tuple[str, ...] = (), engine: str | None = None
) -> Iterator[Hit]:
    """Every CPR number and every piece of personal data in `text`, line by line."""
    known = personal.patterns(extra_names)
    header = cpr.Header(text)
    for start, end, tags in _prefilter(extra_names, engine or default_engine()).spans(text):
        if "cpr" in tags:
            yield from cpr.find_in(text, start, end, extra_context, header)
        yield from personal.find_in(text, start, end, tags, known)
