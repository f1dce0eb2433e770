"""The rescan cache: a hit gives exactly what a scan gives, and nothing in clear ever reaches the cache folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CPR = "0101801234"  # a valid date; the digits only need the CPR shape here
# Files under the cache's MIN_SIZE are always scanned again: the files of these tests are made larger.
FILLER = "".join(f"R{i},{100 + i},{i % 7}.0\n" for i in range(120))


def sdcscan(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDCSCAN_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "sdcscan", "scan", *args, "--json", "-", "-q", "-j", "1", "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )


def report(*args: str, cache: Path) -> dict:
    data = json.loads(sdcscan(*args, cache=cache).stdout)
    data.pop("generated_at", None)
    return data


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json")) if cache.exists() else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(ROOT / "examples" / "demo_project", folder)
    return folder


def test_a_rescan_from_the_cache_is_the_same_report(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = report(str(project), cache=cache)
    assert entries(cache), "the first scan stores its results"
    warm = report(str(project), cache=cache)
    fresh = report(str(project), "--no-cache", cache=tmp_path / "unused")
    assert cold == warm == fresh
    assert not entries(tmp_path / "unused"), "--no-cache neither reads nor writes"


def test_a_changed_file_is_scanned_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    report(str(project), cache=cache)
    program = project / "programs" / "08_figures.py"
    program.write_text(program.read_text(encoding="utf-8") + f"\n# patient {CPR[:6]}-{CPR[6:]}\n", encoding="utf-8")
    warm = report(str(project), cache=cache)
    rules = {f["rule"] for file in warm["files"] if file["path"].endswith("08_figures.py") for f in file["findings"]}
    assert "cpr.number" in rules


def test_other_settings_do_not_share_results(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "table.txt").write_text("", encoding="utf-8")
    (folder / "t.csv").write_text("region,n,pct\nA,4,10.0\nB,36,90.0\n" + FILLER, encoding="utf-8")
    cache = tmp_path / "cache"
    small = {p: report(str(folder), "--profile", p, cache=cache)["summary"]["findings"] for p in ("dhda", "dst")}
    again = {p: report(str(folder), "--profile", p, cache=cache)["summary"]["findings"] for p in ("dhda", "dst")}
    assert small == again
    assert small["dhda"] > small["dst"], "4 is small for dhda (5), not for dst (3)"


def test_clear_evidence_never_reaches_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    filler = "".join(f"data step{i}; set cohort; x{i} = {i}; run;\n" for i in range(40))
    (folder / "a.sas").write_text(f"data x; set y; where pnr = '{CPR}'; run;\n{filler}", encoding="utf-8")
    cache = tmp_path / "cache"
    report(str(folder), cache=cache)
    assert entries(cache)
    assert not any(CPR in path.read_text(encoding="utf-8") for path in entries(cache))
    report(str(folder), "--unmask", cache=tmp_path / "unmasked")
    assert not entries(tmp_path / "unmasked"), "--unmask never uses the cache"


def test_a_small_file_is_not_cached(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "a.txt").write_text("nothing here\n", encoding="utf-8")
    report(str(folder), cache=tmp_path / "cache")
    assert not entries(tmp_path / "cache")


def test_a_broken_entry_is_a_miss_and_a_cache_inside_the_scanned_folder_is_not_used(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    cold = report(str(project), cache=cache)
    for entry in entries(cache):
        entry.write_text('{"not": "a result"', encoding="utf-8")
    assert report(str(project), cache=cache) == cold
    inside = project / ".cache"
    report(str(project), cache=inside)
    assert not entries(inside)
