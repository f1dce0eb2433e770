"""The tree-sitter front end for SAS, R and Python: the only module that touches tree-sitter.

Language knowledge lives in `grammars/<lang>/*.scm`, read as one query per language. The conventions:
- a capture named after a fact kind (grammars/facts.toml) becomes a fact with the node's span and text;
- other captures become attributes of that fact (their texts, joined by "," when repeated);
- captures starting with `_` are helpers for predicates, except two that feed a small data-flow pass:
  `@_defines.frame` / `@_defines.other` mark a name assigned a data frame / something that is not one;
- `#set! key "value"` sets an attribute; `#set! check "a,b"` names post-checks (see `_CHECKS`) that decide
  whether the fact is kept (or, for `conditions`, what facts it becomes).

ERROR regions become `parse.error` facts. For SAS, whose grammar stumbles on macro code, inline data and dataset
options, each statement of such a region is parsed again on its own in the context of its step, and read at
token level when even that fails, so no statement is lost; a region is reported only if something in it stayed
unreadable.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import import_module

import regex
import tree_sitter as ts

from ..config import Settings
from ..model import Fact
from ..resources import list_dir, load_toml
from . import Document, sas_statements
from .tokens import Positions, compare_facts

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
def parser(name: str) -> ts.Parser:
    return ts.Parser(language(name))


@cache
def query_source(name: str) -> str:
    parts = [f.read_text(encoding="utf-8") for f in list_dir("grammars", name) if f.name.endswith(".scm")]
    return "\n".join(parts)


@cache
def query(name: str) -> ts.Query:
    return ts.Query(language(name), query_source(name))


@cache
def _patterns(name: str) -> list[tuple[dict[str, str], tuple[str, ...], regex.Pattern[str] | None]]:
    """Per pattern of the language's query: its `#set!` attributes, its post-checks, and its `defines` pattern:
    where a language names what it defines inside a node's text (SAS: `output out=stats`), the names are the
    first groups of that pattern's matches in the text of a `_defines.*` capture, in lower case."""
    q = query(name)
    out = []
    for index in range(q.pattern_count):
        attrs = {str(k): str(v) for k, v in q.pattern_settings(index).items()}
        checks = tuple(c for c in attrs.pop("check", "").split(",") if c)
        defines = attrs.pop("defines", None)
        out.append((attrs, checks, regex.compile(defines) if defines else None))
    return out


_HELPERS = (("_defines.frame", "frame"), ("_defines.other", "other"))


@cache
def fact_kinds() -> frozenset[str]:
    return frozenset(load_toml("grammars", "facts.toml"))


@dataclass(slots=True)
class _Candidate:
    """A fact before its post-checks ran: keeps the node, which some checks need."""

    fact: Fact
    node: ts.Node
    start: int
    checks: tuple[str, ...]


@dataclass(slots=True)
class _Scope:
    """Names and what they were last assigned, in source order: (byte offset, kind) per name."""

    defs: dict[str, list[tuple[int, str]]]

    def kind(self, name: str, before: int) -> str | None:
        found = None
        for at, kind in self.defs.get(name, ()):
            if at >= before:
                break
            found = kind
        return found


_MAGIC = regex.compile(rb"(?m)^[ \t]*[%!][^\n]*")


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    assert doc.language is not None
    data = doc.text.encode("utf-8", errors="surrogatepass")
    positions = Positions(doc.text, data)
    parsed = data
    if doc.language == "python" and doc.embedded:
        # IPython magics and shell lines in notebook cells (`%load_ext x`, `!pip ...`) are not Python: blanked
        # byte for byte, so offsets hold, instead of read as a parse error and a bare name.
        parsed = _MAGIC.sub(lambda m: b" " * len(m.group()), data)
    merged: dict[tuple[str, int, int, int, int, str], Fact] = {}
    for fact in _facts(doc.language, parsed, positions, doc.embedded):
        key = (fact.kind, fact.line, fact.column, fact.end_line, fact.end_column, fact.attrs.get("rule", ""))
        if fact.kind == "output.print":
            # The main parse and a re-read of the same statement can end differently (the step, or only its
            # header): one printing statement is one fact, the longer reading.
            key = (fact.kind, fact.line, fact.column, 0, 0, fact.attrs.get("rule", ""))
            if key in merged and (merged[key].end_line, merged[key].end_column) < (fact.end_line, fact.end_column):
                fact.attrs = {**merged[key].attrs, **fact.attrs}
                merged[key] = fact
                continue
        if key in merged:
            for name, value in fact.attrs.items():
                merged[key].attrs.setdefault(name, value)
        else:
            merged[key] = fact
    yield from sorted(merged.values(), key=lambda f: (f.line, f.column, f.kind, f.end_line, f.end_column))


