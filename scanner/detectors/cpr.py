"""Danish CPR numbers: DDMMYY-SSSS whose first six digits are a real date of birth in the CPR scheme.

How a candidate becomes a hit (the scheme documented in docs/detectors.md and the cpr.number explanation):

1. Shape: ten digits as `DDMMYYSSSS`, `DDMMYY-SSSS` or `DDMMYY SSSS`, standing on its own: not part of a longer
   digit run, a decimal (`3.DDMMYYSSSS`, `DDMMYYSSSS,5`), a date, time or range (`2020/DDMMYYSSSS`), a signed
   number or the end of a slug (`-DDMMYYSSSS`, `comment-DDMMYYSSSS`), a decimal fraction without its leading
   zero (`-.DDMMYYSSSS`), or a word or hex string (`aDDMMYYSSSSf`).
   Quotes, `=`, `(`, `,` and spaces around it are fine, so `pnr='DDMMYYSSSS'` is found.
2. Date: DDMMYY must be a calendar date in the century the 7th digit gives (0-3: 1900s; 4 or 9: 2000-2036 if
   YY <= 36, else 1900s; 5-8: 2000-2057 if YY <= 57, else 1858-1899), so 29 February only in leap years.
   Replacement numbers (day + 60) are accepted at one step lower severity.
3. Quiet although date-shaped: codes in format catalogues (`value` / `label define` lines, `1010101234 = 'x'`),
   whole hours of epoch or SAS datetime seconds (10-digit multiples of 3600, unless dashed), and totals in
   aggregated tables: beside it on the line a non-CPR number of nine digits or more, or, for a number standing
   in a table cell (after a tab, `|` or two spaces), a non-CPR number of seven digits or more in the same columns
   of the two lines above or below; an ISBN-10 (its check digit holds) in a text that says ISBN anywhere; none
   of these when a CPR context word is near. Also a count (`... 2147483647 observations read`) and one of a list
   of ten- and eleven-digit codes most of which are no CPR numbers (`ndc in ('0527495232', ...)`).
4. Severity: a CPR context word near (pnr, cpr, personnummer, ...; `patterns/cpr.toml`) -> critical; a bare
   valid number -> high; near a word saying it is something else (phone, serial, invoice, version, timestamp,
   coordinates, total, ...) -> low. Replacement numbers one step lower; a valid modulus-11 check raises a
   lowered number one step again (numbers issued since 2007 need not pass it, so it is never required).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from ..resources import load_toml
from ..vocab import SEVERITIES, Severity
from .hit import Hit
from .prefilter import Loose, Prefilter, default_engine

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
_LABEL_AFTER = regex.compile(r"""[ \t]*['"]?[ \t]*=[ \t]*['"]""")
_FLOAT_ZERO = regex.compile(r"\.0+(?![0-9])")
_ROW_LABEL = regex.compile(r"[ \t|]*[^\W\d_]")
_PREFIX = regex.compile(r"[^\W_][\w]*_$")
_DELIMITERS = (",", ";", "\t")
_ISBN_WORD = regex.compile(r"(?<![^\W\d_])isbn(?![^\W\d_])", regex.IGNORECASE)
# How far around a candidate the line is read for anything but its row's totals: a hostile line of numbers then
# costs linear time. Header and total columns are looked for within this many characters of the candidate.
_WINDOW = 256
_HEADER_LIMIT = 65536
_DIGITS = frozenset("0123456789")
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


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


def isbn10(digits: str) -> bool:
    """The ISBN-10 check: digits weighted 10 down to 1 sum to a multiple of 11."""
    return sum(w * int(d) for w, d in zip(range(10, 0, -1), digits, strict=True)) % 11 == 0


def modulus11(digits: str) -> bool:
    return sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True)) % 11 == 0


@dataclass(frozen=True, slots=True)
class Reading:
    """What the digits alone say: the date of birth and whether it is a replacement number (day + 60)."""

    born: dt.date
    replacement: bool
    digits: str

    @property
    def mod11(self) -> bool:
        return modulus11(self.digits)


