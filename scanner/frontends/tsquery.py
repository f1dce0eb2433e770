"""Generic tree-sitter query code for SAS, R and Python: loads the grammars and runs their queries.

Language knowledge lives in `grammars/<lang>/*.scm`, read as one query per language. The conventions:
- a capture named after a fact kind (grammars/facts.toml) becomes a fact with the node's span and text;
- other captures become attributes of that fact (their texts, joined by "," when repeated);
- captures starting with `_` are helpers for predicates, except those that feed a small data-flow pass:
  `@_defines.frame` / `@_defines.other` mark a name assigned a data frame / something that is not one,
  `@_defines.any` something unknown (ends what the name held before), `@_defines.handle` a handle to data held
  elsewhere (a CAS session or table: no rows of its own), `@_defines.function` any function the file defines
  (passed on, as to `apply()`, it adds no data), `@_defines.maker` a function of the file whose value
  is results (`via "maker"`: a call of it returns results); with
  `#set! via "kind"`, the match defines only when every `@_via` name holds that kind (what a handle's methods
  return, a matrix bound from results); with `via "other"` a handle counts too, and what is made from handles
  only is a handle (a part of a CAS action's result); with `via "made"` (Python) the `@_via` text must be made only
  of results, arrays, handles or values typed in or generated (`Scope.made_of`);
- `#set! no-keys "_capture"`: the match defines nothing when that capture's text names a person key
  (patterns/identifiers.toml); with `#set! keys-in "regex"`, only the text of the regex's first group in it counts
  (the groups of `df.groupby('pnr').sum()`, not a column counted per group: `groupby('sex')['pnr'].nunique()`);
- `#set! summarised "regex"` (with `via "some-data"`): what the calls of the functions it matches are given is no
  value put in (`mean(cohort$age)`, `levels(cohort$sex)`);
- `#set! not-own "_capture"`: the match defines nothing when that capture's text is a name the code assigned
  before (a function of the file, judged by its body, not by its name: `simCohort <- function() read.csv(...)`);
- `#set! key "value"` sets an attribute; `#set! check "a,b"` names post-checks that decide whether the fact is
  kept (or, for `conditions`, what facts it becomes). The checks and the recovery of unreadable regions are
  passed in by the caller (`frontends/treesitter.py`), so this module knows no language.

ERROR regions become `parse.error` facts, unless the language's recovery re-reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import import_module
from typing import Any

import regex
import tree_sitter as ts

from ..identifiers import names_identifier
from ..model import Fact
from ..registry import CatalogueError
from ..resources import list_dir, load_toml
from ..sasindex import SasIndex
from .tokens import Positions

# Grammars shipped as their own wheels; any other language comes from tree-sitter-language-pack.
_BINDINGS = {"sas": "tree_sitter_sas", "python": "tree_sitter_python"}


def _load(name: str) -> ts.Language:
    if name in _BINDINGS:
        return ts.Language(import_module(_BINDINGS[name]).language())
    from tree_sitter_language_pack import get_language

    return get_language(name)  # type: ignore[arg-type]


@cache
def language(name: str) -> ts.Language:
    return _load(name)


@cache
def _lookahead(language: str) -> tuple[str, ...]:
    """The words in the code after a piece of code that a language's checks read ahead for (`lookahead` of
    grammars/<language>/results.toml); without them, the code after it is neither passed on (`Document.later`) nor
    walked."""
    return tuple(_results(language).get("lookahead", ()))


@cache
def _results(language: str) -> dict[str, Any]:
    """The language's `grammars/<language>/results.toml`, empty when it has none."""
    if not any(f.name == "results.toml" for f in list_dir("grammars", language)):
        return {}
    return load_toml("grammars", language, "results.toml")


def looks_ahead(language: str, later: str) -> bool:
    """Whether the language's checks read anything in `later`, the code that runs after a piece of code."""
    return any(word in later for word in _lookahead(language))


@cache
def parser(name: str) -> ts.Parser:
    return ts.Parser(language(name))


class GrammarError(CatalogueError):
    """A shipped grammar file uses a name nobody defined (an editing mistake, caught when the grammars load)."""


@cache
def query_source(name: str) -> str:
    parts = [expand(name, f.read_text(encoding="utf-8")) for f in list_dir("grammars", name) if f.name.endswith(".scm")]
    return "\n".join(parts)


