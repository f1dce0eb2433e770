"""The cpr.number and personal-data.* rules through the real engine: positions, masked evidence and context,
--unmask, streamed files, multi-line comment facts. All data are synthetic."""

from __future__ import annotations

import json
from pathlib import Path

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.model import Fact, FileResult
from sdcscan.rules import Context, personal_data
from sdcscan.rules import cpr as cpr_rule

LEAKY = """Notes on the extract
pnr 010190-1235 was checked by Jens Hansen
Adresse: Vesterbrogade 12, 1620 København V, tlf. 20 12 34 56
mail jens.hansen@example.dk, født 12.03.1956
"""
CLEAR = ("010190-1235", "1235", "Jens Hansen", "Vesterbrogade 12", "20 12 34 56", "jens.hansen", "12.03.1956")


def _scan(tmp_path: Path, **overrides: object) -> FileResult:
    path = tmp_path / "notes.txt"
    path.write_text(LEAKY, encoding="utf-8")
    return scan_file(Task(str(path), path.name, settings_for("dhda", **overrides)))


def test_findings_and_positions(tmp_path: Path) -> None:
    result = _scan(tmp_path)
    found = {(f.rule, f.line, f.column) for f in result.findings}
    assert found == {
        ("cpr.number", 2, 5),
        ("personal-data.name", 2, 32),
        ("personal-data.address", 3, 10),
        ("personal-data.phone", 3, 51),
        ("personal-data.email", 4, 6),
        ("personal-data.birth-date", 4, 30),
    }


def test_report_never_shows_the_values(tmp_path: Path) -> None:
    text = json.dumps(_scan(tmp_path).to_dict(), ensure_ascii=False)
    for value in CLEAR:
        assert value not in text
    assert "DDMMYY-XXXX" in text and "J. H." in text and "***@example.dk" in text


def test_unmask_shows_the_evidence(tmp_path: Path) -> None:
    evidence = {f.rule: f.evidence for f in _scan(tmp_path, unmask=True).findings}
    assert "010190-1235" in evidence["cpr.number"]
    assert "Jens Hansen" in evidence["personal-data.name"]


def test_streamed_file_gives_the_same_cpr_findings(tmp_path: Path) -> None:
    whole = _scan(tmp_path)
    streamed = _scan(tmp_path, stream_above=1)

    def cpr(result: FileResult) -> list[tuple[str, int, int, str]]:
        return [(f.rule, f.line, f.column, f.severity) for f in result.findings if f.category == "cpr"]

    assert cpr(streamed) == cpr(whole) == [("cpr.number", 2, 5, "critical")]


def test_hit_on_a_later_line_of_a_block_comment() -> None:
    doc = Document("x.sas", "program", "sas", "", "utf-8")
    ctx = Context(doc, settings_for("dhda"))
    comment = Fact("comment", 3, 5, 4, 30, "/* Analysis notes\n   patient: Jens Hansen */")
    (finding,) = personal_data.check(comment, ctx)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (4, 13, 4, 24)
    assert finding.evidence == "patient: J. H. */"


def test_cpr_rule_on_crlf_text() -> None:
    text = "first\r\nsecond pnr 0101901235\r\n"
    doc = Document("x.txt", "other", None, text, "utf-8")
    (finding,) = cpr_rule.check_text(doc, Context(doc, settings_for("dhda")))
    assert (finding.line, finding.column, finding.end_column) == (2, 12, 22)
    assert finding.evidence == "second pnr DDMMYY-XXXX"


def test_streamed_blocks_keep_the_header_and_report_each_row_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cpr_rule, "_BLOCK", 60)  # a block every two rows, so most rows come after a block break
    rows = [f"  {i:3d}    {i:02d}0190123{i % 10}      2" for i in range(1, 21)]
    path = tmp_path / "listing.lst"
    path.write_text("  Obs    pnr            koen\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = scan_file(Task(str(path), path.name, settings_for("dhda", stream_above=1)))
    found = [(f.line, f.severity) for f in result.findings if f.category == "cpr"]
    assert found == [(line, "critical") for line in range(2, 22)]