def read(digits: str) -> Reading | None:
    """The date of birth of ten CPR digits, or None when the first six are no date in the CPR scheme."""
    dd, mm, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    replacement = dd > 60
    born = birth_date(dd - 60 if replacement else dd, mm, yy, seventh)
    if born is None:
        return None
    return Reading(born, replacement, digits)


@dataclass(frozen=True, slots=True)
class Words:
    context: frozenset[str]
    context_words: regex.Pattern[str]
    negative: frozenset[str]
    format_line: regex.Pattern[str]
    label_before: regex.Pattern[str]
    label_after: regex.Pattern[str]
    counted: regex.Pattern[str]
    time_name: regex.Pattern[str]
    before: int
    after: int


@cache
def words(extra_context: tuple[str, ...] = ()) -> Words:
    data = load_toml("patterns", "cpr.toml")
    extra = {w.lower() for item in extra_context for w in _WORD.findall(item)}
    labels = "|".join(regex.escape(w) for w in data["labels"])
    context = frozenset(w.lower() for w in data["context"]) | extra
    return Words(
        context=context,
        context_words=regex.compile("|".join(regex.escape(w) for w in sorted(context, key=lambda w: (-len(w), w)))),
        negative=frozenset(w.lower() for w in data["negative"]),
        format_line=regex.compile(
            "|".join(f"(?:{p})" for p in data["format_lines"]), regex.IGNORECASE | regex.MULTILINE
        ),
        # The number's own label: the word right before it (`build 2105551740`, `seed(…)`, `duns = "…"`) or a
        # comment word right after it (`2012010101 ; serial`). Both read a bounded window, so they cost the same on
        # any line.
        label_before=regex.compile(rf"(?<![^\W\d_])(?:{labels})[ \t]*[:=(#]?[ \t]*['\"]?$", regex.IGNORECASE),
        label_after=regex.compile(rf"[ \t]*(?:[;#]|//|/\*)[ \t]*(?:{labels})\b", regex.IGNORECASE),
        counted=regex.compile(rf"[ \t]+(?:{'|'.join(map(regex.escape, data['counted']))})\b", regex.IGNORECASE),
        time_name=regex.compile(rf"(?:{'|'.join(data['time_names'])})[ \t]*=[ \t]*$", regex.IGNORECASE),
        before=int(data["window_before"]),
        after=int(data["window_after"]),
    )


def _separate(text: str, start: int, end: int, lines: _Lines) -> bool:
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
    if before == "." and not before2.isalnum():
        return False  # a decimal fraction without its leading zero (`-.0305445631`, ` .1307501696`)
    if after in ".:/-" and after2 in _DIGITS:
        # An integer printed as a float (a pandas column of ids prints `DDMMYYSSSS.0`) is still the integer.
        return after == "." and _FLOAT_ZERO.match(text, end) is not None
    if (before == "," and before2 in _DIGITS) or (after == "," and after2 in _DIGITS):
        # A comma between digits: a delimiter on a line of comma-separated values (more than one comma, or as
        # many as a neighbouring line), else a decimal comma.
        return lines.comma_delimited()
    return True


def loose() -> tuple[Loose, ...]:
    """The prefilter's pattern for CPR numbers: the date shape with no digit either side, as every candidate."""
    return (Loose("cpr", rf"(?:^|[^0-9\n]){DATE_PATTERN}(?:[^0-9\n]|$)"),)


@cache
def _prefilter(engine: str | None) -> Prefilter:
    return Prefilter(loose(), engine, keep=True)


class Header:
    """The first line of a text, found once per text: a delimited file's field names; and, when first asked,
    whether the text speaks of ISBNs anywhere (a book list's column header can stand far from its numbers)."""

    def __init__(self, text: str) -> None:
        end = text.find("\n", 0, _HEADER_LIMIT)
        self.line = "" if end < 0 else text[:end].rstrip("\r")
        self.fields = {d: self.line.split(d) for d in _DELIMITERS if d in self.line}
        self._text = text
        self._isbn: bool | None = None

    def isbn(self) -> bool:
        if self._isbn is None:
            self._isbn = _ISBN_WORD.search(self._text) is not None
        return self._isbn


