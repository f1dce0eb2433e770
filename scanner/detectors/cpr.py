"""Danish CPR numbers: DDMMYY-SSSS whose first six digits are a real date of birth in the CPR scheme.

How a candidate becomes a hit (the scheme documented in docs/detectors.md and the cpr.number explanation):

1. Shape: ten digits as `DDMMYYSSSS`, `DDMMYY-SSSS` or `DDMMYY SSSS`, standing on its own: not part of a longer
   digit run, a decimal (`3.DDMMYYSSSS`, `DDMMYYSSSS,5`), a date, time or range (`2020/DDMMYYSSSS`), a signed
   number or the end of a slug (`-DDMMYYSSSS`, `comment-DDMMYYSSSS`), or a word or hex string (`aDDMMYYSSSSf`).
   Quotes, `=`, `(`, `,` and spaces around it are fine, so `pnr='DDMMYYSSSS'` is found.
2. Date: DDMMYY must be a calendar date in the century the 7th digit gives (0-3: 1900s; 4 or 9: 2000-2036 if
   YY <= 36, else 1900s; 5-8: 2000-2057 if YY <= 57, else 1858-1899), so 29 February only in leap years.
   Replacement numbers (day + 60) are accepted at one step lower severity.
3. Quiet although date-shaped: codes in format catalogues (`value` / `label define` lines, `1010101234 = 'x'`),
   whole hours of epoch or SAS datetime seconds (10-digit multiples of 3600, unless dashed), and totals in
   aggregated tables: beside it on the line a non-CPR number of nine digits or more, or, for a number standing
   in a table cell (after a tab, `|` or two spaces), a non-CPR number of seven digits or more in the same columns
   of the two lines above or below; none of these when a CPR context word is near.
4. Severity: a CPR context word near (pnr, cpr, personnummer, ...; `patterns/cpr.toml`) -> critical; a bare
   valid number -> high; near a word saying it is something else (phone, serial, invoice, version, timestamp,
   coordinates, total, ...) -> low. Replacement numbers one step lower; a valid modulus-11 check raises a
   lowered number one step again (numbers issued since 2007 need not pass it, so it is never required).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from ..resources import load_toml
from .hit import Hit
from .prefilter import Loose, Prefilter

# A CPR-date-shaped ten-digit number (day 01-39 or a replacement day 61-99, month 01-12); the boundaries in
# `_separate` decide whether it stands on its own. This alternation is also the pattern the benchmark gives rg.
DATE_PATTERN = r"(?:[0-36-9][0-9])(?:0[1-9]|1[0-2])[0-9][0-9][- ]?[0-9]{4}"
_CANDIDATE = regex.compile(rf"(?<![0-9])({DATE_PATTERN})(?![0-9])")
_WORD = regex.compile(r"[^\W\d_]+")
# Totals in aggregated tables: beside the candidate on its row, a number of nine digits or more (persons' values
# are smaller); in its column, above or below, one of seven digits or more (plain or with thousands separators).
_ROW_TOTAL = regex.compile(r"(?<![0-9.,])(?:[0-9]{9,}|[0-9]{1,3}(?:[.,][0-9]{3}){3,})(?![0-9])")
_COLUMN_TOTAL = regex.compile(r"(?<![0-9.,])(?:[0-9]{7,}|[0-9]{1,3}(?:[.,][0-9]{3}){2,})(?![0-9])")
# A listing's column header: up to a page of rows above; its words are names like pnr, v_pnr, cpr_nr.
_HEADER_REACH = 60
_HEADER_WORD = regex.compile(r"[^\W\d][\w-]*")
_COLUMN_GAP = regex.compile(r"\S(?:[ ]{2,}|\t|[ ]*\|[ ]*)\S")
_TABLE_CELL = regex.compile(r"(?:^|\t|[ ]{2}|\|)[ \t]*$")
_LABEL_AFTER = regex.compile(r"""\s*['"]?\s*=\s*['"]""")
_DIGITS = frozenset("0123456789")
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_LEVELS = ("low", "medium", "high", "critical")


