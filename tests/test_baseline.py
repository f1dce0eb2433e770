"""The reviewed baseline: recording, reviewing with reasons, comparing after edits, and writing it safely."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdcscan import baseline, config, engine
from sdcscan.baseline import BaselineError

from workflow import cli, cli_json, findings, scan, write

PROJECT = {
    "prog/01_cohort.sas": """data cohort;
  set raw.population;
run;
proc print data=cohort(obs=10); run;
""",
    "prog/02_model.R": """df <- read.csv("cohort.csv")
head(df)
fit <- lm(y ~ x, data = df)
""",
    "notes.txt": "kontakt: pnr 0101901234\n",
}

PROJECT_TOP = {rel.split("/")[0] for rel in PROJECT}

# The same project after everyday edits: a header added (every line moves), code re-indented, an unrelated
# statement changed, a blank line removed.
EDITED = {
    "prog/01_cohort.sas": """/* Cohort, version 2 */
data cohort2;
    set raw.population;
    where year >= 2010;
run;

    proc print data=cohort(obs=10);   run;
""",
    "prog/02_model.R": """# Model
library(stats)

df <- read.csv("cohort.csv")
  head(df)
fit <- glm(y ~ x + z, data = df)
""",
    "notes.txt": "\n\nkontakt: pnr 0101901234\n",
}


def record(root: Path, previous: baseline.Baseline | None = None) -> baseline.Baseline:
    settings = config.resolve(root)
    own = (root / baseline.DEFAULT_FILE).resolve()
    results = engine.scan_tree(root, [root], settings, jobs=0, baseline_file=own)
    recorded, _ = baseline.record(results, root, settings.profile, "tester", previous)
    return recorded


def statuses(data: dict) -> set[tuple[str, str, int, str | None]]:
    return {(f["path"], f["rule"], f["line"], f.get("baseline")) for f in findings(data)}


def test_moved_lines_report_no_new_finding_and_a_new_leak_is_the_only_new_one(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(record(tmp_path), path)
    assert {f.rule for f in baseline.load(path).entries.values()} == {"sas.proc-print", "r.head", "cpr.number"}

    write(tmp_path, EDITED)
    data = scan(tmp_path, against=path)
    assert statuses(data) == {
        ("prog/01_cohort.sas", "sas.proc-print", 7, "pending"),
        ("prog/02_model.R", "r.head", 5, "pending"),
        ("notes.txt", "cpr.number", 3, "pending"),
    }
    assert data["summary"]["new"] == 0

    write(tmp_path, {"prog/02_model.R": EDITED["prog/02_model.R"] + "View(df)\nhead(df)\n"})
    data = scan(tmp_path, against=path)
    new = {(f["path"], f["rule"], f["line"]) for f in findings(data) if f["baseline"] == "new"}
    assert len(new) == data["summary"]["new"] == 2
    assert ("prog/02_model.R", "r.view", 7) in new
    # two identical `head(df)` lines: one is known, one is new, whichever way round the fingerprints fall
    assert {f["line"] for f in findings(data) if f["rule"] == "r.head"} == {5, 8}


LEAKS = ["head(df)", "View(df)", "print(df)", "tail(df, 3)"]
HARMLESS = ["", "x <- 1", "# model", "library(stats)", "y <- mean(c(1, 2))", "   "]


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.sampled_from(HARMLESS), max_size=3), min_size=len(LEAKS), max_size=len(LEAKS)),
    st.lists(st.integers(0, 8), min_size=len(LEAKS), max_size=len(LEAKS)),
)
def test_ids_survive_any_unrelated_edit(tmp_path: Path, filler: list[list[str]], indents: list[int]) -> None:
    """Whatever harmless lines are added above each finding, and however it is indented, it keeps its id."""
    write(tmp_path, {"a.R": 'df <- read.csv("x.csv")\n' + "\n".join(LEAKS) + "\n"})
    known = {f["id"] for f in findings(scan(tmp_path))}
    assert len(known) == len(LEAKS)
    lines = ['df <- read.csv("x.csv")']
    for leak, above, indent in zip(LEAKS, filler, indents, strict=True):
        lines += [*above, " " * indent + leak]
    write(tmp_path, {"a.R": "\n".join(lines) + "\n"})
    assert {f["id"] for f in findings(scan(tmp_path))} == known


def test_the_file_is_sorted_plain_json_and_round_trips(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / "review" / "baseline.json"
    recorded = record(tmp_path)
    baseline.save(recorded, path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert [(e["path"], e["rule"]) for e in data["findings"]] == sorted(
        (e["path"], e["rule"]) for e in data["findings"]
    )
    for entry in data["findings"]:
        assert set(entry) == {"id", "path", "rule", "category", "evidence", "status", "reviewer", "reason", "date"}
        assert (entry["status"], entry["reviewer"]) == ("pending", "tester")
    assert "0101901234" not in text  # masked evidence only
    assert baseline.dumps(baseline.load(path)) == text


def test_review_records_who_why_and_when_and_keeps_history(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(record(tmp_path), path)
    reviewed = baseline.load(path)
    [head] = baseline.select(reviewed, [], "listing", "prog/*.R")
    changed, left = baseline.review([head], "accepted", "prints column names only", "Output Checker")
    assert (changed, left) == (1, 0)
    assert (head.status, head.reviewer, head.reason) == ("accepted", "Output Checker", "prints column names only")
    assert head.date.endswith("Z")
    assert head not in baseline.select(reviewed, [], None, None, "pending")
    assert len(baseline.select(reviewed, [], None, None, "pending")) == 2
    baseline.review([head], "rejected", "prints rows after all", "Second Checker")
    assert [(d.status, d.reviewer) for d in head.history] == [("pending", "tester"), ("accepted", "Output Checker")]
    baseline.save(reviewed, path)
    assert baseline.load(path).entries[head.id].history == head.history


def test_review_refuses_vague_requests(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    reviewed = record(tmp_path)
    [entry, *_] = reviewed.entries.values()
    with pytest.raises(BaselineError, match="say which findings"):
        baseline.select(reviewed, [], None, None)
    with pytest.raises(BaselineError, match=rf"no finding '{entry.id[:-1]}x' in the baseline \(did you mean"):
        baseline.select(reviewed, [entry.id[:-1] + "x"], None, None)
    with pytest.raises(BaselineError, match="matches the selection"):
        baseline.select(reviewed, [], "stata.*", None)
    with pytest.raises(BaselineError, match="must say why"):
        baseline.review([entry], "accepted", " -- ", "me")
    with pytest.raises(BaselineError, match="CPR findings cannot be accepted"):
        baseline.review(baseline.select(reviewed, [], "cpr", None), "accepted", "synthetic", "me")


def test_cpr_findings_are_left_out_of_a_broad_acceptance(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    reviewed = record(tmp_path)
    changed, left = baseline.review(baseline.select(reviewed, [], None, "*"), "accepted", "all reviewed", "me")
    assert (changed, left) == (2, 1)
    [cpr] = [e for e in reviewed.entries.values() if e.category == "cpr"]
    assert cpr.status == "pending"
    # even a hand-edited baseline cannot accept a CPR number
    cpr.status = "accepted"
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(reviewed, path)
    assert ("notes.txt", "cpr.number", 1, "pending") in statuses(scan(tmp_path, against=path))


def test_rerecording_keeps_decisions_and_drops_fixed_findings(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    first = record(tmp_path)
    [head] = [e for e in first.entries.values() if e.rule == "r.head"]
    baseline.review([head], "accepted", "codebook", "me")
    write(tmp_path, {"prog/01_cohort.sas": "data cohort; set raw.population; run;\n"})
    second = record(tmp_path, first)
    assert {e.rule: e.status for e in second.entries.values()} == {"r.head": "accepted", "cpr.number": "pending"}


def test_an_accepted_unscannable_file_is_new_again_when_it_changes(tmp_path: Path) -> None:
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n first picture")
    reviewed = record(tmp_path)
    baseline.review(baseline.select(reviewed, [], None, "figure.png"), "accepted", "bar chart, all bars >= 5", "me")
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(reviewed, path)
    assert statuses(scan(tmp_path, against=path)) == {("figure.png", "unscanned.binary", 1, "accepted")}
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n another picture")
    assert statuses(scan(tmp_path, against=path)) == {("figure.png", "unscanned.binary", 1, "new")}
    [again] = record(tmp_path, baseline.load(path)).entries.values()
    assert again.status == "pending"
    assert [d.status for d in again.history] == ["pending", "accepted"]  # the earlier review is kept


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(record(tmp_path), path)
    before = path.read_bytes()
    reviewed = baseline.load(path)
    baseline.review(baseline.select(reviewed, [], "listing", None), "accepted", "fine", "me")

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        baseline.save(reviewed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*PROJECT_TOP, baseline.DEFAULT_FILE])


def test_broken_baseline_files_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match="not a readable baseline file"):
        baseline.load(bad)
    bad.write_text('{"findings": []}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not an sdcscan baseline"):
        baseline.load(bad)
    with pytest.raises(BaselineError, match="create one with `sdcscan baseline"):
        baseline.load(tmp_path / "missing.json")


@pytest.mark.slow
def test_command_line_workflow(tmp_path: Path) -> None:
    """baseline -> scan (pending still fails) -> review -> scan passes -> a new leak fails, and only it is new."""
    project = write(tmp_path / "project", PROJECT)
    base_file = project / baseline.DEFAULT_FILE
    made = cli("baseline", project, "-o", base_file, "--jobs", "1", "--reviewer", "Researcher")
    assert made.returncode == 0, made.stderr
    assert "3 findings (3 new, pending review; 0 kept; 0 gone)" in made.stdout

    code, data = cli_json(project, "--baseline", base_file)
    assert code == 1 and data["summary"]["new"] == 0
    assert {f["baseline"] for f in findings(data)} == {"pending"}
    excluded = {f["path"]: f["reason"] for f in data["files"] if f["status"] == "excluded"}
    assert excluded == {".sdcscan-baseline.json": engine.OWN_BASELINE}

    no_reason = cli("review", base_file, "--accept", "--rule", "listing")
    assert no_reason.returncode == 2 and "--reason is mandatory" in no_reason.stderr
    ok = cli("review", base_file, "--accept", "--rule", "listing", "--reason", "codebook only", "--reviewer", "Checker")
    assert ok.returncode == 0, ok.stderr
    assert "2 of 2 selected findings set to accepted" in ok.stdout
    [cpr_id] = [e.id for e in baseline.load(base_file).entries.values() if e.category == "cpr"]
    refused = cli("review", base_file, cpr_id, "--accept", "--reason", "synthetic", "--reviewer", "Checker")
    assert refused.returncode == 2 and "CPR findings cannot be accepted" in refused.stderr

    (project / "notes.txt").write_text("nothing personal here\n", encoding="utf-8")
    code, data = cli_json(project, "--baseline", base_file)
    assert code == 0
    assert {f["baseline"] for f in findings(data)} == {"accepted"}
    assert {(f["review"]["reviewer"], f["review"]["reason"]) for f in findings(data)} == {("Checker", "codebook only")}
    assert data["summary"]["accepted"] == 2
    assert all(f["risk"]["level"] == "none" for f in data["files"])

    write(project, {"prog/03_extra.R": 'x <- read.csv("a.csv")\nView(x)\n'})
    code, data = cli_json(project, "--baseline", base_file)
    assert code == 1
    assert [(f["path"], f["line"]) for f in findings(data) if f["baseline"] == "new"] == [("prog/03_extra.R", 2)]
    assert data["summary"]["new"] == 1

    other = cli("scan", project, "--baseline", base_file, "--profile", "dst", "--jobs", "1")
    assert "recorded with profile dhda, this scan uses dst" in other.stderr

    unmasked = cli("scan", project, "--unmask", "--baseline", base_file, "--jobs", "1")
    assert unmasked.returncode == 2 and "without --unmask" in unmasked.stderr

    listed = cli("review", base_file)
    assert listed.returncode == 0
    assert listed.stdout.count("accepted") == 2 and listed.stdout.count("pending") == 1


@pytest.mark.slow
def test_reports_show_suppressed_and_accepted_findings_apart(tmp_path: Path) -> None:
    """JSON: each finding says how it is excused; HTML: the same data, set aside from the verdict."""
    project = write(
        tmp_path / "p",
        {"a.R": 'df <- read.csv("x.csv")\nhead(df)  # sdcscan: ignore[r.head] -- codebook only\nView(df)\n'},
    )
    reviewed = record(project)
    baseline.review(baseline.select(reviewed, [], "r.view", None), "accepted", "viewer closed unread", "Checker")
    path = project / baseline.DEFAULT_FILE
    baseline.save(reviewed, path)
    html = tmp_path / "review.html"
    proc = cli("scan", project, "--baseline", path, "--html", html, "--json", tmp_path / "r.json", "-q", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    [head, view] = findings(data)
    assert (head["rule"], head["suppressed"], head.get("baseline")) == ("r.head", "codebook only", None)
    assert (view["rule"], view.get("suppressed"), view["baseline"]) == ("r.view", None, "accepted")
    assert view["review"]["reason"] == "viewer closed unread"
    page = html.read_text(encoding="utf-8")
    assert "codebook only" in page
    assert "accepted" in page
    assert "2 findings suppressed or accepted" in " ".join(page.split())


def hand_made(path: Path, count: int) -> list[str]:
    """A baseline of `count` pending listing findings, written as a reviewer's tool would find it."""
    ids = [f"a{n:09d}" for n in range(count)]
    entries = [
        {
            "id": i,
            "path": f"prog/{i}.R",
            "rule": "r.head",
            "category": "listing",
            "evidence": "head(df)",
            "status": "pending",
            "reviewer": "Researcher",
            "reason": "recorded by sdcscan baseline",
            "date": "2026-01-01T00:00:00Z",
        }
        for i in ids
    ]
    path.write_text(json.dumps({"sdcscan_baseline": 1, "profile": "dhda", "findings": entries}), encoding="utf-8")
    return ids


