"""Nothing sdcscan writes may replace what it reads, and nothing it writes is ever left half-written."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sdcscan import cli, engine, mask, output
from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.fileio import NotRegularFile, open_regular
from sdcscan.frontends import registry as frontends_registry
from sdcscan.reporters import FORMATS

from workflow import cli as cli_run
from workflow import cli_in_process, write

PROJECT = {
    "a.R": "df <- read.csv('x.csv')\nhead(df)\n",
    "b.sas": "proc print data=x; run;\n",
    "sdcscan.toml": 'profile = "dst"\n',
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "options",
    [
        ["--json", "{p}/a.R"],  # the input file itself
        ["--html", "{p}/b.sas"],  # a file the scan of the folder would read
        ["--sarif", "{p}/sdcscan.toml"],  # the configuration found in the folder
        ["--config", "{p}/sdcscan.toml", "--json", "{p}/sdcscan.toml"],
        ["--config", "{out}/c.toml", "--json", "{out}/c.toml"],  # the configuration, outside the folder
        ["--baseline", "{out}/b.json", "--json", "{out}/b.json"],
        ["--json", "{out}/r.txt", "--html", "{out}/r.txt"],  # two reports onto one file
        ["--json", "{out}/./r.txt", "--sarif", "{out}/sub/../r.txt"],  # the same file, spelled differently
        ["--html", "-"],  # HTML cannot share standard output with the summary
        ["--json", "-", "--sarif", "-"],
        ["--json", "{out}"],  # a folder
    ],
)
def test_a_report_path_that_would_replace_something_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    project = write(tmp_path / "p", PROJECT)
    out = tmp_path / "out"
    write(out, {"c.toml": 'profile = "dst"\n', "r.txt": "old\n"})
    baseline = {"sdcscan_baseline": 1, "profile": "dhda", "findings": []}
    (out / "b.json").write_text(json.dumps(baseline), encoding="utf-8")
    before = snapshot(tmp_path)
    args = [o.format(p=project, out=out) for o in options]
    target = project / "a.R" if "{p}/a.R" in options else project
    code, err = cli_in_process(capsys, monkeypatch, "scan", target, "--jobs", "1", *args)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("sdcscan: error: --"), err
    assert snapshot(tmp_path) == before


def test_paths_are_compared_as_the_file_system_compares_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows `A.R` and `a.R` are one file: `normcase` folds case there (simulated here)."""
    project = write(tmp_path / "p", PROJECT)
    monkeypatch.setattr(output.os.path, "normcase", str.lower)
    code, err = cli_in_process(capsys, monkeypatch, "scan", project / "a.R", "--json", project / "A.R")
    assert code == 2 and "being scanned" in err


@pytest.mark.slow
def test_an_earlier_report_in_the_scanned_folder_is_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write(tmp_path / "p", PROJECT)
    reports = [project / "review.json", project / "review.html", project / "review.sarif"]
    for _ in range(2):
        args = ["--json", reports[0], "--html", reports[1], "--sarif", reports[2]]
        code, err = cli_in_process(capsys, monkeypatch, "scan", project, "--jobs", "1", "--quiet", *args)
        assert code == 1, err
    data = json.loads(reports[0].read_text(encoding="utf-8"))
    assert {f["path"]: f["status"] for f in data["files"]}["review.html"] == "excluded"
    assert not [p for p in project.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_a_failed_write_leaves_the_old_report_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write(tmp_path / "p", PROJECT)
    target = tmp_path / "out" / "r.json"
    write(target.parent, {"r.json": "the old report\n"})
    os.chmod(target, 0o640)

    def half_then_full_disk(report: dict[str, object], out: object) -> None:
        FORMATS["sarif"].render(report, out)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(FORMATS, "json", dataclasses.replace(FORMATS["json"], render=half_then_full_disk))
    code, err = cli_in_process(capsys, monkeypatch, "scan", project, "--jobs", "1", "--quiet", "--json", target)
    assert code == 2 and "No space left on device" in err and err.count("\n") == 1, err
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]
    monkeypatch.undo()
    write_ok = cli_in_process(capsys, monkeypatch, "scan", project, "--jobs", "1", "--quiet", "--json", target)
    assert write_ok[0] == 1
    assert json.loads(target.read_text(encoding="utf-8"))["tool"]["name"] == "sdcscan"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its mode


def test_every_format_has_a_scan_option_and_the_registry_knows_it() -> None:
    """The report options of `scan` and the reporter registry must name the same formats."""
    import typer.main

    command = typer.main.get_command(cli.app).commands["scan"]  # type: ignore[attr-defined]
    reports = {param.name.removesuffix("_out"): param.opts for param in command.params if param.name.endswith("_out")}
    assert reports == {name: [f"--{name}"] for name in FORMATS}
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.suffix.startswith(".")


