"""Layout recognisers: one module per family of printed layouts, each turning lines of text into `Table`s.

A module here is a recogniser when it defines `ORDER` (an int: lower runs first) and `recogniser(settings, medium)`,
returning an object with `feed(number, line)` (a generator of facts that returns whether the line was part of a
table it reads), `skip(number)` (an earlier recogniser took the line: end what you read) and `close()`. The plain
text reader (scanner/outputs/text.py) gives every line to every recogniser in order; the first to take a line
hides it from the rest. Adding a layout is one module here and its patterns in patterns/layouts/.

What the recognisers share lives here too: the statistic a header or row label names
(patterns/layouts/statistics.toml) and their regular expressions (patterns/layouts/text.toml).
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module
from typing import Any, Protocol

from ...config import Settings
from ...model import Fact
from ...resources import load_toml
from ..table import STATISTICS, Medium, Statistic

# knitr's prefix of each line of output in a knitted document (blanked before the layouts read it: text.knitted).
KNITTED = "## "


class Recogniser(Protocol):
    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]: ...

    def skip(self, number: int) -> Iterator[Fact]: ...

    def close(self) -> Iterator[Fact]: ...

    # A gated recogniser (one with a signature, see `Signature`) also has `idle() -> bool`: nothing open.


@dataclass(frozen=True, slots=True)
class Signature:
    """The gate of a layout (patterns/layouts/text.toml [signatures]): a recogniser that has nothing open (`idle()`)
    is given a line only when its signature is found on it or on one of the `after` lines before it; when it wakes,
    the `before` lines it missed are given to it first (what an idle recogniser remembers: the line above, a
    header). The signature (one of `literals` in the line, or `line` matching at its start) must be found on every
    line that can start a table of the layout (tests/test_layout_gates.py). Literals, not a regex searched at every
    position: `in` is several times faster than `re` on an alternation, and most lines are looked at by no one."""

    literals: tuple[str, ...]
    line: re.Pattern[str] | None
    before: int
    after: int

    def found(self, line: str) -> bool:
        for literal in self.literals:
            if literal in line:
                return True
        return self.line is not None and self.line.match(line) is not None


@lru_cache(maxsize=16)
def signed(signatures: tuple[Signature, ...]) -> Callable[[str], bool]:
    """Whether one of `signatures` is found on a line, in one search of their literals and one match of their line
    patterns: most lines of output hold none, and were tried signature by signature (six calls a line)."""
    literals = sorted({literal for signature in signatures for literal in signature.literals})
    anchored = [signature.line.pattern for signature in signatures if signature.line is not None]
    search = re.compile("|".join(map(re.escape, literals))).search if literals else None
    match = re.compile("|".join(f"(?:{pattern})" for pattern in anchored)).match if anchored else None

    def found(line: str) -> bool:
        return (search is not None and search(line) is not None) or (match is not None and match(line) is not None)

    return found


@dataclass(frozen=True, slots=True)
class Layout:
    """One layout module, checked when it is loaded: its name, its place in the order, its recogniser factory and
    its signature, if it has one."""

    name: str
    order: int
    recogniser: Callable[[Settings, Medium], Recogniser]
    signature: Signature | None
    document: tuple[str, ...] = ()  # literals one of which a document must hold for the layout to read it
    media: tuple[Medium, ...] | None = None  # the media it reads tables from (a module's `MEDIA`), None: any

    def reads(self, medium: Medium) -> bool:
        return self.media is None or medium in self.media


@cache
def _modules() -> tuple[Layout, ...]:
    found = []
    data = load_toml("patterns", "layouts", "text.toml")
    signatures, documents = data["signatures"], data["documents"]
    for info in pkgutil.iter_modules(__path__):
        module = import_module(f"{__name__}.{info.name}")
        if not hasattr(module, "recogniser"):
            continue  # a helper the recognisers share
        if not isinstance(getattr(module, "ORDER", None), int) or not callable(module.recogniser):
            raise TypeError(f"scanner/outputs/layouts/{info.name}.py: a layout has an int ORDER and recogniser()")
        signature = None
        if info.name in signatures:
            data = signatures[info.name]
            anchored = re.compile(data["line"]) if "line" in data else None
            signature = Signature(tuple(data.get("literals", ())), anchored, int(data["before"]), int(data["after"]))
            if signature.found("") or signature.found(" "):
                raise TypeError(f"patterns/layouts/text.toml [signatures] {info.name}: found on a blank line")
        document = tuple(documents.get(info.name, ()))
        media = getattr(module, "MEDIA", None)
        found.append(Layout(info.name, module.ORDER, module.recogniser, signature, document, media))
    unknown = (set(signatures) | set(documents)) - {layout.name for layout in found}
    if unknown:
        raise TypeError(f"patterns/layouts/text.toml: no such layout: {', '.join(sorted(unknown))}")
    return tuple(sorted(found, key=lambda layout: (layout.order, layout.name)))


def layouts(without: tuple[str, ...] = ()) -> list[Layout]:
    """Every layout (but the modules named in `without`), in order."""
    return [layout for layout in _modules() if layout.name not in without]


def absent(texts: Iterable[str]) -> tuple[str, ...]:
    """The layouts with document literals (patterns/layouts/text.toml [documents]) none of which is in `texts`
    (a whole document, or its parts), so that none of its tables can be in it."""
    wanted = {layout.name: layout.document for layout in _modules() if layout.document}
    for text in texts:
        for name, literals in list(wanted.items()):
            if any(literal in text for literal in literals):
                del wanted[name]
        if not wanted:
            break
    return tuple(wanted)


def recognisers(settings: Settings, medium: Medium = "text", without: tuple[str, ...] = ()) -> list[Recogniser]:
    """A fresh recogniser of every layout (but the modules named in `without`, and those that read no table from
    `medium`), in order, for text read from `medium`."""
    return [layout.recogniser(settings, medium) for layout in layouts(without) if layout.reads(medium)]


@cache
def patterns(section: str) -> dict[str, Any]:
    """A section of patterns/layouts/text.toml."""
    data: dict[str, Any] = load_toml("patterns", "layouts", "text.toml")[section]
    return data


@cache
def regex(section: str, name: str) -> re.Pattern[str]:
    return re.compile(patterns(section)[name])


_STRIP = re.compile(r"^[\s\"'`(\[]+|[\s\"'`)\]:]+$")
_LEVEL = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%")


@cache
def _vocabulary() -> tuple[dict[str, Statistic], tuple[tuple[str, Statistic], ...], tuple[tuple[str, Statistic], ...]]:
    data = load_toml("patterns", "layouts", "statistics.toml")
    words: dict[str, Statistic] = {}
    for statistic in STATISTICS:
        for word in data["words"].get(statistic, ()):
            words.setdefault(word.lower(), statistic)
    prefixes = tuple((p.lower(), s) for s in STATISTICS for p in data["prefixes"].get(s, ()))
    suffixes = tuple((p.lower(), s) for s in STATISTICS for p in data["suffixes"].get(s, ()))
    return words, prefixes, suffixes


def untyped(types: Iterable[str]) -> list[bool]:
    """For each entry of a tibble's line of column types (`<chr>`, `<dbl>`), whether its column holds no numbers
    (text, factors, flags, dates: patterns/layouts/text.toml `text_types`), so no statistic whatever its name."""
    text = patterns("frames")["text_types"]
    return [kind.strip("<>") in text for kind in types]


@lru_cache(maxsize=8192)  # the table checks ask for the same few labels for every table
def normal(label: str) -> str:
    """A label as the vocabulary spells it: lower case, single spaces, no quotes, brackets or trailing colon."""
    return " ".join(_STRIP.sub("", label).lower().split())


@cache
def statistic(label: str) -> Statistic | None:
    """What a column headed, or a row labelled, `label` holds; None when the words do not say."""
    words, prefixes, suffixes = _vocabulary()
    key = normal(label)
    found = words.get(key) or words.get(key.replace(".", ""))
    if found:
        return found
    for prefix, kind in prefixes:
        if key.startswith(prefix):
            return kind
    for suffix, kind in suffixes:
        if key.endswith(suffix):
            return kind
    return None


@cache
def _column_prefixes() -> tuple[tuple[str, Statistic], ...]:
    data = load_toml("patterns", "layouts", "statistics.toml").get("column_prefixes", {})
    return tuple((p.lower(), s) for s in STATISTICS for p in data.get(s, ()))


@cache
def column_statistic(label: str) -> Statistic | None:
    """What a column headed `label` holds: as `statistic` says, else by the beginnings only a column header has
    (`Number of Ratings`; statistics.toml [column_prefixes])."""
    found = statistic(label)
    if found is None:
        key = normal(label)
        found = next((kind for prefix, kind in _column_prefixes() if key.startswith(prefix)), None)
    return found


def level(label: str) -> float | None:
    """The quantile level of a label such as `100% Max` or `25%`, else None."""
    match = _LEVEL.match(label.strip())
    return float(match[1]) if match else None
