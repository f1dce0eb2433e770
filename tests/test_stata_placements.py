"""The Stata log reader places a crosstab value under its header column once per header layout, shared by the
crosstabs printed under the same header (scanner/frontends/logs/stata_log.py `placements`): the facts are those of a
reader that places every table's values afresh. All data are synthetic (the project's fixtures, a log built here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.logs import common, stata_log
from sdcscan.model import Fact

FIXTURES = Path(__file__).parent / "fixtures"
TAB = """\
. tabulate koen diab

           |         diab
      koen |         0          1 |     Total
-----------+----------------------+----------
         1 |    64,625     71,239 |   135,864
         2 |         3     83,708 |    83,711
-----------+----------------------+----------
     Total |    64,628    154,947 |   219,575
"""
# the same header over other counts, then another header: the placements of one must not be used for the other
BUILT = TAB * 3 + TAB.replace("      koen |         0          1 |     Total", "      koen |            a   b   c")


def _facts(text: str) -> list[Fact]:
    return list(stata_log.facts(Document("x.log", "log", "stata", text, "utf-8"), settings_for()))


def _texts() -> list[str]:
    logs = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".log", ".smcl"))
    return [BUILT, *(p.read_text("utf-8", "replace") for p in logs)]


def test_shared_placements_give_the_facts_of_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = [_facts(t) for t in _texts()]
    monkeypatch.setattr(stata_log, "_PLACEMENTS", 0)  # cleared before every table: placed afresh
    assert [_facts(t) for t in _texts()] == shared


def test_a_header_seen_before_places_no_value_again(monkeypatch: pytest.MonkeyPatch) -> None:
    placed: list[int] = []
    nearest = common.nearest

    def spy(span: common.Span, columns: list[common.Span]) -> int | None:
        placed.append(span.start)
        return nearest(span, columns)

    monkeypatch.setattr(stata_log, "nearest", spy)
    _facts(TAB * 3)
    # three extents per row, two rows (the Total row is a row too), placed in the first table only
    assert len(placed) == len(set(placed)) <= 9
