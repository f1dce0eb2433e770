"""Round 9's cheaper paths for SAS listings (docs/performance.md "Round 9: SAS listings"): a process that reads
listings imports no front end it does not use, and every (kind, language) is read by the same front end as
before. All data are synthetic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sdcscan.frontends import embedded, registry, text
from sdcscan.frontends.logs import documents, notebook, rmd, rout, sas_listing, sas_log, stata_log, tables

LISTING = """\
                                 The FREQ Procedure

                       region    Frequency     Percent
                       -------------------------------
                       Hovedstaden        3       42.86
                       Syddanmark         4       57.14
"""

# What a worker scanning a listing imports (it starts as `pool` does: the engine, then the file).
WORKER = """\
import sys
from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file
result = scan_file(Task(sys.argv[1], "a.lst", Settings()))
assert result.status == "scanned", result
print("\\n".join(sorted(sys.modules)))
"""

# Modules a listing's reader has no use for: the program front ends (grammars, queries, command tables) and the
# readers of other kinds.
NOT_FOR_A_LISTING = (
    "sdcscan.frontends.treesitter",
    "sdcscan.frontends.tsquery",
    "sdcscan.frontends.sas_checks",
    "sdcscan.frontends.r_checks",
    "sdcscan.frontends.stata",
    "sdcscan.frontends.embedded",
    "sdcscan.frontends.logs.notebook",
    "sdcscan.frontends.logs.documents",
    "sdcscan.frontends.logs.stata_log",
    "sdcscan.frontends.logs.rout",
    "sdcscan.outputs.readers.html",
)


def test_a_process_reading_a_listing_imports_no_front_end_it_does_not_use(tmp_path: Path) -> None:
    listing = tmp_path / "a.lst"
    listing.write_text(LISTING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(listing)], capture_output=True, text=True, check=True, timeout=120
    )
    modules = set(done.stdout.split())
    assert "sdcscan.frontends.logs.sas_listing" in modules  # the listing was read by its own reader
    assert [m for m in NOT_FOR_A_LISTING if m in modules] == []


def test_every_kind_and_language_is_read_by_the_front_end_it_was_before() -> None:
    # the table as it stood when every front end was imported with the registry
    expected = {
        ("program", None): text.facts,
        **{("program", language): read for language, read in embedded.PROGRAMS.items()},
        ("log", None): text.facts,
        ("listing", None): text.facts,
        ("notebook", None): notebook.facts,
        ("table", None): tables.facts,
        ("log", "sas"): sas_log.facts,
        ("listing", "sas"): sas_listing.facts,
        ("log", "r"): rout.facts,
        ("log", "stata"): stata_log.facts,
        ("notebook", "r"): rmd.facts,
        ("document", None): documents.facts,
        ("other", None): text.facts,
    }
    assert sorted(registry.kinds(), key=str) == sorted(expected, key=str)
    for (kind, language), read in expected.items():
        assert registry.front_end(kind, language) is read
        assert registry.front_end(kind, "no-such-language") is expected[(kind, None)]


def test_the_check_before_a_scan_imports_no_reader_of_outputs() -> None:
    # the parent process of a scan checks the grammars (`registry.validate`) and reads no file itself
    check = "import sys, sdcscan.cli\nfrom sdcscan.frontends.registry import validate\nvalidate()\nprint(*sys.modules)"
    # a check passed is remembered (registry.validate): kept nothing, it runs
    env = {**os.environ, "SDCSCAN_NO_KEEPING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, timeout=120, env=env
    )
    modules = done.stdout.split()
    assert "sdcscan.frontends.treesitter" in modules  # the grammars were checked
    assert [m for m in modules if m.startswith("sdcscan.outputs")] == []
