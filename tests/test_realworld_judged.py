"""The hand-judged verdicts of the real-world study (benchmarks/realworld/judged.toml) stay readable: several
engineers append to the file at once and git merges it by union, which can split a block."""

from __future__ import annotations

import sys
import tomllib
from collections import Counter

from conftest import ROOT

JUDGED = ROOT / "benchmarks" / "realworld" / "judged.toml"


def test_every_verdict_parses_once_with_its_fields() -> None:
    entries = tomllib.loads(JUDGED.read_text(encoding="utf-8"))["finding"]
    assert entries
    # an id may be judged at several places (it passes to the next repeat of its evidence), once at each
    assert [key for key, n in Counter((e["id"], e.get("at")) for e in entries).items() if n > 1] == []
    for entry in entries:
        assert set(entry) <= {"id", "at", "rule", "verdict", "reason"} and {"id", "rule", "verdict"} <= set(entry), (
            entry
        )
        assert entry["verdict"] in ("tp", "fp"), entry


def test_a_judged_finding_on_another_line_than_before_is_named() -> None:
    """`measure.py report --base OLD.json`: a verdict given for one line must not silently count for another."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
    import measure  # type: ignore[import-not-found]

    def report(line: int) -> dict[str, object]:
        found = [{"id": "a1", "rule": "r", "line": line}, {"id": "b2", "rule": "r", "line": 9}]
        return {"files": [{"path": "x.do", "findings": found}]}

    judged = [{"id": "a1", "verdict": "tp"}, {"id": "b2", "verdict": "fp"}]
    assert measure.moved(report(3), report(3), judged) == []
    assert measure.moved(report(5), report(3), judged) == ["warning: judged a1 (r) moved from line 3 to 5 of x.do"]
    assert measure.moved(report(5), report(3), []) == []


def test_a_verdict_holds_at_its_place_and_follows_it_when_the_id_moves() -> None:
    """A fingerprint counts the repeats of the same evidence in a file: when the first of three repeats goes, the
    second takes its id and the third the second's. A verdict with `at` must not follow its id to another line; it
    follows its place to the finding now there. A verdict without `at` holds for its id, as before."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
    import measure

    judged = [
        {"id": "a1", "at": "x.R:3", "rule": "r", "verdict": "tp"},
        {"id": "b2", "at": "x.R:9", "rule": "r", "verdict": "fp"},
        {"id": "c3", "rule": "r", "verdict": "tp"},
        {"id": "a1", "at": "x.R:20", "rule": "r", "verdict": "fp"},
    ]

    def report(*found: tuple[str, int]) -> dict[str, object]:
        return {"files": [{"path": "x.R", "findings": [{"id": i, "rule": "r", "line": n} for i, n in found]}]}

    same = measure.holding(report(("a1", 3), ("b2", 9), ("c3", 12)), judged)
    assert {i: v["verdict"] for i, v in same.items()} == {"a1": "tp", "b2": "fp", "c3": "tp"}
    # the finding on line 3 went: line 9 now carries a1's id, line 12 b2's
    shifted = measure.holding(report(("a1", 9), ("b2", 12)), judged)
    assert {i: v["id"] for i, v in shifted.items()} == {"a1": "b2"}
    # two findings of the rule on the verdict's line: which one it was is not known, so neither is judged
    twice = measure.holding(report(("d4", 9), ("e5", 9)), judged)
    assert twice == {}
    # an id judged again at its new place: that verdict holds there
    again = measure.holding(report(("a1", 20)), judged)
    assert again["a1"]["verdict"] == "fp"


def test_a_severity_is_held_to_its_bar_by_the_interval_of_its_precision() -> None:
    """`measure.py report` says when a rule's measured precision breaks the promise of its severity (docs/realworld.md,
    "What the severities mean"): only when the whole 95% Wilson interval lies under the bar, with 10 judged or more."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
    import measure

    low, high = measure.wilson(132, 162)
    assert (round(low, 2), round(high, 2)) == (0.75, 0.87)
    assert measure.bar("medium", 132, 162) == ""  # worth a look: right more than half the time
    assert measure.bar("high", 132, 162) == "below"  # not right 9 times in 10
    assert measure.bar("high", 22, 26) == ""  # 66-94%: reaches the bar
    assert measure.bar("high", 4, 9) == ""  # too few judged to say
    assert measure.bar("medium", 2, 12) == "below"  # 5-45%
