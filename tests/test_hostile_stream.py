"""One huge line with no newline (issue 14): streamed in pieces, every planted CPR number found, memory bounded.

`benchmarks/single_line.py` measures the real thing (500 MB, pieces of about 68 MiB); here the piece size is
lowered through `frontends.MAX_LINE`, `READ_BLOCK` and the CPR rule's `_BLOCK` so a 20 MB line has the same
structure: many pieces, CPR numbers at random offsets, at the cuts and across them, in a log whose text holds
nine-digit counts and table-like gaps (which made plain numbers on the same line read as totals of a table).
"""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from sdcscan import frontends
from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.rules import Context
from sdcscan.rules import cpr as cpr_rule

PIECE = 1 << 20
FILLER = "NOTE: There were 104857600 observations read from WORK.BIG.  cpu  1234567  real time 0.04 seconds\t"
STREAMED = {"stream_above": 1 << 20, "stream_outputs_above": 1 << 20, "timeout": 600.0}


def _cpr(rng: random.Random, dashed: bool) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(30, 99)
    return f"{day:02d}{month:02d}{year:02d}{'-' if dashed else ''}{rng.randint(0, 3)}{rng.randint(0, 999):03d}"


def one_line(path: Path, size: int, seed: int = 14) -> list[str]:
    """A log of `size` characters on one line, CPR numbers (plain and dashed) planted at random offsets and
    around every multiple of the piece size; the numbers planted, in order."""
    rng = random.Random(seed)
    offsets = {rng.randrange(size) for _ in range(12)}
    offsets |= {k * PIECE + d for k in range(1, size // PIECE) for d in (-40, -12, -6, 0, 5) if k % 3 == d % 3}
    filler = FILLER * (size // len(FILLER) + 1)
    parts: list[str] = []
    planted: list[str] = []
    last = 0
    for offset in sorted(offsets):
        parts.append(filler[last:offset])
        planted.append(_cpr(rng, dashed=len(planted) % 2 == 1))
        parts.append(f" {planted[-1]}. ")  # a full stop: not read as the count of the log's next word
        last = offset
    parts.append(filler[last:size])
    path.write_text("".join(parts), encoding="ascii", newline="")
    return planted


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frontends, "MAX_LINE", PIECE)
    monkeypatch.setattr(frontends, "READ_BLOCK", PIECE // 4)
    monkeypatch.setattr(cpr_rule, "_BLOCK", PIECE // 4)  # as a 68 MiB piece is to the rule's 4 MiB blocks


@pytest.mark.slow
def test_every_cpr_number_on_a_20_mb_line_is_found_streamed(tmp_path: Path, small_pieces: None) -> None:
    path = tmp_path / "one_line.log"
    planted = one_line(path, 20 * PIECE)
    assert len(planted) > 40
    result = scan_file(Task(str(path), path.name, settings_for(**STREAMED)))
    assert result.status == "scanned"
    found = [f for f in result.findings if f.rule == "cpr.number"]
    assert len(found) == len(planted)
    assert max(f.line for f in found) > 15  # many pieces, each counted as a line


def test_the_same_line_held_whole_finds_them_too(tmp_path: Path) -> None:
    path = tmp_path / "one_line.log"
    planted = one_line(path, 2 * PIECE)
    result = scan_file(Task(str(path), path.name, settings_for()))
    assert len([f for f in result.findings if f.rule == "cpr.number"]) == len(planted)


def test_the_cpr_check_of_a_streamed_line_holds_about_one_piece(tmp_path: Path, small_pieces: None) -> None:
    path = tmp_path / "one_line.log"
    planted = one_line(path, 12 * PIECE)
    doc = Document(path.name, "log", None, "", "utf-8", path=str(path), streamed=True)
    tracemalloc.start()
    try:
        found = list(cpr_rule.check_text(doc, Context(doc, settings_for(**STREAMED))))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found) == len(planted)
    # The piece read, its bytes for the prefilter, the next piece being joined: a few pieces, not all twelve.
    assert peak < 6 * PIECE, f"{peak / PIECE:.1f} pieces held"
