"""Lines no rule can judge are not given to the rules (scanner/rules/gate.py `quiet`, issue 11's throughput clause):
in a document where every rule that reads `text` facts has a whole-window gate or is idle (a CSV: no survival
table, no CPR check per line), a line no gate marked goes past the rules. The reference path gives every line to
every rule; both give the same findings. All data are synthetic (the project's fixtures and files built here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.model import Fact
from sdcscan.rules import Context, gate, personal_data

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() not in (".expect", ".toml"))

# Counts, a credit line with no name on it (no gate marks it) and the line it credits, a name, a model's
# observations, blank lines: what the per-line rules read, in a CSV.
BUILT = """\
region,n,events
Nord,12,3
Syd,40,9

Written by the analysis team
and Jens Hansen, Aarhus, 8000
Nord,Jens Hansen,7
kontakt: Mette Jensen,,
Number of Observations Used,4,
"""


def _findings(path: Path, settings: Settings) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings)).findings]


@pytest.fixture
def built(tmp_path: Path) -> list[Path]:
    paths = []
    for i, delimiter in enumerate((",", ";", "\t")):
        path = tmp_path / f"built{i}.{'tsv' if delimiter == chr(9) else 'csv'}"
        path.write_text(BUILT.replace(",", delimiter), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_quiet_lines_change_no_finding(monkeypatch: pytest.MonkeyPatch, built: list[Path]) -> None:
    files = [*FILES, *built]
    profiles = (Settings(), settings_for("dhda"))
    quick = {(p, i): _findings(p, s) for p in files for i, s in enumerate(profiles)}
    monkeypatch.setattr(gate, "quiet", lambda fact, ctx: False)
    assert {(p, i): _findings(p, s) for p in files for i, s in enumerate(profiles)} == quick


def _given(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lines of the `text` facts personal-data is given (it asks its gate about each)."""
    given: list[int] = []
    skipped = gate.skipped

    def spy(fact: Fact, ctx: Context, name: str | None) -> bool:
        if name == personal_data.__name__ and fact.kind == "text":
            given.append(fact.line)
        return skipped(fact, ctx, name)

    monkeypatch.setattr(gate, "skipped", spy)
    return given


def test_a_csv_line_no_gate_marked_goes_past_the_rules(monkeypatch: pytest.MonkeyPatch, built: list[Path]) -> None:
    given = _given(monkeypatch)
    found = _findings(built[0], settings_for("dhda"))
    # the name lines; not the counts, nor the credit line above the name, nor the model's observations (residual-df's
    # gate judges `Number of Observations Used,4,` as its check does: no pattern's, with a comma for the space)
    assert given == [6, 7, 8]
    # the credit line went past the rules but still credits the line below it (personal-data's line before)
    assert [(f["rule"], f["line"]) for f in found if str(f["rule"]).startswith("personal-data")] == [
        ("personal-data.name", 7),
        ("personal-data.name", 8),
    ]


def test_without_the_line_before_the_credited_name_would_be_found(
    monkeypatch: pytest.MonkeyPatch, built: list[Path]
) -> None:
    # the case above depends on `passed`: without it the name under the credit line is a finding
    monkeypatch.setattr(gate, "passed", lambda ctx, name: [])
    found = _findings(built[0], settings_for("dhda"))
    assert ("personal-data.name", 6) in [(f["rule"], f["line"]) for f in found]


def test_a_listing_gives_the_rules_only_the_lines_a_gate_marked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # survival has a gate too (its rows start with three numbers): notes go past the rules, a row of numbers does not
    given = _given(monkeypatch)
    path = tmp_path / "out.lst"
    path.write_text("".join(f"note {i}\n" for i in range(1, 6)) + "  1  2  3\n", encoding="utf-8")
    _findings(path, Settings())
    assert given == [6]
