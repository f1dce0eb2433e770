"""sdcscan on its own shipped source and data: no real-looking identifier may hide in the tool itself."""

from __future__ import annotations

from sdcscan.config import settings_for
from sdcscan.engine import scan_tree

from conftest import ROOT


def test_the_shipped_code_and_data_are_clean() -> None:
    settings = settings_for()
    targets = [ROOT / "scanner", ROOT / "grammars", ROOT / "patterns"]
    results = scan_tree(ROOT, targets, settings, jobs=0)
    assert len(results) > 50
    found = [(r.path, f.line, f.rule) for r in results for f in r.findings]
    assert found == []
