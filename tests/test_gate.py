"""The gates (issue 15) skip only what finds nothing: the facts and findings of every fixture file are the same with
every gate as without (the per-line rules' whole-window gates, scanner/rules/gate.py, and the layout recognisers',
tests/test_layout_gates.py), and a rule's gate marks every line on which the rule's own per-line search hits. All
data are synthetic (the project's fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.detectors import Hit, personal
from sdcscan.engine import Task, scan_file
from sdcscan.frontends.logs.common import LINE_LIMIT
from sdcscan.model import Fact
from sdcscan.outputs import text
from sdcscan.outputs.layouts import layouts
from sdcscan.rules import gate, personal_data, residual_df, survival

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix.lower() not in (".xlsx", ".pdf", ".png", ".expect", ".toml", ".json")
)


def _findings(path: Path) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for("dhda"))).findings]


def _read(path: Path) -> list[Fact]:
    return list(text.read(path.read_text(encoding="utf-8", errors="replace").split("\n"), Settings()))


def test_gates_change_no_fact_and_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every gate at once: the per-line rules', the layout recognisers' (per line and per document)."""
    gated = {p: (_read(p), _findings(p)) for p in TEXTS}
    monkeypatch.setattr(gate, "skipped", lambda fact, ctx, name: False)
    monkeypatch.setattr(text, "layouts", lambda without=(): [replace(x, signature=None) for x in layouts(without)])
    monkeypatch.setattr(text, "layouts_absent", lambda texts: ())
    assert {p: (_read(p), _findings(p)) for p in TEXTS} == gated


def test_a_gate_skips_lines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # the gate does skip (the test above would pass with a gate that skips nothing)
    asked: list[str] = []
    checked = personal.find

    # the rule asks without naming an engine (masking the evidence asks with `engine="regex"`)
    def find(text: str, *args: Any, **kwargs: Any) -> Iterator[Hit]:
        if not kwargs:
            asked.append(text)
        return checked(text, *args, **kwargs)

    monkeypatch.setattr(personal, "find", find)
    path = tmp_path / "out.txt"
    path.write_text("".join(f"row {i}  {i * 7}\n" for i in range(500)) + "kontakt: Jens Hansen\n", encoding="utf-8")
    found = _findings(path)
    assert any(f["rule"] == "personal-data.name" and f["line"] == 501 for f in found)
    assert asked == ["kontakt: Jens Hansen"]


def test_a_line_found_alone_is_marked_in_its_file() -> None:
    """Superset: every line whose own search hits is marked by the gate over the whole file (windows included)."""
    settings = settings_for("dhda")
    own = {
        personal_data.__name__: lambda line: any(True for _ in personal.marked(line)),
        # the lines its check finds on (`_judged` after the keyword search; tests/test_stata_round9.py)
        residual_df.__name__: lambda line: (
            bool(residual_df._quick().search(line)) and residual_df._judged(line, settings.min_residual_df) is not None
        ),
        survival.__name__: lambda line: survival._row(line[:LINE_LIMIT]) is not None,
    }
    hits = 0
    for path in TEXTS:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError:
            continue
        text = "\n".join(lines)
        for name, alone in own.items():
            marked = gate._lines(text, gate._GATES[name](text, settings), 1)
            for number, line in enumerate(lines, start=1):
                if alone(line):
                    hits += 1
                    assert number in marked, (path.name, name, number)
    assert hits > 100


@pytest.mark.parametrize(("above", "found"), [("Copyright 2020 Statistics Unit", False), ("Tables 2020", True)])
def test_a_skipped_line_still_credits_the_line_below(tmp_path: Path, above: str, found: bool) -> None:
    # The line above is skipped (no name on it), yet the name below continues its credit (docs/detectors.md)
    path = tmp_path / "out.txt"
    path.write_text(f"{above}\n and Jens Hansen, Univ.\n", encoding="utf-8")
    assert any(f["rule"] == "personal-data.name" for f in _findings(path)) is found
