"""Shared by the listing tests that compare a fast reading with the reference one: every fixture listing and SAS
log plus one listing built in the test, and their facts and findings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.model import Fact, line_fact, lines_of

FIXTURES = Path(__file__).parent / "fixtures"


def listing_paths(tmp_path: Path, built: str) -> list[Path]:
    """Every fixture listing and log, sorted, then `built` written as `built.lst` (last)."""
    made = tmp_path / "built.lst"
    made.write_text(built, encoding="utf-8")
    found = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in (".lst", ".log")]
    return [*sorted(found), made]


def expanded(facts: Iterable[Fact]) -> list[Fact]:
    """The facts, each `text.lines` run as the `text` facts of its lines (as the engine gives them to the rules)."""
    return [x for f in facts for x in ([line_fact(*n) for n in lines_of(f)] if f.kind == "text.lines" else [f])]


def listing_facts(path: Path) -> list[Fact]:
    doc = Document(path.name, "listing", None, path.read_text(encoding="utf-8", errors="replace"), "utf-8")
    return expanded(sas_listing.facts(doc, Settings()))


def listing_findings(path: Path) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for("dhda"))).findings]
