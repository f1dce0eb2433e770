"""The backbone end to end: discovery, classification, decoding, bad input, exit codes, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sdcscan import engine, pool
from sdcscan.config import settings_for
from sdcscan.detectors import cpr, personal, prefilter
from sdcscan.discover import NotText, classify, decode
from sdcscan.engine import scan_tree
from sdcscan.report import build, counts

from conftest import ROOT, validate_report

FIXTURES = ROOT / "tests" / "fixtures"

SDCSCAN = [sys.executable, "-m", "sdcscan"]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it (a fresh process, real files)."""
    return subprocess.run(
        [*SDCSCAN, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def scan_json(tmp_path: Path, *args: str | Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    out = tmp_path / "report.json"
    proc = run("scan", *args, "--json", out, "--quiet")
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    validate_report(report)
    return proc, report


def by_path(report: dict) -> dict[str, dict]:
    return {f["path"]: f for f in report["files"]}


# --- decoding -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Søren på Ærø\n".encode(), "utf-8"),
        ("\ufeffSøren på Ærø\n".encode(), "utf-8-sig"),
        ("\ufeffSøren på Ærø\n".encode("utf-16-le"), "utf-16"),
        ("\ufeffSøren på Ærø\n".encode("utf-16-be"), "utf-16"),
        ("Søren på Ærø – “citat”\n".encode("cp1252"), "cp1252"),  # noqa: RUF001 - cp1252 punctuation
        ("\ufeffSøren på Ærø\n".encode("utf-32-le"), "utf-32"),
        ("\ufeffSøren på Ærø\n".encode("utf-32-be"), "utf-32"),
    ],
)
def test_decodes_what_sas_and_stata_write(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.codec == encoding and decoded.label == encoding and decoded.bad == 0
    assert "Søren på Ærø" in decoded.text


def test_binary_and_mostly_undecodable_are_not_text() -> None:
    with pytest.raises(NotText) as binary:
        decode(b"PK\x03\x04\x00\x00binary")
    assert binary.value.rule == "unscanned.binary"
    with pytest.raises(NotText) as broken:
        decode(b"x" + b"\x81\x8d\x8f\x90\x9d" * 10 + b" not utf-8 and not cp1252")
    assert broken.value.rule == "unscanned.undecodable"


def test_stray_bytes_in_a_utf8_log_keep_it_utf8() -> None:
    data = ("Æbleskiver på Ø " * 20 + "\n").encode() + b"bad \xff byte\n"
    decoded = decode(data)
    assert decoded.codec == "utf-8" and "Æbleskiver" in decoded.text
    assert decoded.label == "utf-8 (invalid bytes replaced)"
    assert (decoded.bad, decoded.bad_lines) == (1, (2,))


# --- classification -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "kind", "language"),
    [
        ("a.sas", "data a; run;", "program", "sas"),
        ("a.R", "x <- 1", "program", "r"),
        ("a.do", "list", "program", "stata"),
        ("a.py", "print(1)", "program", "python"),
        ("a.log", "NOTE: SAS (r) Proprietary Software 9.4\n1          data a;\n", "log", "sas"),
        ("a.log", "      name:  <unnamed>\n       log:  x.log\n  log type:  text\n", "log", "stata"),
        ("a.log", "\nR version 4.3.2 (2023-10-31)\n> x <- 1\n", "log", "r"),
        ("a.log", "plain words in a log nobody knows\n", "log", None),
        ("a.lst", "whatever", "listing", "sas"),
        ("out.txt", "                 The FREQ Procedure\n", "listing", "sas"),
        ("out.txt", "a;b;c\n1;2;3\n4;5;6\n7;8;9\n", "table", None),
        ("notes.txt", "just some notes\n", "other", None),
        ("fig.PNG", None, "binary", None),
        ("a.ipynb", "{}", "notebook", None),
    ],
)
def test_classify_by_extension_and_content(name: str, head: str | None, kind: str, language: str | None) -> None:
    filetype = classify(Path(name), head)
    assert (filetype.kind, filetype.language) == (kind, language)


# --- the command line -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_file_appears_exactly_once(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "prog").mkdir(parents=True)
    (root / "prog" / "a.sas").write_text("data a; set b; run;\n", encoding="utf-8")
    (root / "prog" / "tmp.bak").write_text("old\n", encoding="utf-8")
    (root / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "empty.txt").write_bytes(b"")
    (root / "build").mkdir()
    (root / "build" / "x.log").write_text("NOTE: x\n", encoding="utf-8")
    (root / ".sdcscanignore").write_text("# generated\nbuild/\n", encoding="utf-8")
    _, report = scan_json(tmp_path, root, "--exclude", "*.bak")
    files = by_path(report)
    assert sorted(files) == [".sdcscanignore", "build/x.log", "empty.txt", "fig.png", "prog/a.sas", "prog/tmp.bak"]
    assert files["build/x.log"]["status"] == "excluded"
    assert files["build/x.log"]["reason"] == "excluded by .sdcscanignore pattern 'build/'"
    assert files["prog/tmp.bak"]["reason"] == "excluded by --exclude pattern '*.bak'"
    assert files["fig.png"]["status"] == "unscanned" and files["fig.png"]["risk"]["level"] in ("high", "critical")
    assert files["empty.txt"]["status"] == "scanned" and files["empty.txt"]["findings"] == []
    assert report["summary"]["files"] == 6
    assert (report["summary"]["scanned"], report["summary"]["unscanned"], report["summary"]["excluded"]) == (3, 1, 2)


@pytest.mark.slow
def test_symlinks_are_listed_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("hello\n", encoding="utf-8")
    try:
        (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
        (root / "link.txt").symlink_to(root / "sub" / "a.txt")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    _, report = scan_json(tmp_path, root)
    files = by_path(report)
    assert sorted(files) == ["link.txt", "sub/a.txt", "sub/loop"]
    assert files["sub/loop"]["reason"] == "symbolic link (not followed)"


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads any file; permissions cannot deny it")
def test_unreadable_file_is_unscanned(tmp_path: Path) -> None:
    secret = tmp_path / "proj" / "secret.log"
    secret.parent.mkdir()
    secret.write_text("NOTE: x\n", encoding="utf-8")
    secret.chmod(0)
    try:
        _, report = scan_json(tmp_path, secret.parent)
    finally:
        secret.chmod(0o600)
    entry = by_path(report)["secret.log"]
    assert entry["status"] == "unscanned" and "ermission" in entry["reason"]


def test_unreadable_file_is_unscanned_even_as_root(tmp_path: Path) -> None:
    """A file that vanishes between listing and reading is what an unreadable file looks like to root."""
    from sdcscan.engine import Task, scan_file, settle

    result = scan_file(Task(str(tmp_path / "gone.log"), "gone.log", settings_for()))
    assert result.status == "unscanned" and result.findings[0].rule == "unscanned.unreadable"
    settle([result])  # scored as every scan scores it, after the baseline
    assert result.level in ("high", "critical")


@pytest.mark.slow
def test_huge_single_line_file(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    with (root / "big.txt").open("wb") as out:
        chunk = b"x" * (1024 * 1024)
        for _ in range(100):
            out.write(chunk)
    _, report = scan_json(tmp_path, root)
    assert by_path(report)["big.txt"]["status"] == "scanned"


def test_bad_paths_give_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = run("scan", tmp_path / "nope")
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    (tmp_path / "a.txt").write_text("hello\n", encoding="utf-8")
    bad_profile = run("scan", tmp_path, "--profile", "nope")
    assert bad_profile.returncode == 2 and "unknown profile 'nope'" in bad_profile.stderr
    bad_level = run("scan", tmp_path, "--fail-on", "sometimes")
    assert bad_level.returncode == 2 and "--fail-on" in bad_level.stderr


def test_an_empty_folder_is_a_usage_error_not_clean(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    proc = run("scan", tmp_path / "empty", "--json", tmp_path / "r.json")
    assert proc.returncode == 2 and not (tmp_path / "r.json").exists()
    assert proc.stderr.strip().count("\n") == 0 and "no files under" in proc.stderr


@pytest.mark.slow
def test_a_single_file_can_be_scanned(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("pnr 010101-1239\n", encoding="utf-8")
    proc, report = scan_json(tmp_path, target)
    assert proc.returncode == 1
    assert [f["path"] for f in report["files"]] == ["a.txt"]


@pytest.mark.slow
def test_fail_on_and_exit_codes(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    assert run("scan", root, "--quiet").returncode == 1
    assert run("scan", root, "--quiet", "--fail-on", "critical").returncode == 0
    assert run("scan", root, "--quiet", "--fail-on", "never").returncode == 0


@pytest.mark.slow
def test_json_to_stdout_keeps_summary_off_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("nothing here\n", encoding="utf-8")
    proc = run("scan", tmp_path, "--json", "-")
    report = json.loads(proc.stdout)
    validate_report(report)
    assert "files:" in proc.stderr


@pytest.mark.slow
def test_report_file_inside_the_root_is_not_scanned(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("nothing here\n", encoding="utf-8")
    out = tmp_path / "report.json"
    run("scan", tmp_path, "--json", out, "--quiet")
    out.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")  # a second run sees the first run's report
    run("scan", tmp_path, "--json", out, "--quiet")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert by_path(report)["report.json"]["reason"] == "report written by this run"


# --- determinism and parallelism ------------------------------------------------------------------------------


def _strip_time(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "generated_at"}


@pytest.mark.slow
def test_same_report_whatever_jobs_is_with_spawned_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parallel path always uses the spawn start method (Windows has no fork), so this runs it for real."""
    monkeypatch.setattr(engine, "SMALL_TREE", 0)  # the demo is small: it would be scanned in this process
    demo = ROOT / "examples" / "demo_project"
    settings = settings_for()
    one = build("demo", scan_tree(demo, [demo], settings, jobs=0), settings)
    two = build("demo", scan_tree(demo, [demo], settings, jobs=2), settings)
    validate_report(one)
    assert json.dumps(_strip_time(one)) == json.dumps(_strip_time(two))
    assert one["files"] == sorted(one["files"], key=_rank)


@pytest.mark.parametrize("tree", [ROOT / "examples" / "demo_project", pytest.param(FIXTURES, marks=pytest.mark.slow)])
def test_a_small_tree_is_scanned_in_this_process_with_the_same_report(tree: Path, monkeypatch: pytest.MonkeyPatch):
    """Under `engine.SMALL_TREE` bytes no worker starts, and the prefilters use `regex` instead of compiling
    Hyperscan's databases: the report is the same as Hyperscan's in process (`jobs=0`)."""
    settings = settings_for()
    hyperscan = build("t", scan_tree(tree, [tree], settings, jobs=0), settings)
    monkeypatch.setattr(pool, "run", lambda *args, **kwargs: pytest.fail("a worker pool was started"))
    built: list[str] = []
    real = prefilter.Prefilter.__init__

    def record(self: prefilter.Prefilter, loose: Any, engine: str | None = None, keep: bool = False) -> None:
        real(self, loose, engine, keep)
        built.append(self.engine)

    monkeypatch.setattr(prefilter.Prefilter, "__init__", record)
    cpr._prefilter.cache_clear()  # built again, so that the engine they get is seen
    personal._prefilter.cache_clear()
    small = build("t", scan_tree(tree, [tree], settings, jobs=2), settings)
    assert json.dumps(_strip_time(small)) == json.dumps(_strip_time(hyperscan))
    assert built and set(built) == {"regex"}


def _rank(file: dict[str, Any]) -> tuple[int | str, ...]:
    """The contract's order: score, then the tie-breaks of patterns/risk.toml (all descending), then path."""
    risk = file["risk"]
    standing = sum(1 for f in file["findings"] if counts(f))
    return (-risk["score"], -risk.get("rules", 0), -risk.get("strongest", 0), -standing, file["path"])


def test_rules_and_profiles_commands() -> None:
    rules = run("rules")
    assert rules.returncode == 0 and "cpr.number" in rules.stdout
    verbose = run("rules", "-v").stdout
    assert "    flagged (cohort.sas):\n        proc print data=cohort;\n        run;\n    instead:\n" in verbose
    profiles = run("profiles")
    assert "dhda" in profiles.stdout and "cells >= 5" in profiles.stdout and "cells >= 3" in profiles.stdout


def test_finding_ids_never_look_like_numbers() -> None:
    from sdcscan.engine import fingerprint

    ids = [fingerprint(f"key {n}") for n in range(20_000)]
    assert all(len(i) == 10 and not i.isdigit() for i in ids)
    assert len(set(ids)) == len(ids)
    assert fingerprint("key 1") == fingerprint("key 1")


@pytest.mark.slow
def test_unmask_shows_clear_evidence_but_keeps_the_ids(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "a.log").write_text("NOTE: x\npnr=010101-1239 koen=2 alder=67\n", encoding="utf-8")
    (root / "b.sas").write_text("data a; set b; where lbnr = 48213; run;\n", encoding="utf-8")
    _, masked = scan_json(tmp_path, root)
    _, clear = scan_json(tmp_path, root, "--unmask")
    assert clear["masked"] is False and masked["masked"] is True
    pairs = [
        (m, c)
        for mf, cf in zip(masked["files"], clear["files"], strict=True)
        for m, c in zip(mf["findings"], cf["findings"], strict=True)
    ]
    assert pairs and all(m["id"] == c["id"] for m, c in pairs)
    shown = json.dumps(masked["files"])
    assert "010101-1239" not in shown and "48213" not in shown and "alder=67" not in shown
    unmasked = json.dumps(clear["files"])
    assert "010101-1239" in unmasked and "48213" in unmasked


@pytest.mark.slow
def test_risk_ranks_a_cpr_number_above_a_small_cell_and_unscanned_at_least_high(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "bare.txt").write_text("number 0101011239\n", encoding="utf-8")
    (root / "context.txt").write_text("pnr 010101-1239\n", encoding="utf-8")
    (root / "cell.csv").write_text("region,n\nA,120\nB,3\nC,88\n", encoding="utf-8")
    (root / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    _, report = scan_json(tmp_path, root)
    files = by_path(report)
    # A small cell (high: right in 245 of 245 judged on real code) outranks a file nobody could check (high).
    assert [f["findings"][0]["category"] for f in report["files"]] == ["cpr", "cpr", "small-cell", "unscanned"]
    assert files["context.txt"]["risk"]["level"] == "critical"
    assert files["cell.csv"]["risk"]["level"] == "high"
    assert files["bare.txt"]["risk"]["score"] > files["cell.csv"]["risk"]["score"]
    assert files["fig.png"]["risk"]["level"] == "high"


@pytest.mark.slow
def test_follow_symlinks_scans_targets_and_lists_loops(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.txt").write_text("pnr 010101-1239\n", encoding="utf-8")
    (root / "sub" / "a.txt").write_text("hello\n", encoding="utf-8")
    try:
        (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
        (root / "ext").symlink_to(outside, target_is_directory=True)
        (root / "file.txt").symlink_to(outside / "leak.txt")
        (root / "dangling.txt").symlink_to(tmp_path / "nothing-here")
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    _, report = scan_json(tmp_path, root, "--follow-symlinks")
    files = by_path(report)
    assert sorted(files) == ["dangling.txt", "ext/leak.txt", "file.txt", "sub/a.txt", "sub/loop"]
    assert files["sub/loop"]["reason"] == "symbolic link to a folder scanned already (a loop)"
    assert files["dangling.txt"]["reason"] == "broken symbolic link"
    assert files["ext/leak.txt"]["findings"][0]["category"] == "cpr"
    assert files["file.txt"]["findings"][0]["category"] == "cpr"
