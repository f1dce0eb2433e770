"""SAS post-checks: whether a printing statement shows rows of persons (what the data set it prints holds,
what a put writes, what a query selects), from an outline of the program's statements and data steps."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..model import Fact
from . import sas_statements
from .tokens import Positions
from .tsquery import Candidate, Check, Scope

# proc report lists rows unless a DEFINE gives a summarising usage or a statistic.
_REPORT_SUMMARY = regex.compile(
    r"\bdefine\b[^;]*/[^;]*\b(group|across|analysis|sum|mean|n|nmiss|min|max|median|std|pctn|pctsum|computed)\b",
    regex.IGNORECASE,
)


# The data set a SAS step reads (`data=`); without it, the step reads the last one created.
_SAS_DATA = regex.compile(r"\bdata\s*=\s*([A-Za-z_&][\w.&]*)", regex.IGNORECASE)


def _data_rows(c: Candidate, scope: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """Not a data set last written as statistics (`output out=` of a summarising proc, `ods output`, `outest=`:
    frames.scm), nor one made by a data step that reads nothing (a power table, a grid of values computed in
    `do` loops): printing it shows no person's row."""
    used = _SAS_DATA.search(c.fact.text)
    if used is not None and scope.kind(used[1].lower(), c.start) == "other":
        return
    outline = _sas_outline(positions.text)
    if used is not None and _summarised(outline, positions, c.start, used[1].lower().removeprefix("work.")):
        return
    step = _maker(outline, positions, c.start, used[1].lower() if used else None)
    if step is None or not _statistics(step, outline, positions, scope, _DEPTH):
        yield c.fact


_CREATE = regex.compile(r"\s*create\s+table\s+(?:work\.)?([A-Za-z_&][\w&]*)", regex.IGNORECASE)
_GROUP_BY = regex.compile(r"\bgroup\s+by\b", regex.IGNORECASE)
# `ods output ParameterEstimates=pe FitStatistics=work.fit;`: the tables a procedure's results are written to.
_ODS_OUTPUT = regex.compile(r"\s*ods\s+output\b", regex.IGNORECASE)
_ODS_TABLE = regex.compile(r"=\s*(?:work\.)?([A-Za-z_&][\w&]*)", regex.IGNORECASE)


def _summarised(outline: _Outline, positions: Positions, at: int, name: str) -> bool:
    """The data set was last written by `create table name as select ... group by ...` (the query's own group
    by, not a subquery's: one row per group) or by `ods output` (read from the text: inside a macro definition
    the grammar drops the statement, so the data flow of frames.scm never sees it): a table of statistics."""
    index = bisect_right(outline.starts, at) - 1
    for start, end, keyword in reversed(outline.statements[:index]):
        text = positions.text_between(start, end)
        if keyword == "data" and name in {n.lower().removeprefix("work.") for n in _DATA_NAMES.findall(text[4:])}:
            return False
        if keyword == "ods" and _ODS_OUTPUT.match(text):
            if name in {n.lower() for n in _ODS_TABLE.findall(text)}:
                return True
            continue
        created = _CREATE.match(text) if keyword == "create" else None
        if created and created[1].lower() == name:
            return _GROUP_BY.search(_GROUP.sub("()", text)) is not None
    return False


# How many data steps back a table of statistics is followed (`data fit; set &out;` after `data &out; merge ...`).
_DEPTH = 3
# What a data step reads: the data sets of its set/merge/update statements, up to their options (`end=`, `by`).
_INPUTS = regex.compile(r"\s*(?:if\b.*?\bthen\s+)?(?:set|merge|update|modify)\b(.*)", regex.IGNORECASE | regex.DOTALL)
_INPUT_OPTION = regex.compile(r"\b(?:end|nobs|point|key|indsname|curobs|open)\s*=.*", regex.IGNORECASE | regex.DOTALL)


def _statistics(
    step: sas_statements.DataStep, outline: _Outline, positions: Positions, scope: Scope, depth: int
) -> bool:
    """The data step makes a table of statistics, not rows: it reads no data set and no raw records (a grid of
    values computed in `do` loops), or every data set it reads is statistics (written as statistics, or made by
    such a step in turn, up to `depth` steps back)."""
    if step.raw:
        return False
    if not step.reads:
        return True
    inputs = []
    for start, end, _keyword in outline.statements[bisect_left(outline.starts, step.start) :]:
        if start >= step.end:
            break
        found = _INPUTS.match(positions.text_between(start, end))
        if found:
            listed = _INPUT_OPTION.sub("", found[1].rstrip(" \t\r\n;"))
            inputs += [n.lower().removeprefix("work.") for n in _DATA_NAMES.findall(listed)]
    if not inputs or depth == 0:
        return False
    for name in inputs:
        if scope.kind(name, step.start) == "other":
            continue
        maker = _maker(outline, positions, step.start, name)
        if maker is None or not _statistics(maker, outline, positions, scope, depth - 1):
            return False
    return True


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


def _put_data(c: Candidate, _s: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
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


def _sql_rows(c: Candidate, _s: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
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


def _report(c: Candidate, _s: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    if not _REPORT_SUMMARY.search(c.fact.text):
        yield c.fact


CHECKS: dict[str, Check] = {
    "report": _report,
    "data-rows": _data_rows,
    "put-data": _put_data,
    "sql-rows": _sql_rows,
}
