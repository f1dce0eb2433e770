"""A rescan of unchanged inputs replays the last run (scanner/replay.py): the same reports but for `generated_at`, the
same summary and exit code; and any change to what a scan reads makes it scan again."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

OLD = 1_600_000_000 * 10**9  # an mtime long before any scan: outside the racy window
CPR = "0101801234"
TIME = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d")


class Run:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        lines = done.stderr.splitlines()
        imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}
        self.code = done.returncode
        self.stdout = done.stdout
        self.stderr = "\n".join(line for line in lines if not line.startswith("import time:"))
        # The command line (typer, the engine) is loaded only when the run is not replayed.
        self.replayed = "sdcscan.cli" not in imported


def sdcscan(*args: str | Path, cache: Path, cwd: Path | None = None, code: str = "") -> Run:
    """`sdcscan ARGS` in a fresh process, as the console script runs it (`code`: Python run first)."""
    env = {**os.environ, "SDCSCAN_CACHE_DIR": str(cache)}
    start = f"import sys\nsys.argv[0] = 'sdcscan'\n{code}\nfrom sdcscan.__main__ import main\nmain()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", start, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    return Run(done)


def write(path: Path, text: str, mtime_ns: int = OLD) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def without_time(report: str | bytes) -> dict:
    data = json.loads(report)
    data.pop("generated_at")
    return data


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    write(folder / "a.sas", f"data x; set y; where pnr = '{CPR}'; run;\n")
    write(folder / "t.csv", "region,n\nA,3\nB,40\n")
    write(folder / "notes" / "readme.txt", "nothing here\n")
    return folder


def test_an_unchanged_rescan_is_replayed_byte_for_byte_but_the_time(project: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = (project, "-q", "-j", "1", "--json", out / "r.json", "--sarif", out / "r.sarif", "--html", out / "r.html")
    first = sdcscan("scan", *args, cache=cache)
    assert not first.replayed and first.code == 1
    kept = {p.name: p.read_bytes() for p in out.iterdir()}
    again = sdcscan("scan", *args, cache=cache)
    assert again.replayed and again.code == first.code and again.stdout == first.stdout == ""
    was = json.loads(kept["r.json"])["generated_at"]
    now = json.loads((out / "r.json").read_text(encoding="utf-8"))["generated_at"]
    assert now >= was
    for name, before in kept.items():  # the time in any spelling: ISO, "2026-12-06 20:15:00 UTC", "...Z"
        assert TIME.sub(b"", (out / name).read_bytes()) == TIME.sub(b"", before), name
    assert without_time((out / "r.json").read_bytes()) == without_time(kept["r.json"])
    assert sdcscan("scan", *args, cache=cache).replayed, "a replay keeps the record valid for the next one"


@pytest.mark.slow
def test_a_replay_to_standard_output_gives_the_same_report_summary_and_exit_code(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = sdcscan("scan", project, "-j", "1", "--json", "-", cache=cache)
    again = sdcscan("scan", project, "-j", "1", "--json", "-", cache=cache)
    assert again.replayed and again.code == first.code == 1
    assert without_time(again.stdout) == without_time(first.stdout)
    assert "a.sas" in again.stderr and again.stderr.strip() == first.stderr.strip(), "the summary, on stderr"
    summary = sdcscan("scan", project, "-j", "1", "--fail-on", "never", "--json", tmp_path / "r.json", cache=cache)
    replayed = sdcscan("scan", project, "-j", "1", "--fail-on", "never", "--json", tmp_path / "r.json", cache=cache)
    assert replayed.replayed and replayed.code == summary.code == 0
    assert replayed.stdout == summary.stdout and "a.sas" in replayed.stdout


def rescan(project: Path, tmp_path: Path, *extra: str | Path, cwd: Path | None = None) -> tuple[dict, Run]:
    args = ("scan", project, "-q", "-j", "1", "--json", tmp_path / "r.json", *extra)
    run = sdcscan(*args, cache=tmp_path / "cache", cwd=cwd)
    return without_time((tmp_path / "r.json").read_bytes()), run


def recorded(project: Path, tmp_path: Path, *extra: str | Path, cwd: Path | None = None) -> dict:
    """A recorded run, checked to replay."""
    rescan(project, tmp_path, *extra, cwd=cwd)
    report, run = rescan(project, tmp_path, *extra, cwd=cwd)
    assert run.replayed
    return report


def rules(report: dict, path: str) -> set[str]:
    return {f["rule"] for entry in report["files"] if entry["path"] == path for f in entry["findings"]}


@pytest.mark.slow
def test_a_changed_file_is_scanned_again_even_with_its_old_size_and_mtime(project: Path, tmp_path: Path) -> None:
    recorded(project, tmp_path)
    write(project / "notes" / "readme.txt", f"x {CPR}\n")  # the size and the old mtime it had
    report, run = rescan(project, tmp_path)
    assert not run.replayed and "cpr.number" in rules(report, "notes/readme.txt")


@pytest.mark.slow
def test_an_added_and_a_removed_file_are_seen(project: Path, tmp_path: Path) -> None:
    recorded(project, tmp_path)
    write(project / "notes" / "new.txt", f"{CPR}\n")
    report, run = rescan(project, tmp_path)
    assert not run.replayed and "cpr.number" in rules(report, "notes/new.txt")
    recorded(project, tmp_path)
    (project / "notes" / "new.txt").unlink()
    report, run = rescan(project, tmp_path)
    assert not run.replayed and "notes/new.txt" not in {f["path"] for f in report["files"]}
    (project / "empty").mkdir()  # an empty folder is no file, but it is an input the run did not see
    assert not rescan(project, tmp_path)[1].replayed


@pytest.mark.slow
def test_a_changed_configuration_above_the_tree_or_given_is_read(project: Path, tmp_path: Path) -> None:
    # tmp_path holds the project: a configuration there applies to it (no repository root in between).
    before = recorded(project, tmp_path)
    assert "small-cell" in {f["category"] for entry in before["files"] for f in entry["findings"]}
    write(tmp_path / "sdcscan.toml", 'disable = ["small-cell"]\n')
    report, run = rescan(project, tmp_path)
    assert not run.replayed and "small-cell" not in {f["category"] for e in report["files"] for f in e["findings"]}
    given = tmp_path / "elsewhere" / "mine.toml"
    write(given, 'profile = "dst"\n')
    assert recorded(project, tmp_path, "--config", given)["profile"]["name"] == "dst"
    write(given, 'profile = "strict"\n', OLD + 10**9)
    report, run = rescan(project, tmp_path, "--config", given)
    assert not run.replayed and report["profile"]["name"] == "strict"


@pytest.mark.slow
def test_an_ignore_file_and_a_repository_root_above_are_seen(project: Path, tmp_path: Path) -> None:
    write(tmp_path / "sdcscan.toml", "")
    recorded(project, tmp_path)
    write(tmp_path / ".sdcscanignore", "project/t.csv\n")
    report, run = rescan(project, tmp_path)
    assert not run.replayed and {f["path"]: f["status"] for f in report["files"]}["t.csv"] == "excluded"
    recorded(project, tmp_path)
    (project / ".git").mkdir()  # the configuration search now stops at the project: tmp_path's file is not read
    report, run = rescan(project, tmp_path)
    assert not run.replayed and {f["path"]: f["status"] for f in report["files"]}["t.csv"] == "scanned"


@pytest.mark.slow
def test_another_tool_version_is_never_replayed(project: Path, tmp_path: Path) -> None:
    recorded(project, tmp_path)
    args = ("scan", project, "-q", "-j", "1", "--json", tmp_path / "r.json")
    other = sdcscan(*args, cache=tmp_path / "cache", code="import sdcscan; sdcscan.__version__ = '99.0'")
    assert not other.replayed
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["tool"]["version"] == "99.0"


def test_a_report_changed_by_hand_is_written_again(project: Path, tmp_path: Path) -> None:
    report = recorded(project, tmp_path)
    (tmp_path / "r.json").write_text("{}", encoding="utf-8")
    again, run = rescan(project, tmp_path)
    assert not run.replayed and again == report


def test_a_report_inside_the_tree_is_replayed_once_it_is_listed(project: Path, tmp_path: Path) -> None:
    inside = project / "review.json"
    args = ("scan", project, "-q", "-j", "1", "--json", inside)
    runs = [sdcscan(*args, cache=tmp_path / "cache") for _ in range(3)]
    assert [run.replayed for run in runs] == [False, False, True], "the second run lists the first one's report"
    report = json.loads(inside.read_text(encoding="utf-8"))
    assert {f["path"]: f["status"] for f in report["files"]}["review.json"] == "excluded"


@pytest.mark.slow
def test_no_cache_unmask_links_and_recent_files_are_never_replayed(project: Path, tmp_path: Path) -> None:
    for extra in (("--no-cache",), ("--unmask",)):
        runs = [rescan(project, tmp_path, *extra)[1] for _ in range(2)]
        assert not any(run.replayed for run in runs), extra
    assert not (tmp_path / "cache" / "runs").exists() or not any((tmp_path / "cache" / "runs").iterdir())
    recorded(project, tmp_path)
    (project / "link.txt").symlink_to(project / "t.csv")
    assert not any(rescan(project, tmp_path)[1].replayed for _ in range(2)), "a link's target can change unseen"
    (project / "link.txt").unlink()
    write(project / "fresh.txt", "written just now\n", mtime_ns=0)
    os.utime(project / "fresh.txt")  # now: inside the racy window of the runs below
    assert not any(rescan(project, tmp_path)[1].replayed for _ in range(2))


@pytest.mark.slow
def test_a_relative_path_is_replayed_only_from_the_same_folder(project: Path, tmp_path: Path) -> None:
    recorded(Path("project"), tmp_path, cwd=tmp_path)
    elsewhere = tmp_path / "other"
    write(elsewhere / "project" / "a.sas", "data x; run;\n")
    report, run = rescan(Path("project"), tmp_path, cwd=elsewhere)
    assert not run.replayed and [f["path"] for f in report["files"]] == ["a.sas"]


def test_a_record_writes_only_the_reports_its_command_line_names(project: Path, tmp_path: Path) -> None:
    recorded(project, tmp_path, "--sarif=" + str(tmp_path / "r.sarif"))  # the `--option=value` form replays too
    (record,) = (tmp_path / "cache" / "runs").glob("*.json")
    elsewhere = tmp_path / "elsewhere.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["reports"][0][1] = str(elsewhere)  # an edited or planted record
    data["outputs"][0] = None
    record.write_text(json.dumps(data), encoding="utf-8")
    assert not rescan(project, tmp_path, "--sarif=" + str(tmp_path / "r.sarif"))[1].replayed
    assert not elsewhere.exists()


@pytest.mark.slow
def test_a_changed_baseline_is_read(project: Path, tmp_path: Path) -> None:
    reviewed = tmp_path / "review" / "baseline.json"
    made = sdcscan("baseline", project, "-o", reviewed, "-j", "1", cache=tmp_path / "cache")
    assert made.code == 0 and reviewed.is_file()
    os.utime(reviewed, ns=(OLD, OLD))
    before = recorded(project, tmp_path, "--baseline", reviewed)
    assert {f["baseline"] for e in before["files"] for f in e["findings"]} == {"pending"}
    os.utime(reviewed, ns=(OLD + 10**9, OLD + 10**9))  # as a review that rewrote it would leave it
    assert not rescan(project, tmp_path, "--baseline", reviewed)[1].replayed


@pytest.mark.slow
def test_a_run_that_printed_a_warning_is_not_replayed(project: Path, tmp_path: Path) -> None:
    args = ("scan", project, "-j", "999", "--json", tmp_path / "r.json")  # more workers than CPUs: said on stderr
    runs = [sdcscan(*args, cache=tmp_path / "cache") for _ in range(2)]
    assert not any(run.replayed for run in runs)
    assert all("more than the" in run.stderr for run in runs)


def test_a_damaged_record_is_scanned_again_not_a_traceback(project: Path, tmp_path: Path) -> None:
    report = recorded(project, tmp_path)
    (record,) = (tmp_path / "cache" / "runs").glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    data["code"] = "one"  # valid JSON, not an exit code
    record.write_text(json.dumps(data), encoding="utf-8")
    again, run = rescan(project, tmp_path)
    assert not run.replayed and again == report


def test_a_damaged_summary_is_scanned_again_not_a_traceback(project: Path, tmp_path: Path) -> None:
    args = ("scan", project, "-j", "1", "--json", tmp_path / "r.json")
    first = sdcscan(*args, cache=tmp_path / "cache")
    assert sdcscan(*args, cache=tmp_path / "cache").replayed
    (kept,) = (tmp_path / "cache" / "runs").glob("*.summary")
    kept.write_text("{}", encoding="utf-8")  # valid JSON, not a report
    again = sdcscan(*args, cache=tmp_path / "cache")
    assert not again.replayed and again.stdout == first.stdout and again.code == first.code


def test_a_replay_watches_the_files_the_configuration_search_and_the_walk_read() -> None:
    # replay.py spells these names itself (importing config.py would close an import cycle): they must not drift.
    from sdcscan import config, discover, replay

    assert set(replay._PROBED) == {config.CONFIG_FILE, config.PYPROJECT, discover.IGNORE_FILE}
    assert discover.VCS_FOLDERS is replay.VCS_FOLDERS
