"""Personal data in free text: person names, Danish street addresses, phone numbers, e-mail addresses and exact
birth dates. All knowledge is data: patterns/personal.toml and the name lists in patterns/names/.

A name is a first name followed (after optional middle names or initials) by a surname from the list or of the
`-sen`/`-gaard` shape, written in title case or all capitals; a lone word, a lower-case word, a variable name
(`first_name`, `Jens_Hansen`) or a phrase containing software, register or place words is never a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ..resources import load_toml, read_text
from .hit import Hit
from .prefilter import Loose, Prefilter, default_engine

_UPPER = "A-ZÆØÅÉÜÖ"
_LOWER = "a-zæøåéüöä"
_TITLE_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_CAPS_WORD = rf"[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?"
_INITIAL = rf"[{_UPPER}]\."
# Runs of two or more capitalised words on one line, each separated by spaces; one pattern per letter case so a
# run never mixes title case and capitals. The leading look-behind keeps out `work.Anne`, `x@Anne`, `/Anne`.
# Initials and words never overlap, so the separators and initials are possessive (`*+`): a hostile line of
# initials then costs linear time, not the quadratic backtracking of nested repeats.
_RUNS = tuple(
    regex.compile(rf"(?<![\w.@/\\]){w}(?:[ \t]++(?:{_INITIAL}[ \t]++)*+{w})+(?![\w@])")
    for w in (_TITLE_WORD, _CAPS_WORD)
)
# Words before a street's own (H. C. Andersens Boulevard, Nørre Voldgade): bounded, so a line of capitalised
# words is read in linear time.
_STREET_WORDS = 4
_WORDS = regex.compile(rf"[{_UPPER}{_LOWER}][{_UPPER}{_LOWER}\-]+")  # initials (one letter) are skipped


def _lines(name: str) -> list[str]:
    text = read_text("patterns", "names", name)
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True)
class Patterns:
    first: frozenset[str]
    surnames: frozenset[str]
    not_words: frozenset[str]
    not_phrases: tuple[str, ...]
    surname_shape: regex.Pattern[str]
    subject: regex.Pattern[str]
    max_words: int
    address: regex.Pattern[str]
    weak_streets: regex.Pattern[str]
    address_words: regex.Pattern[str]
    phones: tuple[regex.Pattern[str], ...]
    email: regex.Pattern[str]
    role_locals: frozenset[str]
    credit: regex.Pattern[str]
    continued: regex.Pattern[str]
    titles: regex.Pattern[str]
    institutions: regex.Pattern[str]
    birth: regex.Pattern[str]
    months: dict[str, int]
    loose: tuple[Loose, ...]


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _loose_literal(word: str) -> str:
    """`word` for a loose pattern, which holds Latin-1 only (scanner/detectors/prefilter.py): a character beyond
    it (in a project's own name list) becomes `.`, which matches the `?` the prefilter puts in its place."""
    return "".join(regex.escape(c) if ord(c) < 256 else "." for c in word)


@cache
def _data() -> dict[str, Any]:
    """personal.toml, read once for `birth_date` and `patterns`."""
    return load_toml("patterns", "personal.toml")


def _birth_triggers() -> str:
    return "|".join(_data()["birth_date"]["triggers"])


@cache
def birth_date() -> tuple[regex.Pattern[str], dict[str, int]]:
    """The date-of-birth pattern and its month names, apart from the rest: a file or folder name needs only it
    (`mask.plain`), and compiling every pattern cost a rescan ~10% of its time."""
    birth = _data()["birth_date"]
    months = {k.casefold(): int(v) for k, v in birth["months"].items()}
    month_names = _alternation(list(months))
    date = (
        r"(?:(?P<d>[0-3]?[0-9])[./\-](?P<m>[01]?[0-9])[./\-](?P<y>[12][0-9]{3}|[0-9]{2})"
        r"|(?P<iy>[12][0-9]{3})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9])"
        rf"|(?P<td>[0-3]?[0-9])\.?[ \t]+(?P<tm>{month_names})\.?[ \t]+(?P<ty>[12][0-9]{{3}}))(?![0-9])"
    )
    pattern = regex.compile(rf"(?<![\w])(?:{_birth_triggers()}){birth['connector']}{date}", regex.IGNORECASE)
    return pattern, months


@cache
def patterns(extra_names: tuple[str, ...] = ()) -> Patterns:
    data = _data()
    first_names = [*_lines("first_names.txt"), *extra_names]
    not_names = [n.casefold() for n in _lines("not_names.txt")]
    street, phone, credits = data["address"], data["phone"], data["credits"]
    birth_connector = data["birth_date"]["connector"]
    birth, months = birth_date()
    endings = _alternation([*street["suffixes"], *street["weak_suffixes"]])
    separate = _alternation(street["separate_words"])
    address = regex.compile(
        rf"(?<![\w])(?P<street>(?:[{_UPPER}][{_LOWER}]++\.?[ \t]+|[{_UPPER}]\.[ \t]?){{0,{_STREET_WORDS}}}"
        rf"(?:[{_UPPER}][{_LOWER}]++(?<=(?:{endings}))|[{_UPPER}][{_LOWER}]++[ \t]+(?:{separate})))"
        rf"[ \t]+(?P<number>[1-9][0-9]{{0,3}}[A-Za-z]?)(?![\w.,:/-][0-9]|[\w])"
        rf"(?P<tail>{street['floor']}{street['postcode_town']})"
    )
    phone_words = _alternation(phone["words"])
    labelled = regex.compile(
        rf"(?<![\w])(?:{phone_words})\.?(?:[ \t]*+nr\.?)?[ \t]*+:?[ \t]*+(?P<number>{phone['number']})",
        regex.IGNORECASE,
    )
    # The prefilter's loose patterns: each matches, on the same line, wherever its precise pattern can.
    # One expression for both letter cases: a list of names compiles in about 0.3 s per expression.
    forms = sorted({form for n in first_names for form in (n.title(), n.upper())}, key=lambda w: (-len(w), w))
    name_forms = "|".join(_loose_literal(form) for form in forms)
    loose = (
        Loose("name", rf"(?:{name_forms})[ \t]+[A-ZÀ-Þ]"),
        Loose("address", rf"(?:{endings}|{separate})[ \t]+[1-9]"),
        Loose("phone", r"(?:\+|00)45"),
        Loose("phone", r"\([2-9][0-9][0-9]\)"),
        Loose("phone", phone_words, caseless=True),
        Loose("email", data["email"]["loose"]),
        # Every date form starts with a digit: a trigger before words ("[95% conf. interval]", Stata's header of
        # every model) marks no line. Hyperscan has no possessive quantifier; without them the connector matches
        # the same and more.
        Loose("birth", rf"(?:{_birth_triggers()}){birth_connector.replace('*+', '*')}[0-9]", caseless=True),
    )
    return Patterns(
        first=frozenset(n.casefold() for n in first_names),
        surnames=frozenset(n.casefold() for n in [*_lines("surnames.txt"), *extra_names]),
        not_words=frozenset(n for n in not_names if " " not in n),
        not_phrases=tuple(n for n in not_names if " " in n),
        surname_shape=regex.compile(data["names"]["surname_pattern"]),
        subject=regex.compile(rf"(?<!\w)(?:{_alternation(data['names']['subject_words'])})(?!\w)", regex.IGNORECASE),
        max_words=int(data["names"]["max_words"]),
        address=address,
        weak_streets=regex.compile(rf"(?:{_alternation(street['weak_suffixes'])})$"),
        address_words=regex.compile(street["address_words"], regex.IGNORECASE),
        phones=(regex.compile(phone["international"]), labelled, regex.compile(phone["foreign"])),
        email=regex.compile(data["email"]["pattern"]),
        role_locals=frozenset(data["email"]["role_locals"]),
        credit=regex.compile(credits["line"], regex.IGNORECASE),
        continued=regex.compile(credits["continued"], regex.IGNORECASE),
        titles=regex.compile(credits["titles"], regex.IGNORECASE),
        institutions=regex.compile(credits["institutions"], regex.IGNORECASE),
        birth=birth,
        months=months,
        loose=loose,
    )


@cache
def _prefilter(extra_names: tuple[str, ...], engine: str | None) -> Prefilter:
    return Prefilter(patterns(extra_names).loose, engine, keep=not extra_names)


def find(text: str, extra_names: tuple[str, ...] = (), engine: str | None = None) -> Iterator[Hit]:
    """Every piece of personal data in `text`, line by line, only where the prefilter marks a line."""
    known = patterns(extra_names)
    for start, end, tags in _prefilter(extra_names, engine or default_engine()).spans(text):
        yield from find_in(text, start, end, tags, known)


def marked(text: str, extra_names: tuple[str, ...] = ()) -> Iterator[int]:
    """Where a line of `text` starts that `find` would look at: the prefilter's marked lines. With Hyperscan, which
    reports every match, a line marked when it is searched alone is marked inside a longer text too (matches are
    line-anchored); the `regex` engine's non-overlapping search gives no such promise, so there every line counts."""
    prefilter = _prefilter(extra_names, default_engine())
    if prefilter.engine != "hyperscan":
        return (match.start() for match in _LINE_START.finditer(text))
    return (start for start, _, _ in prefilter.spans(text))


_LINE_START = regex.compile(r"^", regex.MULTILINE)


def find_in(text: str, start: int, end: int, tags: frozenset[str], known: Patterns) -> Iterator[Hit]:
    """The precise checks of the families in `tags` on text[start:end] (whole lines). On a line that credits an
    author, names, e-mail addresses and phone numbers are the author's, not a research subject's: no hits."""
    credit: bool | None = None
    for tag, detector in _DETECTORS:
        if tag not in tags:
            continue
        if tag in _CREDITED:
            credit = known.credit.search(text, start, end) is not None if credit is None else credit
            if credit:
                continue
        yield from detector(text, start, end, known)


def credits(text: str, extra_names: tuple[str, ...] = ()) -> bool:
    """Some line of `text` credits an author (a program header's comment block holding one is all credits)."""
    return patterns(extra_names).credit.search(text) is not None


def about_subject(text: str, start: int, end: int, extra_names: tuple[str, ...] = ()) -> bool:
    """text[start:end] holds a word that makes a name a research subject's (`patient`, `case`, `født`, ...)."""
    return patterns(extra_names).subject.search(text, start, end) is not None


def continues(text: str, extra_names: tuple[str, ...] = ()) -> bool:
    """`text` starts like the continuation of a credit line above it (` and Other Author, Univ.`)."""
    return patterns(extra_names).continued.match(text) is not None


def _surname(word: str, known: Patterns) -> bool:
    folded = word.casefold()
    return folded in known.surnames or (len(folded) > 4 and known.surname_shape.search(folded) is not None)


def names(text: str, start: int, end: int, known: Patterns) -> Iterator[Hit]:
    for run_pattern in _RUNS:
        for run in run_pattern.finditer(text, start, end):
            yield from _names_in_run(run, known)


def _names_in_run(run: regex.Match[str], known: Patterns) -> Iterator[Hit]:
    words = [(m.start() + run.start(), m.end() + run.start(), m[0]) for m in _WORDS.finditer(run[0])]
    i = 0
    while i < len(words) - 1:
        if words[i][2].casefold() not in known.first:
            i += 1
            continue
        last = None
        for j in range(i + 1, min(len(words), i + known.max_words)):
            word = words[j][2]
            if _surname(word, known):
                last = j
            elif word.casefold() not in known.first:
                break
        if last is None:
            i += 1
            continue
        first_at, last_at = words[i][0], words[last][1]
        parts = [w[2].casefold() for w in words[i : last + 1]]
        phrase = " ".join(parts)
        if (
            not any(w in known.not_words for w in parts)
            and not any(p in phrase for p in known.not_phrases)
            and not _professional(run.string, first_at, last_at, known)
        ):
            yield Hit(first_at, last_at, run.string[first_at:last_at], "personal-data.name", None, "a person's name")
        i = last + 1


def _professional(text: str, first: int, last: int, known: Patterns) -> bool:
    """The name is a clinician's or researcher's (a title before it) or an institution's (`… Hospital`)."""
    return (
        known.titles.search(text, max(0, first - 30), first) is not None
        or known.institutions.match(text, last, min(len(text), last + 40)) is not None
    )


def addresses(text: str, start: int, end: int, known: Patterns) -> Iterator[Hit]:
    for m in known.address.finditer(text, start, end):
        # A street whose ending is also an ordinary word's (`Sandal 1`) counts only with more of an address.
        weak = known.weak_streets.search(m["street"]) and not m["tail"].strip(" \t,")
        if weak and not known.address_words.search(text, max(start, m.start() - 40), m.start()):
            continue
        yield Hit(m.start(), m.end(), m[0], "personal-data.address", None, "a street address with house number")


def phones(text: str, start: int, end: int, known: Patterns) -> Iterator[Hit]:
    for pattern in known.phones:
        for m in pattern.finditer(text, start, end):
            first, last = m.span("number") if "number" in pattern.groupindex else m.span()
            yield Hit(first, last, text[first:last], "personal-data.phone", None, "a phone number")


def emails(text: str, start: int, end: int, known: Patterns) -> Iterator[Hit]:
    for m in known.email.finditer(text, start, end):
        if m[0].partition("@")[0].casefold() not in known.role_locals:  # a role's mailbox, not a person's
            yield Hit(m.start(), m.end(), m[0], "personal-data.email", None, "an e-mail address")


def _valid(day: str, month: str, year: str) -> bool:
    y = int(year)
    if len(year) == 2:
        # Two-digit years: the century is unknown; 2000 is a leap year, so 29 February passes for every YY
        # divisible by 4 (1900 would wrongly reject YY = 00).
        y += 2000
    try:
        dt.date(y, int(month), int(day))
    except ValueError:
        return False
    return True


def birth_dates(text: str, start: int, end: int, known: Patterns) -> Iterator[Hit]:
    for m in known.birth.finditer(text, start, end):
        if m["d"]:
            ok = _valid(m["d"], m["m"], m["y"])
        elif m["iy"]:
            ok = _valid(m["id"], m["im"], m["iy"])
        else:
            ok = _valid(m["td"], str(known.months[m["tm"].casefold()]), m["ty"])
        if ok:
            yield Hit(m.start(), m.end(), m[0], "personal-data.birth-date", None, "an exact date of birth")


# The families an author's credit line may hold (see `find_in`).
_CREDITED = frozenset(("name", "email", "phone"))
CREDITED = frozenset(f"personal-data.{family}" for family in _CREDITED)
_DETECTORS = (
    ("name", names),
    ("address", addresses),
    ("phone", phones),
    ("email", emails),
    ("birth", birth_dates),
)
