"""Python post-checks: code a notebook helper shows from strings; groups that are no persons; queries of results;
what alone a cell shows; what a cell shows at all."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from ..identifiers import names_identifier
from ..model import Fact
from ..resources import load_toml
from .checks import _cell_last
from .tokens import Positions
from .tsquery import Candidate, Check, Scope, root_of, table_key, words


def _code_in_strings(c: Candidate, _s: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A call whose arguments (`frame`) are all string literals holding code, as a notebook's `display('df1',
    'pd.merge(df1, df2)')` that shows what each string evaluates to: `frame` becomes that code."""
    try:
        value = ast.literal_eval(c.fact.attrs.get("frame", ""))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return
    values = value if isinstance(value, tuple) else (value,)
    if values and all(isinstance(v, str) for v in values):
        yield replace(c.fact, attrs={**c.fact.attrs, "frame": ",".join(values)})


def _no_person_groups(c: Candidate, _s: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A table of groups (`df.groupby('sex')['age'].mean()`, `df.pivot_table('y', index='sex')`, an SQL query with
    `group by make`) whose code names no person key anywhere (`groupby('pnr').sum()` has a row per person)."""
    if not names_identifier(c.fact.text):
        yield c.fact


# The tables an SQL query reads: the names after `from` and `join`.
_SQL_TABLES = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w.]*)", re.IGNORECASE)


@cache
def _aggregate() -> re.Pattern[str]:
    """An aggregate function's call (grammars/python/results.toml `sql_aggregates`)."""
    return re.compile(rf"\b{words('python', 'sql_aggregates')}\s*\(", re.IGNORECASE)


_SELECT = re.compile(r"\bselect\s", re.IGNORECASE)
_WORD_AT = re.compile(r"(from|over)\b", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bgroup\s+by\b", re.IGNORECASE)


def _aggregates_only(query: str) -> bool:
    """Whether every column the query's first `select` lists is an aggregate (one row, or one per group unless a
    person key names the groups), not a window function (`avg(x) over (partition by g)`: a value per row) nor `*`
    or a plain column."""
    start = _SELECT.search(query)
    if start is None:
        return False
    items, depth, at = [], 0, start.end()
    for i in range(start.end(), len(query)):
        ch = query[i]
        depth += (ch == "(") - (ch == ")")
        if depth:
            continue
        if ch == ",":
            items.append(query[at:i])
            at = i + 1
        elif word := _WORD_AT.match(query, i) if query[i - 1].isspace() else None:
            if word[1].lower() == "over":
                return False
            items.append(query[at:i])
            grouped = _GROUP_BY.search(query, i)
            keyed = grouped is not None and names_identifier(query[grouped.end() :])
            return not keyed and all(_aggregate().search(item) for item in items)
    return False


def _sql_of_results(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A query (`frame`: a string, or a name the cell assigned one before) whose every table holds results (created
    from a `group by` query or written by an aggregating action: their table names in the data flow), or whose
    every selected column is an aggregate."""
    query = c.fact.attrs.get("frame", "")
    if query.isidentifier():
        statement = c.node if c.node.type == "expression_statement" else c.node.parent
        query = ""
        while statement is not None and statement.prev_named_sibling is not None:
            statement = statement.prev_named_sibling
            assigned = statement.named_children[0] if statement.named_children else None
            left = assigned.child_by_field_name("left") if assigned is not None else None
            right = assigned.child_by_field_name("right") if assigned is not None else None
            if left is not None and right is not None and left.text == c.fact.attrs["frame"].encode():
                query = (right.text or b"").decode("utf-8", errors="replace") if right.type == "string" else ""
                break
    tables = _SQL_TABLES.findall(query)
    if (tables and all(scope.kind(table_key(t), c.start) == "other" for t in tables)) or _aggregates_only(query):
        yield c.fact


@cache
def _shows() -> re.Pattern[str]:
    """A call that shows a value in a notebook cell wherever it stands (grammars/python/results.toml `shows`); a
    print of plain text only (`print('Fetching ...', flush=True)`, not an f-string) shows no table."""
    calls = words("python", "shows")
    return re.compile(rf"(?<![\w.]){calls}\s*\((?!\s*[rRbBuU]*(['\"])[^'\"\n]*\1\s*(?:\)|,\s*\w+\s*=))")


def _shows_only(c: Candidate, _s: Scope, _p: Positions, embedded: bool) -> Iterator[Fact]:
    """The statement is the only one of its notebook cell that shows a value: no other call shows one (also in a
    loop or a function), and the cell's last statement is no bare expression (whose value the cell shows)."""
    statement = c.node if c.node.type == "expression_statement" else c.node.parent
    cell = statement.parent if statement is not None else None
    if not embedded or cell is None or cell.type != "module":
        return
    last = cell.named_children[-1]
    while last.type == "comment" and last.prev_named_sibling is not None:
        last = last.prev_named_sibling
    text = (cell.text or b"").decode("utf-8", errors="replace")
    if (last == statement or last.type != "expression_statement") and len(_shows().findall(text)) == 1:
        yield c.fact


# IPython told to show every bare expression of a cell, not only the last (`InteractiveShell.ast_node_interactivity
# = 'all'`, also as `%config`): the notebook reader passes such a statement of an earlier cell as `Scope.earlier`.
SHOWS_ALL = re.compile(r"\bast_node_interactivity\s*=\s*['\"]?all\b")


def _shown(c: Candidate, s: Scope, p: Positions, embedded: bool) -> Iterator[Fact]:
    """A bare expression of a notebook cell shows its value only as the cell's last statement (IPython's default:
    `df.head()` before other statements prints nothing), unless the notebook has IPython show every one; in a script
    or console session read as one, it stays."""
    root = root_of(c.node)
    if not embedded or SHOWS_ALL.search(s.earlier) or SHOWS_ALL.search((root.text or b"").decode(errors="replace")):
        yield c.fact
    else:
        yield from _cell_last(c, s, p, embedded)


@cache
def _point_keywords() -> frozenset[str]:
    """The keyword arguments of a plot call that give its points (grammars/python/results.toml `point_keywords`)."""
    return frozenset(load_toml("grammars", "python", "results.toml")["point_keywords"])


def _not_drawn(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a plot whose points are only values the program generates (`Scope.made_of` with `drawn`: random draws,
    a sample generator's points, a grid, and what is computed only from them): every positional argument and every
    `x`, `y` or `data` given as a value, when there is one; nor one of empty lists only. Read data, rows typed in
    and noise added to data stay."""
    arguments = c.node.child_by_field_name("arguments")
    values = []
    for argument in arguments.named_children if arguments is not None else ():
        if argument.type == "keyword_argument":
            name, value = argument.child_by_field_name("name"), argument.child_by_field_name("value")
            if name is None or value is None or (name.text or b"").decode() not in _point_keywords():
                continue
            argument = value
        if argument.type not in ("string", "comment", "dictionary_splat"):  # `**style`: options
            values.append((argument.text or b"").decode(errors="replace"))
    if values and all(_EMPTY.fullmatch(v) for v in values):
        return  # `plt.scatter([], [], s=100, label='100 km2')`: no points, a legend's key
    calls, constants = c.pattern.calls, c.pattern.constants
    if not values or any(scope.made_of(v, c.start, calls, constants, drawn=True) is None for v in values):
        yield c.fact


_EMPTY = re.compile(r"[\[(]\s*[\])]")


def _drawn(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Marks (`drawn`) a value shown that is computed only from values the program generates (`Scope.made_of` with
    `drawn`: `df.groupby('key').aggregate(['min', max])` of a frame of a range and random draws), whose minima and
    maxima are no one's; keeps every fact."""
    if scope.made_of(c.fact.text, c.start, c.pattern.calls, c.pattern.constants, drawn=True) == "other":
        c.fact.attrs["drawn"] = "yes"
    yield c.fact


CHECKS: dict[str, Check] = {
    "code-in-strings": _code_in_strings,
    "not-drawn": _not_drawn,
    "drawn": _drawn,
    "no-person-groups": _no_person_groups,
    "sql-of-results": _sql_of_results,
    "shows-only": _shows_only,
    "shown": _shown,
}
