"""The rescan cache: a hit gives exactly what a scan gives, and nothing in clear ever reaches the cache folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdcscan import cache as cache_module
from sdcscan import mask, pool, replay
from sdcscan.cache import Cache
from sdcscan.config import Settings
from sdcscan.engine import scan_tree

ROOT = Path(__file__).resolve().parent.parent
CPR = "0101801234"  # a valid date; the digits only need the CPR shape here
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


@pytest.mark.slow
def test_a_rescan_from_the_cache_is_the_same_report(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = report(str(project), cache=cache)
    assert entries(cache), "the first scan stores its results"
    warm = report(str(project), cache=cache)
    fresh = report(str(project), "--no-cache", cache=tmp_path / "unused")
    assert cold == warm == fresh
    assert not entries(tmp_path / "unused"), "--no-cache neither reads nor writes"


@pytest.mark.slow
def test_a_changed_file_is_scanned_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    report(str(project), cache=cache)
    program = project / "programs" / "08_figures.py"
    program.write_text(program.read_text(encoding="utf-8") + f"\n# patient {CPR[:6]}-{CPR[6:]}\n", encoding="utf-8")
    warm = report(str(project), cache=cache)
    rules = {f["rule"] for file in warm["files"] if file["path"].endswith("08_figures.py") for f in file["findings"]}
    assert "cpr.number" in rules


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- the stat fast path (in process, so that hashing and the worker pool can be watched) ----------------------

OLD = 1_600_000_000 * 10**9  # an mtime long before any scan: the stat of such a file is trusted


def scan(folder: Path, cache: Path, jobs: int = 0) -> list[dict]:
    settings = Settings()
    results = scan_tree(folder, [folder], settings, jobs, cache=Cache(cache, settings))
    return [r.to_dict() for r in sorted(results, key=lambda r: r.path)]


def write(path: Path, text: str, mtime_ns: int | None = None) -> None:
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def cpr_rules(results: list[dict]) -> set[str]:
    return {f["rule"] for r in results for f in r["findings"] if f["rule"].startswith("cpr")}


def without_ctime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stats as Windows gives them for this purpose: its ctime is the creation time, which a write leaves alone
    (on POSIX every write changes the ctime, so same size and mtime would never be enough to fool the index)."""
    real = cache_module._stat

    def stat(path: str) -> tuple[int, int, int, int] | None:
        found = real(path)
        return None if found is None else (found[0], found[1], 0, found[3])

    monkeypatch.setattr(cache_module, "_stat", stat)


def test_an_unchanged_file_is_not_read_again_and_starts_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "p"
    folder.mkdir()
    write(folder / "a.sas", f"data x; set y; where pnr = '{CPR}'; run;\n", OLD)
    write(folder / "t.csv", "region,n\nA,3\nB,40\n", OLD)
    cold = scan(folder, tmp_path / "cache")
    hashed: list[str] = []
    real_key = Cache.key
    monkeypatch.setattr(Cache, "key", lambda self, path, rel: hashed.append(rel) or real_key(self, path, rel))
    monkeypatch.setattr(pool, "run", lambda *args, **kwargs: pytest.fail("a worker pool was started"))
    assert scan(folder, tmp_path / "cache", jobs=2) == cold
    assert hashed == [], "an unchanged stat is trusted: the file is not read"
    fresh = scan_tree(folder, [folder], Settings(), 0)
    assert [r.to_dict() for r in sorted(fresh, key=lambda r: r.path)] == cold