# A query's tokens: strings, comments, brackets, the rest (the same split as the vocabulary check's).
QUERY_TOKEN = regex.compile(r'"(?:[^"\\]|\\.)*"|;[^\n]*|[()\[\]]|[^\s()\[\]";]+')
_FORM = regex.compile(r"\(\s*(\w[\w-]*)!(?=[\s)])")


@cache
def _templates(name: str) -> dict[str, str]:
    """The language's query templates (`grammars/<language>/templates.toml`): a form `(name! field: pattern ...)`
    in a query stands for the template's text with each `{field}` replaced, so a shape written twice by the grammar
    (R's assignment in both directions) is written once in the query."""
    if not any(f.name == "templates.toml" for f in list_dir("grammars", name)):
        return {}
    return {key: value["text"] for key, value in load_toml("grammars", name, "templates.toml").items()}


_WORDS = regex.compile(r"\{results\.(\w+)\}")


@cache
def words(name: str, key: str) -> str:
    """A word list or pattern of `grammars/<language>/results.toml` as one regular expression in a non-capturing
    group: a list is the alternation of its words, a string the pattern as written. The queries (`{results.KEY}`
    in a query or template) and the language's checks both read it, so the words have one source."""
    value = _results(name).get(key)
    if isinstance(value, list) and value and all(isinstance(w, str) for w in value):
        return "(?:" + "|".join(map(regex.escape, value)) + ")"
    if isinstance(value, str) and value and "\n" not in value:
        return f"(?:{value})"
    raise GrammarError(f"grammars/{name}: {{results.{key}}} names no word list or one-line pattern of results.toml")


