"""Green means safe: what leaves with the folder is scanned, what is not scanned is said, and the command line holds
on Windows consoles, under signals and with odd paths. Every input is built here, at run time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sdcscan import discover
from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file, scan_tree
from sdcscan.report import build

from conftest import validate_report

SDCSCAN = [sys.executable, "-m", "sdcscan"]
CPR_LINE = "pnr=010101-1239 koen=2\n"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*SDCSCAN, *map(str, args)], capture_output=True, timeout=170, check=False, env={**os.environ, **(env or {})}
    )


def scan(root: Path, *extra: str | Path) -> tuple[int, dict]:
    out = root.parent / f"{root.name}-report.json"
    proc = run("scan", root, "--json", out, "--quiet", *extra)
    assert proc.returncode in (0, 1), proc.stderr
    assert b"Traceback" not in proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    return proc.returncode, report


def files(report: dict) -> dict[str, dict]:
    return {f["path"]: f for f in report["files"]}


def rules(entry: dict) -> list[str]:
    return [f["rule"] for f in entry["findings"]]


# --- 1. defaults that fail closed, and the verdict ------------------------------------------------------------


@pytest.mark.slow
def test_checkpoint_copies_are_scanned_and_only_version_control_is_left_out(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / ".ipynb_checkpoints").mkdir(parents=True)
    (root / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text(CPR_LINE, encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "notes.txt").write_text(CPR_LINE, encoding="utf-8")
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "objects" / "ab").write_text(CPR_LINE, encoding="utf-8")
    code, report = scan(root)
    found = files(report)
    assert code == 1 and report["summary"]["verdict"] == "changes-needed"
    assert rules(found[".ipynb_checkpoints/a-checkpoint.txt"]) == ["cpr.number"]
    assert rules(found["__pycache__/notes.txt"]) == ["cpr.number"]
    assert found[".git/"]["status"] == "excluded" and found[".git/"]["reason"].startswith("version-control")
    assert ".git/objects/ab" not in found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("layout", "extra", "verdict", "code"),
    [
        ({"a.txt": "hello\n"}, (), "ready", 0),
        ({"a.txt": "hello\n", "out/b.txt": "hello\n"}, ("--exclude", "out/"), "ready-without-excluded", 0),
        ({"a.txt": "hello\n", "out/b.txt": CPR_LINE}, ("--exclude", "out/"), "changes-needed", 1),
        ({"a.txt": "hello\n", "fig.png": "\x89PNG\r\n\x1a\n\x00"}, (), "check-by-hand", 1),
        ({"out/b.txt": "hello\n"}, ("--exclude", "out/"), "check-by-hand", 1),
        ({"a.txt": CPR_LINE}, ("--fail-on", "never"), "changes-needed", 0),
    ],
)
def test_one_verdict_in_json_terminal_and_html(
    tmp_path: Path, layout: dict[str, str], extra: tuple[str, ...], verdict: str, code: int
) -> None:
    root = tmp_path / "proj"
    for name, text in layout.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("latin-1"))
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    proc = run("scan", root, "--json", out, "--html", html, *extra)
    assert proc.returncode == code, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    assert report["summary"]["verdict"] == verdict
    terminal, page = proc.stdout.decode(), html.read_text(encoding="utf-8")
    sentence = {
        "ready": "Ready to go home as it is",
        "ready-without-excluded": "Can go home without the 1 excluded file, which was not checked and must stay behind",
        "changes-needed": "NOT READY TO GO HOME",
        "check-by-hand": "CHECK BY HAND BEFORE IT GOES HOME",
    }[verdict]
    assert sentence.upper() in terminal.upper() and sentence.upper() in page.upper()
    assert ("Ready to go home" in page) == (verdict == "ready")


@pytest.mark.slow
def test_a_cpr_in_an_ignored_file_is_still_found(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.txt").write_text("hello\n", encoding="utf-8")
    (root / "secret.csv").write_text("id,n\n" + CPR_LINE, encoding="utf-8")
    (root / ".sdcscanignore").write_text("secret.csv\n", encoding="utf-8")
    code, report = scan(root)
    secret = files(report)["secret.csv"]
    assert secret["status"] == "excluded" and rules(secret) == ["cpr.number"]
    assert secret["findings"][0]["line"] == 2 and "010101-1239" not in json.dumps(report)
    assert code == 1 and report["summary"]["verdict"] == "changes-needed"


# --- 2. nothing to scan ---------------------------------------------------------------------------------------


def test_a_mistyped_or_empty_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    for path in (tmp_path / "empty", tmp_path / "emtpy"):
        proc = run("scan", path)
        assert (
            proc.returncode == 2 and proc.stderr.decode().strip().count("\n") == 0 and b"Traceback" not in proc.stderr
        )


# --- 3. decoding ----------------------------------------------------------------------------------------------


def test_one_bad_byte_leaves_a_note_and_the_rest_is_scanned(tmp_path: Path) -> None:
    path = tmp_path / "listing.lst"
    lines = [f"   {n:5d}   {n % 7:3d}   {n % 3:3d}\n".encode() for n in range(1, 2401)]
    lines[1199] = b"   caf\xe9 \x81\x8d text\n"  # two bytes Windows-1252 leaves undefined
    lines[2300] = b"pnr 010101-1239\n"
    path.write_bytes(b"".join(lines))
    result = scan_file(Task(str(path), path.name, settings_for()))
    assert result.status == "scanned"
    notes = [f for f in result.findings if f.rule == "unscanned.bad-bytes"]
    assert [(f.severity, f.category) for f in notes] == [("low", "unscanned")]
    assert "2 bytes" in notes[0].message and "line 1200" in notes[0].message
    assert any(f.rule == "cpr.number" and f.line == 2301 for f in result.findings)


def test_a_mostly_undecodable_file_stays_unscanned(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(b"a\x81\x8d\x8f\x90\x9d" * 200)
    result = scan_file(Task(str(path), path.name, settings_for()))
    assert result.status == "unscanned" and result.findings[0].rule == "unscanned.undecodable"


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_read_as_utf32(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("\ufeff" + "Søren\n" + CPR_LINE).encode(codec))
    result = scan_file(Task(str(path), path.name, settings_for()))
    assert result.encoding == "utf-32"
    assert [(f.rule, f.line) for f in result.findings] == [("cpr.number", 2)]


# --- 4. configuration found upward ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_project_configuration_applies_to_a_scan_of_a_subfolder_or_file(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "programs").mkdir(parents=True)
    (project / "sdcscan.toml").write_text('profile = "dst"\nexclude = ["programs/scratch.R"]\n', encoding="utf-8")
    (project / ".sdcscanignore").write_text("programs/old.R\n", encoding="utf-8")
    for name in ("a.R", "scratch.R", "old.R"):
        (project / "programs" / name).write_text("x <- 1\n", encoding="utf-8")
    for target in (project / "programs", project / "programs" / "a.R"):
        _, report = scan(target)
        assert report["profile"]["name"] == "dst" and report["config"]["file"].endswith("sdcscan.toml")
    _, report = scan(project / "programs")
    found = files(report)
    assert found["a.R"]["status"] == "scanned"
    assert found["scratch.R"]["reason"].endswith("pattern 'programs/scratch.R'")
    assert found["old.R"]["reason"] == "excluded by .sdcscanignore pattern 'programs/old.R'"
    other = tmp_path / "other.toml"
    other.write_text('profile = "strict"\n', encoding="utf-8")
    _, report = scan(project / "programs", "--config", other)
    assert report["profile"]["name"] == "strict"


@pytest.mark.slow
def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "sdcscan.toml").write_text('profile = "dst"\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.R").write_text("x <- 1\n", encoding="utf-8")
    (repo / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    _, report = scan(repo)
    assert report["profile"]["name"] == "dhda" and "config" not in report


# --- 5. consoles and pipes ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("console", ["cp1252", "cp850"])
def test_windows_consoles_and_pipes(tmp_path: Path, console: str) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    for n in range(18):
        (root / f"Łódź_{n:02d}.txt").write_text(CPR_LINE, encoding="utf-8")
    env = {"PYTHONIOENCODING": console}
    summary = run("scan", root, env=env)
    assert summary.returncode == 1 and b"Traceback" not in summary.stderr, summary.stderr
    assert b"more files with findings" in summary.stdout
    piped = run("scan", root, "--json", "-", env=env)
    assert piped.returncode == 1, piped.stderr
    report = json.loads(piped.stdout.decode("utf-8"))
    assert any(f["path"].startswith("Łódź_") for f in report["files"])
    sarif = run("scan", root, "--sarif", "-", "--quiet", env=env)
    assert len(json.loads(sarif.stdout.decode("utf-8"))["runs"][0]["artifacts"]) == 18


# --- 6. time limit and option values --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_one_second_limit_does_not_fail_tiny_files_in_spawned_workers(tmp_path: Path) -> None:
    samples = {"a.sas": "proc means; run;\n", "b.R": "x <- 1\n", "c.py": "x = 1\n", "d.do": "sum x\n"}
    for n in range(8):
        for name, text in samples.items():
            (tmp_path / f"{n}{name}").write_text(text, encoding="utf-8")
    settings = settings_for(timeout=1.0)
    results = scan_tree(tmp_path, [tmp_path], settings, jobs=2)
    assert {r.status for r in results} == {"scanned"}


@pytest.mark.slow
def test_bad_option_values_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    for value in ("inf", "nan", "0", "-3", "soon"):
        proc = run("scan", tmp_path, "--timeout", value)
        assert proc.returncode == 2 and proc.stderr.decode().strip().count("\n") == 0, (value, proc.stderr)
    many = run("scan", tmp_path, "--jobs", "1000")
    assert many.returncode == 0 and b"more than the" in many.stderr


# --- 7. signals, dead workers, named pipes --------------------------------------------------------------------


def _busy_project(root: Path) -> None:
    root.mkdir()
    body = "".join(f"data a{n}; set b; where x > {n}; run;\nproc means data=a{n}; run;\n" for n in range(400))
    for n in range(300):
        (root / f"p{n:03d}.sas").write_text(body, encoding="utf-8")


def _workers(pid: int) -> list[int]:
    """The scan's worker processes (Linux: from /proc; elsewhere none are checked)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    except OSError:
        return []


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_and_terminate_stop_everything_cleanly(tmp_path: Path, signum: int, code: int) -> None:
    root = tmp_path / "proj"
    _busy_project(root)
    out = tmp_path / "r.json"
    proc = subprocess.Popen(
        [*SDCSCAN, "scan", str(root), "--json", str(out), "--jobs", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job is
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        workers = _workers(proc.pid)
    time.sleep(2)
    assert proc.poll() is None, "the scan ended before the signal"
    # Ctrl-C in a terminal reaches the whole process group, workers included; SIGTERM comes to the main process.
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert b"Traceback" not in err and err.decode().strip().count("\n") == 0, err
    assert err.decode().startswith(("sdcscan: interrupted", "sdcscan: terminated"))
    assert not out.exists()
    time.sleep(1)
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_never_opened(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.txt").write_text("hello\n", encoding="utf-8")
    os.mkfifo(root / "pipe.log")
    os.mkfifo(root / "ignored.log")
    (root / ".sdcscanignore").write_text("ignored.log\n", encoding="utf-8")
    started = time.monotonic()
    baseline = tmp_path / "b.json"
    assert run("baseline", root, "-o", baseline, "--reviewer", "t").returncode == 0
    _, report = scan(root, "--baseline", baseline, "--timeout", "600")
    assert time.monotonic() - started < 90
    found = files(report)
    assert found["pipe.log"]["status"] == "unscanned" and rules(found["pipe.log"]) == ["unscanned.special-file"]
    assert found["ignored.log"]["status"] == "excluded" and rules(found["ignored.log"]) == []
    assert report["summary"]["verdict"] == "check-by-hand"


# --- 8. sdcscan's own reports in the folder -------------------------------------------------------------------


@pytest.mark.slow
def test_own_reports_are_recognised_by_content_not_name(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.log").write_text("NOTE: x\n" + CPR_LINE, encoding="utf-8")
    masked, clear, sarif = tmp_path / "m.json", tmp_path / "c.html", tmp_path / "s.sarif"
    assert run("scan", root, "--json", masked, "--sarif", sarif, "--quiet").returncode == 1
    assert run("scan", root, "--html", clear, "--unmask", "--quiet").returncode == 1
    (root / "results.txt").write_bytes(masked.read_bytes())
    (root / "table.csv").write_bytes(sarif.read_bytes())
    (root / "notes.log").write_bytes(clear.read_bytes())
    _, report = scan(root)
    found = files(report)
    assert rules(found["results.txt"]) == ["unscanned.sdcscan-report"]
    assert rules(found["table.csv"]) == ["unscanned.sdcscan-report"]
    assert found["results.txt"]["findings"][0]["severity"] == "low"
    unmasked = found["notes.log"]
    assert rules(unmasked)[0] == "printed-rows.sdcscan-report" and unmasked["findings"][0]["severity"] == "critical"
    assert "cpr.number" in rules(unmasked)  # the clear CPR in it is found by the CPR check all the same
    assert {found[p]["kind"] for p in ("results.txt", "table.csv", "notes.log")} == {"other"}


# --- 9. links and folders that cannot be listed ---------------------------------------------------------------


@pytest.mark.slow
def test_a_link_out_of_the_folder_is_unscanned_and_cpr_checked(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.txt").write_text(CPR_LINE, encoding="utf-8")
    (root / "inside.txt").write_text("hello\n", encoding="utf-8")
    try:
        (root / "leak.txt").symlink_to(outside / "leak.txt")
        (root / "folder").symlink_to(outside, target_is_directory=True)
        (root / "same.txt").symlink_to(root / "inside.txt")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    code, report = scan(root)
    found = files(report)
    assert found["leak.txt"]["status"] == "unscanned"
    assert rules(found["leak.txt"]) == ["unscanned.outside-link", "cpr.number"]
    assert found["folder"]["status"] == "unscanned" and rules(found["folder"]) == ["unscanned.outside-link"]
    assert found["same.txt"]["status"] == "excluded" and rules(found["same.txt"]) == []
    assert code == 1 and report["summary"]["verdict"] == "changes-needed"


def test_a_folder_that_cannot_be_listed_is_unscanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made to fail in the walk itself: the tests may run as root, whom permissions do not stop."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    listing = os.scandir

    def refuse(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(discover.os, "scandir", refuse)
    settings = settings_for()
    report = build("x", scan_tree(tmp_path, [tmp_path], settings, jobs=0), settings)
    locked = files(report)["locked/"]
    assert locked["status"] == "unscanned" and rules(locked) == ["unscanned.unreadable"]
    assert report["summary"]["verdict"] == "check-by-hand"


# --- 10. the same path twice ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_repeated_and_nested_paths_are_scanned_once(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(CPR_LINE, encoding="utf-8")
    (root / "b.txt").write_text("hello\n", encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run("scan", root, root, root / "sub", str(root) + "/", "--json", out, "--quiet")
    assert proc.returncode == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in report["files"]) == ["b.txt", "sub/a.txt"]
    assert report["summary"]["findings"] == 1