def test_small_results_live_in_the_index_and_large_ones_in_files_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for n in range(3):
        write(folder / f"empty{n}.txt", "", OLD)
    write(folder / "clean.txt", "nothing here\n", OLD)
    write(folder / "many.sas", "".join(f"proc print data=d{n}; run;\n" for n in range(20)), OLD)
    cold = scan(folder, tmp_path / "cache")
    (index,) = (tmp_path / "cache" / "index").glob("*.json")
    kept = json.loads(index.read_text(encoding="utf-8"))["files"]
    assert sorted(rel for rel, entry in kept.items() if entry[6] is not None) == [
        "clean.txt",
        "empty0.txt",
        "empty1.txt",
        "empty2.txt",
    ]
    (own,) = [p for p in entries(tmp_path / "cache") if p.parent.name != "index"]
    assert json.loads(own.read_text(encoding="utf-8"))["path"] == "many.sas"
    assert len(own.read_bytes()) > cache_module.INLINE_BYTES
    # Every file comes back from the cache: the rescan starts no worker and gives the same report, twice over
    # (a replayed small result is kept in the index again).
    monkeypatch.setattr(pool, "run", lambda *args, **kwargs: pytest.fail("a worker pool was started"))
    assert scan(folder, tmp_path / "cache", jobs=2) == cold
    assert scan(folder, tmp_path / "cache", jobs=2) == cold


def test_a_result_from_the_cache_is_not_masked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    write(folder / "a.sas", f"data x; set y; where pnr = '{CPR}'; run;\n", OLD)
    cold = scan(folder, tmp_path / "cache")
    assert "cpr.number" in cpr_rules(cold)
    masked: list[str] = []
    real = mask.message
    monkeypatch.setattr(mask, "message", lambda text: masked.append(text) or real(text))
    assert scan(folder, tmp_path / "cache") == cold
    assert masked == [], "stored messages were masked when made"


def test_a_recent_file_rewritten_with_the_same_size_and_mtime_is_scanned_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_ctime(monkeypatch)
    folder = tmp_path / "p"
    folder.mkdir()
    program = folder / "a.sas"
    clean = "data x; set y; where pnr = '0000000000'; run;\n"
    write(program, clean)  # written just now: within the racy window of the scan below
    assert not cpr_rules(scan(folder, tmp_path / "cache"))
    stamp = program.stat().st_mtime_ns
    write(program, clean.replace("0000000000", CPR), stamp)  # same size, same mtime, new content
    assert "cpr.number" in cpr_rules(scan(folder, tmp_path / "cache"))


def test_an_old_stat_is_trusted_and_a_changed_one_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    without_ctime(monkeypatch)
    folder = tmp_path / "p"
    folder.mkdir()
    program = folder / "a.sas"
    clean = "data x; set y; where pnr = '0000000000'; run;\n"
    write(program, clean, OLD)
    scan(folder, tmp_path / "cache")
    # The limit of any stat cache (git's too): content changed under an old, restored mtime is not seen.
    write(program, clean.replace("0000000000", CPR), OLD)
    assert not cpr_rules(scan(folder, tmp_path / "cache"))
    write(program, clean.replace("0000000000", CPR), OLD + 10**9)  # any other mtime: read again
    assert "cpr.number" in cpr_rules(scan(folder, tmp_path / "cache"))