def century(yy: int, seventh: int) -> int:
    """The CPR rules for the year of birth (CPR-kontoret): the 7th digit and YY give the century."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def birth_date(dd: int, mm: int, yy: int, seventh: int) -> dt.date | None:
    try:
        return dt.date(century(yy, seventh) + yy, mm, dd)
    except ValueError:
        return None


def modulus11(digits: str) -> bool:
    return sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True)) % 11 == 0


@dataclass(frozen=True, slots=True)
class Reading:
    """What the digits alone say: the date of birth and whether it is a replacement number (day + 60)."""

    born: dt.date
    replacement: bool
    mod11: bool


def read(digits: str) -> Reading | None:
    """The date of birth of ten CPR digits, or None when the first six are no date in the CPR scheme."""
    dd, mm, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    replacement = dd > 60
    born = birth_date(dd - 60 if replacement else dd, mm, yy, seventh)
    if born is None:
        return None
    return Reading(born, replacement, modulus11(digits))


@dataclass(frozen=True, slots=True)
class Words:
    context: frozenset[str]
    negative: frozenset[str]
    format_line: regex.Pattern[str]
    before: int
    after: int


@cache
def words(extra_context: tuple[str, ...] = ()) -> Words:
    data = load_toml("patterns", "cpr.toml")
    extra = {w.lower() for item in extra_context for w in _WORD.findall(item)}
    return Words(
        context=frozenset(w.lower() for w in data["context"]) | extra,
        negative=frozenset(w.lower() for w in data["negative"]),
        format_line=regex.compile("|".join(f"(?:{p})" for p in data["format_lines"]), regex.IGNORECASE),
        before=int(data["window_before"]),
        after=int(data["window_after"]),
    )


def _separate(text: str, start: int, end: int) -> bool:
    """True when the digits at [start, end) are a number of their own, not a piece of a longer token."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    before2 = text[start - 2] if start >= 2 else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    # Letters glued on make it part of a word or hex string; these marks glued to other digits make it part of a
    # decimal, date, time, version or range.
    if before.isalnum() or after.isalnum():
        return False
    if before in "-+":
        return False  # a sign (-2001747478) or the end of a slug or identifier (issuecomment-2106349096)
    if before in ".:/-" and before2 in _DIGITS:
        return False
    if after in ".:/-" and after2 in _DIGITS:
        return False
    if (before == "," and before2 in _DIGITS) or (after == "," and after2 in _DIGITS):
        # A comma between digits: a delimiter on a line of comma-separated values, else a decimal comma.
        line_start, line_end = _line_bounds(text, start, end)
        return text.count(",", line_start, line_end) > 1
    return True


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def loose() -> tuple[Loose, ...]:
    """The prefilter's pattern for CPR numbers: the date shape with no digit either side, as every candidate."""
    return (Loose("cpr", rf"(?:^|[^0-9\n]){DATE_PATTERN}(?:[^0-9\n]|$)"),)


@cache
def _prefilter(engine: str | None) -> Prefilter:
    return Prefilter(loose(), engine)


def find(text: str, extra_context: tuple[str, ...] = (), engine: str | None = None) -> Iterator[Hit]:
    """Every CPR number in `text` (any length, any number of lines), with its severity and the reason."""
    for start, end, _tags in _prefilter(engine).spans(text):
        yield from find_in(text, start, end, extra_context)


def find_in(text: str, start: int, end: int, extra_context: tuple[str, ...] = ()) -> Iterator[Hit]:
    """The precise check on text[start:end] (whole lines), the rest of `text` serving as context."""
    known: Words | None = None
    for m in _CANDIDATE.finditer(text, start, end):
        first, last = m.span(1)
        if not _separate(text, first, last):
            continue
        digits = m[1].replace("-", "").replace(" ", "")
        reading = read(digits)
        if reading is None:
            continue
        known = known or words(extra_context)
        line_start, line_end = _line_bounds(text, first, last)
        severity, message = _judge(text, first, last, line_start, line_end, m[1], digits, reading, known)
        if severity:
            yield Hit(first, last, m[1], "cpr.number", severity, message)