def find(text: str, extra_context: tuple[str, ...] = (), engine: str | None = None) -> Iterator[Hit]:
    """Every CPR number in `text` (any length, any number of lines), with its severity and the reason."""
    header = Header(text)
    for start, end, _tags in _prefilter(engine or default_engine()).spans(text):
        yield from find_in(text, start, end, extra_context, header)


def find_in(
    text: str, start: int, end: int, extra_context: tuple[str, ...] = (), header: Header | None = None
) -> Iterator[Hit]:
    """The precise check on text[start:end] (one whole line), the rest of `text` serving as context. What is
    known about the line is worked out once (`_Lines`) and every look around a candidate reads a bounded window,
    so a line of 200,000 numbers costs linear time."""
    known: Words | None = None
    lines: _Lines | None = None
    for m in _CANDIDATE.finditer(text, start, end):
        first, last = m.span(1)
        lines = lines or _Lines(text, start, end, header or Header(text))
        if not _separate(text, first, last, lines):
            continue
        digits = m[1].replace("-", "").replace(" ", "")
        reading = read(digits)
        if reading is None:
            continue
        known = known or words(extra_context)
        severity, message = _judge(text, first, last, lines, m[1], digits, reading, known)
        if severity:
            yield Hit(first, last, m[1], "cpr.number", severity, message)


class _Lines:
    """One line of the text and its neighbours, each fact about them computed at most once."""

    def __init__(self, text: str, start: int, end: int, header: Header) -> None:
        self.text, self.start, self.end, self.header = text, start, end, header
        self._commas: bool | None = None
        self._totals: list[tuple[int, int]] | None = None
        self._above: list[tuple[int, int]] | None = None
        self._below: list[tuple[int, int]] | None = None
        self._catalogue: bool | None = None
        self._counted = (start, dict.fromkeys(_DELIMITERS, 0))
        self._delimiters: dict[str, int] = {}
        self._codes: tuple[list[int], list[int]] | None = None

    def comma_delimited(self) -> bool:
        if self._commas is None:
            count = self.text.count(",", self.start, self.end)
            near = [*self.above()[:1], *self.below()[:1]]
            self._commas = count > 1 or any(self.text.count(",", a, b) == count for a, b in near)
        return self._commas

    def above(self) -> list[tuple[int, int]]:
        """(start, end) of up to `_HEADER_REACH` lines above, nearest first."""
        if self._above is None:
            self._above, at = [], self.start - 1
            while at >= 0 and len(self._above) < _HEADER_REACH:
                first = self.text.rfind("\n", 0, at) + 1
                self._above.append((first, at))
                at = first - 1
        return self._above

    def below(self) -> list[tuple[int, int]]:
        """(start, end) of up to two lines below, nearest first."""
        if self._below is None:
            self._below, at = [], self.end
            while at < len(self.text) and len(self._below) < 2:
                last = self.text.find("\n", at + 1)
                last = len(self.text) if last < 0 else last
                self._below.append((at + 1, last))
                at = last
        return self._below

    def listed_codes(self, first: int, last: int) -> bool:
        """Within [first, last), a list of at least `_LIST` numbers of ten or eleven digits, more than half of them
        no CPR number (no date of birth, or eleven digits): codes of a scheme that happens to give some a date's
        shape (drug codes listed in a query: `ndc in ('0527495232', '0527495332', ...)`). A list of CPR numbers is
        dates. The line's numbers are read once, so a line of 200,000 of them costs linear time."""
        if self._codes is None:
            starts: list[int] = []
            others = [0]  # how many of the numbers so far are no CPR number
            for found in _LISTED.finditer(self.text, self.start, self.end):
                starts.append(found.start())
                number = found.group()
                others.append(others[-1] + (len(number) == 11 or read(number) is None))
            self._codes = starts, others
        starts, others = self._codes
        i, j = bisect_left(starts, first), bisect_left(starts, last)
        return j - i >= _LIST and 2 * (others[j] - others[i]) > j - i

    def catalogue(self, known: Words) -> bool:
        """The line defines a format catalogue (`value`, `label define`)."""
        if self._catalogue is None:
            self._catalogue = known.format_line.match(self.text, self.start, self.end) is not None
        return self._catalogue

    def row_totals(self) -> list[tuple[int, int]]:
        """Spans of the line's large non-CPR numbers, when the line is a labelled row of a table (it starts with
        a word, as `Hovedstaden` or `I alt` do; a listing row starts with its number or the id itself). A line
        longer than a page of a listing is no table row (a log written as one huge line, or a piece of one):
        one count anywhere on it must not silence every plain number."""
        if self._totals is None:
            row = self.end - self.start <= _HEADER_LIMIT and _ROW_LABEL.match(self.text, self.start, self.end)
            self._totals = _big(_ROW_TOTAL, self.text, self.start, self.end) if row else []
        return self._totals

    def field(self, at: int) -> str:
        """The name of the field at offset `at` in delimited text whose first line is a header with as many
        delimiters as this line; "" otherwise. Candidates come in order, so delimiters are counted forward."""
        if self.start == 0 or not self.header.fields:
            return ""
        counted_to, counts = self._counted
        counts = {d: n + self.text.count(d, counted_to, at) for d, n in counts.items()}
        self._counted = (at, counts)
        for delimiter, names in self.header.fields.items():
            if len(names) - 1 == self.delimiters(delimiter):
                name = names[counts[delimiter]].strip(" \"'")
                return name if any(c.isalpha() for c in name) else ""  # a first row of data is no header
        return ""

    def delimiters(self, delimiter: str) -> int:
        if delimiter not in self._delimiters:
            self._delimiters[delimiter] = self.text.count(delimiter, self.start, self.end)
        return self._delimiters[delimiter]