@pytest.mark.parametrize(
    ("other", "statistics", "rows", "program"),
    [
        (  # a macro file the program calls
            "macros.sas",
            "%macro tab(data, out);\n  proc freq data=&data noprint; tables sex / out=&out; run;\n%mend tab;\n",
            "%macro tab(data, out);\n  data &out; set &data; run;\n%mend tab;\n",
            "%tab(cohort, t);\nproc print data=t; run;\n",
        ),
        (  # a program that writes the library table the program prints
            "02_tables.sas",
            "proc means data=out.cohort noprint; var age; output out=out.means mean=m; run;\n",
            "data out.means; set out.cohort; run;\n",
            "\nproc print data=out.means; run;\n",
        ),
    ],
    ids=["macro", "library-table"],
)
def test_a_program_is_scanned_again_when_another_file_its_data_flow_reads_changes(
    tmp_path: Path, other: str, statistics: str, rows: str, program: str
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    write(folder / other, statistics, OLD)
    write(folder / "tables.sas", program, OLD)

    def printed() -> list[int]:
        results = scan(folder, tmp_path / "cache")
        return [f["line"] for r in results if r["path"] == "tables.sas" for f in r["findings"] if "print" in f["rule"]]

    assert printed() == []  # statistics, made by the other file
    write(folder / other, rows, OLD + 10**9)  # the program's own stat stays trusted
    assert printed() == [2]


def test_a_deleted_file_leaves_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    write(folder / "a.sas", "data x; run;\n", OLD)
    write(folder / "b.sas", "data y; run;\n", OLD)
    scan(folder, tmp_path / "cache")
    (folder / "b.sas").unlink()
    assert [r["path"] for r in scan(folder, tmp_path / "cache")] == ["a.sas"]
    (index,) = (tmp_path / "cache" / "index").glob("*.json")
    assert list(json.loads(index.read_text(encoding="utf-8"))["files"]) == ["a.sas"]


@pytest.mark.slow
def test_a_broken_entry_is_a_miss_and_a_cache_inside_the_scanned_folder_is_not_used(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    cold = report(str(project), cache=cache)
    for entry in entries(cache):
        entry.write_text('{"not": "a result"', encoding="utf-8")
    assert report(str(project), cache=cache) == cold
    inside = project / ".cache"
    report(str(project), cache=inside)
    assert not entries(inside)


# --- what a rescan of an unchanged tree loads -----------------------------------------------------------------

# Packages and modules that a rescan with every file in the cache and only a JSON report asked for must not import:
# they cost start-up time and serve only files that are scanned, or other report formats.
NOT_ON_A_RESCAN = (
    "tree_sitter",
    "hyperscan",
    "multiprocessing",
    "importlib.metadata",
    "socket",
    "jinja2",
    "pathspec",
    "pydantic",
    "openpyxl",
    "pypdf",
    "rich",
    "sdcscan.frontends.registry",
    "sdcscan.frontends.treesitter",
    "sdcscan.reporters.html",
    "sdcscan.reporters.sarif",
)


def imported(*args: str, cache: Path) -> set[str]:
    """The modules `sdcscan scan ARGS --json -` imports, from `python -X importtime`."""
    env = {**os.environ, "SDCSCAN_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sdcscan", "scan", *args, "--json", "-", "-q", "--fail-on", "never"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.slow
def test_a_rescan_of_an_unchanged_tree_imports_no_front_end_and_no_other_report_format(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    write(folder / "a.sas", f"data x; set y; where pnr = '{CPR}'; run;\n", OLD)
    write(folder / "t.csv", "region,n\nA,3\nB,40\n", OLD)
    cold = imported(str(folder), "-j", "1", cache=tmp_path / "cache")
    assert "sdcscan.frontends.registry" in cold, "a scan that reads files loads the front ends"
    warm = imported(str(folder), "-j", "1", cache=tmp_path / "cache")
    assert [m for m in sorted(warm) if m.split(".")[0] in NOT_ON_A_RESCAN or m in NOT_ON_A_RESCAN] == []


def test_parser_versions_are_those_importlib_metadata_reports() -> None:
    # The key's versions are read from the dist-info folders' names, without importing importlib.metadata.
    from importlib import metadata

    names = (*replay._PARSERS, "no-such-distribution-sdcscan")
    expected = {}
    for name in names:
        try:
            expected[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected[name] = "-"
    assert replay.versions(names) == expected


def test_a_plain_file_name_compiles_only_the_birth_date_pattern() -> None:
    # A rescan masks every path; compiling all personal-data patterns for lower-case names was ~10% of it.
    from sdcscan.detectors import personal

    personal.patterns.cache_clear()
    assert mask.plain("results_2024.csv")
    assert not mask.plain("født 1.3.87.txt")  # fewer than eight digits: the birth-date pattern decides
    assert personal.patterns.cache_info().currsize == 0
