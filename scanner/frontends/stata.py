"""The Stata front end: no tree-sitter grammar for Stata installs offline, so this is our own lexer and command
splitter. It emits the same facts as the tree-sitter front ends.

Lexing follows Stata's rules: `/* */` comments nest and may appear anywhere; `//` starts a comment at the start of
a line or after white space, and `///` also joins the next line to the command; `*` is a comment only where a
command starts; strings are `"..."` or compound `` `"..."' `` (which nest); `` `macro' `` references may nest;
`#delimit ;` makes `;` end commands until `#delimit cr`. Each command is then read as prefixes (quietly, capture,
noisily, by/bysort varlist:), a command name (resolved through its abbreviations in grammars/stata/commands.toml),
and the rest, whose `if` qualifier (up to the options' comma) is read for comparisons with literals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex

from ..config import Settings
from ..identifiers import is_identifier, names_identifier
from ..model import Fact
from ..resources import load_toml
from . import Document
from .budget import Budgeted
from .tokens import Positions, compare_facts

_SPECIAL = regex.compile(r'[\n;"`/*#]')
# A directive and its argument; which words (and abbreviations) are `#delimit` is in the command table.
_DIRECTIVE = regex.compile(r"(#[A-Za-z]+)[ \t]+(;|cr\b)", regex.IGNORECASE)
_WORD = regex.compile(r"[A-Za-z_]\w*")
_IF = regex.compile(r"(?<![\w.`$])if(?![\w])")
_SUBSCRIPT = regex.compile(r"(?<![\w.])[A-Za-z_]\w*\[\s*(?:\d+|_N|_n\s*(?:[-+]\s*\d+)?)\s*\]")


@dataclass(frozen=True, slots=True)
class Command:
    """One command; `clean` is its source with comments blanked (same length, so offsets stay valid)."""

    start: int
    end: int
    clean: str


@dataclass(slots=True)
class Lexed:
    commands: list[Command]
    comments: list[tuple[int, int]]
    strings: list[tuple[int, int]]


def lex(text: str) -> Lexed:
    """Split a do-file into commands, comments and string literals (offsets are character offsets)."""
    n = len(text)
    clean = list(text)
    out = Lexed([], [], [])
    semicolon = False
    i = 0
    start = 0  # where the current command started

    def blank(a: int, b: int) -> None:
        # Newlines inside a block comment are blanked too: the command goes on after `*/` (`list a /*\n*/ b`).
        clean[a:b] = " " * (b - a)

    def at_command_start(k: int) -> bool:
        return not "".join(clean[start:k]).strip()

    def finish(end: int) -> None:
        nonlocal start
        if "".join(clean[start:end]).strip():
            out.commands.append(Command(start, end, "".join(clean[start:end])))
        start = end + 1

    while i < n:
        m = _SPECIAL.search(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == "\n":
            if not semicolon:
                finish(i)
            i += 1
        elif c == ";":
            if semicolon:
                finish(i)
            i += 1
        elif c == '"':
            end = _string_end(text, i + 1)
            out.strings.append((i, end))
            i = end
        elif c == "`":
            if text.startswith('`"', i):
                end = _nested_end(text, i, '`"', "\"'", one_line=True)
                out.strings.append((i, end))
            else:
                end = _nested_end(text, i, "`", "'", one_line=True)
            i = end
        elif c == "/" and text.startswith("/*", i):
            end = _nested_end(text, i, "/*", "*/", one_line=False)
            out.comments.append((i, end))
            blank(i, end)
            i = end
        elif c == "/" and text.startswith("//", i) and (i == 0 or text[i - 1] in " \t\n\r"):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.comments.append((i, end))
            continuation = text.startswith("///", i)
            blank(i, end)
            if continuation and end < n:
                clean[end] = " "  # the newline no longer ends the command
                end += 1
            i = end
        elif c == "*" and at_command_start(i):
            stop = ";" if semicolon else "\n"
            end = text.find(stop, i)
            end = n if end < 0 else end
            out.comments.append((i, end))
            blank(i, end)
            i = end
        elif c == "#" and at_command_start(i):
            d = _DIRECTIVE.match(text, i)
            if d and _prefix(d[1], _table()["directives"]["delimit"]):
                semicolon = d[2] == ";"
                end = d.end()
                blank(i, end)
                i = end
            else:
                i += 1
        else:
            i += 1
    if start < n:
        finish(n)
    return out


def _string_end(text: str, i: int) -> int:
    end = text.find('"', i)
    newline = text.find("\n", i)
    if end < 0 or (0 <= newline < end):
        return newline if newline >= 0 else len(text)
    return end + 1


def _nested_end(text: str, i: int, opener: str, closer: str, one_line: bool) -> int:
    """Offset just past the `closer` that balances the `opener` at `i` (nested pairs count); the end of the line
    for constructs that cannot span one (`one_line`), or of the text, when nothing balances it."""
    depth, k = 0, i
    while k < len(text):
        if text.startswith(opener, k):
            depth += 1
            k += len(opener)
        elif text.startswith(closer, k):
            depth -= 1
            k += len(closer)
            if depth == 0:
                return k
        elif one_line and text[k] == "\n":
            return k
        else:
            k += 1
    return len(text)


# --- commands ------------------------------------------------------------------------------------------------


@cache
def _table() -> dict[str, Any]:
    return load_toml("grammars", "stata", "commands.toml")


def resolve(word: str, table: dict[str, Any] | None = None) -> str | None:
    """The full command (or, given a command's `subcommands`, subcommand) name an abbreviation stands for
    (`li` -> list), or None."""
    lowered = word.lower()
    for name, spec in (_table()["commands"] if table is None else table).items():
        if name.startswith(lowered) and len(lowered) >= len(spec["min"]):
            return str(name)
    return None


def _prefix(word: str, table: dict[str, str]) -> bool:
    lowered = word.lower()
    return any(full.startswith(lowered) and len(lowered) >= len(short) for full, short in table.items())


@dataclass(frozen=True, slots=True)
class Parsed:
    """Offsets into the command's text: the command word and the rest."""

    name: str | None
    word_end: int
    quiet: bool = False  # under `quietly` (and no `noisily` after it): the command prints nothing


def parse(clean: str) -> Parsed:
    """Skip prefixes (quietly, capture, noisily, by/bysort varlist:) and resolve the command word."""
    prefixes = _table()["prefixes"]
    i, quiet = 0, False
    while True:
        m = _WORD.search(clean, i)
        if m is None or clean[i : m.start()].strip() not in ("", ":"):
            return Parsed(None, i, quiet)
        word = m.group()
        if _prefix(word, prefixes["words"]):
            if _prefix(word, {"quietly": prefixes["words"]["quietly"]}):
                quiet = True
            elif _prefix(word, {"noisily": prefixes["words"]["noisily"]}):
                quiet = False
            i = m.end()
            colon = clean[i:].lstrip()
            if colon.startswith(":"):
                i = clean.index(":", i) + 1
            continue
        if _prefix(word, prefixes["by"]) and ":" in clean[m.end() :]:
            i = clean.index(":", m.end()) + 1
            continue
        return Parsed(resolve(word), m.end(), quiet)


def _condition(rest: str) -> tuple[int, int] | None:
    """The span of the `if` qualifier: from `if` to the options' comma (outside parentheses and quotes)."""
    m = _IF.search(rest)
    if m is None:
        return None
    depth, quote = 0, False
    for k in range(m.end(), len(rest)):
        ch = rest[k]
        if ch == '"':
            quote = not quote
        elif quote:
            continue
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth <= 0:
            return m.start(), k
    return m.start(), len(rest)


_ASSIGNMENT = regex.compile(r"\s*=(?!=)")
_IN = regex.compile(r"(?<![\w.`$])in(?!\w)")
_OPTION_TEST = regex.compile(r"^if\b.*?`(\w+)'")


def _blocks(stripped: str, blocks: list[str]) -> list[str]:
    """The `{` blocks open after this command: `}` closes one, a command ending in `{` opens one, recorded with the
    macro an `if` tests (`if "`list'" != "" {`: `list`); an `else` block (`} else {`) tests nothing."""
    line = stripped.rstrip(" ;")
    if line.startswith("}"):
        blocks = blocks[:-1]
    if line.endswith("{"):
        test = _OPTION_TEST.match(line)
        blocks = [*blocks, test[1] if test else ""]
    return blocks


def _data_state(spec: dict[str, Any], rest: str, aggregated: bool, saved: list[bool]) -> bool:
    """Whether the data in memory holds aggregates after this command (grammars/stata/commands.toml `state`)."""
    state = spec.get("state")
    option = spec.get("when_option")
    if state is None or (option and not regex.search(rf",.*\b{option}\b", rest, regex.DOTALL)):
        return aggregated
    if not _wanted(spec, rest):  # `drop _all` empties the data, `drop x` does not
        return aggregated
    if state == "push":
        saved.append(aggregated)
        return aggregated
    if state == "pop":
        return saved.pop() if saved else False
    if state == "aggregates" and "groups" in spec:
        # grouped by a person key (`collapse ..., by(pnr)`, `contract pnr`): a row per person
        return not any(names_identifier(m[1]) for m in _regex(spec["groups"]).finditer(rest))
    return bool(state == "aggregates")


# `frame weekly: use cohort`: a command run in another frame (its name, before the colon).
_FRAME_PREFIX = regex.compile(r"\s*([A-Za-z_]\w*)\s*:")
_INTO = regex.compile(r"\binto\s*\(\s*([A-Za-z_]\w*)")


def _frame(
    kind: str, rest: str, args: str, aggregated: bool, frames: dict[str, bool], current: str
) -> tuple[bool, str]:
    """What the data in memory hold after a frame command (grammars/stata/commands.toml `frames`), and the frame in
    memory: a frame `create` makes is filled only by `frame post` of what the program computes (results); `switch`
    brings a frame's data into memory (one the do-file did not make holds rows); `copy`/`put` give a frame the data
    they copy; a command run in a frame (`frame weekly: use cohort`) may put rows there."""
    names = _WORD.findall(args)
    if kind == "prefix":
        prefixed = _FRAME_PREFIX.match(rest)
        if prefixed is not None and prefixed[1] == current:
            return False, current
        if prefixed is not None:
            frames[prefixed[1]] = False
    elif kind == "create" and names:
        frames[names[0]] = True
    elif kind == "copy" and len(names) > 1:
        frames[names[1]] = aggregated if names[0] == current else frames.get(names[0], False)
    elif kind == "put" and (into := _INTO.search(args)) is not None:
        frames[into[1]] = aggregated
    elif kind == "switch" and names and names[0] != current:
        frames[current] = aggregated
        return frames.pop(names[0], False), names[0]
    return aggregated, current


def _file_state(spec: dict[str, Any], args: str, aggregated: bool, results: dict[str, bool]) -> bool:
    """Record what a file written here holds (`postfile`, `save`); after `use` of one, the data in memory hold
    that (grammars/stata/commands.toml `file`, `holds`)."""
    holds = spec.get("holds")
    if holds is None:
        return aggregated
    name = _file_key(_written("using" if _USING.search(args) else spec.get("file"), args))
    if not name:
        return aggregated
    if holds == "read":
        return results.get(name, _saved_as(name, results, aggregated or _says_results(name)))
    results[name] = holds == "aggregates" or aggregated
    return aggregated


_MACRO = regex.compile(r"`\w+'")


def _saved_as(name: str, results: dict[str, bool], otherwise: bool) -> bool:
    """What a file written under a name with a local macro holds (`save $dir/`outcome'` in a loop), when this name
    is one it stands for (`$dir/death`); `otherwise` when none is."""
    for key, holds in results.items():
        if "`" in key and _MACRO.sub("", key):  # a tempfile's name alone (`` `hr' ``) stands for no other
            pattern = "".join(
                regex.escape(part) if k % 2 == 0 else r"[^/\s]+" for k, part in enumerate(_MACRO.split(key))
            )
            if regex.fullmatch(pattern, name):
                return holds
    return otherwise


def _says_results(name: str) -> bool:
    """A file's name says it holds results, and not whose they are, or it is an installed package's file
    (grammars/stata/commands.toml `results_files`)."""
    spec = _table()["results_files"]
    if _regex(spec["installed"]).search(name):
        return True
    return bool(_regex(spec["says"]).search(name)) and not _regex(spec["whose"]).search(name)


_VARLIST_END = regex.compile(r"(?<![\w.`$])(?:if|in)(?!\w)|,")
_MACRO_QUOTES = regex.compile(r"^`(.*)'$")


def _varlist(args: str) -> list[str]:
    """The names a command's varlist lists (a macro's name without its quotes)."""
    end = _VARLIST_END.search(args)
    return [_MACRO_QUOTES.sub(r"\1", n) for n in args[: end.start() if end else len(args)].split()]


def _keyed(names: list[str]) -> bool:
    return any(is_identifier(n.strip("_*")) for n in names)


def _lists_estimates(spec: dict[str, Any], args: str) -> bool:
    """A varlist of estimates: an interval's lower and upper limits among its names, or only the standard names of
    a table of estimates (`estimate_names`), and no person key (grammars/stata/commands.toml)."""
    if "estimate_names" not in spec:
        return False
    names = _varlist(args)
    if not names or _keyed(names):
        return False
    if all(_regex(spec["estimate_names"]).fullmatch(n) for n in names):
        return True
    lower, upper = _regex(spec["lower_limit"]), _regex(spec["upper_limit"])
    return any(lower.fullmatch(n) for n in names) and any(upper.fullmatch(n) for n in names)


_SVMAT = regex.compile(
    r"\s*(?:(?:byte|int|long|float|double)\s+)?([A-Za-z_]\w*)(?:[^,]*,.*?\bn(?:a(?:m(?:e(?:s)?)?)?)?\s*\(\s*(\w+)\s*\))?",
    regex.DOTALL,
)


def _matrix_stub(args: str) -> str | None:
    """The prefix of the variables `svmat` adds: the matrix's name, or the stub of `names(stub)`; None for
    `names(col)`/`names(eqcol)` (the matrix's own column names, not known here)."""
    m = _SVMAT.match(args)
    if m is None:
        return None
    name, stub = m[1], m[2]
    if stub is None or stub == "matcol":
        return str(name)
    return None if stub in ("col", "eqcol") else str(stub)


def _keeps_only(args: str, stubs: set[str]) -> bool:
    """`keep` of a varlist whose every name starts with a stub `svmat` made (`keep ALL* U70*`)."""
    names = args.split(",", 1)[0].split()
    return bool(names) and all(n not in ("if", "in") and any(n.startswith(s) for s in stubs) for n in names)


def _file_key(path: str | None) -> str:
    """A file as a do-file names it, the same whether written with or without `.dta`, quotes or backslashes."""
    key = (path or "").replace("\\", "/").lower()
    return key[:-4] if key.endswith(".dta") else key


@cache
def _regex(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.IGNORECASE)


def _wanted(spec: dict[str, Any], args: str) -> bool:
    """A command's `when` pattern must match its arguments (after the subcommand), its `unless` pattern must not:
    `twoway` draws individual points only with a scatter among its plots, `sts graph` only without `risktable`."""
    if "when" in spec and not _regex(spec["when"]).search(args):
        return False
    return not ("unless" in spec and _regex(spec["unless"]).search(args))


_USING = regex.compile(r"(?<![\w.])using\s+", regex.IGNORECASE)
_PATH = regex.compile(r'`"(.*?)"\'|"([^"]*)"|([^\s,"]+)')


def _written(where: str | None, args: str) -> str | None:
    """The file a writing command names: after `using`, or its first argument (quotes removed)."""
    if where is None:
        return None
    start = 0
    if where == "using":
        found = _USING.search(args)
        if found is None:
            return None
        start = found.end()
    if where == "second":  # after the subcommand (`import delimited file.csv`)
        word = _WORD.match(args.lstrip())
        args, where = args.lstrip()[word.end() :] if word else args, "first"
    m = _PATH.match(args.lstrip(), 0) if where == "first" else _PATH.match(args, start)
    return next((g for g in m.groups() if g), None) if m else None


@lru_cache(maxsize=512)  # a log reader asks for every echoed command, and a log echoes the same ones many times
def inline_data(command: str) -> tuple[str, str] | None:
    """For a command that opens inline data (`input str6 pnr byte koen`): the word that ends the data and the
    variables it names; None for any other command."""
    parsed = parse(command)
    spec = _table()["commands"].get(parsed.name or "", {})
    return (spec["data"], command[parsed.word_end :].strip()) if spec.get("data") else None


def _inline(text: str, positions: Positions, lines: list[Command], names: str) -> Iterator[Fact]:
    """The lines of an `input ... end` block as one inline.data fact (issue 11): microdata typed into a do-file."""
    if lines:
        start, end = lines[0].start, lines[-1].start + len(lines[-1].clean.rstrip())
        yield positions.fact("inline.data", start, end, text[start:end], {"form": "lines", "columns": names.strip()})


# What the data in memory hold, carried from one piece of echoed code to the next in a log (`Document.known`):
# aggregates (`_data`), and the stubs of variables svmat added (`_svmat`).
_AGGREGATES = ("_data", "aggregates")


Known = tuple[tuple[str, str], ...]


class _HeldAfter(Budgeted[tuple[str, Known], Known]):
    """What the data hold after each piece of echoed code read lately (a log echoes the same code many times: loops,
    repeated runs). Filled when the code's facts are read (frontends/embedded.py's parse cache), so a log reader
    asking `after` for the same code does not lex and parse it again."""

    def cost(self, key: tuple[str, Known], value: Known) -> int:
        return len(key[0]) + _ENTRY


_ENTRY = 64
_AFTER = _HeldAfter(4_000_000)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    found, aggregated, stubs = _read(doc.text, doc.known)
    if doc.embedded:
        _AFTER.keep((doc.text, doc.known), _held(aggregated, stubs))
    yield from sorted(found, key=lambda f: (f.line, f.column, f.kind))


def after(text: str, known: Known) -> Known:
    """What the data in memory hold after `text` ran, given what they held before (`known`): for a log, whose
    echoed commands are read one at a time."""
    found = _AFTER.get((text, known))
    if found is None:
        _, aggregated, stubs = _read(text, known)
        found = _held(aggregated, stubs)
        _AFTER.keep((text, known), found)
    return found


def _held(aggregated: bool, stubs: set[str]) -> Known:
    return ((_AGGREGATES,) if aggregated else ()) + tuple(("_svmat", stub) for stub in sorted(stubs))


_TERM = regex.compile(r"\(?\s*(\S+?)\s*(?:==\s*1\s*)?\)?")


class _Made:
    """What a program made of its data, as far as its commands say: the variables that mark the records it added
    after giving the data new observations (`set obs`, then `gen `aug' = _n > `Nold'`, kept through `rename`), and
    which of a confidence interval's limits its commands name before it loads or joins other data
    (grammars/stata/commands.toml `marks_added`, `program_lower`/`program_upper`, `brings_rows`)."""

    def __init__(self) -> None:
        self.grown = False
        self.added: set[str] = set()
        self.named: set[str] = set()

    def read(self, spec: dict[str, Any], args: str, clean: str) -> None:
        brings = spec.get("brings_rows")
        if spec.get("state") == "rows" or (brings is not None and _regex(brings).match(args)):
            # other data loaded (or joined on, many rows per row): what the program made is not all there is
            self.grown, self.added, self.named = False, set(), set()
        self.grown = self.grown or bool(spec.get("grows"))
        marks = spec.get("marks_added")
        if marks and self.grown and (m := _regex(marks).match(args)):
            self.added.add(m[1])
        if spec.get("renames"):
            names = args.split(",", 1)[0].split()
            if len(names) == 2 and names[0] in self.added:
                self.added.add(names[1])
        limits = _table()["commands"]["list"]
        for word in _WORD.findall(clean):
            if _regex(limits["program_lower"]).fullmatch(word):
                self.named.add("lower")
            elif _regex(limits["program_upper"]).fullmatch(word):
                self.named.add("upper")

    def limits(self, spec: dict[str, Any], args: str) -> bool:
        """A listing of data whose confidence limits the program names lists estimates, unless it lists a person
        key (`list pnr vaegt lci uci`: a person's own bounds)."""
        named = self.named == {"lower", "upper"}
        return "program_lower" in spec and named and not _keyed(_varlist(args))

    def picks_added(self, args: str) -> bool:
        """The condition picks only records the program added: one of its terms joined by `&` is a mark alone."""
        span = _condition(args)
        if span is None or not self.added or "|" in args[span[0] : span[1]]:
            return False
        terms = args[span[0] + 2 : span[1]].split("&")
        return any((m := _TERM.fullmatch(term.strip())) is not None and m[1] in self.added for term in terms)


def _read(text: str, known: tuple[tuple[str, str], ...]) -> tuple[list[Fact], bool, set[str]]:
    positions = Positions(text)
    lexed = lex(text)
    found: list[Fact] = []
    for a, b in lexed.comments:
        found.append(positions.fact("comment", a, b, text[a:b]))
    for a, b in lexed.strings:
        found.append(positions.fact("literal.string", a, b, text[a:b]))
    data_until: str | None = None
    data_lines: list[Command] = []  # the lines of an `input` block so far, and the variables it names
    data_names = ""
    block_until: str | None = None  # inside `mata:` ... `end`: not Stata commands
    aggregated = _AGGREGATES in known  # the data in memory holds aggregates (after collapse...), not observations
    saved: list[bool] = []  # the same, for each `preserve` not yet restored
    results: dict[str, bool] = {}  # for each file the do-file wrote, whether it holds aggregates
    # prefixes of the variables svmat added to the data in memory (results)
    stubs = {stub for key, stub in known if key == "_svmat"}
    # the data were emptied (`clear`, `drop _all`) and nothing loaded since: variables svmat adds then are results
    empty = False
    defining: tuple[str, bool, bool, set[str]] | None = None  # in a program definition: its end, the state before
    # the open `{` blocks in a program, each with the option macro its `if` tests (`if "`list'" != "" {`), or ""
    blocks: list[str] = []
    made = _Made()  # in a program: the records it added, and whether its data hold confidence limits
    frames: dict[str, bool] = {}  # for each frame but the current one, whether it holds aggregates
    current = "default"  # the frame in memory (`frame change`, `cwf`)
    commands = _table()["commands"]
    for command in lexed.commands:
        stripped = command.clean.strip()
        if block_until is not None:
            if stripped.lower() == block_until:
                block_until = None
            continue
        if data_until is not None:
            if stripped.lower() == data_until:
                data_until = None
                found.extend(_inline(text, positions, data_lines, data_names))
            else:
                found.append(positions.fact("text", command.start, command.end, stripped, {"source": "inline-data"}))
                data_lines.append(command)
            continue
        if defining is not None and stripped.lower() == defining[0]:
            _, aggregated, empty, stubs = defining
            defining, blocks, made = None, [], _Made()
            continue
        if defining is not None:
            blocks = _blocks(stripped, blocks)
        parsed = parse(command.clean)
        spec = commands.get(parsed.name or "", {})
        rest = command.clean[parsed.word_end :]
        args = rest
        sub = _WORD.match(rest.lstrip()) if "subcommands" in spec else None
        if sub:  # `duplicates list`: the subcommand decides what is printed
            spec = spec["subcommands"].get(resolve(sub.group(), spec["subcommands"]) or "", {})
            args = rest.lstrip()[sub.end() :]
        if "frames" in spec or (parsed.name == "frame" and _FRAME_PREFIX.match(rest)):
            aggregated, current = _frame(spec.get("frames", "prefix"), rest, args, aggregated, frames, current)
        if spec.get("defines") and defining is None and _wanted(spec, rest):
            defining = (spec["defines"], aggregated, empty, set(stubs))
        if spec.get("data"):
            data_until = spec["data"]
            data_lines, data_names = [], args
            aggregated = False
        if spec.get("block") and rest.strip() in ("", ":", "{", ": {"):
            block_until = spec["block"]
            continue
        start = command.start + len(command.clean) - len(command.clean.lstrip())
        end = command.start + len(command.clean.rstrip())
        rule = spec.get("rule")
        # a listing of aggregates prints a table of them (`over_aggregates`), which a log's reader is told
        # (so does a listing of estimates by their names)
        if defining is not None:
            made.read(spec, args, command.clean)
        estimates = _lists_estimates(spec, args) or (defining is not None and made.limits(spec, args))
        listed = spec.get("over_aggregates") if (aggregated or estimates) and not _ASSIGNMENT.match(rest) else None
        # `L = cols(z)` assigns (Mata, or a typo); a command of aggregates prints a results table, not persons.
        if _ASSIGNMENT.match(rest) or aggregated or estimates:
            rule = None
        aggregated = _file_state(spec, args, _data_state(spec, rest, aggregated, saved), results)
        # what a command writes through its saving() option is what it computed (grammars/stata/commands.toml)
        for computed in _regex(_table()["results_files"]["saving"]).finditer(args):
            if name := _file_key(_written("first", computed[1])):
                results[name] = True
        if "state" in spec or spec.get("data"):
            empty = spec["state"] == "empty" and _wanted(spec, rest) if "state" in spec else False
        if spec.get("state") == "rows":
            stubs.clear()
        elif spec.get("results") == "adds":
            stubs.update(filter(None, [_matrix_stub(args)]))
            aggregated = aggregated or empty  # a matrix's rows in emptied data: a table of results
        elif spec.get("results") == "keeps" and stubs and _keeps_only(args, stubs):
            aggregated = True  # only the matrix's rows are left
        # inside a program, a command of only the program's macros acts on what the caller passed
        ours = defining is not None and "program_unless" in spec and _regex(spec["program_unless"]).search(args)
        # ... or prints, with no condition of its own, what its caller asked for with an option of the same name
        asked = spec.get("program_option") in blocks and _condition(args) is None and not _IN.search(args)
        # ... and a value the program made itself, in data emptied with nothing loaded since (`unless_empty`)
        ours = ours or asked or (empty and spec.get("unless_empty", False))
        # ... or lists only the records the program added itself (`set obs`, then a mark of the ones beyond)
        ours = ours or (defining is not None and spec.get("unless_added", False) and made.picks_added(args))
        if rule and (spec.get("needs") != "subscript" or _SUBSCRIPT.search(rest)) and _wanted(spec, args) and not ours:
            attrs = {"rule": rule, "callee": parsed.name or ""}
            found.append(positions.fact("output.print", start, end, text[start:end], attrs, quiet=parsed.quiet))
        output, typed = spec.get("output") or listed, {}
        case = next((c for c in spec.get("outputs", ()) if _regex(c["when"]).search(args)), None)
        if case:  # `display r(N)`: the arguments say what the command prints
            output, typed = case["output"], {"statistic": case["statistic"]} if "statistic" in case else {}
        if output:  # what the output after this command is, for the log readers
            attrs = {"callee": parsed.name or "", **typed}
            found.append(positions.fact(f"output.{output}", start, end, text[start:end], attrs, quiet=parsed.quiet))
        written = _written(spec.get("writes"), args)
        if written is not None:
            found.append(positions.fact("output.write", start, end, text[start:end], {"path": written}))
        span = _condition(rest)
        if span is not None:
            offset = command.start + parsed.word_end + span[0]
            found.extend(compare_facts(rest[span[0] : span[1]], offset, positions))
    return found, aggregated, stubs