def _judge(
    text: str,
    start: int,
    end: int,
    line_start: int,
    line_end: int,
    written: str,
    digits: str,
    reading: Reading,
    known: Words,
) -> tuple[str | None, str]:
    """The severity of a date-valid candidate (None: quiet) and the message that says why."""
    near = text[max(line_start, start - known.before) : start] + " " + text[end : min(line_end, end + known.after)]
    near_words = {w.lower() for w in _WORD.findall(near)}
    kind = "replacement CPR number (day + 60)" if reading.replacement else "CPR number"
    context = sorted(c for c in known.context if any(c in w for w in near_words))
    in_cell = _TABLE_CELL.search(text, line_start, start) is not None
    header = _column_header(text, line_start, start - line_start, end - line_start) if in_cell else ""
    header = header or _field_header(text, line_start, line_end, start)
    if not context and header:
        context = sorted(c for c in known.context if any(c in w.lower() for w in _WORD.findall(header)))
        kind += f" in a column headed {header!r}"
    if context:
        level = 3 - reading.replacement
        return _LEVELS[level], f"{kind} next to {context[0]!r}" if not header else kind
    line = text[line_start:line_end]
    plain = digits == written
    if known.format_line.search(line) or _LABEL_AFTER.match(text, end, line_end):
        return None, "a code in a format catalogue"
    if plain and int(digits) >= 10**9 and int(digits) % 3600 == 0:
        return None, "a whole hour in epoch or SAS datetime seconds"
    if plain and _big_at(_ROW_TOTAL, line, 0, len(line), skip=start - line_start):
        return None, "a total in a row of large numbers"
    if plain and in_cell and _total_column(text, line_start, start - line_start, end - line_start):
        return None, "a total in a column of large numbers"
    negative = sorted(near_words & known.negative)
    level = 0 if negative else 2
    level -= reading.replacement
    if reading.mod11 and level < 2:
        level += 1
    reason = f"; next to {negative[0]!r}, so possibly something else" if negative else ""
    return _LEVELS[max(level, 0)], f"{kind}: a valid date of birth and serial number{reason}"


def _big_at(pattern: regex.Pattern[str], line: str, first: int, last: int, skip: int = -1) -> bool:
    """A large number (`pattern`) that is no CPR number, overlapping columns [first, last) of `line`."""
    return any(
        b.start() < last and b.end() > first and b.start() != skip and read_or_none(b[0]) is None
        for b in pattern.finditer(line)
    )


def _total_column(text: str, line_start: int, first: int, last: int) -> bool:
    """In the same columns of one of the two lines above or below, a large number that is no CPR number: the
    candidate is one of a column of totals (a column of CPR numbers holds CPR numbers)."""
    above = line_start - 1
    for _ in range(2):
        if above < 0:
            break
        start = text.rfind("\n", 0, above) + 1
        if _big_at(_COLUMN_TOTAL, text[start:above], first, last):
            return True
        above = start - 1
    below = text.find("\n", line_start)
    for _ in range(2):
        if below < 0:
            break
        end = text.find("\n", below + 1)
        if _big_at(_COLUMN_TOTAL, text[below + 1 : len(text) if end < 0 else end], first, last):
            return True
        below = end
    return False


def _column_header(text: str, line_start: int, first: int, last: int) -> str:
    """The word heading the columns [first, last) of a printed listing: on the nearest line above (within
    `_HEADER_REACH` lines) that has a word overlapping those columns, if that line is laid out in columns (words
    apart by two spaces, a tab or `|`: prose above a table is no header); "" when there is none."""
    above = line_start - 1
    for _ in range(_HEADER_REACH):
        if above < 0:
            return ""
        start = text.rfind("\n", 0, above) + 1
        words = [
            w[0]
            for w in _HEADER_WORD.finditer(text, start, above)
            if w.start() - start < last and w.end() - start > first
        ]
        if words:
            return " ".join(words) if _COLUMN_GAP.search(text, start, above) else ""
        above = start - 1
    return ""


def _field_header(text: str, line_start: int, line_end: int, start: int) -> str:
    """The name of the candidate's field in delimited text (CSV, semicolon or tab separated) whose first line is
    a header with as many delimiters as the candidate's line; "" otherwise."""
    first_end = text.find("\n")
    if line_start == 0 or first_end < 0:
        return ""
    header = text[:first_end].rstrip("\r")
    for delimiter in ",;\t":
        count = text.count(delimiter, line_start, line_end)
        if count and header.count(delimiter) == count:
            return header.split(delimiter)[text.count(delimiter, line_start, start)].strip(" \"'")
    return ""


def read_or_none(number: str) -> Reading | None:
    """`read` for a token that may not be ten digits."""
    return read(number) if len(number) == 10 and number.isdigit() else None
