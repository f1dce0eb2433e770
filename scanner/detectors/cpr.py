"""Danish CPR numbers: DDMMYY-SSSS with a real date of birth (century from the 7th digit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import regex

_CANDIDATE = regex.compile(r"(?<![\d.,/:-])([0-7]\d)([01]\d)(\d\d)[- ]?(\d)(\d{3})(?![\d]|[.,]\d)")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    severity: str
    message: str


def century(yy: int, seventh: int) -> int | None:
    """The CPR rules for the year of birth (CPR-kontoret): the 7th digit and YY give the century."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def birth_date(dd: int, mm: int, yy: int, seventh: int) -> dt.date | None:
    base = century(yy, seventh)
    if base is None:
        return None
    try:
        return dt.date(base + yy, mm, dd)
    except ValueError:
        return None


def find(text: str) -> Iterator[Hit]:
    for m in _CANDIDATE.finditer(text):
        dd, mm, yy, seventh = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        if birth_date(dd, mm, yy, seventh) is None:
            continue
        yield Hit(m.start(), m.end(), m[0], "critical", "CPR number (a valid date of birth and serial number)")