def _facts(
    lang: str,
    data: bytes,
    positions: Positions,
    embedded: bool,
    shift: int = 0,
    span: range | None = None,
    recover: bool = True,
) -> Generator[Fact, None, None]:
    """Facts of `data`; `shift` maps its byte offsets to the file's; with `span`, only what falls inside it (in the
    file's offsets) is kept, clipped to it. A nested parse (a re-read statement) does not recover again."""
    tree = parser(lang).parse(data)
    kinds = fact_kinds()
    patterns = _patterns(lang)
    scope = _Scope({})
    plain: list[Fact] = []  # facts without post-checks
    candidates: list[_Candidate] = []
    errors: list[ts.Node] = []
    for index, captures in ts.QueryCursor(query(lang)).matches(tree.root_node):
        preset, checks, defines = patterns[index]
        for helper, kind in _HELPERS:
            for node in captures.get(helper, ()):
                text = _text(data, node)
                names = [m[1].lower() for m in defines.finditer(text) if m[1]] if defines else [text]
                for name in names:
                    scope.defs.setdefault(name, []).append((node.start_byte, kind))
        attrs = dict(preset)
        named = []
        for name, nodes in captures.items():
            if name in kinds:
                named.append(name)
            elif name[0] != "_":
                attrs[name] = ",".join(_text(data, n) for n in nodes)
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
                if checks:
                    candidates.append(_Candidate(fact, node, start, checks))
                else:
                    plain.append(fact)
    yield from plain
    for defs in scope.defs.values():
        defs.sort()
    for candidate in candidates:
        yield from _checked(candidate, scope, positions, embedded)
    if span is not None:
        if errors:
            raise _Unreadable
        return
    regions = [(n.start_byte, n.end_byte) for n in _outermost(errors)]
    recovered = RECOVER.get(lang) if recover else None
    unread = (
        regions
        if recovered is None or not regions
        else (yield from recovered(lang, data, positions, embedded, regions))
    )
    for start, end in _nearby(unread, data):
        text = data[start:end].decode("utf-8", errors="replace")
        yield positions.fact("parse.error", start, end, text[:200])


class _Unreadable(Exception):
    """A re-read statement still does not parse."""


def _text(data: bytes, node: ts.Node) -> str:
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


def _outermost(nodes: list[ts.Node]) -> list[ts.Node]:
    kept: list[ts.Node] = []
    for node in sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte)):
        if not kept or node.start_byte >= kept[-1].end_byte:
            kept.append(node)
    return kept


# --- post-checks -------------------------------------------------------------------------------------------------

Check = Callable[[_Candidate, _Scope, Positions, bool], Iterator[Fact]]

# proc report lists rows unless a DEFINE gives a summarising usage or a statistic.
_REPORT_SUMMARY = regex.compile(
    r"\bdefine\b[^;]*/[^;]*\b(group|across|analysis|sum|mean|n|nmiss|min|max|median|std|pctn|pctsum|computed)\b",
    regex.IGNORECASE,
)


