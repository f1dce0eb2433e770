"""How `small-cell.residual-df` is found (what it flags and why: patterns/rules/small-cell.toml).

Which lines of model output state the residual df or the number of observations is data (patterns/checks.toml
[models]: R lm/glm summaries, Stata's regress table and estimation headers, SAS analysis of variance and "Number
of Observations Used"). Read from log and output lines, whether they stand as text or inside a recognised table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..config import Settings
from ..detectors.prefilter import Loose, Prefilter, default_engine
from ..model import Fact, Finding
from . import gate
from .cells import words
from .context import Context

CONSUMES = ("text", "table")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Each pattern, and whether it is anchored at a line's start (it starts with `^`; none has a `|` outside its
    groups, tests/test_residual_df_search.py): on one line such a pattern can only match at its start."""
    models = words()["models"]
    return tuple(
        (re.compile(p, re.MULTILINE), p.startswith("^")) for p in (*models["residual_df"], *models["observations"])
    )


def _search(text: str) -> re.Match[str] | None:
    """The leftmost match of any pattern, the first pattern's of those matching there: what one alternation of
    them all finds, with a `match` instead of a search for an anchored pattern on one line (an alternation tried
    each of them at every position: 7 us per line of a model's header, now 2)."""
    one_line = "\n" not in text
    best: re.Match[str] | None = None
    for pattern, anchored in _patterns():
        found = pattern.match(text) if anchored and one_line else pattern.search(text)
        if found is not None and (best is None or found.start() < best.start()):
            best = found
    return best


@cache
def _quick() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in words()["models"]["keywords"]))


@cache
def _keywords(engine: str) -> Prefilter:
    """The keywords as a prefilter (scanner/detectors/prefilter.py): with Hyperscan, the gate's search of a 15 MB
    listing costs 0.01 s; `re` tried the alternation of `_quick` at every position (0.09 s)."""
    return Prefilter([Loose("models", re.escape(keyword)) for keyword in words()["models"]["keywords"]], engine)


def _gate(text: str, settings: Settings) -> Iterator[int]:
    """The lines of the window `check` finds on, each judged alone as `check` judges a line (`_judged`): exactly
    its findings' lines, not every line with a keyword (each of a Stata log's thousands of estimation headers says
    `Number of obs`, with a count far above the least df: given to every per-line rule, they cost 12% of its scan).
    Keywords hold no line break: the prefilter marks every line with one, and `check` judges no other line (`_quick`
    first)."""
    least = settings.min_residual_df
    for start, end, _ in _keywords(default_engine()).spans(text):
        if _judged(text[start:end], least) is not None:
            yield start


gate.register(__name__, _gate)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    if ctx.doc.kind == "program" or gate.skipped(fact, ctx, __name__):
        return
    rows = fact.table.rows if fact.table is not None else ()
    # Most tables are no model's: one search over all their rows (a keyword holds no line break) tells.
    if rows and _quick().search("\n".join([row.text for row in rows])) is None:
        return
    lines = [(row.line, row.text) for row in rows] or [(fact.line, fact.text)]
    least = ctx.settings.min_residual_df
    for number, text in lines:
        judged = _judged(text, least) if _quick().search(text) else None
        if judged is None:
            continue
        found, name, what = judged
        start, end = found.span(name)
        at = Fact("text", number, start + 1, number, end + 1, text[start:end])
        message = f"model output {what}: fewer than {least} residual df; the model describes its few persons"
        yield ctx.finding("small-cell.residual-df", at, message, text.strip()[:200])


def _judged(text: str, least: int) -> tuple[re.Match[str], str, str] | None:
    """A line that states fewer than `least` residual df: the match, the group that states it (`df` or `n`) and
    how, for the message; None for any other line."""
    found = _search(text)
    if found is None:
        return None
    name, value = next((k, v) for k, v in found.groupdict().items() if v is not None)
    if name == "df":
        df = int(value)
        what = f"with {df} residual degrees of freedom"
    else:
        n = int(value.replace(",", ""))
        df, what = n - 1, f"fitted on {n} observations (at most {n - 1} residual df)"
    return (found, name, what) if df < least else None
