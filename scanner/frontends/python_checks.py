"""Python post-checks: code a notebook helper shows from strings; groups that are no persons."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace

from ..identifiers import names_identifier
from ..model import Fact
from .tokens import Positions
from .tsquery import Candidate, Check, Scope


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


CHECKS: dict[str, Check] = {"code-in-strings": _code_in_strings, "no-person-groups": _no_person_groups}