def _frame(c: _Candidate, scope: _Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a name last assigned a data frame (read_csv, data.frame, merge, a dplyr verb...)."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.node.start_byte) == "frame":
        yield c.fact


def _maybe_frame(c: _Candidate, scope: _Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Any name except one last assigned something that is known not to be a data frame (c(), 1:10, table())."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.node.start_byte) != "other":
        yield c.fact


def _builtin(c: _Candidate, scope: _Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a call of a function the file defined before it (`fix <- function(x) ...` is not R's `fix`)."""
    if scope.kind(c.fact.attrs.get("callee", ""), c.node.start_byte) is None:
        yield c.fact


_R_PIPES = ("%>%", "|>")
# data.table's `dt[i, j, by = g]` with a summary in j prints one row per group.
_R_BY = regex.compile(r"\b(?:by|keyby)\s*=")
_R_SUMMARY = regex.compile(r"(?:\b(?:sum|mean|median|min|max|sd|var|length|uniqueN|quantile|coef)\s*\(|\.N\b)")


def _r_results(c: _Candidate, scope: _Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a pipe whose source or some step makes a results table (grammars/r/results.toml), nor a per-group
    summary of a data.table."""
    node: ts.Node | None = c.node
    if node is not None and node.type == "subset":
        if not (_R_BY.search(c.fact.text) and _R_SUMMARY.search(c.fact.text)):
            yield c.fact
        return
    while node is not None and node.type == "binary_operator":
        operator = node.child_by_field_name("operator")
        if operator is None or operator.text is None or operator.text.decode() not in _R_PIPES:
            break
        if _r_call_name(node.child_by_field_name("rhs")) in _r_results_functions():
            return
        node = node.child_by_field_name("lhs")
    if node is not None and node.type == "identifier" and node.text is not None:
        if scope.kind(node.text.decode(), c.node.start_byte) == "other":
            return
    elif _r_call_name(node) in _r_results_functions():
        return
    yield c.fact


@cache
def _r_results_functions() -> frozenset[str]:
    return frozenset(load_toml("grammars", "r", "results.toml")["functions"])


def _r_call_name(node: ts.Node | None) -> str:
    if node is None or node.type != "call":
        return ""
    function = node.child_by_field_name("function")
    if function is not None and function.type == "namespace_operator":
        function = function.child_by_field_name("rhs")
    return function.text.decode() if function is not None and function.text is not None else ""


# The data set a SAS step reads (`data=`); without it, the step reads the last one created.
_SAS_DATA = regex.compile(r"\bdata\s*=\s*([A-Za-z_&][\w.&]*)", regex.IGNORECASE)


def _data_rows(c: _Candidate, scope: _Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """Not a data set last written as statistics (`output out=` of a summarising proc, `ods output`, `outest=`:
    frames.scm), nor one made by a data step that reads nothing (a power table, a grid of values computed in
    `do` loops): printing it shows no person's row."""
    used = _SAS_DATA.search(c.fact.text)
    if used is not None and scope.kind(used[1].lower(), c.node.start_byte) == "other":
        return
    step = _maker(_sas_outline(positions.text), positions, c.start, used[1].lower() if used else None)
    if step is None or step.reads or step.raw:
        yield c.fact


_WRITES = regex.compile(r"\bout\w*\s*=", regex.IGNORECASE)
_DATA_NAMES = regex.compile(r"([A-Za-z_&][\w.&]*)\s*(?:\([^)]*\))?")


def _maker(outline: _Outline, positions: Positions, at: int, name: str | None) -> sas_statements.DataStep | None:
    """The data step that last wrote `name` before offset `at` (without a name: the step just before, if it is a
    data step), or None when a procedure or nothing in the file made it."""
    index = bisect_right(outline.starts, at) - 1
    if name is None:
        # The last data set created: skip procedures that write none (another proc print, a proc means).
        for start, end, keyword in reversed(outline.statements[:index]):
            if keyword == "data":
                return next((s for s in outline.steps if s.start == start), None)
            if keyword == "proc" and _WRITES.search(positions.text_between(start, end)):
                return None
        return None
    name = name.removeprefix("work.")
    for step in reversed(outline.steps):
        if step.start >= at:
            continue
        header = positions.text_between(step.start, outline.statements[bisect_left(outline.starts, step.start)][1])
        written = {n.lower().removeprefix("work.") for n in _DATA_NAMES.findall(header.split(None, 1)[-1])}
        if name in written:
            return step
    return None


# What a SAS put writes besides variables: literal and macro text, column and line pointers, formats, and the
# automatic _n_, _error_ and _page_. A macro reference followed by `=` names a variable (`put &var=;`).
_PUT_HEAD = regex.compile(r"^(?:if\b.*?\bthen\s+)?put\b", regex.IGNORECASE | regex.DOTALL)
_PUT_NOT_VARIABLE = regex.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|&+[A-Za-z_]\w*\.?(?!\s*=)|%[A-Za-z_]\w*(?:\([^)]*\))?"""
    r"|[@+#]\s*\w+|\$?[A-Za-z_]*\d*\.\d*|\b_(?:n|error|page)_\b",
    regex.IGNORECASE,
)
_PUT_VARIABLE = regex.compile(r"&*[A-Za-z_]\w*")


# A variable the step assigns itself (`n + 1;`, `total = sum(...)`, `do i = 1 to 3;`), also after if/then/else.
_ASSIGNED = regex.compile(
    r"\s*(?:if\b.*?\bthen\s+)?(?:else\s+)?(?:do\s+)?([A-Za-z_]\w*)\s*(?:\{[^}]*\}|\[[^\]]*\])?\s*(?:\+|=(?!=))",
    regex.IGNORECASE | regex.DOTALL,
)


def _put_data(c: _Candidate, _s: _Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A put writes observations only when it writes a variable read from a data set: in a data step with `set`,
    `merge`, ..., a variable the step does not compute itself. `data _null_;` with literals, macro text, counters
    and values it computed (`if eof then put n=;` after `n + 1;`) writes no person."""
    head = _PUT_HEAD.match(c.fact.text)
    rest = _PUT_NOT_VARIABLE.sub(" ", c.fact.text[head.end() if head else 0 :])
    written = {name.lower() for name in _PUT_VARIABLE.findall(rest)}
    if not written or (c.fact.attrs.get("rule") == "sas.put-all" and "_all_" not in written):
        return  # nothing but text, or `_all_` only inside a literal
    outline = _sas_outline(positions.text)
    for step in outline.steps:
        if step.start <= c.start < step.end:
            if not step.reads:
                return
            if written - _assigned(outline, step, positions):
                yield c.fact
            return


def _assigned(outline: _Outline, step: sas_statements.DataStep, positions: Positions) -> frozenset[str]:
    if step.start not in outline.assigned:
        names = set()
        for start, end, _keyword in outline.statements[bisect_left(outline.starts, step.start) :]:
            if start >= step.end:
                break
            found = _ASSIGNED.match(positions.text_between(start, end))
            if found:
                names.add(found[1].lower())
        outline.assigned[step.start] = frozenset(names)
    return outline.assigned[step.start]


# A query whose result goes into a table (the statement before it is `%if ... %then create table x as;` or
# `%else insert into x;`), a query of the dictionary tables (metadata), and a select list of aggregates and
# constants only (`&year as year, count(distinct pnr) as n`) print no rows.
_INTO_TABLE = regex.compile(
    r"\bcreate\s+table\b(?:(?!\bselect\b)[^;])*\bas\b(?:(?!\bselect\b)[^;])*;\s*$|\binsert\s+into\b[^;]*;\s*$",
    regex.IGNORECASE,
)
_METADATA = regex.compile(r"\bfrom\s+(dictionary\.|sashelp\.v)", regex.IGNORECASE)
_SELECT_LIST = regex.compile(r"^\s*select\s+(?:distinct\s+)?(.*?)\bfrom\b", regex.IGNORECASE | regex.DOTALL)
_GROUP = regex.compile(r"""(?P<group>\((?:[^()'"]|'[^']*'|"[^"]*"|(?&group))*\))""")
_NOT_A_COLUMN = regex.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"n?"""
    r"|&+[A-Za-z_]\w*\.?|\b(?:as|calculated)\s+\w+|\b(?:format|informat|length|label)\s*=?\s*(?:\S+)"
    r"|\b(?:count|sum|avg|mean|min|max|n|nmiss|std|var|median|freq|range|css|uss|cv|stderr)\s*\(\)|\(\)",
    regex.IGNORECASE,
)
_COLUMN = regex.compile(r"[A-Za-z_*][\w.*]*")


def _sql_rows(c: _Candidate, _s: _Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A query in proc sql prints rows unless `proc sql noprint` (also when macro code hid the header from the
    grammar), the result goes into a table chosen by `%if ... %then ... %else`, it reads metadata, or its
    select list holds only aggregates and constants."""
    if _METADATA.search(c.fact.text):
        return
    # Blanking parentheses leaves the select list's own `from` the first one (subqueries are aggregates here).
    columns = _SELECT_LIST.match(_GROUP.sub("()", c.fact.text))
    if columns and not _COLUMN.search(_NOT_A_COLUMN.sub(" ", columns[1])):
        return
    outline = _sas_outline(positions.text)
    index = bisect_right(outline.starts, c.start) - 1
    for number in range(index - 1, -1, -1):
        start, end, keyword = outline.statements[number]
        before = positions.text_between(start, end)
        if number == index - 1 and _INTO_TABLE.search(before):
            return
        if keyword == "proc":
            if regex.search(r"\bnoprint\b", before, regex.IGNORECASE):
                return
            break
    yield c.fact


@dataclass(frozen=True, slots=True)
class _Outline:
    """A SAS text's statements (byte start, byte end, keyword) and data steps, in UTF-8 byte offsets, the unit
    of facts' offsets."""

    statements: tuple[tuple[int, int, str], ...]
    starts: tuple[int, ...]
    steps: tuple[sas_statements.DataStep, ...]
    assigned: dict[int, frozenset[str]] = field(default_factory=dict)  # per step start: the variables it assigns


@lru_cache(maxsize=4)
def _sas_outline(text: str) -> _Outline:
    ascii_text = text.isascii()
    chars = offset = 0

    def to_bytes(at: int) -> int:
        nonlocal chars, offset
        if ascii_text:
            return at
        if at < chars:
            return len(text[:at].encode("utf-8", errors="surrogatepass"))
        offset += len(text[chars:at].encode("utf-8", errors="surrogatepass"))
        chars = at
        return offset

    statements = tuple(
        (to_bytes(seg.start), to_bytes(seg.end), seg.keyword)
        for seg in sas_statements.segments(text)
        if seg.kind == "statement"
    )
    chars = offset = 0
    steps = []
    for step in sas_statements.data_steps(text):
        steps.append(sas_statements.DataStep(to_bytes(step.start), to_bytes(step.end), step.reads, step.raw))
    return _Outline(statements, tuple(s[0] for s in statements), tuple(steps))


def _cell_last(c: _Candidate, _s: _Scope, _p: Positions, embedded: bool) -> Iterator[Fact]:
    """A bare expression prints only as the last statement of a notebook cell (code embedded in another file)."""
    node = c.node
    while node.parent is not None and node.parent.parent is not None:
        node = node.parent
    following = node.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    if embedded and following is None:
        yield c.fact


def _report(c: _Candidate, _s: _Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    if not _REPORT_SUMMARY.search(c.fact.text):
        yield c.fact


def _conditions(c: _Candidate, _s: _Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A condition the grammar leaves as text (a SAS statement, a query string) becomes one fact per comparison;
    what follows `then` is an action, not a condition."""
    condition = _THEN.split(c.fact.text, maxsplit=1)[0]
    yield from compare_facts(condition, c.start, positions)


_CHECKS: dict[str, Check] = {
    "frame": _frame,
    "maybe-frame": _maybe_frame,
    "builtin": _builtin,
    "r-results": _r_results,
    "cell-last": _cell_last,
    "report": _report,
    "data-rows": _data_rows,
    "put-data": _put_data,
    "sql-rows": _sql_rows,
    "conditions": _conditions,
}


def _checked(c: _Candidate, scope: _Scope, positions: Positions, embedded: bool) -> Iterator[Fact]:
    out = [c.fact]
    for name in c.checks:
        out = [
            f for fact in out for f in _CHECKS[name](_Candidate(fact, c.node, c.start, ()), scope, positions, embedded)
        ]
    yield from out


# --- SAS: re-reading what the grammar could not parse -------------------------------------------------------------

_SUBQUERY = regex.compile(r"(?P<group>\((?:[^()'\"]|'[^']*'|\"[^\"]*\"|(?&group))*\))")
_SELECT = regex.compile(r"\(\s*select\b", regex.IGNORECASE)
_THEN = regex.compile(r"\bthen\b", regex.IGNORECASE)
_TOKEN_LITERAL = regex.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*\"""")
_CONDITION = regex.compile(r"\b(if|where|when)\b|\bwhere\s*=\s*\(", regex.IGNORECASE)

Recover = Callable[[str, bytes, Positions, bool, list[tuple[int, int]]], Generator[Fact, None, list[tuple[int, int]]]]


def _recover_sas(
    lang: str, data: bytes, positions: Positions, embedded: bool, regions: list[tuple[int, int]]
) -> Generator[Fact, None, list[tuple[int, int]]]:
    """Re-read every statement that overlaps an error region; returns the regions where something stayed
    unreadable."""
    text = data.decode("utf-8", errors="replace")
    unread: list[tuple[int, int]] = []
    chars = offset = 0  # a character offset into text and its byte offset
    index = 0
    for seg in sas_statements.segments(text):
        offset += positions.width(text[chars : seg.start])
        seg_start, chars = offset, seg.start
        seg_end = seg_start + positions.width(text[seg.start : seg.end])
        while index < len(regions) and regions[index][1] <= seg_start:
            index += 1
        if index == len(regions):
            break
        start, end = regions[index]
        if seg_end <= start:
            continue
        piece = text[seg.start : seg.end]
        if seg.kind == "comment":
            yield positions.fact("comment", seg_start, seg_end, piece)
            continue
        if seg.kind == "data":
            yield positions.fact("text", seg_start, seg_end, piece, {"source": "inline-data"})
            continue
        found, readable = _reread(lang, seg, piece, seg_start, positions, embedded)
        if not readable and seg.keyword not in _sas_plain() and (not unread or unread[-1] != (start, end)):
            unread.append((start, end))
        yield from found
    return unread


def _reread(
    lang: str, seg: sas_statements.Segment, piece: str, offset: int, positions: Positions, embedded: bool
) -> tuple[list[Fact], bool]:
    """Facts of one statement parsed on its own; whether the grammar could read it (subqueries aside)."""
    prefix, suffix = sas_statements.wrapper(seg)
    shift = offset - len(prefix.encode())
    span = range(offset, offset + positions.width(piece))
    try:
        wrapped = (prefix + piece + suffix).encode("utf-8", errors="surrogatepass")
        return list(_facts(lang, wrapped, positions, embedded, shift, span, False)), True
    except _Unreadable:
        found = list(_token_facts(piece, offset, positions))
    # Subqueries trip the grammar: read the statement again with each `(select ...)` blanked (same length, so
    # positions hold), keeping what it says about the statement itself; the subquery's literals and conditions
    # came from the token-level reading.
    blanked = _SUBQUERY.sub(lambda m: _blank(m.group()) if _SELECT.match(m.group()) else m.group(), piece)
    if blanked == piece:
        return found, False
    try:
        wrapped = (prefix + blanked + suffix).encode("utf-8", errors="surrogatepass")
        again = list(_facts(lang, wrapped, positions, embedded, shift, span, False))
    except _Unreadable:
        return found, False
    for fact in again:
        if fact.kind == "output.print":
            fact.text = piece.strip()
            found.append(fact)
    return found, True


def _blank(text: str) -> str:
    return "x" + "".join(c if c == "\n" else " " for c in text[1:])


@cache
def _sas_plain() -> frozenset[str]:
    return frozenset(load_toml("grammars", "sas", "statements.toml")["plain"])


def _token_facts(statement: str, offset: int, positions: Positions) -> Iterator[Fact]:
    """The least a statement yields when no grammar reads it: its string literals and its comparisons."""
    for m in _TOKEN_LITERAL.finditer(statement):
        start = offset + positions.width(statement[: m.start()])
        yield positions.fact("literal.string", start, start + positions.width(m.group()), m.group())
    condition = _CONDITION.search(statement)
    if condition:
        tail = _THEN.split(statement[condition.start() :], maxsplit=1)[0]
        yield from compare_facts(tail, offset + positions.width(statement[: condition.start()]), positions)


RECOVER: dict[str, Recover] = {"sas": _recover_sas}
