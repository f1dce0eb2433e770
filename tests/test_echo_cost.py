"""Logs cost less (issue 15): the parse cache of embedded code keeps what a long log echoes again, within a bounded
size; a printed value's column is found without building key tuples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdcscan.config import Settings
from sdcscan.frontends import Document, embedded
from sdcscan.frontends.logs.common import Span, nearest
from sdcscan.model import Fact


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the SAS front end is asked to parse, with an empty cache."""
    seen: list[str] = []
    real = embedded.PROGRAMS["sas"]

    def counted(doc: Document, settings: Settings) -> Iterator[Fact]:
        seen.append(doc.text)
        return real(doc, settings)

    monkeypatch.setitem(embedded.PROGRAMS, "sas", counted)
    monkeypatch.setattr(embedded, "_PARSED", embedded.ParseCache(embedded.PARSE_BUDGET))
    return seen


def _step(n: int) -> str:
    return f"data work.c{n};\nset raw.lpr(keep=pnr);\nwhere d >= '01JAN{n}'d;\nrun;"


def test_a_log_of_many_distinct_steps_parses_each_once(parses: list[str]) -> None:
    # A macro loop over 2,000 cohorts, echoed twice: the second pass is read from the cache (512 entries were kept
    # before, so every step of the second pass was parsed again).
    steps = [_step(n) for n in range(2000)]
    first = [list(embedded.program_facts(s, "sas", Settings(), echo=True)) for s in steps]
    second = [list(embedded.program_facts(s, "sas", Settings(), echo=True)) for s in steps]
    assert len(parses) == len(steps)
    assert first == second
    assert all(any(f.kind == "literal.string" for f in facts) for facts in first)


def test_the_cache_is_bounded_by_size(parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    budget = 20_000
    monkeypatch.setattr(embedded, "_PARSED", embedded.ParseCache(budget))
    big = "data x;\n" + "y = 1;\n" * (budget // 7) + "run;"
    list(embedded.program_facts(big, "sas", Settings()))
    list(embedded.program_facts(big, "sas", Settings()))
    assert len(parses) == 2  # larger than the whole budget: never kept
    steps = [_step(n) for n in range(budget // 100)]  # more than the budget holds
    for s in steps:
        list(embedded.program_facts(s, "sas", Settings()))
    assert embedded._PARSED.size <= budget
    parses.clear()
    list(embedded.program_facts(steps[0], "sas", Settings()))
    list(embedded.program_facts(steps[-1], "sas", Settings()))
    assert parses == [steps[0]]  # the oldest went, the newest stayed


@given(
    span=st.tuples(st.integers(0, 40), st.integers(1, 12)),
    columns=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=8),
)
def test_nearest_column_is_most_overlap_then_nearest_right_edge_then_first(
    span: tuple[int, int], columns: list[tuple[int, int]]
) -> None:
    value = Span("v", span[0], span[0] + span[1])
    header = [Span("h", start, start + width) for start, width in columns]

    def key(i: int) -> tuple[int, int]:
        col = header[i]
        return (-(min(value.end, col.end) - max(value.start, col.start)), abs(value.end - col.end))

    expected = min(range(len(header)), key=key) if header else None
    assert nearest(value, header) == expected
