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
    assert [key for key, n in Counter(e["id"] for e in entries).items() if n > 1] == []
    for entry in entries:
        assert set(entry) <= {"id", "rule", "verdict", "reason"} and {"id", "rule", "verdict"} <= set(entry), entry
        assert entry["verdict"] in ("tp", "fp"), entry


def test_a_judged_finding_on_another_line_than_before_is_named() -> None:
    """`measure.py report --base OLD.json`: a verdict given for one line must not silently count for another."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
    import measure  # type: ignore[import-not-found]

    def report(line: int) -> dict[str, object]:
        found = [{"id": "a1", "rule": "r", "line": line}, {"id": "b2", "rule": "r", "line": 9}]
        return {"files": [{"path": "x.do", "findings": found}]}

    judged = {"a1": {"verdict": "tp"}, "b2": {"verdict": "fp"}}
    assert measure.moved(report(3), report(3), judged) == []
    assert measure.moved(report(5), report(3), judged) == ["warning: judged a1 (r) moved from line 3 to 5 of x.do"]
    assert measure.moved(report(5), report(3), {}) == []
