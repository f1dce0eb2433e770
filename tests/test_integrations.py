"""The tools around the scanner: the pre-commit hook on a real git repository, the command lines of the CI
examples, the R function and the Stata ado (R runs here when installed; Stata never does, so its command line is
expanded as Stata would and then run)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit (a test dependency)")

INTEGRATIONS = ROOT / "integrations"
LEAK = "/* kontrol: pnr 010190-1235 */\nproc print data=cohort(obs=10); run;\n"  # a CPR number: critical
MILD = "data x; set y; put alder=;\nrun;\n"  # medium (put writes variables): does not


def sdcscan_env() -> dict[str, str]:
    """The environment with this interpreter's `sdcscan` first on the PATH, as after `pip install sdcscan`."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def hooks() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return loaded


def test_the_hook_is_declared_like_other_scanners() -> None:
    (hook,) = hooks()
    assert hook["id"] == "sdcscan" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["sdcscan", "scan"] and "--fail-on high" in hook["entry"]
    assert hook["pass_filenames"] is True and hook["require_serial"] is True  # one scan, one summary


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_stops_a_commit_with_a_leak(tmp_path: Path) -> None:
    if shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    repo = tmp_path / "project"
    repo.mkdir()
    env = sdcscan_env() | {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "R. Searcher",
        "GIT_AUTHOR_EMAIL": "researcher@example.org",
        "GIT_COMMITTER_NAME": "R. Searcher",
        "GIT_COMMITTER_EMAIL": "researcher@example.org",
    }
    # The published hook as a local one: `language: python` would install sdcscan from its repository (network);
    # `system` runs the sdcscan installed here, with the same entry, file types and arguments.
    (hook,) = hooks()
    config = {"repos": [{"repo": "local", "hooks": [hook | {"language": "system"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert run(["git", "init", "-q"], repo, env).returncode == 0
    assert run([str(Path(sys.executable).parent / "pre-commit"), "install"], repo, env).returncode == 0
    (repo / "clean.sas").write_text(MILD, encoding="utf-8")
    run(["git", "add", "."], repo, env)
    committed = run(["git", "commit", "-q", "-m", "medium findings only"], repo, env)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    (repo / "listing.sas").write_text(LEAK, encoding="utf-8")
    run(["git", "add", "listing.sas"], repo, env)
    stopped = run(["git", "commit", "-q", "-m", "prints observations"], repo, env)
    assert stopped.returncode != 0
    said = stopped.stdout + stopped.stderr  # a git hook's output reaches the terminal on either stream
    assert "sdcscan" in said and "Failed" in said
    assert "listing.sas" in said and "NOT READY" in said
    assert run(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1  # the leak was not committed


def project(root: Path) -> Path:
    (root / "prog").mkdir(parents=True)
    (root / "prog" / "01.sas").write_text(LEAK, encoding="utf-8")
    (root / "prog" / "02.sas").write_text("proc means data=x; run;\n", encoding="utf-8")
    return root


def scan_line(step: str) -> list[str]:
    (line,) = [line for line in step.splitlines() if line.strip().startswith("sdcscan scan")]
    return shlex.split(line)


@pytest.mark.slow
@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_example_scan_writes_sarif_and_html(example: str, tmp_path: Path) -> None:
    config = yaml.safe_load((INTEGRATIONS / example).read_text(encoding="utf-8"))
    if example.startswith("github"):
        steps = config["jobs"]["sdcscan"]["steps"]
        scripts = [step["run"] for step in steps if "run" in step]
        upload = next(step for step in steps if str(step.get("uses", "")).startswith("github/codeql-action/upload"))
        sarif = upload["with"]["sarif_file"]
        assert upload["if"] == "always()"  # findings fail the scan step; the results are uploaded all the same
    else:
        scripts = config["sdcscan"]["script"]
        sarif = next(p for p in config["sdcscan"]["artifacts"]["paths"] if p.endswith(".sarif"))
        assert config["sdcscan"]["artifacts"]["when"] == "always"
    (command,) = [scan_line(s) for s in scripts if "sdcscan scan" in s]
    folder = project(tmp_path / "project")
    done = run([sys.executable, "-m", "sdcscan", *command[1:]], folder)
    assert done.returncode == 1, done.stderr  # the leak fails the job
    assert (folder / sarif).is_file() and (folder / "sdcscan.html").is_file()


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (apt-get install r-base-core)")
def test_r_function_runs_the_scan(tmp_path: Path) -> None:
    folder = project(tmp_path / "project")
    html = tmp_path / "review.html"
    source = (INTEGRATIONS / "r" / "sdcscanr" / "R" / "sdcscan.R").as_posix()
    exe = str(Path(sys.executable).parent / "sdcscan")
    code = (
        f"source('{source}'); "
        f"cat(sdcscan_args('{folder.as_posix()}', '{html.as_posix()}', profile = 'dst'), sep = '\\n'); "
        f"status <- sdcscan('{folder.as_posix()}', '{html.as_posix()}', open = FALSE, exe = '{exe}'); "
        "cat('status', status, '\\n')"
    )
    # R puts the system library folder first on LD_LIBRARY_PATH for its children, where a Python built with a
    # shared libpython (pyenv) would load the system's libpython instead of its own: keep R's own folder only.
    env = dict(os.environ, R_LD_LIBRARY_PATH="/usr/lib/R/lib")
    done = run(["Rscript", "-e", code], tmp_path, env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:8] == ["scan", folder.as_posix(), "--html", html.as_posix(), "--fail-on", "high", "--profile", "dst"]
    assert "status 1" in done.stdout and "not ready to go home" in done.stderr
    assert html.is_file() and "prog/01.sas" in html.read_text(encoding="utf-8")


def stata_command(macros: dict[str, str]) -> str:
    """The ado's command line with its local macros expanded as Stata does (`name' becomes the value; compound
    quotes `"..."' delimit a string)."""
    ado = (INTEGRATIONS / "stata" / "sdcscan.ado").read_text(encoding="utf-8")
    values = dict(macros, cmd="")
    for line in ado.splitlines():
        found = re.match(r'\s*(?:if `"`profile\'"\' != "" )?local cmd `"(.*)"\'$', line)
        if found and (not line.strip().startswith("if") or macros.get("profile")):
            values["cmd"] = re.sub(r"`(\w+)'", lambda m: values.get(m[1], ""), found[1])
    return values["cmd"]


@pytest.mark.slow
def test_stata_ado_command_line_runs(tmp_path: Path) -> None:
    folder = project(tmp_path / "project")
    html = tmp_path / "stata review.html"  # a space, as in many Windows folder names
    exe = str(Path(sys.executable).parent / "sdcscan")
    macros = {"exe": exe, "target": str(folder), "html": str(html), "failon": "high", "profile": "dst"}
    command = stata_command(macros)
    assert command == f'"{exe}" scan "{folder}" --html "{html}" --fail-on high --profile dst'
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert html.is_file()
    assert stata_command(macros | {"profile": ""}).endswith("--fail-on high")