def _judge(
    text: str,
    start: int,
    end: int,
    lines: _Lines,
    written: str,
    digits: str,
    reading: Reading,
    known: Words,
) -> tuple[Severity | None, str]:
    """The severity of a date-valid candidate (None: quiet) and the message that says why."""
    line_start, line_end = lines.start, lines.end
    left = max(line_start, start - known.before)
    near = (text[left:start] + " " + text[end : min(line_end, end + known.after)]).lower()
    kind = "replacement CPR number (day + 60)" if reading.replacement else "CPR number"
    # Context words are letters only, so finding one anywhere in the window is finding it inside a word.
    context = sorted(set(known.context_words.findall(near)))
    # A line longer than a page of a listing (a log written without newlines, or a piece of one) is no table row.
    in_cell = line_end - line_start <= _HEADER_LIMIT and _in_cell(text, line_start, start)
    header = _column_header(text, lines, start - line_start, end - line_start) if in_cell else ""
    header = header or lines.field(start)
    if not context and header:
        context = sorted(c for c in known.context if any(c in w.lower() for w in _WORD.findall(header)))
        kind += f" in a column headed {header!r}"
    prefix = _glued_prefix(text, left, start)
    if prefix and not any(c in w for c in known.context for w in _WORD.findall(prefix.lower())):
        return None, "the end of an identifier (`CLI_…`)"
    if context:
        level = 3 - reading.replacement
        return SEVERITIES[level], f"{kind} next to {context[0]!r}" if not header else kind
    plain = digits == written
    quoted = start > 0 and text[start - 1] in "'\""
    catalogue = start - line_start < _HEADER_LIMIT and lines.catalogue(known)
    if not quoted and (catalogue or _LABEL_AFTER.match(text, end, min(line_end, end + _WINDOW))):
        return None, "a code in a format catalogue"
    if known.label_before.search(text, left, start) or known.label_after.match(text, end, line_end):
        return None, "labelled as something else (a build, serial or seed)"
    if plain and known.counted.match(text, end, line_end):
        return None, "a count of what follows it (`... observations read`)"
    if lines.listed_codes(max(line_start, start - _WINDOW), min(line_end, end + _WINDOW)):
        return None, "one of a list of codes, most of which are no CPR numbers"
    if plain and known.time_name.search(text, left, start):
        return None, "a value of a date-time variable"
    if plain and int(digits) >= 10**9 and int(digits) % 3600 == 0:
        return None, "a whole hour in epoch or SAS datetime seconds"
    if plain and any(a != start for a, _ in lines.row_totals()):
        return None, "a total in a row of large numbers"
    if plain and in_cell and _total_column(text, lines, start - line_start, end - line_start):
        return None, "a total in a column of large numbers"
    if plain and isbn10(digits) and lines.header.isbn():
        return None, "an ISBN-10 in a text about books (its check digit holds and the text says ISBN)"
    negative = sorted(set(_WORD.findall(near)) & known.negative)
    level = 0 if negative else 2
    level -= reading.replacement
    if level < 2 and reading.mod11:
        level += 1
    reason = f"; next to {negative[0]!r}, so possibly something else" if negative else ""
    return SEVERITIES[max(level, 0)], f"{kind}: a valid date of birth and serial number{reason}"


