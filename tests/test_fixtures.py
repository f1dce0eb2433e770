"""Runs every annotated fixture under tests/fixtures and checks its annotations both ways."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sdcscan.config import profiles
from sdcscan.engine import Task, scan_file, scan_tree
from sdcscan.model import FileResult

from annotations import problems, read
from conftest import FIXTURES, every_rule

FILES = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith((".expect", ".md")) and "_data" not in p.parts
)


@cache
def _project(folder: Path) -> dict[str, FileResult]:
    """Every file of a fixture project (a folder with a PROJECT.md), scanned together: findings that need two
    files (`small-cell.cross-file`) show only in a scan of the tree."""
    return {r.path: r for r in scan_tree(folder, [folder], every_rule(), jobs=0)}


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(FIXTURES).as_posix() for p in FILES])
def test_fixture(path: Path) -> None:
    # A fixture named after a profile (`freq_dst.lst`, `counts_round5.csv`) is scanned with it.
    profile = next((word for word in path.stem.split("_") if word in profiles()), "dhda")
    project = next((p for p in path.parents if (p / "PROJECT.md").is_file() and FIXTURES in p.parents), None)
    if project is not None:
        result = _project(project)[path.relative_to(project).as_posix()]
    else:
        result = scan_file(Task(str(path), path.name, every_rule(profile)))
    assert result.status == "scanned", result.reason
    # A finding's span runs forwards: reports mark it, SARIF regions carry it.
    backwards = [f for f in result.findings if (f.line, f.column) > (f.end_line, f.end_column)]
    assert not backwards, [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in backwards]
    found = {(f.rule, f.category, f.line) for f in result.findings}
    assert not problems(read(path), found), "\n".join(problems(read(path), found))
