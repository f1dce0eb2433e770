"""Issue 11 names the media, layouts and look-alikes an output check must read: each has fixtures both ways."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from annotations import read

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
INVENTORY: list[dict[str, Any]] = tomllib.loads((FIXTURES / "layouts.toml").read_text(encoding="utf-8"))["layout"]


def _rules(marks: set[tuple[str, int]]) -> set[str]:
    """Rule ids and every category prefix of them (`small-cell.count` counts as `small-cell`)."""
    found: set[str] = set()
    for rule, _ in marks:
        parts = rule.split(".")
        found.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return found


@pytest.mark.parametrize("layout", INVENTORY, ids=[entry["name"] for entry in INVENTORY])
def test_each_named_layout_has_fixtures_both_ways(layout: dict[str, Any]) -> None:
    fixtures: list[str] = layout.get("fixtures", [])
    tests: list[str] = layout.get("tests", [])
    assert fixtures or tests, f"{layout['name']}: no fixture and no test shows this layout"
    for name in fixtures:
        path = FIXTURES / name
        assert path.is_file(), f"{layout['name']}: {name} does not exist"
        # the layout shows in the fixture or is named in its sidecar (where a comment would break the layout)
        sidecar = path.with_name(path.name + ".expect")
        text = path.read_bytes().decode("utf-8", errors="replace")
        text += sidecar.read_text(encoding="utf-8") if sidecar.exists() else ""
        assert layout["shows"] in text, f"{name} does not show {layout['name']} ({layout['shows']!r})"
        expected = read(path)
        assert layout["rule"] in _rules(expected.marks["ok"]), f"{name}: no `ok: {layout['rule']}`"
        if not layout.get("lookalike", False):
            assert layout["rule"] in _rules(expected.marks["ruleid"]), f"{name}: no `ruleid: {layout['rule']}`"
    for test in tests:
        module, function = test.split("::")
        source = (ROOT / module).read_text(encoding="utf-8")
        assert re.search(rf"^def {function}\(", source, re.M), f"{test} does not exist"