# The numbers of a list of codes, and how many make one.
_LISTED = regex.compile(r"(?<![0-9])[0-9]{10,11}(?![0-9])")
_LIST = 5


def _in_cell(text: str, line_start: int, start: int) -> bool:
    """The candidate stands in a table cell: after a tab, two spaces or `|`, or first on its line."""
    at = start
    while at > line_start and text[at - 1] in " \t" and start - at < _WINDOW:
        at -= 1
    run = text[at:start]
    return at == line_start or "\t" in run or "  " in run or text[at - 1] == "|"


def _glued_prefix(text: str, left: int, start: int) -> str:
    """The identifier an underscore glues the number to (`CLI_` in `CLI_0101801234`), or ""."""
    if start < 2 or text[start - 1] != "_" or not text[start - 2].isalnum():
        return ""
    m = _PREFIX.search(text, left, start)
    return m[0] if m else ""


def _big(pattern: regex.Pattern[str], text: str, first: int, last: int) -> list[tuple[int, int]]:
    """Spans of the large numbers (`pattern`) in text[first:last] that are no CPR numbers."""
    return [b.span() for b in pattern.finditer(text, first, last) if read_or_none(b[0]) is None]


def _total_column(text: str, lines: _Lines, first: int, last: int) -> bool:
    """In the same columns of one of the two lines above or below, a large number that is no CPR number: the
    candidate is one of a column of totals (a column of CPR numbers holds CPR numbers)."""
    for start, end in (*lines.above()[:2], *lines.below()):
        if end - start > _HEADER_LIMIT:
            continue  # not a table row
        window = (start + max(0, first - _WINDOW), min(end, start + last + _WINDOW))
        if any(a - start < last and b - start > first for a, b in _big(_COLUMN_TOTAL, text, *window)):
            return True
    return False


def _column_header(text: str, lines: _Lines, first: int, last: int) -> str:
    """The word heading the columns [first, last) of a printed listing: on the nearest line above (within
    `_HEADER_REACH` lines) that has a word overlapping those columns, if that line is laid out in columns (words
    apart by two spaces, a tab or `|`: prose above a table is no header); "" when there is none. Only a window
    of each line around those columns is read."""
    for start, end in lines.above():
        if end - start > _HEADER_LIMIT:
            return ""  # not a table row, so no header above it either
        window = (start + max(0, first - _WINDOW), min(end, start + last + _WINDOW))
        found = [
            w[0] for w in _HEADER_WORD.finditer(text, *window) if w.start() - start < last and w.end() - start > first
        ]
        if found:
            return " ".join(found) if _COLUMN_GAP.search(text, *window) else ""
    return ""


def read_or_none(number: str) -> Reading | None:
    """`read` for a token that may not be ten digits."""
    return read(number) if len(number) == 10 and number.isdigit() else None
