"""residual-df reads each of its patterns alone (scanner/rules/residual_df.py `_search`), an anchored one by a
`match` on one line: the same match as one alternation of them all, searched, on every line of the fixtures and on
hypothesis lines. All data are synthetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.rules import residual_df
from sdcscan.rules.cells import words

FIXTURES = Path(__file__).parent / "fixtures"


def _alternation() -> re.Pattern[str]:
    """The reference: every pattern in one alternation, group names numbered (a name may appear only once)."""
    models = words()["models"]
    parts = [
        "(?:" + re.sub(r"\(\?P<(df|n)>", rf"(?P<\1_{i}>", p) + ")"
        for i, p in enumerate((*models["residual_df"], *models["observations"]))
    ]
    return re.compile("|".join(parts), re.MULTILINE)


def _same(text: str) -> None:
    reference, found = _alternation().search(text), residual_df._search(text)
    if reference is None:
        assert found is None, text
        return
    assert found is not None, text
    name = next(k for k, v in reference.groupdict().items() if v is not None)
    assert (found.span(), found.groupdict()) == (reference.span(), {name.partition("_")[0]: reference[name]}), text


def test_an_anchored_pattern_has_no_alternative_outside_its_groups() -> None:
    # `^a|b` would not be anchored as a whole: `match` would miss `b` later in the line
    from re import _parser  # type: ignore[attr-defined]

    for pattern, anchored in residual_df._patterns():
        if anchored:
            assert str(_parser.parse(pattern.pattern)[0][0]) == "AT", pattern.pattern


def test_the_fixture_lines_give_the_alternation_s_match() -> None:
    lines = [
        line
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file() and path.suffix not in (".xlsx", ".pdf", ".png")
        for line in path.read_text("utf-8", "replace").split("\n")
    ]
    assert sum(_alternation().search(line) is not None for line in lines) >= 10
    for line in lines:
        _same(line)


PIECES = st.sampled_from(
    [
        "Residual", "Residual standard error: 1.2", "Residual deviance: 3", " on ", "12", "3", " degrees of freedom",
        "Error", "  ", " ", "|", "1.5e3", "Number of obs", " = ", "=", "1,234", "Number of Observations Used",
        "n", "n= 20, number of events= 4", ", number of events", "\n", "\t", "x", "-",
    ]
)  # fmt: skip


@given(st.lists(PIECES, max_size=12).map("".join))
@settings(max_examples=500, deadline=None)
def test_built_lines_give_the_alternation_s_match(text: str) -> None:
    _same(text)


def test_of_two_patterns_matching_at_the_same_place_the_first_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = re.compile(r"(?P<df>\d+)"), re.compile(r"(?P<n>\d+),")
    monkeypatch.setattr(residual_df, "_patterns", lambda: ((second, False), (first, False)))
    assert residual_df._search("df 12, 4").groupdict() == {"n": "12"}  # type: ignore[union-attr]
    monkeypatch.setattr(residual_df, "_patterns", lambda: ((first, False), (second, False)))
    assert residual_df._search("df 12, 4").groupdict() == {"df": "12"}  # type: ignore[union-attr]
