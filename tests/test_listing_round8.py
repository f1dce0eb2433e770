"""Round 8's cheaper paths through a SAS listing (docs/performance.md "Round 8: SAS listings") read what the
reference paths read. All data are synthetic (the project's fixtures and tables built here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.discover import classify, decode
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.registry import front_end
from sdcscan.model import Fact
from sdcscan.outputs import text
from sdcscan.outputs.layouts import Layout

FIXTURES = Path(__file__).parent / "fixtures"
# every fixture of printed output (a program's text is read by no layout)
TEXTS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file()
    and p.suffix.lower() not in (".xlsx", ".pdf", ".png", ".expect", ".toml", ".json")
    and classify(p, None).kind != "program"
)


def _facts(path: Path) -> list[Fact]:
    filetype = classify(path, None)
    decoded = decode(path.read_bytes())
    doc = Document(path.name, filetype.kind, filetype.language, decoded.text, decoded.codec)
    return list(front_end(filetype.kind, filetype.language)(doc, Settings()))


def _read(path: Path) -> tuple[list[Fact], list[dict[str, object]]]:
    found = scan_file(Task(str(path), path.name, settings_for("dhda"))).findings
    return _facts(path), [f.to_dict() for f in found]


def _built(medium: text.Medium) -> list[str]:
    reader = text.Reader(Settings(), medium)
    list(reader.feed(1, "a b"))
    return [type(r).__name__ for r in reader.readers]


def test_a_layout_is_read_only_from_the_media_it_reads() -> None:
    # a whitespace-separated data file starts a plain text file: a listing's or log's output is not given to it
    assert "Data" in _built("text")
    assert "Data" not in _built("listing")
    assert "Data" not in _built("log")


@pytest.mark.slow
def test_leaving_out_layouts_of_other_media_changes_no_fact_and_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    left_out = {p: _read(p) for p in TEXTS}
    monkeypatch.setattr(Layout, "reads", lambda self, medium: True)
    assert "Data" in _built("listing")
    assert {p: _read(p) for p in TEXTS} == left_out
