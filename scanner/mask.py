"""Masking evidence before any reporter sees it: the report must never itself become a disclosure."""

from __future__ import annotations

import regex

# Any 6+2..4 digit group that could be a CPR number, in any of its written forms.
_CPR_LIKE = regex.compile(r"(?<![\d.,])(\d{6})[- ]?(\d{4})(?![\d])")
_DIGITS = regex.compile(r"\d")


def cpr(text: str) -> str:
    """`DDMMYY-XXXX` in place of every CPR-shaped number."""
    return _CPR_LIKE.sub("DDMMYY-XXXX", text)


def text(line: str) -> str:
    """Free text or code with every identifier the detectors know masked; what evidence and context lines use."""
    return cpr(line)


def digits(text: str) -> str:
    """Every digit as `9`: shows the layout of a printed row, never its values."""
    return _DIGITS.sub("9", text)