def _review_at_once(barrier: Any, path: str, finding: str, reviewer: str) -> None:
    """One reviewer's `sdcscan review`, started when every other reviewer is ready too (imports done)."""
    from sdcscan import cli as command_line

    sys.argv = ["sdcscan", "review", path, finding, "--accept", "--reason", "codebook", "--reviewer", reviewer]
    barrier.wait()
    command_line.main()


@pytest.mark.slow
def test_concurrent_reviews_keep_every_decision(tmp_path: Path) -> None:
    """Reviewers deciding on different findings at the same moment: each one's decision is in the file after."""
    path = tmp_path / baseline.DEFAULT_FILE
    ids = hand_made(path, 8)
    if os.name == "posix":
        os.chmod(path, 0o640)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(ids))
    procs = [
        context.Process(target=_review_at_once, args=(barrier, str(path), finding, f"R{n}"))
        for n, finding in enumerate(ids)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    entries = baseline.load(path).entries
    assert {i: (e.status, e.reviewer) for i, e in entries.items()} == {
        i: ("accepted", f"R{n}") for n, i in enumerate(ids)
    }
    assert not (tmp_path / f"{baseline.DEFAULT_FILE}.lock").exists()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640  # rewriting keeps the file's mode


def test_a_held_lock_is_waited_for_and_a_stale_one_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    held = pytest.raises(BaselineError, match=r"locked by another sdcscan \(pid \d+ on .*delete")
    with baseline.lock(path), held, baseline.lock(path, wait=0.2):
        pass
    lock_file = tmp_path / "b.json.lock"
    lock_file.write_text("pid 1 on elsewhere\n", encoding="utf-8")
    os.utime(lock_file, (0, 0))  # left by a process killed long ago
    with baseline.lock(path, wait=0.2):
        assert "pid" in lock_file.read_text(encoding="utf-8")
    assert not lock_file.exists()


ENTRY = {
    "id": "a1b2c3d4e5",
    "path": "a.R",
    "rule": "r.head",
    "category": "listing",
    "evidence": "head(df)",
    "status": "pending",
    "reviewer": "R",
    "reason": "recorded",
    "date": "2026-01-01T00:00:00Z",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("findings_value", "message"),
    [
        ({"a1b2c3d4e5": ENTRY}, "`findings` must be a list of entries, not an object"),
        (["a1b2c3d4e5"], "entry 1: must be an object, not a string"),
        ([{k: v for k, v in ENTRY.items() if k != "status"}], "entry 1: missing status"),
        ([{**ENTRY, "reviewer": 7}], "entry 1: `reviewer` must be a string, not a number"),
        ([{**ENTRY, "statu": "accepted"}], "entry 1: unknown key 'statu'"),
        ([{**ENTRY, "history": {"status": "accepted"}}], "entry 1: `history` must be a list, not an object"),
        ([{**ENTRY, "history": ["accepted"]}], "entry 1, history 1: must be an object, not a string"),
        ([ENTRY, ENTRY], "entry 2: id a1b2c3d4e5 is recorded twice"),
    ],
)
def test_a_structurally_wrong_baseline_is_a_one_line_usage_error(
    tmp_path: Path, findings_value: object, message: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"sdcscan_baseline": 1, "profile": "dhda", "findings": findings_value}), "utf-8")
    with pytest.raises(BaselineError, match=re.escape(f"{path}: {message}")):
        baseline.load(path)
    for args in (["review", path], ["scan", tmp_path, "--baseline", path, "-j", "1"]):
        proc = cli(*args)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and message in proc.stderr


def test_an_accepted_note_on_unanalysed_code_is_new_again_when_the_code_changes(tmp_path: Path) -> None:
    """`unscanned.no-parser` carries no content, so accepting it accepts this version of the program only."""
    write(tmp_path, {"a.sps": "FREQUENCIES VARIABLES = agegrp.\n"})
    reviewed = record(tmp_path)
    baseline.review(baseline.select(reviewed, [], "unscanned.no-parser", None), "accepted", "read by hand", "Checker")
    path = tmp_path / baseline.DEFAULT_FILE
    baseline.save(reviewed, path)
    assert statuses(scan(tmp_path, against=path)) == {("a.sps", "unscanned.no-parser", 1, "accepted")}
    write(tmp_path, {"a.sps": "FREQUENCIES VARIABLES = agegrp.\nLIST VARIABLES = pnr.\n"})
    assert statuses(scan(tmp_path, against=path)) == {("a.sps", "unscanned.no-parser", 1, "new")}
