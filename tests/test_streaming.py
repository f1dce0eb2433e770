"""A streamed file gives the same report as the same file read whole (the benchmark streams logs above 8 MB, so
this is the path most large logs take). All data are synthetic."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sdcscan import frontends
from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import LineStream, split_lines
from sdcscan.rules import cpr as cpr_rule


def test_streamed_lines_are_the_lines_of_the_whole_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line ends \\n and \\r\\n, a lone \\r kept inside a line, form feeds and multi-byte characters, across block
    boundaries of a few bytes: the streamed lines are the whole text's, as editors number them."""
    monkeypatch.setattr(frontends, "READ_BLOCK", 5)
    rng = random.Random(7)
    path = tmp_path / "t.log"
    for _ in range(500):
        text = "".join(rng.choice(["a", "bc", "\r", "\n", "\r\n", "\f", "æ"]) for _ in range(rng.randrange(60)))
        if text.endswith("\r"):
            text += "x"  # a final lone \r: an empty last line that split_lines keeps and the stream does not
        path.write_bytes(text.encode("utf-8"))
        assert list(LineStream(str(path), "utf-8")) == split_lines(text), repr(text)


def test_streamed_cpr_findings_equal_whole_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks put block breaks everywhere; each block's first line (`run;`) has as many `;` as the CPR line,
    # so it would pass for a delimited file's header unless the file's own first line is kept on top.
    monkeypatch.setattr(cpr_rule, "_BLOCK", 60)
    lines = ["NOTE: SAS log", *["run;"] * 100, "  where pnr = '070372-2199';", *["run;"] * 10]
    path = tmp_path / "big.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole, streamed = (
        scan_file(Task(str(path), path.name, settings_for("dhda", stream_above=limit))) for limit in (1 << 30, 1)
    )
    cpr = [[f.to_dict() for f in r.findings if f.category == "cpr"] for r in (whole, streamed)]
    assert [(f["line"], f["message"]) for f in cpr[0]] == [(102, "CPR number next to 'pnr'")]
    assert cpr[1] == cpr[0]


def test_logs_and_listings_stream_above_their_own_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read = []
    lines = LineStream.__iter__
    monkeypatch.setattr(LineStream, "__iter__", lambda self: read.append(Path(self.path).name) or lines(self))
    settings = settings_for("dhda", stream_outputs_above=1024)
    listing = tmp_path / "out.lst"
    listing.write_text("  Obs    pnr            koen\n" + "    1    0101901239      2\n" * 100, encoding="utf-8")
    program = tmp_path / "a.sas"
    program.write_text("data a; set b; run;\n" * 100, encoding="utf-8")
    streamed = scan_file(Task(str(listing), listing.name, settings))
    whole = scan_file(Task(str(listing), listing.name, settings_for("dhda")))
    assert read and set(read) == {"out.lst"}
    assert [f.to_dict() for f in streamed.findings] == [f.to_dict() for f in whole.findings]
    # A program is parsed from its whole text: it is not streamed below `stream_above`, so nothing is "too large".
    assert not [f for f in scan_file(Task(str(program), program.name, settings)).findings if "too-large" in f.rule]