def _query_string(text: str) -> str:
    """`text` as it stands inside a query's string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def expand(name: str, source: str) -> str:
    """`source` with every template form expanded, on the form's own lines (so later line numbers stay those of
    the file), and every `{results.KEY}` replaced by those words (`words`); a copied field has its comments
    dropped and its lines joined."""
    expanded: str = _WORDS.sub(lambda m: _query_string(words(name, m[1])), _forms(name, source))
    return expanded


def _forms(name: str, source: str) -> str:
    """`source` with every template form expanded, also the forms in a form's fields (`(assign! value: (call
    function: (callee! name: @_fn)))`)."""
    templates = _templates(name)
    out, at = [], 0
    for m in _FORM.finditer(source):
        if m.start() < at or _in_comment_or_string(source, m.start()):
            continue
        if m[1] not in templates:
            raise GrammarError(f"grammars/{name}: unknown query template {m[1]}!")
        fields, end = _fields(source, m.end())
        text = templates[m[1]]
        for key, value in fields.items():
            text = text.replace("{" + key + "}", value)
        if regex.search(r"\{\w+\}", text):
            raise GrammarError(f"grammars/{name}: template {m[1]}! is missing a field: {text}")
        out += [source[at : m.start()], _forms(name, text), "\n" * source.count("\n", m.start(), end)]
        at = end
    return "".join(out) + source[at:]


def _in_comment_or_string(source: str, offset: int) -> bool:
    line_start = source.rfind("\n", 0, offset) + 1
    line_end = source.find("\n", offset)
    for token in QUERY_TOKEN.finditer(source, line_start, line_end if line_end >= 0 else len(source)):
        if token.start() <= offset < token.end() and token.group()[0] in ';"':
            return True
    return False


def _fields(source: str, start: int) -> tuple[dict[str, str], int]:
    """The `field: pattern` pairs of a template form whose name ends before `start`, and the offset after its
    closing bracket."""
    fields: dict[str, list[str]] = {}
    depth, current = 0, None
    for token in QUERY_TOKEN.finditer(source, start):
        text = token.group()
        if text.startswith(";"):
            continue
        if text in ")]" and depth == 0:
            return {k: " ".join(v) for k, v in fields.items()}, token.end()
        if depth == 0 and text.endswith(":") and text[:-1].isidentifier():
            current = text[:-1]
            fields[current] = []
            continue
        if current is None:
            raise GrammarError(f"a template form needs `field:` before {text!r}")
        fields[current].append(text)
        depth += 1 if text in "([" else -1 if text in ")]" else 0
    raise GrammarError("a template form is not closed")


@cache
def query(name: str) -> ts.Query:
    return ts.Query(language(name), query_source(name))


@cache
def _patterns(name: str) -> list[Pattern]:
    """Per pattern of the language's query: its `#set!` attributes, its post-checks, its `defines` pattern (where
    a language names what it defines inside a node's text (SAS: `output out=stats`), the names are the first
    groups of that pattern's matches in the text of a `_defines.*` capture, in lower case), its `via` kind (the
    match defines only when every `@_via` name holds that kind, as `VIA` says) and
    its `calls`: the functions whose calls a `@_via` text may hold (only their arguments count: `c(1, 2)`,
    `rnorm(10)`); a call of any other function there makes the match define nothing; and its `constants`: names
    that hold a language's own values there (`letters`, `pi`); its `no-keys` capture, whose text must name no person
    key for the match to define anything."""
    q = query(name)
    out = []
    for index in range(q.pattern_count):
        attrs = {str(k): str(v) for k, v in q.pattern_settings(index).items()}
        checks = tuple(c for c in attrs.pop("check", "").split(",") if c)
        defines = attrs.pop("defines", None)
        via, calls = attrs.pop("via", None), frozenset(attrs.pop("calls", "").split())
        constants = frozenset(attrs.pop("constants", "").split())
        fetches = attrs.pop("fetches", None)
        no_keys = attrs.pop("no-keys", None)
        keys_in = attrs.pop("keys-in", None)
        not_own = attrs.pop("not-own", None)
        summarised = attrs.pop("summarised", None)
        out.append(
            Pattern(
                attrs,
                checks,
                regex.compile(defines) if defines else None,
                via,
                calls,
                constants,
                regex.compile(fetches) if fetches else None,
                no_keys,
                regex.compile(keys_in) if keys_in else None,
                not_own,
                regex.compile(summarised) if summarised else None,
            )
        )
    return out


# What the names of a `via` match may hold: a handle also counts as `other`; `data` is a frame or a name never
# assigned (R: a data set of a package), while Python's `frame` is strict (`first = row[0]` of a loop's row).
# `made` (Python): every name holds other or a handle, as `Scope.made_of` reads it; `generated`: the same, other
# only, not a handle (whose `head()` fetches rows; also `avg.query(...).head()` of a name holding other); `named`:
# the `@_via` string names a table that holds other (`CASTable('x')`); `some-data`: at least one name holds a frame
# (a part of a table replaced with persons' values, R: `d[i, ] <- cohort[i, ]`), calls aside.
VIA: dict[str, frozenset[str | None]] = {
    "handle": frozenset({"handle"}),
    "other": frozenset({"other", "handle"}),
    "made": frozenset({"other", "handle"}),
    "generated": frozenset({"other"}),
    "named": frozenset({"other"}),
    "frame": frozenset({"frame"}),
    "data": frozenset({"frame", None}),
    "maker": frozenset({"maker"}),
    "drawn": frozenset({"other"}),
    "drawn-by": frozenset({"other"}),
    "some-data": frozenset({"frame"}),
    "saved": frozenset({"other"}),
}

# `@_defines.drawn`: the name holds values the program generates (random draws, a sample generator's, a grid; also
# a summary per group, which draws no one's point: Python's frames.scm) or computes only from such values (with
# `via "drawn"`: every name the `@_via` text uses holds them, at least one, and it calls only `calls`; with `via
# "drawn-by"`, the arguments of a generator or a class, constants alone are enough). Kept beside the name's kind,
# under `drawn_key`, since a drawn value is also `other`; any other assignment of the name ends it. A string
# captured so is a file the program saved its own drawing to (`fig.savefig('hello.png')`); with `via "saved"`,
# what reads every `@_via` string back holds what it drew.
DRAWN = "_defines.drawn"


@dataclass(frozen=True, slots=True)
class Pattern:
    """What a pattern of a language's query sets besides its captures (see `_patterns`)."""

    attrs: dict[str, str]
    checks: tuple[str, ...]
    defines: regex.Pattern[str] | None
    via: str | None
    calls: frozenset[str]
    constants: frozenset[str]
    # methods that fetch rows when a handle is used (`tbl.head()`, `g.apply(f)` of a group-by object), not when only
    # values made in the program are (`df.groupby('key').apply(f)` of a drawn frame)
    fetches: regex.Pattern[str] | None = None
    # a capture whose text must name no person key (`pnr`, `patient_id`) for the match to define anything; only
    # the first groups of `keys_in`'s matches in it, when set
    no_keys: str | None = None
    keys_in: regex.Pattern[str] | None = None
    # a capture whose text must be no name the code assigned before (a function of the file) for the match to
    # define anything
    not_own: str | None = None
    # functions whose arguments are no value put in (`via "some-data"`: summaries, counts, names of a frame)
    summarised: regex.Pattern[str] | None = None

    def names_key(self, text: str, data: bytes = b"", at: int = 0) -> bool:
        """Whether `text` (its `keys_in` groups) names a person key, also through a name the code in `data` last
        assigned before byte `at` a literal naming one (`key = "pnr"` or `ids = ["pnr", "aar"]`, then
        `groupby(key)`)."""
        parts = [m[1] or "" for m in self.keys_in.finditer(text)] if self.keys_in else [text]
        if any(names_identifier(part) for part in parts):
            return True
        names = {word for part in parts for word in _BARE_NAME.findall(_QUOTED.sub("", part))}
        if not names or not data:
            return False
        literals = _literals(data)
        last = (max(((o, v) for o, v in literals.get(name, ()) if o < at), default=(0, "")) for name in names)
        return any(names_identifier(value) for _o, value in last)


