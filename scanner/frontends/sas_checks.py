"""SAS post-checks: whether a printing statement shows rows of persons (what the data set it prints holds,
what a put writes, what a query selects), from an outline of the program's statements and data steps."""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import islice
from pathlib import PurePath
from typing import TypeAlias

import regex

from ..discover import NotText, decode
from ..fileio import NotRegularFile, open_regular
from ..identifiers import is_identifier, person_keys
from ..model import Fact
from ..sasindex import SasIndex
from . import sas_statements
from .tokens import Positions
from .tsquery import Candidate, Check, Scope


@cache
def _report_summary() -> regex.Pattern[str]:
    """A DEFINE of proc report with a summarising usage or a statistic (statements.toml `report_summaries`)."""
    usages = sas_statements.words("report_summaries")
    return regex.compile(rf"\bdefine\b[^;]*/[^;]*\b{usages}\b", regex.IGNORECASE)


# The data set a SAS step reads (`data=`); without it, the step reads the last one created. Only the procedure's
# own statement names it (macro text further in the step may mention another: `%put data=&design.;`).
def _statement_option(names: str) -> regex.Pattern[str]:
    """The data set an option of a procedure's own statement names (up to its `;`, quotes skipped): `data=`."""
    return regex.compile(rf"""^(?:[^;'"]|'[^']*'|"[^"]*")*?\b(?:{names})\s*=\s*([A-Za-z_&][\w.&]*)""", regex.IGNORECASE)


_SAS_DATA = _statement_option("data")


