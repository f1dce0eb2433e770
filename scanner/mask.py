"""Masking evidence before any reporter sees it: the report must never itself become a disclosure."""

from __future__ import annotations

from collections.abc import Callable

import regex

from .detectors import personal

# Any 6+4 digit group that could be a CPR number, in any of its written forms, valid date or not: masking errs on
# the side of hiding.
_CPR_LIKE = regex.compile(r"(?<![\d.,])(\d{6})[- ]?(\d{4})(?![\d])")
_DIGITS = regex.compile(r"\d")
_NAME_PART = regex.compile(r"[^\W\d_]+")


def cpr(text: str) -> str:
    """`DDMMYY-XXXX` in place of every CPR-shaped number."""
    return _CPR_LIKE.sub("DDMMYY-XXXX", text)


def initials(name: str) -> str:
    """`J. P. H.` for `Jens Peter Hansen`."""
    return " ".join(f"{part[0]}." for part in _NAME_PART.findall(name))


def _hashes(text: str) -> str:
    return _DIGITS.sub("#", text)


def email(address: str) -> str:
    """The local part hidden, the domain kept (it says which organisation, not who)."""
    return "***@" + address.rpartition("@")[2]


# How each personal-data finding is shown: names as initials; house numbers, postcodes, phone digits and dates of
# birth as `#`; e-mail addresses without the local part.
_MASKS: dict[str, Callable[[str], str]] = {
    "personal-data.name": initials,
    "personal-data.address": _hashes,
    "personal-data.phone": _hashes,
    "personal-data.birth-date": _hashes,
    "personal-data.email": email,
}


def personal_data(line: str, extra_names: tuple[str, ...] = ()) -> str:
    """`line` with every name, address, phone number, e-mail address and birth date masked."""
    hits = sorted(personal.find(line, extra_names), key=lambda h: (h.start, -h.end))
    out: list[str] = []
    at = 0
    for hit in hits:
        if hit.start < at:
            continue  # overlaps a span already masked
        out.append(line[at : hit.start])
        out.append(_MASKS[hit.rule](hit.text))
        at = hit.end
    out.append(line[at:])
    return "".join(out)


def text(line: str, extra_names: tuple[str, ...] = ()) -> str:
    """Free text or code with every identifier the detectors know masked; what evidence and context lines use."""
    return cpr(personal_data(line, extra_names))


def digits(text: str) -> str:
    """Every digit as `9`: shows the layout of a printed row, never its values."""
    return _DIGITS.sub("9", text)