# A name outside quotes, and a literal a name is assigned at the start of a line (`key = "pnr"`, `ids = ["pnr",
# "aar"]`, `id <- "pnr"`), or a frame's column (`grp <- bef$pnr`, `grp = bef["pnr"]`: the key's values).
_QUOTED = regex.compile(r"\"[^\"]*\"|'[^']*'")
_BARE_NAME = regex.compile(r"(?<![\w.])[A-Za-z_]\w*(?![\w(])")
_LITERAL = regex.compile(
    rb"(?m)^[ \t]*([A-Za-z_][\w.]*)[ \t]*(?:=|<-)[ \t]*(\[[^\]\n]*\]|\"[^\"\n]*\"|'[^'\n]*'|c\([^)\n]*\)"
    rb"|[A-Za-z_][\w.]*(?:\$[A-Za-z_]\w*|\[\[?[\"'][A-Za-z_]\w*[\"']\]\]?)[ \t]*$)"
)


@lru_cache(maxsize=4)  # the matches of one file are checked together; bytes cache their hash
def _literals(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Per name, the offsets and texts of the literals a file's code assigns it."""
    found: dict[str, list[tuple[int, str]]] = {}
    for m in _LITERAL.finditer(data):
        found.setdefault(m[1].decode("utf-8", errors="replace"), []).append(
            (m.start(), m[2].decode("utf-8", errors="replace"))
        )
    return found


# The names a `@_via` capture's text uses: not argument names (`Model = "x"`), strings, numbers or constants; nor
# what stands in `#` comments.
_VIA_STRINGS = regex.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|#[^\n]*")
_VIA_NAMES = regex.compile(
    r"(?<![\w.$@])(?!(?:TRUE|FALSE|NULL|NA|Inf|NaN|True|False|None)\b)((?:[A-Za-z_]|\.(?!\d))[\w.]*)"
    r"(?![\w.]*\s*=(?!=))"
)
_VIA_CALL = regex.compile(r"\s*\(")
_LAMBDA = regex.compile(r"\blambda\b([^:]*):")


def _named(texts: list[str], constants: frozenset[str], summarised: regex.Pattern[str] | None) -> Iterator[str]:
    """The names the texts of a `via` match use as values: not the functions they call, nor `constants`, nor what
    the calls of a `summarised` function are given."""
    for text in texts:
        text = _VIA_STRINGS.sub("", text)
        skip_to = 0
        for found in _VIA_NAMES.finditer(text):
            if found.start() < skip_to:
                continue
            call = _VIA_CALL.match(text, found.end())
            if call and summarised is not None and summarised.fullmatch(found[1]):
                skip_to = _closing(text, call.end())
            elif found[1] not in constants and not call:
                yield found[1]


def _closing(text: str, at: int) -> int:
    """The offset after the parenthesis that closes the one opened just before `at` (the text's end if none)."""
    depth = 1
    for i in range(at, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if not depth:
            return i + 1
    return len(text)


# The helper captures the data flow reads, and what they say the name holds. A handle shows no rows itself, but
# its methods may fetch them (`tbl.head()`): only the `not-handle` check of a bare name drops it. `any`: assigned
# something not known either way (a call of a function the lists do not name), which ends what the name held
# before. At one offset the kind that ranks last wins (`tbl = conn.read_csv()`: handle, not frame; any kind
# outranks `any`).
HELPERS = {
    "_defines.any": "any",
    "_defines.function": "function",
    "_defines.frame": "frame",
    "_defines.handle": "handle",
    "_defines.other": "other",
    "_defines.maker": "maker",
}
_RANK = {kind: rank for rank, kind in enumerate(HELPERS.values())}


def table_key(name: str) -> str:
    """The key of a table by its name (`CrimesByMonth`): no program name looks like it."""
    return "table:" + name.lower()


def drawn_key(name: str) -> str:
    """The key under which the data flow records whether `name` holds values the program generates."""
    return "drawn:" + name


def _literal_table(text: str) -> str:
    """The key of a table named by a string literal (`'CrimesByMonth'`)."""
    return table_key(text.strip().lstrip("rRbBuUfF").strip("'\""))


def _ranked(definition: tuple[int, str]) -> tuple[int, int]:
    return definition[0], _RANK[definition[1]]


@cache
def fact_kinds() -> frozenset[str]:
    return frozenset(load_toml("grammars", "facts.toml"))


@dataclass(slots=True)
class Candidate:
    """A fact before its post-checks ran: keeps the node, which some checks need."""

    fact: Fact
    node: ts.Node
    start: int
    # the query pattern that found it: its post-checks, and its `calls`, `constants` and `fetches` for a check that
    # reads what a value is made of
    pattern: Pattern


@dataclass(slots=True)
class Scope:
    """Names and what they were last assigned, in source order: (byte offset in the file, kind) per name; `prior`:
    what names held before this code ran (the cells of a notebook or the chunks of R Markdown above it); `later`,
    `earlier`: the code that runs after and before it there (see `Document.later`, `Document.earlier`); `sas_index`:
    the macros and library tables of the project's SAS files (`Document.sas_index`)."""

    defs: dict[str, list[tuple[int, str]]]
    prior: dict[str, str] = field(default_factory=dict)
    later: str = ""
    earlier: str = ""
    sas_index: SasIndex | None = None
    # `final` as the grammar read the code, kept when statements it could not read are then re-read one by one
    # (`read`): out of their step (`output out=` apart from the step's `class`), they say less surely what a name
    # holds than they tell the rest of the code's checks, so the next cell is not given them (`after`)
    unrecovered: dict[str, str] | None = None

    def kind(self, name: str, before: int) -> str | None:
        found = None
        for at, kind in self.defs.get(name, ()):
            if at >= before:
                break
            found = kind
        return found if found is not None else self.prior.get(name)

    def define(self, lang: str, index: int, captures: dict[str, list[ts.Node]], data: bytes, shift: int) -> None:
        """Record the names a query match's `_defines.*` captures assign (offsets in the file's bytes)."""
        pattern = _patterns(lang)[index]
        defines, via = pattern.defines, pattern.via
        if pattern.no_keys is not None and any(
            pattern.names_key(node_text(data, node), data, node.start_byte)
            for node in captures.get(pattern.no_keys, ())
        ):
            return
        defined = [(helper, node) for helper in HELPERS for node in captures.get(helper, ())]
        drawn = captures.get(DRAWN, [])
        if pattern.not_own is not None and any(
            self._held(node_text(data, node), node.start_byte + shift) is not None
            for node in captures.get(pattern.not_own, ())
        ):
            return
        kinds: set[str | None] = set()
        if via is not None and (defined or drawn):
            vias = captures.get("_via", ())
            before = min(node.start_byte for node in [*(n for _h, n in defined), *drawn]) + shift
            texts = [node_text(data, node) for node in vias]
            if via in ("drawn", "drawn-by"):
                at = max(before, min((node.start_byte + shift for node in vias), default=before))
                own = frozenset(node.start_byte + shift for node in drawn)
                by = via == "drawn-by"
                # a function's parameters (`@_parameters`) stand in for its arguments, whatever names outside it held
                params = {
                    m[1] for n in captures.get("_parameters", ()) for m in _VIA_NAMES.finditer(node_text(data, n))
                }
                if any(
                    self.made_of(t, at, pattern.calls, pattern.constants, own, by, params, drawn=True) is None
                    for t in texts
                ):
                    for node in drawn:  # assigned something else: no longer what it held
                        self._undraw(node_text(data, node), node.start_byte + shift, assigned=True)
                    return
            elif via in ("made", "generated"):
                # what the names held where the value is computed (a function's `return`, after its body's
                # assignments), not what this statement itself assigns
                own = frozenset(node.start_byte + shift for _h, node in defined)
                at = max(before, min((node.start_byte + shift for node in vias), default=before))
                assigned = frozenset(node_text(data, node) for _h, node in defined)
                made = [self.made_of(text, at, pattern.calls, pattern.constants, own, names=assigned) for text in texts]
                # rows fetched (`generated`) are no one's only from values made in the program, not from a handle
                if None in made or (via == "generated" and "handle" in made):
                    return
                kinds.update(made)
            elif via == "some-data":
                named = _named(texts, pattern.constants, pattern.summarised)
                if not any(self._held(name, before) in VIA[via] for name in named):
                    return
            elif via == "saved":
                if not texts or any(self._held(drawn_key(_literal_table(t)), before) != "other" for t in texts):
                    return
            elif via == "named":
                if not texts or any(self._held(_literal_table(text), before) != "other" for text in texts):
                    return
            else:
                if via == "maker":  # a function may be defined inside the body whose last expression uses it
                    before = max(before, min((node.start_byte + shift for node in vias), default=before))
                held = self._via_kinds(lang, texts, before, pattern)
                if held is None or not held <= VIA[via]:
                    return
                kinds = held
        for helper, node in defined:
            text = node_text(data, node)
            if node.type == "string":
                # a table named by a string (what an action writes), not a program name; or the tables a string of
                # code creates, as `defines` finds them (`create table by_origin as select ...`)
                names = [table_key(m[1]) for m in defines.finditer(text) if m[1]] if defines else [_literal_table(text)]
            else:
                names = [m[1].lower() for m in defines.finditer(text) if m[1]] if defines else [text]
            # made from handles only (a part or a copy of a CAS action's result), it is a handle too
            kind = "handle" if via in ("other", "made") and kinds == {"handle"} else HELPERS[helper]
            for name in names:
                self.defs.setdefault(name, []).append((node.start_byte + shift, kind))
                self._undraw(name, node.start_byte + shift)
        for node in drawn:
            text = node_text(data, node)
            key = drawn_key(_literal_table(text) if node.type == "string" else text)
            self.defs.setdefault(key, []).append((node.start_byte + shift, "other"))

    def _undraw(self, name: str, at: int, assigned: bool = False) -> None:
        """`name`, assigned at `at` something not known to be generated, no longer holds what it was drawn: recorded
        for a name drawn before (most names never are), and, when `assigned`, for one no kind records either (`img =
        plt.imread(...)`), which would otherwise pass for a name never assigned (`_drawn`)."""
        key = drawn_key(name)
        unknown = assigned and name not in self.defs and name not in self.prior
        if key in self.defs or key in self.prior or unknown:
            self.defs.setdefault(key, []).append((at, "any"))

    def _via_kinds(self, lang: str, texts: list[str], before: int, pattern: Pattern) -> set[str | None] | None:
        """What the names in a `via` match's texts hold; None when one calls a function its `calls` do not list."""
        kinds: set[str | None] = set()
        for text in texts:
            text = _VIA_STRINGS.sub("", text)
            for found in _VIA_NAMES.finditer(text):
                name = found[1]
                if _VIA_CALL.match(text, found.end()):
                    if name in pattern.calls:
                        continue
                    return None
                if name in pattern.constants:
                    continue
                held = self._held(name, before)
                if held is None and lang == "python" and "." in name:
                    held = self._held(name.split(".")[0], before)  # `rng.rand`: an attribute of `rng`
                kinds.add(held)
        return kinds

    def made_of(
        self,
        text: str,
        before: int,
        calls: frozenset[str],
        constants: frozenset[str],
        own: Collection[int] = (),
        literal: bool = False,
        names: Collection[str] = (),
        drawn: bool = False,
    ) -> str | None:
        """What a Python value computed by `text` holds, when it is made only of results, arrays, handles or values
        typed in or generated: names holding them (or an attribute of one), calls of their methods or of a function
        that returns them (a query leaves out the methods that fetch rows), the functions `calls` lists
        (`pd.DataFrame`, `np.sin`) and `constants`. "handle" when a handle is used, "other" when only other
        values are, None when anything else is (a frame of data, a name nothing typed, another function). With
        `literal`, a listed call of values typed in or drawn is enough (`pd.DataFrame(np.random.rand(3, 2))`, shown
        as it is made; a name assigned an empty frame may still be filled with data). The assigned `names` may
        be used while they hold nothing known (`res = pd.concat([res, part])` after `res = pd.DataFrame()`). With
        `drawn`, "other" only when every name holds values the program generates (`drawn_key`), or is a plain name
        never assigned (a function's parameter: `rng.rand(n)`), and one does; with `literal` too, constants alone
        are enough (the arguments of a generator: `np.random.RandomState(42)`)."""
        kinds: set[str] = set()
        called = False
        text = _VIA_STRINGS.sub("", text)
        # a lambda's parameters stand for what it is applied to, which the text names where it applies it
        # (`df.groupby('key').transform(lambda x: x - x.mean())`)
        local = {p.strip().split("=")[0].strip() for m in _LAMBDA.finditer(text) for p in m[1].split(",")}
        text = _LAMBDA.sub(" ", text)
        for found in _VIA_NAMES.finditer(text):
            name = found[1]
            if name[0] == "." or name in constants or name.split(".")[0] in local:
                continue  # `.sum()` after a call or subscript: a method of the value it follows, checked there
            if name in calls and _VIA_CALL.match(text, found.end()):
                called = True
                continue
            if drawn and name[0].isupper() and "." not in name and _VIA_CALL.match(text, found.end()):
                continue  # a class made on the way (`SVC(kernel='rbf').fit(X, y)`): what it is given decides
            if drawn and name.split(".")[0] in names:
                continue  # a function's parameter: the caller's argument, which its call's own check reads
            if drawn:
                kind = self._drawn(name, before, own, literal, _VIA_CALL.match(text, found.end()) is not None)
                if kind is None:
                    return None
                kinds.update([kind] if kind else [])
                continue
            held = self._held(name, before, own)
            if held is None and "." in name:
                held = self._held(name.split(".")[0], before, own)
            if held in (None, "any") and name in names:
                continue
            if held == "function" and not _VIA_CALL.match(text, found.end()):
                continue  # a function of the program passed on (`apply(norm)`): applied to the value's parts
            if held not in ("other", "handle"):
                return None
            kinds.add(held)
        if drawn:
            return "other" if kinds or literal else None
        if not kinds:
            return "other" if literal and called else None
        # a handle's methods take options (`conn.CASTable(name)` of a name holding a string) and return handles
        return "handle" if "handle" in kinds else "other"

    def _drawn(self, name: str, before: int, own: Collection[int], literal: bool, called: bool) -> str | None:
        """For `made_of` with `drawn`: "other" when `name` holds values the program generates; "" when it may stand
        in one (a function's parameter, a name never assigned; with `literal`, a generator's parameter typed in or
        a result: `rng.multivariate_normal(mean, cov, 100)`); None otherwise."""
        base = name.split(".")[0]
        held = self._held(drawn_key(name), before, own) or self._held(drawn_key(base), before, own)
        if held == "other":
            return "other"
        if literal and self._held(name, before, own) == "other":
            return ""
        never = held is None and self._held(base, before, own) is None
        return "" if never and "." not in name and not called else None

    def _held(self, name: str, before: int, own: Collection[int] = ()) -> str | None:
        """What `name` held before offset `before`, while the definitions are still being recorded (unsorted; at
        one offset the kind that ranks last, as after `sort`), leaving out the definitions at offsets `own`."""
        earlier = [d for d in self.defs.get(name, ()) if d[0] < before and d[0] not in own]
        return max(earlier, key=_ranked)[1] if earlier else self.prior.get(name)

    def sort(self) -> None:
        for defs in self.defs.values():
            defs.sort(key=_ranked)

    def final(self) -> dict[str, str]:
        """What each name holds after the code: the prior kinds, updated by the code's last assignments."""
        return {**self.prior, **{name: defs[-1][1] for name, defs in self.defs.items() if defs}}

    def after(self) -> dict[str, str]:
        """What each name holds after the code, for the notebook cell or R Markdown chunk after it."""
        return self.final() if self.unrecovered is None else self.unrecovered


# A post-check: the facts a candidate becomes (none to drop it).
Check = Callable[[Candidate, Scope, Positions, bool], Iterator[Fact]]
# Re-reads a piece of the file on its own: (its bytes, the shift of its offsets to the file's, the span of the
# file to keep); raises Unreadable when the grammar still cannot read it.
Reparse = Callable[[bytes, int, range], list[Fact]]
# A language's recovery of the regions the grammar could not read: yields facts, returns the regions still unread.
Recover = Callable[[Reparse, bytes, Positions, list[tuple[int, int]]], Generator[Fact, None, list[tuple[int, int]]]]


class Unreadable(Exception):
    """A re-read statement still does not parse."""


def read(
    lang: str,
    data: bytes,
    positions: Positions,
    embedded: bool,
    checks: Mapping[str, Check],
    recover: Recover | None,
    shift: int = 0,
    span: range | None = None,
    scope: Scope | None = None,
) -> Generator[Fact, None, None]:
    """Facts of `data`; `shift` maps its byte offsets to the file's; with `span`, only what falls inside it (in the
    file's offsets) is kept, clipped to it. A nested parse (a re-read statement) does not recover again, and shares
    the file's `scope`: what a re-read statement defines counts for the rest of the file, and the other way round
    (the file's post-checks run after the recovery, so they see both)."""
    tree = parser(lang).parse(data)
    kinds = fact_kinds()
    patterns = _patterns(lang)
    scope = scope if scope is not None else Scope({})
    plain: list[Fact] = []  # facts without post-checks
    candidates: list[Candidate] = []
    errors: list[ts.Node] = []
    for index, captures in ts.QueryCursor(query(lang)).matches(tree.root_node):
        preset, names_checks = patterns[index].attrs, patterns[index].checks
        scope.define(lang, index, captures, data, shift)
        attrs = dict(preset)
        named = []
        for name, nodes in captures.items():
            if name in kinds:
                named.append(name)
            elif name[0] != "_":
                attrs[name] = ",".join(node_text(data, n) for n in nodes)
        if not named:
            continue
        if "{callee}" in attrs.get("rule", ""):
            # One pattern serves several functions: `#set! rule "r.{callee}"` names the rule after the call.
            attrs["rule"] = attrs["rule"].replace("{callee}", attrs.get("callee", "").lower())
        for name in named:
            for node in captures[name]:
                if name == "parse.error":
                    errors.append(node)
                    continue
                start, end = node.start_byte + shift, node.end_byte + shift
                if span is not None:
                    # A node that starts in the wrapper around a re-read statement (`proc print; title ...;
                    # run;`) is the wrapper's, not the statement's: the step's own header reports the step.
                    if start < span.start or start >= span.stop:
                        continue
                    end = min(end, span.stop)
                text = data[start - shift : end - shift].decode("utf-8", errors="replace")
                fact = positions.fact(name, start, end, text, dict(attrs) if attrs else {})
                if names_checks:
                    candidates.append(Candidate(fact, node, start, patterns[index]))
                else:
                    plain.append(fact)
    yield from plain
    scope.sort()
    if span is not None:
        for candidate in candidates:
            yield from _checked(candidate, checks, scope, positions, embedded)
        if errors:
            raise Unreadable
        return
    regions = [(n.start_byte, n.end_byte) for n in _outermost(errors)]
    if recover is not None and regions:
        scope.unrecovered = scope.final()

    def reparse(piece: bytes, piece_shift: int, piece_span: range) -> list[Fact]:
        return list(read(lang, piece, positions, embedded, checks, None, piece_shift, piece_span, scope))

    unread = regions if recover is None or not regions else (yield from recover(reparse, data, positions, regions))
    scope.sort()
    for candidate in candidates:
        yield from _checked(candidate, checks, scope, positions, embedded)
    for start, end in _nearby(unread, data) if recover is not None else _spanned(unread):
        text = data[start:end].decode("utf-8", errors="replace")
        yield positions.fact("parse.error", start, end, text[:200])


def root_of(node: ts.Node) -> ts.Node:
    """The root of the tree a node is in (a check reads the code around its candidate)."""
    while node.parent is not None:
        node = node.parent
    return node


def node_text(data: bytes, node: ts.Node) -> str:
    # Slicing the source is many times faster than `node.text`.
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def _nearby(regions: list[tuple[int, int]], data: bytes) -> list[tuple[int, int]]:
    """Unreadable regions at most one line apart are one region to check by hand (output pasted into a program
    breaks the grammar on almost every line)."""
    merged: list[tuple[int, int]] = []
    for start, end in regions:
        if merged and data.count(b"\n", merged[-1][1], start) <= 2:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _spanned(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The unreadable regions of a language whose statements are not re-read (R, Python), as one: from the first to
    the end of the last. What the grammar made of the code between two errors is a guess (an unclosed quote turns
    the code after it into strings and the strings into code, up to the next error), and R and Python themselves
    reject the whole file at the first."""
    return [(regions[0][0], max(end for _, end in regions))] if regions else []


def _outermost(nodes: list[ts.Node]) -> list[ts.Node]:
    kept: list[ts.Node] = []
    for node in sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte)):
        if not kept or node.start_byte >= kept[-1].end_byte:
            kept.append(node)
    return kept


def _checked(
    c: Candidate, checks: Mapping[str, Check], scope: Scope, positions: Positions, embedded: bool
) -> Iterator[Fact]:
    out = [c.fact]
    for name in c.pattern.checks:
        check = checks[name]
        out = [
            f for fact in out for f in check(Candidate(fact, c.node, c.start, c.pattern), scope, positions, embedded)
        ]
    yield from out
