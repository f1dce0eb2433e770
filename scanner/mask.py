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


CPR_MASK = "DDMMYY-XXXX"


def cpr(text: str) -> str:
    """`DDMMYY-XXXX` in place of every CPR-shaped number."""
    return _CPR_LIKE.sub(CPR_MASK, text)


def initials(name: str) -> str:
    """A full name as its initials (`J. P. H.`)."""
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


# A quoted string or a bare number in program code.
_LITERAL = regex.compile(r"""'[^']*'|"[^"]*"|(?<![\w.])-?\d[\d.]*""")
_ALNUM = regex.compile(r"[A-Za-z\d]")


def literals(code: str, keep: str = "") -> str:
    """Code with every literal's letters and digits hidden (`pnr = 'xxxx'`, `lbnr == 99999`), except a quoted
    column name equal to `keep` (`df["pnr"]`): a hardcoded key is itself an identifier."""

    def hide(m: regex.Match[str]) -> str:
        literal = m.group()
        if (keep and literal[1:-1] == keep) or literal[1:-1] == CPR_MASK:
            return literal
        return _ALNUM.sub(lambda c: "9" if c.group().isdigit() else "x", literal)

    return _LITERAL.sub(hide, code)


def evidence(line: str, kind: str, extra_names: tuple[str, ...] = ()) -> str:
    """How a line of a file of this kind may appear in a report. Programs show their code with literals hidden;
    logs, listings, tables and notebooks show their layout with every digit hidden; both with every CPR number,
    name, address, phone number and e-mail address the detectors know masked."""
    if kind == "program":
        return literals(text(line, extra_names))
    return text(digits(line), extra_names)
