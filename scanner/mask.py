"""Masking evidence before any reporter sees it: the report must never itself become a disclosure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import regex

from .detectors import Hit, personal

# Any 6+4 digit group that could be a CPR number, in any of its written forms, valid date or not, wherever it
# stands (after a dot, an underscore, a comma): masking errs on the side of hiding.
_CPR_LIKE = regex.compile(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
_DIGITS = regex.compile(r"\d")
_NAME_PART = regex.compile(r"[^\W\d_]+")
_EMAIL_LOCAL = regex.compile(r"[^\s@]+@")
_NINES = str.maketrans("0123456789", "9999999999")


CPR_MASK = "DDMMYY-XXXX"


def cpr(text: str) -> str:
    """`DDMMYY-XXXX` in place of every CPR-shaped number."""
    masked: str = _CPR_LIKE.sub(CPR_MASK, text)
    return masked


def initials(name: str) -> str:
    """A full name as its initials (`J. P. H.`)."""
    return " ".join(f"{part[0]}." for part in _NAME_PART.findall(name))


def _hashes(text: str) -> str:
    hashed: str = _DIGITS.sub("#", text)
    return hashed


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
    """`line` with every name, address, phone number, e-mail address and birth date masked. Where hits overlap (a
    name running into an address), their union is masked, so no part of either is left in clear."""
    out: list[str] = []
    at = 0
    # Masked texts are short (a line, a message, a path): the `regex` prefilter compiles in milliseconds, where
    # Hyperscan's takes most of a second, which a rescan from the cache would pay in the main process. The
    # engines mark different lines at most, never find different things (the precise checks decide).
    for start, end, rules in _groups(personal.find(line, extra_names, engine="regex")):
        out.append(line[at:start])
        piece = line[start:end]
        out.append(
            _MASKS[rules[0]](piece) if len(rules) == 1 else _hashes(_EMAIL_LOCAL.sub("***@", _initials_in(piece)))
        )
        at = end
    out.append(line[at:])
    return "".join(out)


def _groups(hits: Iterable[Hit]) -> Iterator[tuple[int, int, list[str]]]:
    """Overlapping hits merged: (start, end, the rules of the hits in it), in order."""
    group: tuple[int, int, list[str]] | None = None
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if group is not None and hit.start < group[1]:
            group = (group[0], max(group[1], hit.end), [*group[2], hit.rule])
            continue
        if group is not None:
            yield group
        group = (hit.start, hit.end, [hit.rule])
    if group is not None:
        yield group


def _initials_in(text: str) -> str:
    """Every word of `text` as its initial (`Name Surname, Streetname` -> `N. S., S.`), the rest kept."""
    shown: str = _NAME_PART.sub(lambda m: f"{m[0][0]}.", text)
    return shown


def text(line: str, extra_names: tuple[str, ...] = ()) -> str:
    """Free text or code with every identifier the detectors know masked; what evidence, context lines, messages
    and paths use. CPR numbers first, so no other mask can leave a piece of one (its date) in clear."""
    return personal_data(cpr(line), extra_names)


# A finding's message, masked as `text` masks; messages repeat (one wording per rule and reason), so cached.
message = lru_cache(maxsize=4096)(text)


def digits(text: str) -> str:
    """Every digit as `9`: shows the layout of a printed row, never its values. ASCII text by a translation table
    (evidence is masked once per finding, and a regular-expression substitution per digit cost more than the
    detectors on a line of numbers); other digits (Arabic-Indic, full-width) by the pattern."""
    return text.translate(_NINES) if text.isascii() else _DIGITS.sub("9", text)


# A quoted string or a bare number in program code.
_LITERAL = regex.compile(r"""'[^']*'|"[^"]*"|(?<![\w.])-?\d[\d.]*""")
_ALNUM = regex.compile(r"[A-Za-z\d]")


def literals(code: str, keep: str = "") -> str:
    """Code with every literal's letters and digits hidden (`pnr = 'xxxx'`, `lbnr == 99999`), except a quoted
    column name equal to `keep` (`df["pnr"]`): a hardcoded key is itself an identifier."""

    def hide(m: regex.Match[str]) -> str:
        literal: str = m.group()
        if (keep and literal[1:-1] == keep) or literal[1:-1] == CPR_MASK:
            return literal
        hidden: str = _ALNUM.sub(lambda c: "9" if c.group().isdigit() else "x", literal)
        return hidden

    masked: str = _LITERAL.sub(hide, code)
    return masked


def evidence(line: str, kind: str, extra_names: tuple[str, ...] = ()) -> str:
    """How a line of a file of this kind may appear in a report. Programs show their code with literals hidden;
    logs, listings, tables and notebooks show their layout with every digit hidden; both with every CPR number,
    name, address, phone number and e-mail address the detectors know masked."""
    if kind == "program":
        return literals(text(line, extra_names))
    return text(digits(line), extra_names)


def path(shown: str, extra_names: tuple[str, ...] = ()) -> str:
    """A path as reports show it: every identifier in a folder or file name masked (`out/DDMMYY-XXXX.csv`), the
    rest kept. A name is read with underscores as spaces (`Anne_Hansen.csv`); one with a hit keeps them so."""
    return "/".join(_name(part, extra_names) for part in shown.split("/"))


def plain(name: str) -> bool:
    """Nothing in this file or folder name can be an identifier: no capital letter (names, streets), no `@`, fewer
    than eight digits (CPR and phone numbers) and no date of birth. Most names are so, and skip the detectors."""
    return (
        name == name.lower()
        and "@" not in name
        and sum(c.isdigit() for c in name) < 8
        and personal.birth_date()[0].search(name) is None
    )


@lru_cache(maxsize=65536)
def _name(part: str, extra_names: tuple[str, ...]) -> str:
    """One folder or file name masked (cached: a folder's name is shared by all its files)."""
    if plain(part):
        return part
    masked = text(part, extra_names)
    if masked == part and "_" in part:
        spaced = part.replace("_", " ")
        masked = text(spaced, extra_names)
        return part if masked == spaced else masked
    return masked


def paths(clear: Iterable[str], extra_names: tuple[str, ...] = ()) -> dict[str, str]:
    """Each path's masked form, unique: when masking makes two paths alike (two CPR numbers in the same folder),
    the second and later in sorted order get `~2`, `~3`, ... appended. Deterministic for the same set of paths; a
    path without identifiers is shown as it is."""
    masked = {p: path(p, extra_names) for p in sorted(set(clear))}
    taken = {p for p, m in masked.items() if m == p}  # paths shown as they are keep their form
    out: dict[str, str] = {}
    for p, m in masked.items():
        if m != p:
            n, base = 1, m
            while m in taken:
                n += 1
                m = f"{base}~{n}"
            taken.add(m)
        out[p] = m
    return out
