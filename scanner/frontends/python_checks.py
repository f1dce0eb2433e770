"""Python post-checks: code a notebook helper shows from strings; groups that are no persons."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace

from ..identifiers import names_identifier
from ..model import Fact
from .tokens import Positions
from .tsquery import Candidate, Check, Scope, table_key


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


def _sql_of_results(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A query (`frame`: a string, or a name the cell assigned one before) whose every table holds results: created
    from a `group by` query or written by an aggregating action (their table names in the data flow)."""
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
    if tables and all(scope.kind(table_key(t), c.start) == "other" for t in tables):
        yield c.fact


CHECKS: dict[str, Check] = {
    "code-in-strings": _code_in_strings,
    "no-person-groups": _no_person_groups,
    "sql-of-results": _sql_of_results,
}
