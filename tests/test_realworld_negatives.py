"""False alarms seen on public code and outputs (docs/realworld.md), pinned as synthetic negatives: the annotated
fixtures in tests/fixtures/realworld/ (their `.expect` sidecars keep the texts exactly as the grammar met them).

Annotations check positions; this checks counts: one statement is one finding, never several on its line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file

from conftest import FIXTURES

CASES = sorted(p for p in (FIXTURES / "realworld").iterdir() if not p.name.endswith(".expect"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_one_statement_is_one_finding(path: Path) -> None:
    result = scan_file(Task(str(path), path.name, Settings()))
    twice = [key for key, n in Counter((f.rule, f.line) for f in result.findings).items() if n > 1]
    assert not twice, f"{path.name}: several findings of one rule on one line: {twice}"
