"""Post-checks any tree-sitter language may name with `#set! check`: the small data flow over `@_defines.*`
(which names hold a data frame), notebook cells, and conditions left as text."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact
from .tokens import THEN, Positions, compare_facts
from .tsquery import Candidate, Check, Scope


def _holds(attribute: str, kinds: frozenset[str | None], keep: bool) -> Check:
    """A check on what the name in the fact's `attribute` last held before it (the data flow's kind: None for a name
    never assigned): the fact is kept when that kind is one of `kinds` (`keep`) or is none of them (not `keep`)."""

    def check(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
        if (scope.kind(c.fact.attrs.get(attribute, ""), c.start) in kinds) == keep:
            yield c.fact

    return check


def _results_of(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Only a value computed from results, arrays, handles or values typed in or generated, also directly
    (`Scope.made_of`: what `frame` names, else the fact's text), and not rows a handle's method (`fetches`) gives."""
    text = c.fact.attrs.get("frame", c.fact.text)
    made = scope.made_of(text, c.start, c.pattern.calls, c.pattern.constants, literal=True)
    # rows picked from a handle or a group-by object on the way are fetched; from values made here they are not
    fetches = c.pattern.fetches
    if made is not None and not (made == "handle" and fetches is not None and fetches.search(text)):
        yield c.fact


def _not_made(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a value made only of results, arrays or values typed in or generated (`Scope.made_of` of `frame`: also
    `hist[['MidPoint', 'Percent']]` of a name holding an action's results), whose rows are no one's; a handle's
    are fetched."""
    if scope.made_of(c.fact.attrs.get("frame", ""), c.start, frozenset(), frozenset()) != "other":
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
    # only a name last assigned a data frame (read_csv, data.frame, merge, a dplyr verb...)
    "frame": _holds("frame", frozenset({"frame"}), keep=True),
    # any name except one last assigned something known not to be a data frame (c(), 1:10, table())
    "maybe-frame": _holds("frame", frozenset({"other"}), keep=False),
    # not a handle to data held elsewhere (a CAS session, table or action result): shown, it prints no rows
    "not-handle": _holds("frame", frozenset({"handle"}), keep=False),
    # not a name last assigned from something unknown (a call of a function the language's lists do not name)
    "not-unknown": _holds("frame", frozenset({"any"}), keep=False),
    # only a name last assigned results, an array or a handle (a model, `describe()`, a CAS action's result)
    "results": _holds("frame", frozenset({"other", "handle"}), keep=True),
    "results-of": _results_of,
    "not-made": _not_made,
    # only a name last assigned results, an array or values typed in or generated, not a handle (whose methods
    # fetch rows)
    "generated": _holds("frame", frozenset({"other"}), keep=True),
    # not a call of a function the file defined before it (`fix <- function(x) ...` is not R's `fix`)
    "builtin": _holds("callee", frozenset({None}), keep=True),
    "cell-last": _cell_last,
    "conditions": _conditions,
}