def _data_rows(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """Not a data set of statistics or metadata (written by a summarising procedure, `ods output`, `outest=`, a
    query per group, a data step that reads nothing or only such tables): printing it shows no person's row. What
    the file does not show being made (a library's data set, a macro's parameter, a macro call's output) is unknown
    and reported: worth a look."""
    used = _SAS_DATA.match(c.fact.text)
    outline = _sas_outline(positions.text, scope.sas_index)
    if _shows_results(outline, positions, c.start):
        return
    if _persons(outline, positions, scope, c.start, used[1].lower() if used else None, _DEPTH):
        yield _with_origin(c.fact, outline, positions, scope, c.start, used)


# PROC COMPARE's two data sets: BASE= (alias DATA=) and COMPARE= (aliases COMP=, C=), on its own statement.
_BASE = _statement_option("base|data")
_COMPARED = _statement_option("compare|comp|c")


def _compare_rows(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """proc compare prints the values that differ between its data sets (without COMPARE=, between variables of
    the one): none of a person's when each is shown made as statistics, metadata or from SAS's sample data."""
    outline = _sas_outline(positions.text, scope.sas_index)
    names = [found[1].lower() for pattern in (_BASE, _COMPARED) if (found := pattern.match(c.fact.text))]
    if any(_persons(outline, positions, scope, c.start, name, _DEPTH) for name in names or [None]):
        yield c.fact  # without BASE=, the last data set created


def _with_origin(
    fact: Fact, outline: _Outline, positions: Positions, scope: Scope, at: int, used: regex.Match[str] | None
) -> Fact:
    """The fact, with where the printed data set comes from as the program shows it (`origin`, for the reviewer's
    message): the line of the statement or the macro call that last made it before the print, or that nothing in
    the file makes it, so that what it holds is for the reviewer to tell."""
    name = used[1].lower() if used else None
    shown = f"`{used[1]}`" if used else "the last data set created"
    index = bisect_right(outline.starts, at) - 1
    made, start = -1, 0  # the last statement before the print that writes it, and where its step begins
    for number in range(index - 1, -1, -1):
        written = next(_writers(outline, positions, [number], name), None)
        if written is not None:
            # a data step that writes it in an `output x;` statement is told by its `data` statement
            made = number
            start = written.start if isinstance(written, sas_statements.DataStep) else outline.statements[number][0]
            break
    called = [
        (number, macro)
        for macro, calls in _definitions(outline, positions).calls.items()
        for number, given in calls
        if made < number < index and any(_same(name, value.lower()) for _p, value in given)
    ]
    if called:
        number, macro = max(called)
        origin = f"{shown}, written by the call of %{macro} at line {positions.point(outline.statements[number][0])[0]}"
    elif made >= 0:
        origin = f"{shown}, made at line {positions.point(start)[0]}"
    elif name is not None and scope.sas_index is not None and (files := scope.sas_index.writers(name)):
        programs = ", ".join(sorted({PurePath(path).name for path, _digest in files}))
        origin = f"{shown}, which this file does not make; written by {programs}"
    else:
        origin = f"{shown}, which this file does not make (a library's data set, a macro's parameter or output)"
    return replace(fact, attrs={**fact.attrs, "origin": origin})


def _plot_rows(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A scatter marks persons unless its step draws bars of given values or an axis table, or its data set is
    shown made as statistics (as for proc print: a summarising procedure's `out=`, not per person). The step is
    read from the file's outline, so a scatter the grammar could not parse (`%if ... %then %do; scatter ...;
    %end;`, re-read on its own) is judged in its step too."""
    outline = _sas_outline(positions.text, scope.sas_index)
    index = bisect_right(outline.starts, c.start) - 1
    head = next((n for n in range(index, -1, -1) if outline.statements[n][2] in _sas_list("step_end")), -1)
    if head < 0 or outline.statements[head][2] != "proc":
        yield c.fact  # no procedure seen around it: whatever it draws is not known
        return
    for _start, _end, keyword in outline.statements[head + 1 :]:
        if keyword in _sas_list("step_end"):
            break
        if keyword in _sas_list("per_category_plots"):  # bars of given values, an axis table: figures per category
            return
    at = outline.statements[head][0]
    used = _SAS_DATA.match(positions.text_between(at, outline.statements[head][1]))
    if _persons(outline, positions, scope, at, used[1].lower() if used else None, _DEPTH):
        yield c.fact


def _list_statement(*keywords: str) -> regex.Pattern[str]:
    """A statement of one of `keywords` and the list that follows it (group 1), to its semicolon."""
    return regex.compile(rf"\s*(?:{'|'.join(keywords)})\b([^;]*)", regex.IGNORECASE)


# The statements of a print that name what it shows: its VAR, ID and BY variables.
_SHOWN = _list_statement("var", "id", "by")


def _shows_results(outline: _Outline, positions: Positions, at: int) -> bool:
    """The print at offset `at` has a VAR statement, and its VAR, ID and BY statements name only statistics of a
    model or a test (statements.toml `model_statistics`, or variables a data step of the file computes and every
    label of the file calls one: `_statistic_label`): whatever data set holds them, it shows results."""
    shown: list[str] = []
    listed = False
    for start, end, keyword in outline.statements[bisect_right(outline.starts, at) :]:
        if keyword in _sas_list("step_end"):
            break
        text = positions.text_between(start, end)
        if named := _SHOWN.match(text):
            listed = listed or keyword == "var"
            shown += (word.lower() for word in _WORD.findall(named[1]))
    if not listed:
        return False
    labels = _labels(positions.text)

    def statistic(word: str) -> bool:
        return word in _sas_list("model_statistics") or (
            _statistic_label(labels.get(word, []))
            and any(word in _assigned(outline, step, positions) for step in outline.steps)
        )

    return all(map(statistic, shown)) and not _grouped_by_person(outline, positions)


def _grouped_by_person(outline: _Outline, positions: Positions) -> bool:
    """Some statement of the file groups by a person key (`by pnr;`, `class lbnr;`): the statistics it makes may be
    one per person. A macro reference (`by &id;`) is no person key by its name alone (round 9 decision): the print
    shows only statistics."""
    texts = [positions.text_between(start, end) for start, end, _keyword in outline.statements]
    return _by_person(texts, _GROUPING, literal=True)


_OUTPUT = regex.compile(r"\s*(?:if\b[^;]*?\bthen\s+)?output\s+([^;]*)", regex.IGNORECASE)
_CREATE = regex.compile(r"\s*create\s+(?:table|view)\s+(?:work\.)?([A-Za-z_&][\w&.]*)", regex.IGNORECASE)
_GROUP_BY = regex.compile(r"\bgroup\s+by\b", regex.IGNORECASE)
# `ods output ParameterEstimates=pe FitStatistics=work.fit;`: the tables a procedure's results are written to.
_ODS_OUTPUT = regex.compile(r"(?:^|\s)ods\s+output\b", regex.IGNORECASE)
_ODS_TABLE = regex.compile(r"=\s*(?:work\.)?([A-Za-z_&][\w&.]*)", regex.IGNORECASE)
# The data sets a procedure writes: `out=` (also in an `output` statement), any other `out...=` (those of
# statements.toml `statistics_options` hold statistics), a format catalogue's `cntlout=`, and the `base=` proc
# append adds to.
_PROC_OUT = regex.compile(r"\b(out\w*|cntlout|base)\s*=\s*([A-Za-z_&][\w.&]*)", regex.IGNORECASE)
# What a procedure that passes rows on reads: `data=`, or proc append's `new=`.
_PROC_IN = regex.compile(r"\b(?:data|new)\s*=\s*([A-Za-z_&][\w.&]*)", regex.IGNORECASE)
# The ODS tables of old (`make 'LSMeans' out=lsm;` in proc glm): results, as outest= is.
_MAKE = regex.compile(r"\s*make\s+['\"]", regex.IGNORECASE)
_PROC_NAME = regex.compile(r"\s*proc\s+([A-Za-z_]\w*)", regex.IGNORECASE)
# The grouping of a summarising procedure (`class pnr;`, `by &id;`, `tables pnr / out=...`, CAS's `groupby`).
# Options follow a `/` (`tables pnr / out=...`); a BY statement has none, so a `/` in it starts a comment.
_GROUPING = regex.compile(r"\s*(?:class|by|tables?|groupby)\b([^;/]*)", regex.IGNORECASE)
_BY = _list_statement("by")
_WORD = regex.compile(r"&*[A-Za-z_][\w&.]*")
# What a query selects from the dictionary tables or SAS's views of them is metadata.
_METADATA = regex.compile(r"\bfrom\s+(dictionary\.|sashelp\.v)", regex.IGNORECASE)


def _person_key(word: str) -> bool:
    """A person key (`pnr`, `v_pnr`), or a macro reference whose name says it may stand for one (`&id`, `&idvar`,
    `&pnr`; not `&var` or `&class`, which a caller fills with categories)."""
    word = word.lower().rstrip(".").rsplit(".", 1)[-1].lstrip("&")
    split = [part for part in regex.split(r"[_&]+", word) if part]
    return _key_name(word) or any(part.startswith("id") or part.endswith("id") for part in split)


def _key_name(word: str) -> bool:
    """A variable named as a person key (patterns/identifiers.toml: `pnr`, `v_pnr`, `lbnr`), not merely ending in
    `id` (`confid`)."""
    names, parts = person_keys()
    return word in names or any(part in parts for part in regex.split(r"[_&]+", word) if part)


# How many data steps back the making of a data set is followed (`data fit; set &out;` after `data &out; merge ...`;
# a macro library's clean-up chain after a procedure can pass ten).
_DEPTH = 16


# The last data set created: `_last_`, and SAS's automatic macro variable that names it.
_LAST_CREATED = frozenset({"_last_", "&syslast", "&syslast."})


def _persons(outline: _Outline, positions: Positions, scope: Scope, at: int, name: str | None, depth: int) -> bool:
    """Whether the data set `name` (None: the last one created) as it stands at offset `at` may hold observations:
    True unless the program shows it made as statistics or metadata."""
    if name is not None:
        given, name = (
            name,
            None if name in _LAST_CREATED else _options_removed(positions.text, name.removeprefix("work.")),
        )
    if name is not None and ("other" in (scope.kind(name, at), scope.kind(given, at)) or name.startswith("sashelp.")):
        return False  # statistics, or SAS's own sample data and metadata views
    if name is not None and "." in name and name.partition(".")[0] in _answer_libraries(outline, positions):
        return False  # a web service's answer (job, report and file metadata), not persons' rows
    key = (at, name, depth, _chain(outline))
    if key not in outline.persons:  # a merge of merges would otherwise be followed once per path
        outline.persons[key] = _made_with_persons(outline, positions, scope, at, name, depth)
    return outline.persons[key]


# A data set name ended by a macro reference (`bootci&keep`).
_REFERENCE_SUFFIX = regex.compile(r"([A-Za-z_]\w*)&([A-Za-z_]\w*)\.?")


def _other_programs(
    outline: _Outline, index: SasIndex, name: str, files: tuple[tuple[str, str], ...], depth: int
) -> bool:
    """What the library table `name`, which this program does not make, holds as the other scanned programs that
    write it leave it (`01_cohort.sas` makes `out.cohort`, `03_tables.sas` prints it): rows if any of them makes it
    with rows or cannot be read. Which of them ran last is not told, so each counts. The table is then taken out of
    the index the writers' own data flow is given: a program that reads it back does not send the question round."""
    if depth == 0:
        return True
    given = Scope({}, sas_index=index.without(name))
    for path, digest in files:
        library = _library(outline, path, digest)
        if library is None or not library[0].statements:
            return True
        other, where = library
        if _persons(other, where, given, other.statements[-1][1], name, depth - 1):
            return True
    return False


def _options_removed(program: str, name: str) -> str:
    """`name` without the macro reference that ends it when every `%let` of that reference in the file gives data
    set options (`%let keep = (keep=&keep);`, `set bootci&keep;`): the data set is the name before it."""
    found = _REFERENCE_SUFFIX.fullmatch(name)
    if found is None:
        return name
    values = _let_values(program, found[2])
    return found[1] if values and all(value.startswith("(") for value in values) else name


def _made_with_persons(
    outline: _Outline, positions: Positions, scope: Scope, at: int, name: str | None, depth: int
) -> bool:
    index = bisect_right(outline.starts, at) - 1
    macro = _parameter_of(outline, positions, index, name)
    if macro is not None and name is not None:
        # A parameter of the enclosing macro is the caller's data set until the macro's body writes it (also by a
        # call of a macro the file defines: `%mcb(data, out=&out)`).
        writer = next(_writers(outline, positions, range(index - 1, macro, -1), name), None)
        if writer is None and outline.bound and outline.bound[-1][0] == macro and depth > 0:
            # followed from a call of the macro (`_macro_output`): what that call binds the parameter to, where the
            # call is (in this file, or in the program that calls a macro of this one)
            entry = outline.bound.pop()
            try:
                given, site = entry[2].get(name[1:].rstrip(".").lower()), entry[1]
                if given is not None:
                    if isinstance(site, _Caller):
                        return _persons(site.outline, site.positions, site.scope, site.at, given, depth - 1)
                    return _persons(outline, positions, scope, outline.statements[site][0], given, depth - 1)
            finally:
                outline.bound.append(entry)
        if writer is None:
            return _macro_output(outline, positions, scope, name, depth, (macro, index))
        return _written_with_persons(writer, outline, positions, scope, depth)
    before = _not_own(outline, positions, range(index - 1, -1, -1), name)
    writer = next(_writers(outline, positions, before, name), None)
    if writer is None and name is not None:
        # Nothing before writes it: a macro library calls macros defined further down the file, so the data set
        # is what every later writer makes (none: unknown, rows).
        after = _not_own(outline, positions, range(len(outline.statements) - 1, index, -1), name)
        later = list(_writers(outline, positions, after, name))
        if not later:
            default = _default_of(outline, positions, index, name)
            if default is not None and depth > 0:
                return _persons(outline, positions, scope, at, default, depth - 1)
            named = _let_names(positions.text, name)
            if named and depth > 0:
                return any(_persons(outline, positions, scope, at, value, depth - 1) for value in named)
            # written only under a macro variable that a `%let` sets to its name (`%let holder = _tmp_;`, `create
            # table &holder as ...`): which of those statements wrote it is not told, so rows if any wrote rows
            earlier = range(index - 1, -1, -1)
            held = [
                w
                for holder in _let_holders(positions.text, name)
                for w in _writers(outline, positions, _not_own(outline, positions, earlier, holder), holder)
            ]
            if held:
                return any(_written_with_persons(w, outline, positions, scope, depth) for w in held)
            if scope.sas_index is not None and (files := scope.sas_index.writers(name)):
                return _other_programs(outline, scope.sas_index, name, files, depth)
            return _macro_output(outline, positions, scope, name, depth, (-1, index))
        return any(_written_with_persons(w, outline, positions, scope, depth) for w in later)
    return _written_with_persons(writer, outline, positions, scope, depth)


# A macro's definition (`%macro var(lib, mem, out=var, print=Y);`) and a call (`%var(&lib, x, print=N);`): their
# parameters and arguments are positional or `name=value`.
_MACRO_HEAD = regex.compile(rf"\s*%macro\s+([A-Za-z_]\w*)\s*{sas_statements.PARENTHESISED}?", regex.IGNORECASE)
_CALL = regex.compile(rf"\s*%([A-Za-z_]\w*)\s*{sas_statements.PARENTHESISED}", regex.IGNORECASE)
_NAMED = regex.compile(r"\s*([A-Za-z_]\w*)\s*=(.*)", regex.DOTALL)
_COMMENT = regex.compile(r"/\*.*?\*/", regex.DOTALL)
_TOP_COMMA = regex.compile(rf"""((?:[^,()'"]|'[^']*'|"[^"]*"|{sas_statements.PARENTHESISED})*)(?:,|$)""")


def _arguments(listed: str) -> list[tuple[str | None, str]]:
    """The (name or None, value) pairs of a parenthesised parameter or argument list, in lower case; commas inside
    parentheses or quotes do not separate."""
    inner = _COMMENT.sub(" ", listed)[1:-1]
    pairs: list[tuple[str | None, str]] = []
    for part in _TOP_COMMA.finditer(inner):
        if part.start() == len(inner) and pairs:
            break
        named = _NAMED.match(part[1])
        pairs.append((named[1].lower(), named[2].strip().lower()) if named else (None, part[1].strip().lower()))
    return pairs


def _macro_output(
    outline: _Outline, positions: Positions, scope: Scope, name: str, depth: int, within: tuple[int, int]
) -> bool:
    """What a data set no statement of the file writes holds when it is the output of a macro (`%slice(data=&data,
    outs=_slices_)`, or a parameter's default `out=var` in `%macro var(...)`): what the macro's body writes as that
    parameter (`create table &outdset as ... from dictionary.columns`), for every call before statement `within[1]`
    that names it (and after `within[0]`: the calls in the body of the macro whose parameter it is). The macro is
    the file's own, else the one of that name in each other scanned SAS file that defines it (`scope.sas_index`).
    Unknown (rows) when no such call is found, a body does not show the making or a macro's file cannot be read."""
    if depth == 0:
        return True
    found = False
    definitions = _definitions(outline, positions)
    for number, mend, params, calls in definitions.own:
        for call, given in calls:
            if within[0] < call < within[1]:
                made = _call_output(outline, positions, scope, (number, mend, params), given, name, depth, call)
                if made:
                    return True
                found = found or made is not None
    # the calls of macros the file does not define: another scanned file's
    for macro, call, given in (
        (m, n, g) for m, calls in definitions.calls.items() if m not in definitions.named for n, g in calls
    ):
        if not within[0] < call < within[1] or scope.sas_index is None:
            continue
        caller = _Caller(outline.statements[call][0], _chain(outline), outline, positions, scope)
        for path, digest in scope.sas_index.files(macro):
            library = _library(outline, path, digest)
            if library is None:
                return True  # a file that cannot be read (or changed since the scan began): unknown
            defined = _definitions(library[0], library[1]).named.get(macro)
            if defined is not None:
                made = _call_output(*library, Scope({}, sas_index=scope.sas_index), defined, given, name, depth, caller)
                if made:
                    return True
                found = found or made is not None
    return not found


def _call_output(
    outline: _Outline,
    positions: Positions,
    scope: Scope,
    macro: tuple[int, int, _Arguments],
    given: _Arguments,
    name: str,
    depth: int,
    site: int | _Caller,
) -> bool | None:
    """Whether a call of `macro` (its `%macro` and `%mend` statements in `outline`, its parameters) with the
    arguments `given` at `site` writes the data set `name` with rows (True), with statistics or metadata only
    (False), or does not name it (None)."""
    number, mend, params = macro
    caller = site.positions if isinstance(site, _Caller) else positions
    bound = {p: v for p, v in params if p is not None}  # defaults
    bound |= dict(zip((v for p, v in params if p is None), (v for p, v in given if p is None), strict=False))
    bound |= {p: v for p, v in given if p is not None}
    # ... and the data sets its body names in macro variables of its own (`%let out = _grid_;`, `data &out;`)
    local = {word: value for word, value in _body_lets(outline, positions, number, mend) if word not in bound}
    found = None
    for parameter, value in (bound | local).items():
        # the argument as written, or the data sets a macro variable given as it names (`%let m = _m_;`)
        if not any(_same(name, v.removeprefix("work.")) for v in (value, *_let_names(caller.text, value))):
            continue
        found = False
        reference = f"&{parameter}"
        # SAS's macro scopes are dynamic: when the body writes nothing under the parameter, the macros it calls
        # (`%&method`) see it too, and what they write under it, not being their own, is this call's.
        body = range(mend - 1, number, -1)
        writers = list(islice(_writers(outline, positions, body, reference), 1)) or list(
            _writers(outline, positions, _inheriting(outline, positions, parameter), reference)
        )
        if not writers or _bound_writes(outline, positions, scope, (number, site, bound), writers, depth):
            return True
    if found is None:
        # a data set the body writes under its own name (`data final;` in `%macro table1`), or under a name a
        # parameter's value begins or ends (`data &dataset.hr;` of `%m1(dataset=race0)` writes `race0hr`): work
        # tables outlive the call, so each call leaves what the body's last writer of it holds
        body = range(mend - 1, number, -1)
        writers = next(
            (
                w
                for n in (name, *_referring(name, bound))
                if (w := list(islice(_writers(outline, positions, body, n), 1)))
            ),
            [],
        )
        if writers:
            return _bound_writes(outline, positions, scope, (number, site, bound), writers, depth)
    return found


def _bound_writes(
    outline: _Outline,
    positions: Positions,
    scope: Scope,
    call: tuple[int, int | _Caller, dict[str, str]],
    writers: Iterable[_Writer],
    depth: int,
) -> bool:
    """Whether one of a macro body's `writers` writes rows, its parameters being what the `call` binds them to."""
    outline.bound.append(call)
    try:
        return any(_written_with_persons(w, outline, positions, scope, depth - 1) for w in writers)
    finally:
        outline.bound.pop()


def _referring(name: str, bound: dict[str, str]) -> Iterator[str]:
    """The names a macro body may write `name` under, given what its parameters are bound to: the value's place in
    the name taken by a reference to the parameter (`race0hr` as `&dataset.hr` when `dataset=race0`)."""
    for parameter, value in bound.items():
        value = value.strip().lower()
        at = name.find(value) if regex.fullmatch(r"\w+", value) else -1
        if at >= 0:
            yield f"{name[:at]}&{parameter}.{name[at + len(value) :]}"


@dataclass(frozen=True, slots=True)
class _Caller:
    """A call, in another file, of a macro that `_macro_output` follows into this one: the offset of the call and
    the calls its own file was followed through (`_chain`) tell it apart; its file's outline, positions and scope
    are where the arguments it binds are read."""

    at: int
    chain: tuple[tuple[int, int | _Caller], ...]
    outline: _Outline = field(compare=False)
    positions: Positions = field(compare=False)
    scope: Scope = field(compare=False)


def _chain(outline: _Outline) -> tuple[tuple[int, int | _Caller], ...]:
    """The calls followed into macro bodies of the file to where the data flow stands: part of what it finds."""
    return tuple((m, c) for m, c, _b in outline.bound)


def _library(outline: _Outline, path: str, digest: str) -> tuple[_Outline, Positions] | None:
    """The outline and positions of another scanned SAS file (`path`, as indexed with `digest`) for the data flow
    of `outline`'s program: its own copy, since what the other file's statements hold depends on the calls from
    this program; None when it cannot be read or decoded or is no longer what was indexed."""
    if (path, digest) not in outline.libraries:
        read = _read_library(path, digest)
        outline.libraries[path, digest] = (replace(read[0], persons={}, bound=[]), read[1]) if read else None
    return outline.libraries[path, digest]


@lru_cache(maxsize=16)
def _read_library(path: str, digest: str) -> tuple[_Outline, Positions] | None:
    """A macro file's outline and positions, read once per worker while it is among the last few used."""
    try:
        with open_regular(path) as raw:
            data = raw.read()
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        text = decode(data).text
    except (OSError, NotRegularFile, NotText):
        return None
    return _outline_of(text), Positions(text, text.encode("utf-8", errors="surrogatepass"))


def _inheriting(outline: _Outline, positions: Positions, parameter: str) -> list[int]:
    """The statements, last first, of the bodies of the file's macros that do not have `parameter` as their own
    (a macro that does writes its own `&parameter`)."""
    numbers: list[int] = []
    for number, mend, params, _calls in _macros(outline, positions):
        if parameter not in (p or v for p, v in params):
            numbers.extend(range(number + 1, mend))
    return sorted(set(numbers), reverse=True)


def _default_of(outline: _Outline, positions: Positions, index: int, name: str) -> str | None:
    """In the body of a macro around statement `index`, the parameter (`&out`) whose default is the data set
    `name` (`%macro power(out=powtab);` ... `proc print data=powtab;`), or None."""
    for number, mend, params, _calls in reversed(_macros(outline, positions)):
        if number < index < mend:
            return next((f"&{p}" for p, value in params if p is not None and _same(name, value)), None)
    return None


_LET_NAME = regex.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?")


# `%let name = value` (the value up to the `;`)
_LET = regex.compile(r"%let\s+([A-Za-z_]\w*)\s*=([^;]*)", regex.IGNORECASE)


def _let_names(program: str, name: str) -> list[str]:
    """The data sets a macro variable that no parameter is names (`%let sortin = counts;`, `set &sortin;`): the
    value of each of its `%let` statements in the file, when every one is a plain data set name; else none
    (unknown)."""
    word = name[1:].rstrip(".") if name.startswith("&") and not name.startswith("&&") else ""
    if not word.isidentifier():
        return []
    values = _let_values(program, word)
    return values if values and all(_LET_NAME.fullmatch(v) for v in values) else []


def _let_holders(program: str, name: str) -> list[str]:
    """The macro variables (as references: `&holder`) that a `%let` of the file sets to the data set `name`."""
    holders = {let[1].lower() for let in _LET.finditer(program) if let[2].strip().lower() == name}
    return [f"&{holder}" for holder in sorted(holders)]


def _body_lets(outline: _Outline, positions: Positions, number: int, mend: int) -> Iterator[tuple[str, str]]:
    """The (macro variable, data set name) of each `%let` in the body of the macro from statement `number` to
    `mend` whose value is a plain data set name, in lower case."""
    for start, end, keyword in outline.statements[number + 1 : mend]:
        if keyword == "%let" and (let := _LET.match(positions.text_between(start, end).lstrip())):
            value = let[2].strip().lower()
            if _LET_NAME.fullmatch(value):
                yield let[1].lower(), value


def _let_values(program: str, word: str) -> list[str]:
    """The value of each `%let` of the macro variable `word` (an identifier) in the file, stripped, lower case."""
    return [
        let[2].strip().lower()
        for let in _LET.finditer(program)
        if let[1].lower() == word.lower() and program.startswith(";", let.end())
    ]


_Arguments: TypeAlias = list[tuple[str | None, str]]
_Macro: TypeAlias = tuple[int, int, _Arguments, list[tuple[int, _Arguments]]]


def _not_own(outline: _Outline, positions: Positions, numbers: range, name: str | None) -> Iterable[int]:
    """The statements of `numbers` outside the macros that have `name` as a parameter: what such a macro writes as
    `&data` is its own caller's data set, not the one of the same name elsewhere."""
    if name is None or not name.startswith("&"):
        return numbers
    word = name[1:].rstrip(".")
    macros = _macros(outline, positions)
    owned = [(n, mend) for n, mend, params, _calls in macros if word in (p or v for p, v in params)]
    return [n for n in numbers if not any(start < n < end for start, end in owned)] if owned else numbers


def _parameter_of(outline: _Outline, positions: Positions, index: int, name: str | None) -> int | None:
    """The `%macro` statement of the macro around statement `index` when `name` is one of its parameters
    (`&data`, `&out.`), else None."""
    if name is None or not name.startswith("&") or name.startswith("&&"):
        return None
    word = name[1:].rstrip(".")
    for number, mend, params, _calls in reversed(_macros(outline, positions)):
        if number < index < mend:
            return number if word in (p or v for p, v in params) else None
    return None


def _macros(outline: _Outline, positions: Positions) -> list[_Macro]:
    """The macros the file defines: the statement numbers of `%macro` and `%mend`, the parameters, and the
    arguments of each call of it in the file."""
    return _definitions(outline, positions).own


@dataclass(frozen=True, slots=True)
class _Definitions:
    """The macros a file defines (`_macros`), the last definition of each by name, and every call of a macro in the
    file by the macro's name: (statement number, arguments), in order."""

    own: list[_Macro]
    named: dict[str, tuple[int, int, _Arguments]]
    calls: dict[str, list[tuple[int, _Arguments]]]


def _definitions(outline: _Outline, positions: Positions) -> _Definitions:
    """What `_Definitions` holds for the file, read once per file."""
    if not outline.macros:
        calls: dict[str, list[tuple[int, _Arguments]]] = {}
        open_heads: list[tuple[int, str, _Arguments] | None] = []  # a macro may define macros in its body
        ended = []
        for number, (start, end, keyword) in enumerate(outline.statements):
            text = positions.text_between(start, end)
            if keyword == "%macro":
                head = _MACRO_HEAD.match(text)
                open_heads.append((number, head[1].lower(), _arguments(head[2]) if head[2] else []) if head else None)
            elif keyword == "%mend" and open_heads:
                if (opened := open_heads.pop()) is not None:
                    ended.append((opened, number))
            elif keyword.startswith("%") and (call := _CALL.match(text)):
                calls.setdefault(call[1].lower(), []).append((number, _arguments(call[2])))
        ended.sort()
        found = [(number, mend, params, calls.get(macro, [])) for (number, macro, params), mend in ended]
        named = {macro: (number, mend, params) for (number, macro, params), mend in ended}
        outline.macros.append(_Definitions(found, named, calls))
    return outline.macros[0]


def _written_with_persons(writer: _Writer, outline: _Outline, positions: Positions, scope: Scope, depth: int) -> bool:
    if isinstance(writer, sas_statements.DataStep):
        # A step that aggregates writes totals whatever it reads (a put in it may still write a row it reads).
        if writer.start not in outline.results:  # what the step's own text says, read once per step
            outline.results[writer.start] = (
                _aggregates(writer, outline, positions)
                or _typed(writer, outline, positions)
                or _matrix(writer, outline, positions)
                or _labelled_statistics(writer, outline, positions)
                or _fitted_frequencies(writer, outline, positions)
                or _typed_counts(writer, outline, positions)
                or _grouped_trials(writer, outline, positions)
            )
        return depth == 0 or not (
            outline.results[writer.start] or _statistics(writer, outline, positions, scope, depth - 1)
        )
    if isinstance(writer, _Query):  # a create table: what the tables it reads hold
        return (
            depth == 0
            or not writer.reads
            or any(_persons(outline, positions, scope, writer.at, read, depth - 1) for read in writer.reads)
        ) and not (writer.kept is not None and _metadata(outline, positions, writer.at, writer.kept, depth - 1))
    if isinstance(writer, tuple):  # a procedure that reorders or reshapes its input: what the input holds
        return _persons(outline, positions, scope, writer[1], writer[0], depth)
    return writer is None or writer


def _same(name: str | None, written: str) -> bool:
    """Whether `name` (lower case, without `work.`) is the data set `written`: equal up to the dot that may end a
    macro reference (`&out.` is `&out`), or the same stem numbered by a macro reference (`out&i` and `out&count`,
    or `out1`: the tables of a macro loop, written in one and read in another; also numbered inside the name:
    `interv&int._all` and `interv0_all`)."""
    if name is None:
        return False
    name, written = name.removesuffix("."), written.removesuffix(".")
    if name == written:
        return True
    for numbered, other in ((name, written), (written, name)):
        stem, _, rest = numbered.partition("&")
        suffix = other[len(stem) :]
        if stem and rest and other.startswith(stem) and (suffix.startswith("&") or suffix.isdigit()):
            return True
        parts = _REFERENCE.split(numbered)
        numbers = r"(?:\d+|&\w+\.?)".join(map(regex.escape, parts))
        if len(parts) > 1 and parts[0] and parts[-1] and regex.fullmatch(numbers, other):
            return True
    return False


# A macro reference inside a data set's name (`interv&int._all`).
_REFERENCE = regex.compile(r"&\w+\.?")


def _writers(
    outline: _Outline, positions: Positions, numbers: Iterable[int], name: str | None
) -> Iterator[sas_statements.DataStep | _Query | tuple[str | None, int] | bool]:
    """What wrote `name` (None: the last data set created), statement by statement in the order of `numbers`: its
    data step, the input and offset of a procedure that passes its input's rows on (sort, transpose, append), True
    for rows, False for statistics or metadata."""
    for number in numbers:
        start, end, keyword = outline.statements[number]
        text = positions.text_between(start, end)
        if keyword == "data":
            written = _data_names(text)
            if (name is None and written != ["_null_"]) or any(_same(name, w) for w in written):
                yield next((s for s in outline.steps if s.start == start), True)
        elif keyword in ("output", "if") and name is not None and (output := _OUTPUT.match(text)):
            # `output x;` in a data step names a data set the step writes (macro code may split the data statement
            # that lists it); a procedure's `output out=` is read with the procedure
            step = next((s for s in outline.steps if s.start <= start < s.end), None)
            if step is not None and any(
                _same(name, n.lower().removeprefix("work.")) for n in _DATA_NAMES.findall(output[1])
            ):
                yield step
        elif keyword == "create":
            text = _whole_statement(outline, positions, number)
            created = _CREATE.match(text)
            if created and (name is None or _same(name, created[1].lower())):
                if _DEFINED.match(text, created.end()) and not _SELECT_OR_LIKE.search(text, created.end()):
                    yield _inserted(outline, positions, number, created[1].lower())
                else:
                    yield _query_writes(text, start)
            elif (
                not created
                and (matrix := _IML_CREATE.match(text))
                and (name is None or _same(name, matrix["name"].lower()))
            ):
                yield _iml_writes(outline, positions, number, matrix)
        elif keyword == "proc":
            made = _proc_writes(outline, positions, number, name)
            if made is not None:
                yield made
        elif (ods := _ODS_OUTPUT.search(text)) and any(
            _same(name, n.lower()) for n in _ODS_TABLE.findall(text, ods.start())
        ):
            yield False  # also after macro text the statement began with (`&model ods output ...`)


# A `;` inside parentheses (`forwtY (keep = t %if &c %then m;)`), or one that ends a macro statement within a
# statement (`select a, %if &b %then %do; b, %end; c from t;`), is the macro processor's: the SAS statement runs on
# to the next `;`.
_MACRO_STATEMENT_END = regex.compile(
    r"%(?:(?:then|else)\s+[^;%]*|(?:do|end|let|put|global|local)\b[^;]*);\s*$", regex.IGNORECASE
)


def _open_parentheses(text: str) -> bool:
    code: str = _QUOTED.sub("", _COMMENT.sub("", text))
    return code.count("(") > code.count(")")


def _whole_statement(outline: _Outline, positions: Positions, number: int) -> str:
    """The text of the statement `number` with the statements after it that its macro statements split off, up
    to the end of its step at the latest."""
    return positions.text_between(outline.statements[number][0], _whole_end(outline, positions, number))


def _whole_end(outline: _Outline, positions: Positions, number: int) -> int:
    """Where the statement `number` ends with the statements its macro statements split off (`_whole_statement`)."""
    start, end, _keyword = outline.statements[number]
    text = positions.text_between(start, end)
    for _start, following, keyword in outline.statements[number + 1 :]:
        if keyword in _sas_list("step_end") or not (_open_parentheses(text) or _MACRO_STATEMENT_END.search(text)):
            break
        end = following
        text = positions.text_between(start, end)
    return end


# `create table stats (name char(32), value num);`: a table of the columns it defines, empty until rows are inserted
# (not data set options: `create table x (keep=a) as select ...`).
_DEFINED = regex.compile(r"\s*\(\s*[A-Za-z_]\w*\s+[A-Za-z]", regex.IGNORECASE)
_SELECT_OR_LIKE = regex.compile(r"\b(?:select|like)\b", regex.IGNORECASE)
_INSERT = regex.compile(
    rf"\s*insert\s+into\s+(?:work\.)?(?P<name>[A-Za-z_&][\w&.]*)\s*(?:{sas_statements.PARENTHESISED}\s*)?(?P<verb>\w+)",
    regex.IGNORECASE,
)
_VALUES = regex.compile(rf"\bvalues\s*({sas_statements.PARENTHESISED})", regex.IGNORECASE)


def _inserted(outline: _Outline, positions: Positions, number: int, name: str) -> _Query | bool:
    """What a table that `create` statement `number` defines by its columns holds: the rows inserted into it after.
    A query inserts what its tables hold; a `values` row with a macro variable's value is one the program computed
    (a results table filled a statistic at a time: `values("&var", "&smd")`), and one of literals only is typed data,
    rows as inline data are. No insert: an empty table."""
    reads: list[str] = []
    at = None
    for index in range(number + 1, len(outline.statements)):
        start, _end, keyword = outline.statements[index]
        text = _whole_statement(outline, positions, index)
        if keyword == "create" and (again := _CREATE.match(text)) and _same(name, again[1].lower()):
            break  # made anew
        into = _INSERT.match(text) if keyword == "insert" else None
        if into is None or not _same(name, into["name"].lower().removeprefix("work.")):
            continue
        verb = into["verb"].lower()
        if verb == "values":
            if any("&" not in row[1] for row in _VALUES.finditer(text, into.start("verb"))):
                return True
            continue
        made = _query_writes(text, start) if verb == "select" else True
        if made is True:
            return True
        if isinstance(made, _Query):
            reads += made.reads
            at = start
    return _Query(tuple(reads), at) if at is not None else False


@dataclass(frozen=True, slots=True)
class _Query:
    """A `create table ... as select` with no grouping: it holds what the tables it reads (as they stand at `at`)
    hold; none named (a subquery, `like`) is unknown. `kept`: the table a left join keeps every row of, matched
    with the other by the column that names a variable (statements.toml `metadata_names`)."""

    reads: tuple[str, ...]
    at: int
    kept: str | None = None


# What a procedure or data step wrote, as `_writers` says it (None: nothing in the file).
_Writer: TypeAlias = sas_statements.DataStep | _Query | tuple[str | None, int] | bool | None

# PROC IML writes a matrix (`create x from m[rowname=r colname=c];`) or vectors (`create x var {a b};`, `var
# names;`) as a data set, also with data set options (`create x (rename=(col1=lag)) from m;`). What it reads:
# `read all var {a b} into m;`, `read point p var names;`, `read all;`.
_IML_CREATE = regex.compile(
    rf"\s*create\s+(?P<name>[A-Za-z_&][\w.&]*)(?:\s*{sas_statements.PARENTHESISED})?"
    r"(?:\s+from\s+(?P<matrix>[A-Za-z_]\w*)|\s+var\b\s*(?P<vars>\{[^}]*\}|[A-Za-z_]\w*))?",
    regex.IGNORECASE,
)
_IML_READ = regex.compile(
    r"\s*read\b(?:[^;]*?\bvar\b\s*(\{[^}]*\}|[A-Za-z_&]\w*))?(?:[^;]*?\binto\s+([A-Za-z_]\w*))?", regex.IGNORECASE
)
# What begins the step a `create` is in (a procedure, a data step, a macro), not an IML assignment (`data = x;`,
# `data[i, j] = 0;`).
_STEP_START = regex.compile(r"\s*(?:proc\s+[A-Za-z_]|data\b(?!\s*[=\[])|%macro\b)", regex.IGNORECASE)
_IML_USE = regex.compile(r"\s*use\s+([A-Za-z_&][\w.&]*)", regex.IGNORECASE)
_IML_ROW_NAMES = regex.compile(r"\browname\s*=\s*([A-Za-z_&][\w&]*)", regex.IGNORECASE)
# A matrix assigned a copy or rows of another (`r = x;`, `r = x[loc(x[, 2] > 5e6), ];`): what that one holds; not
# a subscript reduction (`x[:, ]` means, `x[+, ]` sums, `x[<>, ]` maxima: statistics).
_IML_REDUCTION = r"(?:##|<:>|>:<|<>|><|[+#:])"
_IML_SUBSET = regex.compile(
    rf"\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*(?:;?\s*$|\[(?!\s*{_IML_REDUCTION}\s*[,\]])"
    rf"(?![^\]]*,\s*{_IML_REDUCTION}\s*\]))",
    regex.IGNORECASE,
)


def _iml_writes(outline: _Outline, positions: Positions, number: int, created: regex.Match[str]) -> bool | _Query:
    """What PROC IML's `create` (statement `number`) writes, as `_writers` says it: a matrix or vectors the
    procedure read from a data set (or a copy or rows of one: `r = x[loc(x[, 2] > 5e6), ];`), or vectors after `read
    all;` (every variable of the data set in `use`), hold what that data set holds; rows when it names its rows by
    a person key or an observation (`rowname=&id`, `rowname=obs`). A matrix computed in the procedure (estimates, a
    grid of fitted values, test statistics, a reduction `x[:, ]`) is a result, like a procedure's `outest=`."""
    first = number
    while first > 0 and not _STEP_START.match(positions.text_between(*outline.statements[first - 1][:2])):
        first -= 1
    head = _PROC_NAME.match(positions.text_between(*outline.statements[first - 1][:2])) if first else None
    if head is None or head[1].lower() != "iml":
        return True  # a `create` this reader does not know: unknown
    read: dict[str, str] = {}  # a matrix or vector read: the data set in `use` it was read from
    used: list[str] = []  # the data sets whose every variable was read
    using = None
    for start, end, keyword in outline.statements[first:number]:
        text = positions.text_between(start, end)
        if keyword == "use" and (name := _IML_USE.match(text)):
            using = name[1].lower()
        elif keyword == "read" and (reading := _IML_READ.match(text)):
            if not reading[1] and not reading[2]:
                used.append(using or "")
            read.update((word.lower(), using or "") for word in _WORD.findall(f"{reading[1] or ''} {reading[2] or ''}"))
        elif (subset := _IML_SUBSET.match(text)) and subset[2].lower() in read:
            read[subset[1].lower()] = read[subset[2].lower()]
    rows = _IML_ROW_NAMES.search(positions.text_between(*outline.statements[number][:2]))
    if rows and (_person_key(rows[1]) or rows[1].lower().strip("_") in _sas_list("observation_names")):
        return True
    if not created["matrix"] and not created["vars"]:
        return True  # `create x;` writes every matrix the procedure holds
    names = [created["matrix"]] if created["matrix"] else _WORD.findall(created["vars"])
    # What it writes of the data read holds what the data sets read hold (a parameter estimates table read back).
    sources = {read[name.lower()] for name in names if name.lower() in read} | set(used)
    if "" in sources:  # read with no data set in `use`
        return True
    return _Query(tuple(sorted(sources)), outline.statements[number][0]) if sources else False


# The tables a query reads: the names after `from`, `join` and the commas of a list of tables (a comma of an
# `order by` adds a column's name, which no statement makes: unknown, so rows). A subquery, blanked to `()`, is
# not followed.
_FROM_START = regex.compile(r"\bfrom\b", regex.IGNORECASE)
_QUERY_TABLE = regex.compile(r"(?:\bfrom|\bjoin|,)\s*([A-Za-z_&][\w.&]*)", regex.IGNORECASE)
_SUBQUERY = regex.compile(r"(?:\bfrom|\bjoin|,)\s*\(\)", regex.IGNORECASE)


def _query_writes(text: str, start: int) -> _Query | bool:
    """What `create table x as <query>` writes, as `_writer` says it: statistics for a query per group, of the
    dictionary tables, of aggregates and constants only, or of the distinct values of one column that is no person
    key; else what it reads holds."""
    blanked = _GROUP.sub("()", text)
    if _GROUP_BY.search(blanked) or _METADATA.search(text):
        return False
    query = blanked[blanked.lower().find("select") :]
    if _aggregates_only(query) or _distinct_values(text[text.lower().find("select") :]):
        return False
    tables = _FROM_START.search(query)
    if tables is None or _SUBQUERY.search(query, tables.start()):
        return True
    reads = (n.lower() for n in _QUERY_TABLE.findall(query, tables.start()))
    joined = _LEFT_JOIN.match(query, tables.start())
    kept = None
    if joined and {joined["left"], joined["right"]} <= _sas_list("metadata_names"):
        aliases = [(joined["first"], joined["first_alias"]), (joined["second"], joined["second_alias"])]
        # the condition compares the two tables' columns (`on a.name = b.name`)
        if {joined["on_left"].lower(), joined["on_right"].lower()} == {(a or t).lower() for t, a in aliases}:
            kept = joined["first"].lower().removeprefix("work.")
    return _Query(tuple(n.removeprefix("work.") for n in reads), start, kept)


# `from vars a left join ref.list b on a.name = b.name`, the whole rest of the query.
_LEFT_JOIN = regex.compile(
    r"from\s+(?P<first>[A-Za-z_&][\w.&]*)(?:\s+(?:as\s+)?(?!left\b)(?P<first_alias>[A-Za-z_]\w*))?"
    r"\s+left\s+(?:outer\s+)?join\s+(?P<second>[A-Za-z_&][\w.&]*)(?:\s+(?:as\s+)?(?!on\b)(?P<second_alias>[A-Za-z_]\w*))?"
    r"\s+on\s+\(?\s*(?P<on_left>\w+)\.(?P<left>\w+)\s*=\s*(?P<on_right>\w+)\.(?P<right>\w+)\s*\)?\s*;?\s*$",
    regex.IGNORECASE,
)


def _procedure_statements(outline: _Outline, positions: Positions, number: int) -> list[tuple[str, str]]:
    """The statements (keyword, text) of the step whose first statement is `number`, to the next step's start."""
    block: list[tuple[str, str]] = []
    for start, end, keyword in outline.statements[number:]:
        if block and keyword in _sas_list("step_end"):
            break
        block.append((keyword, positions.text_between(start, end)))
    return block


def _proc_writes(
    outline: _Outline, positions: Positions, number: int, name: str | None
) -> tuple[str | None, int] | bool | None:
    """What the procedure whose statement is `number` wrote as `name` (None: any data set), as `_writer` says it,
    or None when it wrote no such data set."""
    block = _procedure_statements(outline, positions, number)
    keywords = [keyword for keyword, _text in block]
    statements = [text for _keyword, text in block]
    proc = _PROC_NAME.match(statements[0])
    kind = proc[1].lower() if proc else ""
    outputs = []
    results = False  # the statement holds results; also the rest of one that macro text split
    for place, (text, keyword) in enumerate(zip(statements, keywords, strict=True)):
        if keyword.startswith("%") and keyword not in _sas_list("plain"):
            continue  # a macro's call (`proc printto ...; %mphreg9(outdat=result)`): its options are its own
        continued = place > 0 and _THEN_END.search(statements[place - 1]) is not None
        # a statement whose OUT= holds statistics in any procedure (statements.toml `result_statements`)
        results = _MAKE.match(text) is not None or keyword in _sas_list("result_statements") or (continued and results)
        outputs += [
            ("outest" if results else _macro_option(positions.text, text, option), target.lower().removeprefix("work."))
            for option, target in _PROC_OUT.findall(text)
            if kind == "append" or option.lower() != "base"  # the base= of proc compare is read, not written
        ]
    option = next((option.lower() for option, target in outputs if name is None or _same(name, target)), None)
    if option is None:
        return None
    if name is None and len({target for _option, target in outputs}) > 1:
        return True  # which of its data sets is the last one created is not told: any of them may be rows
    if option in _sas_list("statistics_options") or kind in _sas_list("results"):  # estimates, statistics, metadata
        # ... per BY group; by a person key, per person (`proc reg outest=est; by pnr;`: a person's own slope). A
        # macro reference (`by &id;`) is no person key by its name alone: the data set holds estimates (round 9).
        return _by_person(statements[1:], _BY, literal=True)
    if kind in _sas_list("summarise"):
        # One row per group; grouped by a person key (or a macro reference named like one) it is per person.
        return _by_person(statements[1:], _GROUPING)
    if kind in _sas_list("passes") or (kind in _sas_list("observation_models") and option == "out"):
        used = _PROC_IN.search(statements[0])
        return (used[1].lower() if used else None, outline.statements[number][0])
    return True


def _by_person(statements: list[str], grouping: regex.Pattern[str], literal: bool = False) -> bool:
    """A statement that `grouping` matches groups by a person key (or, unless `literal`, a macro reference named
    like one)."""
    return any(
        _person_key(word)
        for text in statements
        for word in _listed(grouping, text)
        if not (literal and word.startswith("&"))
    )


def _listed(statement: regex.Pattern[str], text: str) -> list[str]:
    """The variables `statement` (BY, CLASS, TABLES) lists in `text`, its comments left out (`by /* each */ pnr;`);
    none when `text` is another statement."""
    listed = statement.match(_COMMENT.sub(" ", text))
    return _WORD.findall(listed[1]) if listed else []


def _macro_option(program: str, text: str, option: str) -> str:
    """The option a macro variable names (`&outparm=parms`): `outest` when every `%let` of it in the file gives one
    of the options of estimates or statistics (`%let outparm = outstat;`), else as written (unknown: rows)."""
    if not regex.search(rf"&{option}\s*=", text, regex.IGNORECASE):
        return option
    values = set(_let_values(program, option))
    return "outest" if values and values <= _sas_list("statistics_options") else option


@lru_cache(maxsize=8)
def _sas_list(key: str) -> frozenset[str]:
    return frozenset(sas_statements.table()[key])


def _reading(text: str) -> regex.Match[str] | None:
    """What a data step reads: the data sets of its set/merge/update/modify statement, up to their options (`end=`,
    `by`), in group 1; None for another statement."""
    return sas_statements.read_statement().match(text)


# Macro conditions, loop heads and words among the data sets read (`set a %if &more %then b;`, `set %do i = 1 %to
# &n; part&i %end;;`) name no data set.
_MACRO_WORDS = regex.compile(
    r"%do\b\s*(?:[A-Za-z_]\w*\s*=|%while\b|%until\b)[^;]*|%if\b.*?%then\b|%[A-Za-z_]\w*",
    regex.IGNORECASE | regex.DOTALL,
)
# A macro block's opening and closing words: a list of data sets may span a `%do ... %end` block.
_MACRO_DO = regex.compile(r"%do\b", regex.IGNORECASE)
_MACRO_END = regex.compile(r"%end\b", regex.IGNORECASE)


_INFILE = regex.compile(r"\s*infile\s+(?:(['\"])|([A-Za-z_&]\w*))", regex.IGNORECASE)
# A macro reference named for a SAS log: `&log`, `&copylog`, `&logfile`, `&log_ref`, `%superq(copylog)`.
_LOG_REFERENCE = r"(?:&|%superq\(\s*)\w*log(?:_?(?:file|ref|name))?\b\.?\)*"


@cache
def _not_data_file() -> regex.Pattern[str]:
    """Raw records that are no data file: a command's output (`pipe`), a SAS log read back by a log checker (a
    file named `*.log`, or a macro reference named for a log: `"&logfile"`, `"%sysfunc(strip(%superq(copylog)))"`),
    or a program's text (statements.toml `program_files`: `"01_load.do"`)."""
    endings = "|".join(map(regex.escape, sorted(_sas_list("program_files"))))
    return regex.compile(
        rf"""\bpipe\b|^[^'"]*['"][^'"]*(?:\.(?:log|{endings})|{_LOG_REFERENCE})\s*['"]""", regex.IGNORECASE
    )


# ... and a fileref given in a macro reference so named (`infile &logref;`).
_LOG_FILEREF = regex.compile(rf"{_LOG_REFERENCE}$", regex.IGNORECASE)
_FILENAME = regex.compile(r"\s*filename\s+([A-Za-z_]\w*)\s+(.*)", regex.IGNORECASE | regex.DOTALL)
# The file PROC PRINTTO sends the program's listing or log to (a fileref or a quoted path): read back, it holds the
# procedures' printed results, unless a procedure that lists observations (statements.toml `lists_observations`)
# or a data step's `put` (to the log, or to the listing after `file print`) wrote to it before the next PROC PRINTTO.
_PRINTTO_FILE = regex.compile(r"""\b(?:print|log)\s*=\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z_&]\w*))""", regex.IGNORECASE)
_FILE_PRINT = regex.compile(r"\s*file\s+print\b", regex.IGNORECASE)
_QUOTED = regex.compile(r"'([^']*)'|\"([^\"]*)\"")


def _not_data_source(source: str) -> bool:
    """What a FILENAME assigns (after the fileref) is no data file: a command's output, a SAS log, or a web
    service's answer (an access method of statements.toml `web_access`: `url "https://..."`)."""
    method = _ACCESS.match(source)
    if method is not None and method[1].lower() in _sas_list("web_access"):
        return True
    return bool(_not_data_file().search(source)) and not _prints_a_file(source)


_PIPE = regex.compile(r"\bpipe\b", regex.IGNORECASE)
_COMMAND_WORD = regex.compile(r"""['"]\s*([^\s'"]+)""")


def _prints_a_file(source: str) -> bool:
    """A pipe whose command prints a file's content (statements.toml `file_readers`: `pipe "cat /data/x.csv"`,
    `'gzip -dc x.gz' pipe`): its records are the file's, not a command's answer."""
    command = _COMMAND_WORD.search(source) if _PIPE.search(source) else None
    if command is None:
        return False
    program = regex.split(r"[/\\]", command[1].lower())[-1].removesuffix(".exe")
    return program in _sas_list("file_readers")


def _no_data_file(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """Every raw record the step reads comes from a command's output, a SAS log, a web service's answer or a listing
    PROC PRINTTO wrote before the step, none from a data file or inline data."""
    refs = set()  # filerefs of such files
    paths = set()  # quoted paths PROC PRINTTO wrote to
    infiles = 0
    for start, end, keyword in outline.statements:
        if start >= step.end:
            break
        text = positions.text_between(start, end)
        if keyword == "filename" and (named := _FILENAME.match(text)) and _not_data_source(named[2]):
            refs.add(named[1].lower())
        elif _procedure(keyword, text) == "printto" and _results_listing(outline, positions, start):
            for quoted, doubled, ref in _PRINTTO_FILE.findall(text):
                if ref:
                    refs.add(ref.lower())
                else:
                    paths.add(quoted or doubled)
        elif start >= step.start and keyword in _sas_list("datalines"):
            return False
        elif start >= step.start and (infile := _INFILE.match(text)):
            infiles += 1
            if infile[1]:  # a quoted path
                rest = text[infile.start(1) :]
                path = _QUOTED.match(rest)
                if not (_not_data_source(rest) or (path and (path[1] or path[2]) in paths)):
                    return False
            elif infile[2].lower() not in refs and not _LOG_FILEREF.match(infile[2]):
                return False
    return infiles > 0


_LIBNAME = regex.compile(r"\s*libname\s+([A-Za-z_]\w*)\s*(?:([A-Za-z_]\w*)\b)?(.*)", regex.IGNORECASE | regex.DOTALL)
_FILEREF_OPTION = regex.compile(r"\bfileref\s*=\s*([A-Za-z_]\w*)", regex.IGNORECASE)
_ACCESS = regex.compile(r"\s*([A-Za-z_]\w*)", regex.IGNORECASE)
_OUT_FILEREF = regex.compile(r"\bout\s*=\s*([A-Za-z_]\w*)", regex.IGNORECASE)


def _answer_libraries(outline: _Outline, positions: Positions) -> frozenset[str]:
    """The librefs whose every `libname` reads a web service's answer with an engine of statements.toml
    `answer_engines` (`libname resp json;`, `libname x json fileref=resp;`), where the fileref is only ever the
    OUT= of a procedure of `web_procedures` (`proc http ... out=resp;`) or a file of an access method of
    `web_access` (`filename resp url "...";`), besides a temporary file. A fileref or libref also assigned an
    ordinary file or folder is not told apart: rows (read once per file)."""
    if not outline.answers and not any(engine in positions.text.lower() for engine in _sas_list("answer_engines")):
        outline.answers.append(frozenset())  # no such engine named: most files, told at once
    if not outline.answers:
        answers: set[str] = set()
        files: set[str] = set()  # filerefs assigned anything else
        heads: list[tuple[str, str, str]] = []
        for start, end, keyword in outline.statements:
            text = positions.text_between(start, end)
            if keyword == "filename" and (named := _FILENAME.match(text)):
                method = _ACCESS.match(named[2])
                access = method[1].lower() if method else ""
                if access in _sas_list("web_access"):
                    answers.add(named[1].lower())
                elif access != "temp":
                    files.add(named[1].lower())
            elif _procedure(keyword, text) in _sas_list("web_procedures"):
                answers.update(ref.lower() for ref in _OUT_FILEREF.findall(text))
            elif keyword == "libname" and (library := _LIBNAME.match(text)):
                heads.append((library[1].lower(), (library[2] or "").lower(), library[3]))
        over_answers = answers - files
        told: dict[str, bool] = {}
        for libref, engine, rest in heads:
            fileref = _FILEREF_OPTION.search(rest)
            source = fileref[1].lower() if fileref else libref
            told[libref] = told.get(libref, True) and (
                engine in _sas_list("answer_engines") and not _QUOTED.search(rest) and source in over_answers
            )
        outline.answers.append(frozenset(libref for libref, answer in told.items() if answer))
    return outline.answers[0]


def _procedure(keyword: str, text: str) -> str:
    """The procedure a `proc` statement runs, lower case; "" for any other statement."""
    proc = _PROC_NAME.match(text) if keyword == "proc" else None
    return proc[1].lower() if proc else ""


def _results_listing(outline: _Outline, positions: Positions, at: int) -> bool:
    """What the PROC PRINTTO at offset `at` redirects, up to the next PROC PRINTTO, is no listing of observations."""
    for start, end, keyword in outline.statements[bisect_right(outline.starts, at) :]:
        text = positions.text_between(start, end)
        procedure = _procedure(keyword, text)
        if procedure == "printto":
            break
        if (
            procedure in _sas_list("lists_observations")
            or (keyword == "file" and _FILE_PRINT.match(text))
            or _PUT_HEAD.match(text.lstrip())  # a data step's put writes to the log PROC PRINTTO may redirect
        ):
            return False
    return True


# What tells a data step's last row, or the last row of a BY group: the `end=` and `nobs=` variables of its set
# statements (`_set_variable`), `last.var`, `_n_ = nobs`.
_LAST_OF = regex.compile(r"\blast\.([A-Za-z_&]\w*)", regex.IGNORECASE)
_N_IS = regex.compile(r"\b_n_\s*(?:=|eq)\s*([A-Za-z_]\w*)", regex.IGNORECASE)
_EITHER = regex.compile(r"\bor\b|\|", regex.IGNORECASE)
_IF_THEN = regex.compile(r"\s*(?:else\s+)?if\b(.*?)(?:\bthen\b\s*(.*))?;?\s*$", regex.IGNORECASE | regex.DOTALL)
_DO = regex.compile(r"\s*(?:else\s+)?do\b\s*;", regex.IGNORECASE)
_OUTPUT_WORD = regex.compile(r"\s*(?:else\s+)?output\b", regex.IGNORECASE)
_KEEP = _list_statement("keep")
_KEEP_OPTION = regex.compile(r"\bkeep\s*=\s*([^)/;]*)", regex.IGNORECASE)


def _step_statements(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions
) -> Iterator[tuple[str, str]]:
    """The keyword and text of each statement of the data step, in order."""
    for start, end, keyword in outline.statements[bisect_left(outline.starts, step.start) :]:
        if start >= step.end:
            break
        yield keyword, positions.text_between(start, end)


def _aggregates(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The data step writes a row only at the end of its input or of a BY group that is no person (`if eof then
    output;`, `if last.region then do; ... output; end;`, `if _n_ = nobs;`), and keeps (`keep`, `keep=`) only
    variables it computes, besides such BY variables: a total per data set or group, not an observation."""
    texts = list(_step_statements(step, outline, positions))
    if not texts:
        return False
    options = [(o.lower(), w.lower()) for _k, t in texts if _reading(t) for o, w in _set_variable().findall(t)]
    ends = {w for o, w in options if o == "end"}
    counts = {w for o, w in options if o == "nobs"}
    groups = {w.lower() for _k, t in texts for w in _listed(_BY, t)}
    kept = {w.lower() for _k, t in texts if (keep := _KEEP.match(t)) for w in _WORD.findall(keep[1])}
    kept.update(w.lower() for o in _KEEP_OPTION.findall(texts[0][1]) for w in _WORD.findall(o))
    ends_on: set[str] = set()  # the BY variables whose last rows it writes

    def at_end(condition: str) -> bool:
        if _EITHER.search(condition):
            return False
        last = {w.lower() for w in _LAST_OF.findall(condition)}
        if last and not any(_person_key(w) for w in last):
            ends_on.update(last)
            return True
        n_is = _N_IS.search(condition)
        return bool(set(_WORD.findall(condition.lower())) & ends) or (n_is is not None and n_is[1].lower() in counts)

    written = _written_when(texts, at_end, settles=False)
    if written is None:
        return False
    subset, outputs = written
    kept = kept or _known_variables(step, outline, positions, texts)
    if not kept or not (outputs or subset):
        return False
    computed = _assigned(outline, step, positions) - _copies(texts)
    return kept <= computed | (ends_on & groups) | _totals(step, outline, positions)


# `last = doser;`, also after if/then/else: a variable that holds a value read, not one computed.
_COPY = regex.compile(
    r"\s*(?:if\b.*?\bthen\s+)?(?:else\s+)?([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*;?\s*$", regex.IGNORECASE | regex.DOTALL
)


def _copies(texts: list[tuple[str, str]]) -> set[str]:
    """The variables a step assigns only as a copy of another variable it does not assign itself (`last = doser;`):
    at the last row they hold the last observation's value, not a total."""
    assigned: dict[str, set[str]] = {}
    copies: dict[str, str] = {}
    for _keyword, text in texts[1:]:
        if found := _ASSIGNED.match(text):
            assigned.setdefault(found[1].lower(), set()).add(text)
        if copy := _COPY.match(text):
            copies[copy[1].lower()] = copy[2].lower()
    return {
        name
        for name, source in copies.items()
        if source not in assigned and all(_COPY.match(text) for text in assigned.get(name, ()))
    }


_DROP = _list_statement("drop")
_DROP_OPTION = regex.compile(r"\bdrop\s*=\s*([^)/;]*)", regex.IGNORECASE)
_RENAME_OPTION = regex.compile(r"\brename\s*=", regex.IGNORECASE)


def _known_variables(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions, texts: list[tuple[str, str]]
) -> set[str]:
    """The variables a step without `keep` writes when every data set it reads names its variables (`set
    x(keep=a b) end=eof;`, no `rename=`): those and the ones it assigns, less what it drops (`drop` statements,
    `drop=` on the data statement); empty when that is not told."""
    inputs = _step_inputs(step, outline, positions)[0]
    if not inputs:
        return set()
    options = {
        name.lower(): listed
        for _k, t in texts
        if (found := _reading(t))
        for name, listed in _NAMED_OPTIONS.findall(found[1])
    }
    read: set[str] = set()
    for name in inputs:
        listed = options.get(name)
        keep = _KEEP_OPTION.search(listed) if listed is not None and not _RENAME_OPTION.search(listed) else None
        if keep is None:
            return set()
        read.update(w.lower() for w in _WORD.findall(keep[1]))
    dropped = {w.lower() for _k, t in texts if (drop := _DROP.match(t)) for w in _WORD.findall(drop[1])}
    dropped.update(w.lower() for o in _DROP_OPTION.findall(texts[0][1]) for w in _WORD.findall(o))
    return (read | _assigned(outline, step, positions)) - dropped


# `_type_ = 'STAT'`, `_type_ in ('FUNCTION', 'PROB')`: rows of a procedure's output data set chosen by type.
_TYPE_IS = regex.compile(
    r"""\b_type_\s*(?:=|eq|in)\s*(\(\s*(?:'[^']*'|"[^"]*")(?:\s*,?\s*(?:'[^']*'|"[^"]*"))*\s*\)|'[^']*'|"[^"]*")""",
    regex.IGNORECASE,
)
_WHERE = regex.compile(r"\s*where\b(.*)", regex.IGNORECASE | regex.DOTALL)


def _typed(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The step reads one data set with one set statement and keeps only its rows of a type given by name
    (`if _type_ = 'STAT';`, `where _type_ = 'STAT' & ...;`, or every `output` under `if _type_ = 'INERTIA' then`):
    statistics of a procedure's output data set (OUTRAM=, OUTEST=, OUTSTAT=, CATMOD OUT=, CORRESP OUT=), whose
    `_type_` says what each row holds. Not a numeric type (PROC MEANS: a level of the CLASS variables) nor the rows
    of observations (statements.toml `observation_names`: `_type_ = 'OBS'`)."""
    texts = list(_step_statements(step, outline, positions))
    reads = [t for _k, t in texts if _reading(t)]
    if len(reads) != 1 or not regex.match(r"\s*set\b", reads[0], regex.IGNORECASE):
        return False
    written = _written_when(texts, _of_type, settles=True)
    return written is not None and (written[0] or written[1] > 0)


def _written_when(texts: list[tuple[str, str]], holds: Callable[[str], bool], settles: bool) -> tuple[bool, int] | None:
    """Where a data step writes rows, from its statements after the first: whether a subsetting if's condition
    holds (`if eof;`), and how many `output` statements run only inside conditions that hold; None when an
    `output` runs outside them. With `settles`, a subsetting if or a `where` whose condition holds answers at once
    (every row after it passed the condition)."""
    blocks: list[bool] = []  # per open `do` block: whether it runs only where a condition holds
    outputs = 0
    subset = False
    for keyword, text in texts[1:]:
        inside = any(blocks)
        condition = _IF_THEN.match(text) if keyword in ("if", "else") else None
        if condition is not None and condition[2] is None:  # a subsetting if
            subset = subset or holds(condition[1])
            if subset and settles:
                return True, outputs
        elif condition is not None:
            met = inside or holds(condition[1])
            if _DO.match(condition[2]):
                blocks.append(met)
            elif _OUTPUT_WORD.match(condition[2]):
                outputs += 1
                if not met:
                    return None
        elif settles and keyword == "where" and (where := _WHERE.match(text)) and holds(where[1]):
            return True, outputs
        elif keyword == "do" or _DO.match(text):  # also `else do;`: it runs when the condition before is false
            blocks.append(inside)
        elif keyword == "end" and blocks:
            blocks.pop()
        elif keyword == "output" or (keyword == "else" and _OUTPUT_WORD.match(text)):
            outputs += 1
            if not inside:
                return None
    return subset, outputs


def _of_type(condition: str) -> bool:
    """The condition holds only for rows of a type given by name (`_type_ = 'STAT'`, `_type_ in ('A', 'B') &
    ...`), none of observations, and lets no other row through (no `or`)."""
    typed = _TYPE_IS.search(condition)
    if typed is None or _EITHER.search(condition):
        return False
    names = {n.lower() for n in _QUOTED_VALUE.findall(typed[1])}
    return not any(n.endswith(o) for n in names for o in _sas_list("observation_names"))


_TYPE_OPTION = regex.compile(r"""\btype\s*=\s*['"]?(\w+)""", regex.IGNORECASE)
_ROW_NAMES = regex.compile(r"\b_(?:name|type)_\b", regex.IGNORECASE)


def _matrix(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The step writes data sets of a statistics type only (`data r(type=corr);`, statements.toml
    `statistics_types`) and reads their rows' names (`input _name_ $ a b c;`): a matrix of statistics typed in or
    read from a file. The type alone (`input x1 x2 x3;`) labels raw observations. A dissimilarity matrix
    (statements.toml `result_types`: `data d(type=distance); input lang $ da sv no;`) typed in, reading no data set,
    no person key and no variable a macro names, is a result: its rows are the objects it compares."""
    texts = list(_step_statements(step, outline, positions))
    types = {t.lower() for t in _TYPE_OPTION.findall(texts[0][1])} if texts else set()
    inputs = [text for keyword, text in texts[1:] if keyword == "input"]
    if types and types <= _sas_list("statistics_types"):
        return any(_ROW_NAMES.search(text) for text in inputs)
    typed = bool(types) and types <= _sas_list("statistics_types") | _sas_list("result_types")
    return (
        typed
        and not step.reads
        and bool(inputs)
        and not any(
            word.startswith("&") or _person_key(word) for text in inputs for word in _WORD.findall(text)[1:]
        )  # the words after `input`: no person key, none a macro names
    )


_QUOTED_VALUE = regex.compile(r"""['"]([^'"]*)['"]""")
_RETAIN_KEEP = _list_statement("retain", "keep")
# A LABEL statement's `name = 'text'` pairs, also across the macro code that splits it (`%if &b %then %do; ... %end;`).
_LABEL_STATEMENT = regex.compile(
    r"""(?<![\w.])label\b((?:\s+|%if\b[^;]*?%then\s*%do\s*;|%else\s*%do\s*;|%end\s*;"""
    r"""|[A-Za-z_]\w*\s*=\s*(?:'[^']*'|"[^"]*"))*)""",
    regex.IGNORECASE,
)
_LABEL_PAIR = regex.compile(r"""([A-Za-z_]\w*)\s*=\s*(?:'([^']*)'|"([^"]*)")""")
_RENAMED = regex.compile(r"\b([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)")
_RENAME_LIST = regex.compile(rf"\brename\s*=\s*{sas_statements.PARENTHESISED}", regex.IGNORECASE)


_RETAIN = _list_statement("retain")


def _library_table(inputs: list[str]) -> bool:
    """Some data set read is a library's table (`set raw.lab;`), not one the program or its caller makes (`work.`,
    `&ds`): what its variables hold is not told by the file."""
    return any("." in name.rstrip(".") and not name.startswith(("work.", "&")) for name in inputs)


def _lists_variables(texts: list[tuple[str, str]], inputs: list[str]) -> bool:
    """The data step shows every variable it writes: a `keep` statement or `keep=` on its data statement, `keep=`
    on every data set it reads (`inputs`), or a `retain` list before its first read statement (the idiom that
    orders the variables it writes: `retain &id name value stderr; merge ...;`)."""
    if _KEEP_OPTION.search(texts[0][1]) or any(_KEEP.match(t) for _k, t in texts):
        return True
    options = {
        name.lower(): listed
        for _k, t in texts
        if (found := _reading(t))
        for name, listed in _NAMED_OPTIONS.findall(found[1])
    }
    if inputs and all(_KEEP_OPTION.search(options.get(name, "")) for name in inputs):
        return True
    first = next((i for i, (_k, t) in enumerate(texts) if _reading(t)), len(texts))
    return any(_RETAIN.match(t) for _k, t in texts[1:first])


@lru_cache(maxsize=4)
def _labels(text: str) -> dict[str, list[str]]:
    """The labels LABEL statements in `text` give each variable (lower case)."""
    labels: dict[str, list[str]] = {}
    for statement in _LABEL_STATEMENT.finditer(text):
        for pair in _LABEL_PAIR.finditer(statement[1]):
            labels.setdefault(pair[1].lower(), []).append((pair[2] or pair[3]).lower())
    return labels


def _statistic_label(labels: list[str]) -> bool:
    """Every label is one of a statistic of a sample or a model (statements.toml `statistics_labels`), none of one
    observation's (`observation_labels`); False for no label."""
    return bool(labels) and all(
        any(w in label for w in _sas_list("statistics_labels"))
        and not any(w in label for w in _sas_list("observation_labels"))
        for label in labels
    )


def _labelled_statistics(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """Every variable the step shows (its `retain` and `keep` lists, `keep=`, assignments, `rename=` targets and
    labels, less what it drops) is a statistic of a sample or a model, by the label the step gives it
    (statements.toml `statistics_labels`, none of `observation_labels`) or by the name of one it computes
    (`model_statistics`, `sample_statistics`): the table of a resampling macro (`label stderr = 'Estimated Standard
    Error';`). The variable a transposed `_name_` is renamed to names variables; a BY variable a macro reference
    names (`by &id name;`) is no person key by its name alone (round 9 decision). A BY or shown person key, another
    macro reference, an unlabelled variable, a library's table or a data file read keeps rows."""
    body = positions.text_between(step.start, step.end)
    labels = _labels(body)
    statistics = _sas_list("model_statistics") | _sas_list("sample_statistics")
    if not any(map(_statistic_label, labels.values())) and not statistics & _assigned(outline, step, positions):
        return False  # nothing in the step names a statistic (most steps: read once, cheaply)
    texts = list(_step_statements(step, outline, positions))
    if not texts or (step.raw and not _no_data_file(step, outline, positions)):
        return False  # records of a data file or inline data are rows, whatever their labels say
    inputs = _step_inputs(step, outline, positions)[0]
    if _library_table(inputs):
        return False  # a library's table: what its variables hold is not told by the step
    if step.reads and not _lists_variables(texts, inputs):
        return False  # it passes on every variable of what it reads, which the step does not show
    shown: set[str] = set()
    computed: set[str] = set()
    continued = False  # the list before ended at a `%then name;` of macro code
    for keyword, text in texts[1:]:
        listed = _RETAIN_KEEP.match(text)
        if listed or (continued and (keyword == "%if" or keyword not in _sas_list("plain"))):
            words = _MACRO_WORDS.sub(" ", _QUOTED.sub(" ", listed[1] if listed else text))
            shown.update(w.lower() for w in _WORD.findall(words))
        continued = bool(listed or continued) and _THEN_END.search(text) is not None
        if (found := _ASSIGNED.match(text)) and not _LABEL_PAIR.match(text):
            computed.add(found[1].lower())
    shown |= computed
    shown.update(w.lower() for o in _KEEP_OPTION.findall(texts[0][1]) for w in _WORD.findall(o))
    names: set[str] = set()  # variables that hold names of variables: what a transposed `_name_` was renamed to
    for options in _RENAME_LIST.findall(body):
        for old, new in _RENAMED.findall(options):
            (names if old.lower() == "_name_" else shown).add(new.lower())
    shown.update(labels)
    grouped = (_MACRO_WORDS.sub(" ", listed[1]) for _k, t in texts if (listed := _BY.match(t)))
    by = [w.lower() for text in grouped for w in _WORD.findall(text)]
    if any(_key_name(w) for w in by if not w.startswith("&")):
        return False
    dropped = {w.lower() for _k, t in texts if (drop := _DROP.match(t)) for w in _WORD.findall(drop[1])}
    shown -= dropped | names | {w for w in by if w.startswith("&")}

    def statistic(word: str) -> bool:
        """Labelled as a statistic, or computed in the step under a statistic's name (a value read and kept is
        not typed by its name: `keep tvalue;` of rows read with `input lbnr tvalue;`)."""
        return (word in statistics and word in computed) or _statistic_label(labels.get(word, []))

    return bool(shown) and not any(w.startswith("&") or _key_name(w) for w in shown) and all(map(statistic, shown))


# `exp = n * phat;`: a variable assigned the product of two names.
_PRODUCT = regex.compile(r"\s*[A-Za-z_]\w*\s*=\s*([A-Za-z_]\w*)\s*\*\s*([A-Za-z_]\w*)\s*;?\s*$", regex.IGNORECASE)


@cache
def _total_weight() -> regex.Pattern[str]:
    """A summary's option that writes the total weight, and the variable it names (`sumwgt=n`)."""
    return regex.compile(rf"\b{sas_statements.words('total_weights')}\s*=\s*([A-Za-z_]\w*)", regex.IGNORECASE)


def _fitted_frequencies(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The step multiplies the total weight (statements.toml `total_weights`: `sumwgt=n`) that a summary of a data
    set it reads writes under a frequency weight (`frequency_weights`: `weight &freq;`) by another value (`exp = n *
    phat;`): it expects a frequency per row, so the rows are the values of a count with their frequencies, an
    aggregate (round 9, second pass). A library's table read or a person key in the step keeps rows."""
    inputs = _step_inputs(step, outline, positions)[0]
    if not inputs or _library_table(inputs):
        return False
    texts = list(_step_statements(step, outline, positions))
    if _names_key(texts):
        return False
    factors = {f.lower() for _k, t in texts if (found := _PRODUCT.match(t)) for f in found.groups()}
    if not factors:
        return False
    totals: set[str] = set()
    for block in _procedures_reading(outline, positions, inputs, range(bisect_left(outline.starts, step.start))):
        if any(k in _sas_list("frequency_weights") for k, _t in block[1:]):
            totals.update(w.lower() for _k, t in block for w in _total_weight().findall(t))
    return bool(factors & totals)


def _names_key(texts: list[tuple[str, str]]) -> bool:
    """Some statement of the step names a person key (quoted text aside)."""
    return any(_key_name(w.lower()) for _k, t in texts for w in _WORD.findall(_QUOTED.sub(" ", t)))


# An iterative DO (`do sex = 'm', 'f';`, `do dose = 1 to 3;`), not a block (`do;`, `do while (...)`).
_DO_LOOP = regex.compile(r"\s*do\s+[A-Za-z_]\w*\s*=", regex.IGNORECASE)
# What an INPUT statement reads: its variables, not `$`, pointers (`@@`, `@5`, `+1`) or informats (`3.`, `$8.`).
_INPUT_VARIABLE = regex.compile(r"(?<![\w@+$.])[A-Za-z_]\w*(?![\w.])")


def _typed_counts(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The step types in a table of counts: it reads no data set, each INPUT sits in iterative `do` loops (the
    cells' labels: `do sex = 'm', 'f';`) and reads only variables a procedure reading the step's data set weighs
    it by (statements.toml `frequency_weights`: `weight count;`): each row is a cell and its one value a count
    (`input count @@;`), not a person (round 10). A variable read besides (a key, a measurement) keeps rows."""
    if step.reads or not step.raw:
        return False
    texts = list(_step_statements(step, outline, positions))
    loops: list[bool] = []
    read: set[str] = set()
    for keyword, text in texts[1:]:
        if keyword == "do":
            loops.append(bool(_DO_LOOP.match(text)))
        elif keyword == "end" and loops:
            loops.pop()
        elif keyword == "input":
            if not any(loops):
                return False
            read.update(w.lower() for w in _INPUT_VARIABLE.findall(text[5:]))
    weights = {
        w.lower()
        for kind, text in _later_procedures(step, outline, positions, texts[0][1])
        if kind in _sas_list("frequency_weights")
        for w in _WORD.findall(text)[1:]
    }
    return bool(read) and read <= weights


# A model of events out of trials (`model r/n = age;`): each row is a group with its counts.
_EVENTS_TRIALS = regex.compile(r"\s*model\s+[A-Za-z_]\w*\s*/\s*[A-Za-z_]\w*\s*=", regex.IGNORECASE)


def _grouped_trials(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """A procedure models the step's data set as events out of trials (`model r/n = age;`): its rows are groups
    with their counts, an aggregate (round 10). A data set read or a person key in the step keeps rows."""
    if step.reads:
        return False
    texts = list(_step_statements(step, outline, positions))
    if _names_key(texts):
        return False
    return any(
        kind == "model" and _EVENTS_TRIALS.match(text)
        for kind, text in _later_procedures(step, outline, positions, texts[0][1])
    )


def _later_procedures(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions, head: str
) -> Iterator[tuple[str, str]]:
    """The statements (keyword, text) after the first of the procedures after the step that read its data sets
    (`head`: its DATA statement), by `data=` or as the last data set created."""
    after = range(bisect_left(outline.starts, step.end), len(outline.statements))
    for block in _procedures_reading(outline, positions, _data_names(head), after, last=True):
        yield from block[1:]


def _procedures_reading(
    outline: _Outline, positions: Positions, names: list[str], numbers: range, last: bool = False
) -> Iterator[list[tuple[str, str]]]:
    """The statements (`_procedure_statements`) of each procedure among the statements `numbers` that reads one of
    the data sets `names` by `data=`, or with `last`, without `data=` before a data step (the last one created)."""
    for number in numbers:
        keyword = outline.statements[number][2]
        if keyword == "data":
            last = False
        if keyword != "proc":
            continue
        block = _procedure_statements(outline, positions, number)
        read = _PROC_IN.search(block[0][1])
        if (read is None and last) or (read is not None and any(_same(n, read[1].lower()) for n in names)):
            yield block


def _totals(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> frozenset[str]:
    """The running sums of the one data set the step reads: the variables the data step that wrote it accumulates
    by a sum statement (`_sum + x;`) and never assigns (`if first.pnr then _sum = 0;` starts a sum per group). At
    the last row such a variable holds the total over every row."""
    inputs = _step_inputs(step, outline, positions)[0]
    if len(set(inputs)) != 1:
        return frozenset()
    before = range(bisect_left(outline.starts, step.start) - 1, -1, -1)
    writer = next(_writers(outline, positions, before, inputs[0]), None)
    if not isinstance(writer, sas_statements.DataStep):
        return frozenset()
    sums: set[str] = set()
    assigned: set[str] = set()
    for _keyword, text in _step_statements(writer, outline, positions):
        if found := _ASSIGNED.match(text):
            (sums if found[0].endswith("+") else assigned).add(found[1].lower())
    return frozenset(sums - assigned)


def _statistics(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions, scope: Scope, depth: int
) -> bool:
    """The data step makes a table of statistics, not rows: it reads no data set and no raw records (a grid of
    values computed in `do` loops), or every data set it reads is statistics or metadata (followed up to `depth`
    steps back), or it keeps only the rows of a table of metadata matched by variable name (`_matched_variables`).
    Raw records from an operating system command (`filename ls pipe "dir ..."`) are a file listing, those of a SAS
    log the program's messages."""
    if step.raw and not _no_data_file(step, outline, positions):
        return False
    if not step.reads:
        return True
    if step.start not in outline.reads_results:  # read once per step
        outline.reads_results[step.start] = _reads_results(step, outline, positions)
    if outline.reads_results[step.start]:
        # ... unless the program shows one of those data sets made with rows (`input lbnr tvalue;`)
        before = range(bisect_left(outline.starts, step.start) - 1, -1, -1)
        if not any(
            next(_writers(outline, positions, before, name), None) is not None
            and _persons(outline, positions, scope, step.start, name, depth)
            for name in _step_inputs(step, outline, positions)[0]
        ):
            return True
    inputs, flags = _step_inputs(step, outline, positions)
    # A data set the step appends to itself in a macro loop (`data h; set %if &i > 1 %then h; step;`), and that no
    # other statement of the file makes, holds what its other inputs add.
    first = bisect_left(outline.starts, step.start)
    others = [n for n in range(len(outline.statements)) if n != first]
    own = {
        name
        for name in inputs
        if next(_writers(outline, positions, [first], name), None) is step
        and next(_writers(outline, positions, others, name), None) is None
    }
    if own and set(inputs) - own:
        inputs = [name for name in inputs if name not in own]
    if not inputs:
        return False
    return not any(_persons(outline, positions, scope, step.start, name, depth) for name in inputs) or (
        _matched_variables(step, outline, positions, flags, depth)
    )


# A variable named in a statement: a word outside quotes that no `(` follows (`probf(...)` is a function).
_VARIABLE = regex.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|(?<![\w&.])(&*[A-Za-z_][\w&]*+)(?!\s*\()""")


def _reads_results(step: sas_statements.DataStep, outline: _Outline, positions: Positions) -> bool:
    """The step names a column only procedures' result tables have (statements.toml `result_columns`: `_source_`,
    `ProbF`, `HypothesisType`) and no person key (nor a macro reference named like one), and reads in one statement
    only data sets its caller passes or the program makes (no library's table: `set raw.lab;`): what it reads is a
    table of results, unless the program shows it made with rows (`_statistics`). A second read statement (`if _n_
    = 1 then set est;` beside the persons) scores rows."""
    texts = list(_step_statements(step, outline, positions))
    if sum(1 for _k, t in texts if _reading(t)) != 1:
        return False
    inputs = _step_inputs(step, outline, positions)[0]
    if not inputs or _library_table(inputs):
        return False
    words = {w[1].lower() for _k, t in texts for w in _VARIABLE.finditer(t) if w[1]}
    return bool(words & _sas_list("result_columns")) and not any(_person_key(word) for word in words)


def _step_inputs(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions
) -> tuple[list[str], dict[str, str]]:
    """The data sets the step reads (lower case, in order), and the data set each `in=` flag marks."""
    inputs: list[str] = []
    flags: dict[str, str] = {}
    continued = False  # the statement before ended at a `%then name;` inside a list of data sets
    blocks = 0  # the `%do` blocks open inside a list of data sets: each statement up to their `%end` is in it
    held = ""  # a list of data sets up to a `;` inside a data set's options: it runs on in the next statement
    for keyword, text in _step_statements(step, outline, positions):
        text = held + text
        found = _reading(text)
        listing = bool(found or blocks or (continued and keyword not in _sas_list("plain")))
        held = text if listing and keyword not in _sas_list("step_end") and _open_parentheses(text) else ""
        if held:
            continue
        if listing:
            listed = _MACRO_WORDS.sub(" ", _read_options().sub("", (found[1] if found else text).rstrip(" \t\r\n;")))
            inputs += [n.lower() for n in _DATA_NAMES.findall(_GROUP.sub("", listed))]
            for name, options in _NAMED_OPTIONS.findall(listed):
                if flag := _IN_FLAG.search(options):
                    flags[flag[1].lower()] = name.lower()
        opened = blocks + len(_MACRO_DO.findall(text)) - len(_MACRO_END.findall(text)) if listing else 0
        # the `;` after the last `%end` is the macro statement's: the next statement ends the list
        continued = (bool(found or continued) and _THEN_END.search(text) is not None) or (blocks > 0 and opened <= 0)
        blocks = max(opened, 0)
    return inputs, flags


# A data set with its options (`vars(in=a rename=(type=t))`) and the `in=` flag among them.
_NAMED_OPTIONS = regex.compile(rf"([A-Za-z_&][\w.&]*)\s*{sas_statements.PARENTHESISED}")
_IN_FLAG = regex.compile(r"\bin\s*=\s*([A-Za-z_]\w*)", regex.IGNORECASE)


def _matched_variables(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions, flags: dict[str, str], depth: int
) -> bool:
    """The step merges BY the column that names a variable (statements.toml `metadata_names`) and keeps only the
    rows of a table of metadata (`if a;` for its `in=a`): each row is one of the variables with what the other
    data sets say of it (a check against a reference list), not an observation."""
    texts = list(_step_statements(step, outline, positions))
    by = [{w.lower() for w in _listed(_BY, t)} for _k, t in texts if _BY.match(t)]
    if len(by) != 1 or not by[0] or not by[0] <= _sas_list("metadata_names"):
        return False
    subsets = {c[1].strip().lower() for k, t in texts if k == "if" and (c := _IF_THEN.match(t)) and c[2] is None}
    return any(
        flag in subsets and _metadata(outline, positions, step.start, name, depth) for flag, name in flags.items()
    )


def _metadata(outline: _Outline, positions: Positions, at: int, name: str, depth: int) -> bool:
    """The data set `name` as it stands at offset `at` is a table of metadata: written by a procedure of
    statements.toml `metadata_procedures` (PROC CONTENTS OUT=), a query of the dictionary tables, or sorts and
    data steps that read only such tables."""
    if depth <= 0:
        return False
    for number in range(bisect_right(outline.starts, at) - 2, -1, -1):
        writer = next(_writers(outline, positions, [number], name), None)
        if writer is None:
            continue
        start, end, keyword = outline.statements[number]
        text = positions.text_between(start, end)
        if isinstance(writer, tuple):  # a sort: what its input holds
            return writer[0] is not None and _metadata(outline, positions, writer[1], writer[0], depth - 1)
        if isinstance(writer, sas_statements.DataStep):
            inputs = _step_inputs(writer, outline, positions)[0]
            return bool(inputs) and all(_metadata(outline, positions, writer.start, n, depth - 1) for n in inputs)
        if keyword == "create":
            return _METADATA.search(text) is not None
        return _procedure(keyword, text) in _sas_list("metadata_procedures")
    return False


# `set %if &i > 1 %then hist; step;`: the `;` ends the macro condition's text, not the list of data sets.
_THEN_END = regex.compile(r"%then\s+[^;%]*;\s*$", regex.IGNORECASE)
_DATA_NAMES = regex.compile(r"([A-Za-z_&][\w.&]*)\s*(?:\([^)]*\))?")


def _data_names(statement: str) -> list[str]:
    """The data sets a DATA statement writes, lower case, without `work.` (its options after `/` left out)."""
    return [n.lower().removeprefix("work.") for n in _DATA_NAMES.findall(statement[4:].split("/")[0])]


# What a SAS put writes besides variables: literal and macro text (also a `%do i=1 %to &n` loop's control), column
# and line pointers, formats, and the automatic _n_, _error_ and _page_. A macro reference followed by `=` names a
# variable (`put &var=;`), and so does an indirect one (`put %do i=1 %to &n; &&name&i %end;`).
_PUT_HEAD = regex.compile(r"^(?:if\b.*?\bthen\s+)?put\b", regex.IGNORECASE | regex.DOTALL)
_PUT_NOT_VARIABLE = regex.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|%do\s+\w+\s*=[^;]*?%to\s+[^\s;]+(?:\s*%by\s+[^\s;]+)?"""
    r"""|(?<!&)&[A-Za-z_]\w*\.?(?![&\w]|\s*=)|%[A-Za-z_]\w*(?:\([^)]*\))?"""
    r"|[@+#]\s*\w+|\$?[A-Za-z_]*\d*\.\d*|\b_(?:n|error|page)_\b",
    regex.IGNORECASE,
)
_PUT_VARIABLE = regex.compile(r"&*[A-Za-z_]\w*")


# A variable the step assigns itself (`n + 1;`, `total = sum(...)`, `do i = 1 to 3;`, `max_b&m = b&m;` named with a
# macro suffix), also after if/then/else.
_ASSIGNED = regex.compile(
    r"\s*(?:if\b.*?\bthen\s+)?(?:else\s+)?(?:do\s+)?([A-Za-z_]\w*)(?:&\w+\.?)*\s*(?:\{[^}]*\}|\[[^\]]*\])?\s*(?:\+|=(?!=))",
    regex.IGNORECASE | regex.DOTALL,
)


def _put_data(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A put writes observations only when it writes a variable read from a data set that may hold persons: in a
    data step with `set`, `merge`, ..., a variable the step does not compute itself, or a person key. `data _null_;`
    with literals, macro text, counters and values it computed (`if eof then put n=;` after `n + 1;`), and a step
    that reads only statistics or metadata (`proc contents out=`, `dictionary.columns`), write no person."""
    outline = _sas_outline(positions.text, scope.sas_index)
    head = _PUT_HEAD.match(c.fact.text)
    text = c.fact.text[head.end() if head else 0 :] + _loop_rest(outline, positions, c.start, c.fact.text)
    written = {name.lower() for name in _PUT_VARIABLE.findall(_PUT_NOT_VARIABLE.sub(" ", text))}
    if not written or (c.fact.attrs.get("rule") == "sas.put-all" and "_all_" not in written):
        return  # nothing but text, or `_all_` only inside a literal
    for step in outline.steps:
        if step.start <= c.start < step.end:
            if not step.reads:
                return
            # a person key the step builds from the row's values (`usubjid = studyid || '-' || subjid;`) is still
            # the row's key; other values it computes (counters, totals) and a key it sets to a literal are its own
            assigned = _assigned(outline, step, positions)
            rows = {
                name
                for name in written
                if name not in assigned or (is_identifier(name.lstrip("&")) and _built(outline, step, positions, name))
            }
            if not rows or _statistics(step, outline, positions, scope, _DEPTH):
                return
            # `sas.put-key` and `sas.put-var` match the same puts: a person key among the row values decides which.
            keyed = c.fact.attrs.get("keyed")
            if keyed and any(is_identifier(name.lstrip("&")) for name in rows):
                yield replace(c.fact, attrs={**c.fact.attrs, "rule": keyed})
            else:
                yield c.fact
            return


_LOOP_HEAD = regex.compile(r"%do\s+\w+\s*=[^;]*;\s*$", regex.IGNORECASE)


def _loop_rest(outline: _Outline, positions: Positions, at: int, text: str) -> str:
    """What a put ending in a macro loop's header (`put %do i=1 %to &n;`) writes after it: the statements up to
    the loop's `%end` and the one that ends the put (the reader ends statements at the loop header's `;`)."""
    if not _LOOP_HEAD.search(text):
        return ""
    depth = 1
    rest = []
    for start, end, _keyword in outline.statements[bisect_right(outline.starts, at) :]:
        piece = positions.text_between(start, end)
        rest.append(piece)
        if depth <= 0:
            break
        depth += len(_MACRO_DO.findall(piece)) - len(_MACRO_END.findall(piece))
    return " ".join(rest)


@cache
def _set_variable() -> regex.Pattern[str]:
    """A variable SAS sets from an option of a statement that reads a data set (statements.toml `read_variables`;
    group 1: the option, group 2: the variable)."""
    return regex.compile(rf"\b({sas_statements.words('read_variables')})\s*=\s*([A-Za-z_]\w*)", regex.IGNORECASE)


@cache
def _read_options() -> regex.Pattern[str]:
    """The options after the data sets of a statement that reads them, to its end (statements.toml `read_options`)."""
    return regex.compile(rf"\b{sas_statements.words('read_options')}\s*=.*", regex.IGNORECASE | regex.DOTALL)


# The right side of an assignment that is a literal: a quoted text, a number or a missing value (`pnr = "0";`).
_LITERAL_VALUE = regex.compile(
    r"""\s*(?:'(?:[^']|'')*'|"(?:[^"]|"")*"|[-+]?[\d.]+(?:e[-+]?\d+)?|\.)\s*;?\s*$""", regex.I
)


def _built(outline: _Outline, step: sas_statements.DataStep, positions: Positions, name: str) -> bool:
    """The step assigns `name` from something other than a literal (`usubjid = trim(studyid) || '-' || subjid;`)."""
    for _keyword, text in _step_statements(step, outline, positions):
        found = _ASSIGNED.match(text)
        if found and found[1].lower() == name and not _LITERAL_VALUE.match(text, found.end()):
            return True
    return False


def _assigned(outline: _Outline, step: sas_statements.DataStep, positions: Positions) -> frozenset[str]:
    """The variables the step computes itself, not read from its data sets."""
    if step.start not in outline.assigned:
        names = set()
        for _keyword, text in _step_statements(step, outline, positions):
            found = _ASSIGNED.match(text)
            if found:
                names.add(found[1].lower())
            if _reading(text):
                names.update(name.lower() for _option, name in _set_variable().findall(text))
        outline.assigned[step.start] = frozenset(names)
    return outline.assigned[step.start]


# A query whose result goes into a table (the statement before it is `%if ... %then create table x as;` or
# `%else insert into x;`), a query of the dictionary tables (metadata), and a select list of aggregates and
# constants only (`&year as year, count(distinct pnr) as n`) print no rows.
_INTO_TABLE = regex.compile(
    r"\bcreate\s+table\b(?:(?!\bselect\b)[^;])*\bas\b(?:(?!\bselect\b)[^;])*;\s*$|\binsert\s+into\b[^;]*;\s*$",
    regex.IGNORECASE,
)
_SELECT_LIST = regex.compile(r"^\s*select\s+(?:distinct\s+)?(.*?)\bfrom\b", regex.IGNORECASE | regex.DOTALL)
_GROUP = regex.compile(r"""(?P<group>\((?:[^()'"]|'[^']*'|"[^"]*"|(?&group))*\))""")


@cache
def _not_a_column() -> regex.Pattern[str]:
    """What a select list holds besides columns: literals, macro references, aliases, options, calls of the summary
    functions (statements.toml `sql_summaries`) and what parentheses held (blanked)."""
    return regex.compile(
        r"""'(?:[^']|'')*'|"(?:[^"]|"")*"n?"""
        r"|&+[A-Za-z_]\w*\.?|\b(?:as|calculated)\s+\w+"
        r"""|\b(?:format|informat|length|label)\s*=?\s*(?:'(?:[^']|'')*'|"(?:[^"]|"")*"|\S+)"""
        rf"|\b{sas_statements.words('sql_summaries')}\s*\(\)|\(\)",
        regex.IGNORECASE,
    )


_COLUMN = regex.compile(r"[A-Za-z_*][\w.*]*")
# `select distinct code from ...`: the distinct values of one column.
_DISTINCT_ONE = regex.compile(
    r"\s*select\s+distinct\s*(?:\s(?:\w+\.)?([A-Za-z_]\w*)|\(\s*(?:\w+\.)?([A-Za-z_]\w*)\s*\))"
    r"(?:\s+as\s+\w+)?\s+from\b",
    regex.IGNORECASE,
)


def _aggregates_only(query: str) -> bool:
    """The select list of the query (parentheses blanked) holds only aggregates and constants: one row of
    statistics. A macro reference that is a whole item (`select &columns from t`) may name columns; one with an
    alias (`&run as run`) is a value."""
    columns = _SELECT_LIST.match(query)
    return (
        columns is not None
        and not _COLUMN.search(_not_a_column().sub(" ", columns[1]))
        and not any(_BARE_REFERENCE.fullmatch(item) for item in columns[1].split(","))
    )


_BARE_REFERENCE = regex.compile(r"\s*(?:distinct\s+)?&+[A-Za-z_]\w*\.?\s*", regex.IGNORECASE)


def _distinct_values(query: str) -> bool:
    """The query lists the distinct values of one column that is no person key (the codes in use), not rows."""
    single = _DISTINCT_ONE.match(query)
    return single is not None and not _person_key(single[1] or single[2])


# A query of one table (no join, no list of tables): `from name [as] [alias]` up to its clauses.
_FROM_ONE = regex.compile(
    r"\bfrom\s+([A-Za-z_&][\w.&]*)\s*(?:\(\))?(?:\s+(?:as\s+)?(?!(?:where|group|order|having)\b)\w+)?\s*"
    r"(?:;|$|\b(?:where|group|order|having)\b)",
    regex.IGNORECASE,
)


def _sql_rows(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A query in proc sql prints rows unless `proc sql noprint` (also when macro code hid the header from the
    grammar), the result goes into a table chosen by `%if ... %then ... %else` (also in the `%else` branch after
    a whole `%if` branch), it reads metadata or one table that holds statistics, its select list holds only
    aggregates and constants, or it lists the distinct values of one column that is no person key."""
    if _METADATA.search(c.fact.text):
        return
    # Blanking parentheses leaves the select list's own `from` the first one (subqueries are aggregates here).
    blanked = _GROUP.sub("()", c.fact.text)
    if _aggregates_only(blanked) or _distinct_values(c.fact.text):
        return
    outline = _sas_outline(positions.text, scope.sas_index)
    table = _FROM_ONE.search(blanked)
    if table and not _persons(outline, positions, scope, c.start, table[1].lower(), _DEPTH):
        return  # the one table it reads holds statistics or metadata
    index = bisect_right(outline.starts, c.start) - 1
    head = _branch_head(outline, positions, index - 1)
    into = {index - 1, head, head - 1} if head != index - 1 else {index - 1}
    for number in range(index - 1, -1, -1):
        start, end, keyword = outline.statements[number]
        before = positions.text_between(start, end)
        if number in into and _INTO_TABLE.search(before):
            return
        if keyword in ("create", "insert") and _whole_end(outline, positions, number) > c.start:
            return  # a query that goes on across macro statements (`union %do yr = 1 %to 3; select ...`)
        if keyword == "proc":
            if regex.search(r"\bnoprint\b", before, regex.IGNORECASE):
                return
            break
    yield c.fact


def _branch_head(outline: _Outline, positions: Positions, number: int) -> int:
    """For a statement `%else %do;` (or `%else`), the statement that opens the `%if ... %then %do;` branch before
    it, where the text before the branches (`create table x as`) ends; else `number` itself."""
    if number < 0 or outline.statements[number][2] != "%else":
        return number
    depth = 0
    for back in range(number - 1, -1, -1):
        text = positions.text_between(*outline.statements[back][:2])
        depth += len(_MACRO_END.findall(text)) - len(_MACRO_DO.findall(text))
        if depth <= 0:
            return back
    return number


@dataclass(frozen=True, slots=True)
class _Outline:
    """A SAS text's statements (byte start, byte end, keyword) and data steps, in UTF-8 byte offsets, the unit
    of facts' offsets."""

    statements: tuple[tuple[int, int, str], ...]
    starts: tuple[int, ...]
    steps: tuple[sas_statements.DataStep, ...]
    assigned: dict[int, frozenset[str]] = field(default_factory=dict)  # per step start: the variables it assigns
    results: dict[int, bool] = field(default_factory=dict)  # per step start: it writes totals or typed statistics
    reads_results: dict[int, bool] = field(default_factory=dict)  # per step start: it reads a table of results
    # what _persons found, per offset, name, depth and the calls followed into macro bodies (`bound`)
    persons: dict[tuple[int, str | None, int, tuple[tuple[int, int | _Caller], ...]], bool] = field(
        default_factory=dict
    )
    # the calls `_macro_output` follows into a macro's body: the `%macro` statement, the call (its statement, or a
    # call in another file) and what it binds
    bound: list[tuple[int, int | _Caller, dict[str, str]]] = field(default_factory=list)
    macros: list[_Definitions] = field(default_factory=list)  # once read: the macros the file defines and calls
    # the other SAS files whose macros this program calls, as its data flow reads them (`_library`)
    libraries: dict[tuple[str, str], tuple[_Outline, Positions] | None] = field(default_factory=dict)
    answers: list[frozenset[str]] = field(default_factory=list)  # once read: `_answer_libraries`


@lru_cache(maxsize=4)
def _sas_outline(text: str, _index: SasIndex | None) -> _Outline:
    """The outline of a program's text, with what its data flow found there: that depends on the project's SAS index
    too (another scan, or the same text in another project, may call other macros' files or read other programs'
    tables)."""
    return _outline_of(text)


def _outline_of(text: str) -> _Outline:
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


def _report(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """proc report lists rows unless it summarises (a DEFINE's usage or statistic) or its data set is statistics
    or metadata (as for proc print)."""
    if _report_summary().search(c.fact.text):
        return
    used = _SAS_DATA.match(c.fact.text)
    outline = _sas_outline(positions.text, scope.sas_index)
    if _persons(outline, positions, scope, c.start, used[1].lower() if used else None, _DEPTH):
        yield _with_origin(c.fact, outline, positions, scope, c.start, used)


CHECKS: dict[str, Check] = {
    "report": _report,
    "data-rows": _data_rows,
    "compare-rows": _compare_rows,
    "put-data": _put_data,
    "sql-rows": _sql_rows,
    "plot-rows": _plot_rows,
}
