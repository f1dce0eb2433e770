"""The hand-judged verdicts of the real-world study (benchmarks/realworld/judged.toml) stay readable: several
engineers append to the file at once and git merges it by union, which can split a block."""

from __future__ import annotations

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