# A format registered before the command line is built, as a new reporter module would be.
DUMMY_FORMAT = """
import sys
from sdcscan.reporters import FORMATS, Format

def render(report, out):
    out.write("files: " + str(len(report["files"])) + "\\n")

FORMATS["tally"] = Format("tally", render, ".txt", True, "tally report", "Write a tally of the files here.")
from sdcscan.cli import main
sys.argv[0] = "sdcscan"
main()
"""


def test_a_registered_format_gets_its_scan_option(tmp_path: Path) -> None:
    """Adding a format is one registry entry: `scan` offers `--<name>` with the entry's help, and writes it."""
    project = write(tmp_path / "p", {"clean.R": "x <- 1\n"})

    def run_dummy(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", DUMMY_FORMAT, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "COLUMNS": "200"},
        )

    helped = run_dummy("scan", "--help")
    assert helped.returncode == 0, helped.stderr
    assert re.search(r"--tally +<str> +Write a tally of the files here\.", helped.stdout), helped.stdout
    target = tmp_path / "tally.txt"
    done = run_dummy("scan", project, "--tally", target, "--quiet", "--jobs", "1", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == "files: 1\n"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_in_the_tree_is_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO blocks until a writer comes: the scan, and the baseline's digest of unscanned files, would
    hang for ever. It is reported unscanned, with what it is, and the scan goes on."""
    project = write(tmp_path / "p", PROJECT)
    os.mkfifo(project / "pipe.log")
    os.mkfifo(project / "pipe.csv")
    base_file = tmp_path / "base.json"
    made = cli_run("baseline", project, "-o", base_file, "--jobs", "1", "--reviewer", "R")
    assert made.returncode == 0, made.stderr
    proc = cli_run(
        "scan", project, "--baseline", base_file, "--json", "-", "--quiet", "--jobs", "1", "--timeout", "300"
    )
    assert proc.returncode == 1, proc.stderr
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    for name in ("pipe.log", "pipe.csv"):
        assert files[name]["status"] == "unscanned"
        assert "not a regular file" in files[name]["reason"]
    with pytest.raises(NotRegularFile):
        open_regular(project / "pipe.log")
    with pytest.raises(NotRegularFile, match="a folder"):
        open_regular(project)


@pytest.mark.parametrize(
    ("name", "language"), [("a.sps", "SPSS"), ("a.m", "MATLAB"), ("a.jl", "Julia"), ("b.SQL", "SQL")]
)
def test_code_without_a_parser_is_read_as_text_and_says_so(tmp_path: Path, name: str, language: str) -> None:
    path = tmp_path / name
    path.write_text("x = 1\n% pnr 0101901234\n", encoding="utf-8")
    result = scan_file(Task(str(path), name, settings_for()))
    assert (result.status, result.kind, result.language) == ("scanned", "program", None)
    notes = [(f.rule, f.severity, f.line) for f in result.findings if f.category == "unscanned"]
    assert notes == [("unscanned.no-parser", "low", 1)]
    assert language in next(f.message for f in result.findings if f.rule == "unscanned.no-parser")
    assert [f.line for f in result.findings if f.rule == "cpr.number"] == [2]


def test_a_file_that_changes_between_discovery_and_reading_gets_a_note(tmp_path: Path) -> None:
    path = tmp_path / "run.log"
    path.write_text("NOTE: step 1\n", encoding="utf-8")
    info = path.stat()
    found = (info.st_size, info.st_mtime_ns)
    assert not scan_file(Task(str(path), "run.log", settings_for(), seen=found)).findings
    with path.open("a", encoding="utf-8") as log:  # the program is still running
        log.write("NOTE: step 2\n")
    [note] = scan_file(Task(str(path), "run.log", settings_for(), seen=found)).findings
    assert (note.rule, note.severity, note.line) == ("unscanned.changed", "low", 1)
    assert "size 13 -> 26 bytes" in note.message


def test_a_file_that_grows_while_it_is_read_gets_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "run.log"
    path.write_text("NOTE: step 1\n", encoding="utf-8")
    real = engine.decode

    def decode_while_growing(data: bytes) -> tuple[str, str]:
        with path.open("a", encoding="utf-8") as log:
            log.write("NOTE: step 2\n")
        return real(data)

    monkeypatch.setattr(engine, "decode", decode_while_growing)
    result = engine.scan_tree(tmp_path, [tmp_path], settings_for(), jobs=0)
    assert [f.rule for r in result for f in r.findings] == ["unscanned.changed"]


def cpr_log(path: Path, lines: int) -> Path:
    """A SAS log that wrote a CPR number on every other line (generated, synthetic numbers)."""
    rows = [f"pnr=0101{n % 90 + 10:02d}{n % 9000 + 1000:04d} age=4{n % 10}\nNOTE: row {n}\n" for n in range(lines)]
    path.write_text("".join(rows), encoding="utf-8")
    return path


def test_findings_beyond_the_cap_are_counted_and_folded_with_their_lines(tmp_path: Path) -> None:
    path = cpr_log(tmp_path / "put.log", 30)
    result = scan_file(Task(str(path), "put.log", settings_for(max_findings_per_rule=10)))
    cpr = [f for f in result.findings if f.rule == "cpr.number"]
    assert [f.line for f in cpr] == [*range(1, 21, 2), 21]
    fold = cpr[-1]
    assert fold.message == (
        "and 20 more cpr number findings, at lines 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, "
        "53, 55, 57, 59"
    )
    assert (fold.severity, fold.evidence) == (cpr[0].severity, "")
    uncapped = scan_file(Task(str(path), "put.log", settings_for(max_findings_per_rule=1000)))
    assert len([f for f in uncapped.findings if f.rule == "cpr.number"]) == 30


def test_findings_beyond_the_cap_are_not_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Their evidence is never shown: only the kept ones are masked (a file of 200,000 names spent a quarter of its
    scan masking evidence the cap then dropped). The report is the same."""
    path = tmp_path / "names.txt"
    path.write_text("".join(f"Jens Hansen, visit {n}\n" for n in range(1, 31)), encoding="utf-8")
    whole = scan_file(Task(str(path), "names.txt", settings_for(max_findings_per_rule=10)))
    masked: list[str] = []
    real = mask.evidence
    monkeypatch.setattr(mask, "evidence", lambda line, *rest: masked.append(line) or real(line, *rest))
    again = scan_file(Task(str(path), "names.txt", settings_for(max_findings_per_rule=10)))
    assert again == whole
    names = [f for f in again.findings if f.category == "personal-data"]
    assert len(names) == 11 and names[-1].message.startswith("and 20 more")
    # Masked: the kept findings' evidence and the lines shown around the findings (the fold's at line 11 too).
    assert {int(n) for line in masked for n in re.findall(r"visit (\d+)", line)} == set(range(1, 14))


def test_the_fold_names_ranges_and_stays_short() -> None:
    assert engine._ranges([5, 3, 4, 9, 10, 12]) == "3-5, 9-10, 12"
    many = engine._ranges(range(1, 10_000, 2), shown=3)
    assert many == "1, 3, 5, ... (4,997 more ranges, up to line 9999)"


def test_the_cap_is_a_setting(tmp_path: Path) -> None:
    from sdcscan.config import ConfigError, resolve

    (tmp_path / "sdcscan.toml").write_text("max_findings_per_rule = 50\n", encoding="utf-8")
    assert resolve(tmp_path).max_findings_per_rule == 50
    assert settings_for().max_findings_per_rule == 200
    (tmp_path / "sdcscan.toml").write_text("max_findings_per_rule = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_findings_per_rule must be a positive whole number"):
        resolve(tmp_path)


def broken_front_end(doc: object, settings: object) -> Iterator[object]:
    raise KeyError("a value the file held")
    yield


def test_a_bug_is_an_internal_error_not_an_unscannable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, {"a.R": "x <- 1\n"}) / "a.R"
    monkeypatch.setattr(frontends_registry, "front_end", lambda kind, language: broken_front_end)
    with pytest.raises(KeyError):  # the test suite runs with SDCSCAN_DEBUG: a bug fails the test that meets it
        scan_file(Task(str(path), "a.R", settings_for()))
    monkeypatch.delenv(engine.DEBUG_VARIABLE)
    result = scan_file(Task(str(path), "a.R", settings_for()))
    [finding] = result.findings
    assert (result.status, finding.rule, finding.severity) == ("unscanned", "unscanned.internal-error", "high")
    assert re.fullmatch(
        r"internal error in sdcscan \(KeyError in test_writes\.py:\d+ broken_front_end\)", result.reason or ""
    )
    assert "a value the file held" not in finding.message  # never the exception's text: it may quote the file


def test_the_command_line_exits_3_on_an_internal_error_after_writing_the_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write(tmp_path / "p", {"a.R": "x <- 1\n", "b.txt": "nothing\n"})
    monkeypatch.delenv(engine.DEBUG_VARIABLE)
    real = frontends_registry.front_end
    monkeypatch.setattr(
        frontends_registry, "front_end", lambda k, lang: broken_front_end if lang == "r" else real(k, lang)
    )
    monkeypatch.setattr(engine, "_run", lambda tasks, jobs: map(engine.scan_file, tasks))  # in this process
    # --no-cache: the same content may have been scanned (without the bug) by an earlier test
    code, err = cli_in_process(
        capsys, monkeypatch, "scan", project, "--quiet", "--no-cache", "--json", tmp_path / "r.json"
    )
    assert code == 3, err
    assert err == (
        "sdcscan: internal error on 1 file (a bug in sdcscan; listed as unscanned, rule unscanned.internal-error, "
        "in the report); please report it\n"
    )
    files = {f["path"]: f for f in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]}
    assert files["a.R"]["status"] == "unscanned" and files["b.txt"]["status"] == "scanned"
