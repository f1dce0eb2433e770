"""Post-checks any tree-sitter language may name with `#set! check`: the small data flow over `@_defines.*`
(which names hold a data frame), notebook cells, and conditions left as text."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact
from .tokens import THEN, Positions, compare_facts
from .tsquery import Candidate, Check, Scope


def _frame(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a name last assigned a data frame (read_csv, data.frame, merge, a dplyr verb...)."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) == "frame":
        yield c.fact


def _not_handle(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a handle to data held elsewhere (a CAS session, table or action result): shown, it prints no rows."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) != "handle":
        yield c.fact


def _results(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a name last assigned results, an array or a handle (a model, `describe()`, a CAS action's result)."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) in ("other", "handle"):
        yield c.fact


def _generated(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a name last assigned results, an array or values typed in or generated, not a handle (whose methods
    fetch rows)."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) == "other":
        yield c.fact


def _results_of(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a value computed from results, arrays, handles or values typed in or generated, also directly
    (`Scope.made_of`: what `frame` names, else the fact's text), and not rows a handle's method (`fetches`) gives."""
    text = c.fact.attrs.get("frame", c.fact.text)
    made = scope.made_of(text, c.start, c.pattern.calls, c.pattern.constants, literal=True)
    # rows picked from a handle or a group-by object on the way are fetched; from values made here they are not
    fetches = c.pattern.fetches
    if made is not None and not (made == "handle" and fetches is not None and fetches.search(text)):
        yield c.fact


def _maybe_frame(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Any name except one last assigned something that is known not to be a data frame (c(), 1:10, table())."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) != "other":
        yield c.fact


def _not_unknown(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a name last assigned from something unknown (a call of a function the language's lists do not name)."""
    if scope.kind(c.fact.attrs.get("frame", ""), c.start) != "any":
        yield c.fact


def _builtin(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a call of a function the file defined before it (`fix <- function(x) ...` is not R's `fix`)."""
    if scope.kind(c.fact.attrs.get("callee", ""), c.start) is None:
        yield c.fact


def _cell_last(c: Candidate, _s: Scope, _p: Positions, embedded: bool) -> Iterator[Fact]:
    """A bare expression prints only as the last statement of a notebook cell (code embedded in another file)."""
    node = c.node
    while node.parent is not None and node.parent.parent is not None:
        node = node.parent
    following = node.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    if embedded and following is None:
        yield c.fact


def _conditions(c: Candidate, _s: Scope, positions: Positions, _e: bool) -> Iterator[Fact]:
    """A condition the grammar leaves as text (a SAS statement, a query string) becomes one fact per comparison;
    what follows `then` is an action, not a condition."""
    condition = THEN.split(c.fact.text, maxsplit=1)[0]
    yield from compare_facts(condition, c.start, positions)


CHECKS: dict[str, Check] = {
    "frame": _frame,
    "maybe-frame": _maybe_frame,
    "not-handle": _not_handle,
    "not-unknown": _not_unknown,
    "results": _results,
    "results-of": _results_of,
    "generated": _generated,
    "builtin": _builtin,
    "cell-last": _cell_last,
    "conditions": _conditions,
}
