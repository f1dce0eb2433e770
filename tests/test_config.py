"""Configuration: where it is found, what wins, how mistakes are reported, and that every setting takes effect."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from sdcscan.config import ConfigError, Settings, find_config, resolve
from sdcscan.registry import catalogue
from sdcscan.resources import read_text

from workflow import cli, findings, marks, scan, write

STARTER = read_text("package", "templates", "sdcscan.toml")


# --- discovery ------------------------------------------------------------------------------------------------


def test_discovery_order(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sdcscan.toml": 'profile = "dst"\n',
            "pyproject.toml": '[project]\nname = "x"\n[tool.sdcscan]\nprofile = "strict"\n',
            "elsewhere/team.toml": "min_cell = 7\n",
        },
    )
    # 1. --config wins over both files in the folder
    explicit = resolve(tmp_path, tmp_path / "elsewhere/team.toml")
    assert (explicit.profile, explicit.min_cell) == ("dhda", 7)
    # 2. sdcscan.toml wins over pyproject.toml
    assert resolve(tmp_path).profile == "dst"
    assert resolve(tmp_path).config_file == str(tmp_path / "sdcscan.toml")
    # 3. then [tool.sdcscan] in pyproject.toml
    (tmp_path / "sdcscan.toml").unlink()
    chosen = resolve(tmp_path)
    assert (chosen.profile, chosen.min_cell) == ("strict", 10)
    assert chosen.config_file == f"{tmp_path / 'pyproject.toml'} [tool.sdcscan]"
    # a pyproject.toml without the table is no configuration; defaults apply
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    assert find_config(tmp_path) is None
    assert resolve(tmp_path) == Settings()


def test_config_is_named_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports name the file that excluded something; below the working folder, without the home folder's name."""
    write(tmp_path, {"proj/sdcscan.toml": 'exclude = ["old/"]\n', "proj/old/a.txt": "x\n"})
    monkeypatch.chdir(tmp_path)
    assert resolve(tmp_path / "proj").config_file == "proj/sdcscan.toml"
    reasons = {f["path"]: f["reason"] for f in scan(tmp_path / "proj")["files"]}
    assert reasons == {"old/a.txt": "excluded by proj/sdcscan.toml pattern 'old/'", "sdcscan.toml": None}


def test_explicit_file_must_exist_and_hold_settings(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    with pytest.raises(ConfigError, match="no such file"):
        resolve(tmp_path, tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match=r"has no \[tool.sdcscan\] table"):
        resolve(tmp_path, tmp_path / "pyproject.toml")


def test_command_line_wins_and_a_profile_brings_its_threshold(tmp_path: Path) -> None:
    write(tmp_path, {"sdcscan.toml": 'profile = "dst"\nmin_cell = 4\nfail_on = "high"\n'})
    from_file = resolve(tmp_path)
    assert (from_file.profile, from_file.min_cell, from_file.fail_on) == ("dst", 4, "high")
    given = resolve(tmp_path, None, "strict", fail_on="medium")
    assert (given.profile, given.min_cell, given.fail_on) == ("strict", 10, "medium")
    # options not given on the command line (None) leave the file's values alone
    assert resolve(tmp_path, None, None, fail_on=None).fail_on == "high"


def test_settings_from_a_full_file_pickle_and_hash(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sdcscan.toml": """
profile = "dst"
zero_is_small = true
include = ["prog/"]
exclude = ["prog/old/"]
enable = ["listing"]
disable = ["r.view"]
extra_identifiers = ["v_pnr_enc"]
extra_names = ["Abildgaard"]
[severity]
"r.head" = "medium"
small-cell = "critical"
"""
        },
    )
    settings = resolve(tmp_path)
    assert settings.severity == (("r.head", "medium"), ("small-cell", "critical"))
    assert "Abildgaard" not in str(scan(tmp_path)["config"])  # names the project lists are not reported
    assert settings.extra_identifiers == ("v_pnr_enc",)
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert hash(settings) == hash(pickle.loads(pickle.dumps(settings)))


# --- mistakes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('exlude = ["x"]\n', r"unknown key 'exlude' \(did you mean 'exclude'\?\)"),
        ('profile = "dsd"\n', r"profile: unknown profile 'dsd'.*\(did you mean 'dst'\?\)"),
        ("min_cell = 0\n", r"min_cell must be a positive whole number"),
        ('min_cell = "5"\n', r"min_cell must be a positive whole number"),
        ("min_cell = true\n", r"min_cell must be a positive whole number"),
        ('fail_on = "hgh"\n', r"fail_on must be one of .*\(did you mean 'high'\?\)"),
        ('disable = ["r.haed"]\n', r"disable: no rule or category 'r.haed' \(did you mean 'r.head'\?\)"),
        ('disable = ["smallcell"]\n', r"\(did you mean 'small-cell'\?\)"),
        ('disable = ["cpr"]\n', r"disable: 'cpr' cannot be configured"),
        ('disable = ["cpr.number"]\n', r"disable: 'cpr.number' cannot be configured"),
        ('[severity]\n"cpr.number" = "low"\n', r"severity: 'cpr.number' cannot be configured"),
        ('[severity]\n"r.head" = "urgent"\n', r"severity.r.head must be one of low, medium, high, critical"),
        ('severity = "high"\n', r"severity must be a table"),
        ('include = "prog/"\n', r"include must be a list of non-empty strings"),
        ('extra_identifiers = ["v_pnr", 3]\n', r"extra_identifiers must be a list of non-empty strings"),
        ('zero_is_small = "yes"\n', r"zero_is_small must be true or false"),
        ('profile = "dst"\nprofile = "dhda"\n', r"not valid TOML"),
    ],
)
def test_bad_files_name_file_key_and_fix(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, {"sdcscan.toml": text})
    with pytest.raises(ConfigError, match=message) as err:
        resolve(tmp_path)
    assert str(tmp_path / "sdcscan.toml") in str(err.value)


def test_bad_pyproject_table_names_the_table(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.sdcscan]\nprofil = 'dst'\n"})
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.sdcscan\]: unknown key 'profil'.*'profile'"):
        resolve(tmp_path)


def test_command_line_reports_a_bad_file_in_one_line_with_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {"sdcscan.toml": 'disable = ["extreme-values"]\n', "a.txt": "hello\n"})
    proc = cli("scan", tmp_path, "--jobs", "1")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("sdcscan: error: ")
    assert "disable: no rule or category 'extreme-values' (did you mean 'extreme-value'?)" in proc.stderr


# --- every setting takes effect --------------------------------------------------------------------------------


def test_rule_selection_order() -> None:
    settings = Settings(disable=("listing", "r.view"), enable=("r.head",))
    assert settings.rule_enabled("r.head", "listing")  # the rule id outranks its category
    assert not settings.rule_enabled("r.tail", "listing")
    assert not settings.rule_enabled("r.view", "listing")
    only = Settings(enable=("small-cell",))
    assert only.rule_enabled("small-cell.count", "small-cell")
    assert not only.rule_enabled("r.head", "listing")
    assert only.rule_enabled("cpr.number", "cpr")  # cpr is never switched off
    assert only.rule_enabled("unscanned.binary", "unscanned")  # nor, by omission, "this file was not checked"
    assert not Settings(disable=("coverage.parse-gap",)).rule_enabled("coverage.parse-gap", "coverage")
    # A file that could not be read is never passed by a setting: the file-level unscanned rules are locked.
    for blocked in (Settings(disable=("unscanned",)), Settings(disable=("unscanned.binary",))):
        assert blocked.rule_enabled("unscanned.binary", "unscanned")
        assert blocked.rule_enabled("unscanned.timeout", "unscanned")


def test_an_opt_in_rule_runs_only_when_its_id_is_named() -> None:
    assert catalogue()["sas.put-var"].opt_in
    assert not Settings().rule_enabled("sas.put-var", "listing")
    assert not Settings(enable=("listing",)).rule_enabled("sas.put-var", "listing")  # a category does not bring it
    added = Settings(extend_enable=("sas.put-var",))
    assert added.rule_enabled("sas.put-var", "listing")
    assert added.rule_enabled("r.head", "listing")  # extend_enable adds; it does not narrow
    only = Settings(enable=("sas.put-var",))
    assert only.rule_enabled("sas.put-var", "listing")
    assert not only.rule_enabled("r.head", "listing")
    assert not Settings(extend_enable=("sas.put-var",), disable=("sas.put-var",)).rule_enabled("sas.put-var", "listing")
    assert Settings(extend_enable=("sas.put-var",), disable=("listing",)).rule_enabled("sas.put-var", "listing")


def test_extend_enable_in_a_file_switches_an_opt_in_rule_on(tmp_path: Path) -> None:
    write(tmp_path, {"cohort.sas": "data _null_;\n  set cohort;\n  put age= dose=;\nrun;\n"})
    assert ("cohort.sas", "sas.put-var", 3, "low") not in marks(scan(tmp_path), "severity")
    write(tmp_path, {"sdcscan.toml": 'extend_enable = ["sas.put-var"]\n'})
    after = scan(tmp_path)
    assert ("cohort.sas", "sas.put-var", 3, "low") in marks(after, "severity")
    assert after["config"] == {"file": str(tmp_path / "sdcscan.toml"), "extend_enable": ["sas.put-var"]}


def test_disable_and_severity_apply_to_the_report(tmp_path: Path) -> None:
    project = {
        "a.R": 'df <- read.csv("x.csv")\nhead(df)\nView(df)\n',
        "notes.txt": "pnr 0101901234\n",
    }
    write(tmp_path, project)
    before_report = scan(tmp_path)
    before = marks(before_report, "severity")
    assert ("a.R", "r.head", 2, "high") in before
    assert ("a.R", "r.view", 3, "high") in before
    write(tmp_path, {"sdcscan.toml": 'disable = ["r.view"]\n[severity]\n"r.head" = "low"\n'})
    after = scan(tmp_path)
    assert marks(after, "severity") == {
        ("a.R", "r.head", 2, "low"),
        ("notes.txt", "cpr.number", 1, "critical"),
    }
    # the file's risk follows the new severity; a low finding still fails the default --fail-on low
    assert next(f for f in after["files"] if f["path"] == "a.R")["risk"]["level"] == "low"
    # the report says which configuration changed what
    assert after["config"] == {
        "file": str(tmp_path / "sdcscan.toml"),
        "disable": ["r.view"],
        "severity": {"r.head": "low"},
    }
    assert "config" not in before_report


def test_include_and_exclude_list_what_they_leave_out(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sdcscan.toml": 'include = ["prog/", "sdcscan.toml"]\nexclude = ["prog/old/"]\n',
            "prog/a.sas": "data x; run;\n",
            "prog/old/b.sas": "data y; run;\n",
            "scratch/c.txt": "pnr 0101901234\n",
        },
    )
    files = {f["path"]: (f["status"], f["reason"]) for f in scan(tmp_path)["files"]}
    config = str(tmp_path / "sdcscan.toml")
    assert files == {
        "prog/a.sas": ("scanned", None),
        "prog/old/b.sas": ("excluded", f"excluded by {config} pattern 'prog/old/'"),
        "scratch/c.txt": ("excluded", f"matches no include pattern of {config}"),
        "sdcscan.toml": ("scanned", None),
    }


def test_extra_identifiers_reach_the_hardcoded_id_rule(tmp_path: Path) -> None:
    write(tmp_path, {"a.sas": "data x;\n  set cohort;\n  if v_proj_key = 'K7Q2' then output;\nrun;\n"})
    assert not [f for f in findings(scan(tmp_path)) if f["category"] == "hardcoded-id"]
    write(tmp_path, {"sdcscan.toml": 'extra_identifiers = ["v_proj_key"]\n'})
    assert ("a.sas", "hardcoded-id.selection", 3, None) in marks(scan(tmp_path), "suppressed")


# --- sdcscan init ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_init_writes_a_valid_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    proc = cli("init", tmp_path)
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / "sdcscan.toml"
    assert target.read_text(encoding="utf-8") == STARTER
    assert resolve(tmp_path).profile == "dhda"
    target.write_text('profile = "dst"\n', encoding="utf-8")
    again = cli("init", tmp_path)
    assert again.returncode == 2
    assert "exists; use --force" in again.stderr
    assert target.read_text(encoding="utf-8") == 'profile = "dst"\n'
    assert cli("init", tmp_path, "--force").returncode == 0
    assert target.read_text(encoding="utf-8") == STARTER


def test_every_commented_example_in_the_starter_is_valid(tmp_path: Path) -> None:
    """Uncommenting any example line must give a working configuration, so the starter never teaches a typo."""
    example = re.compile(r'^# ((?:[a-z_]+|"[\w.-]+"|[\w-]+) = .*|\[severity\])$')
    lines = [m[1] if (m := example.match(line)) else line for line in STARTER.splitlines()]
    uncommented = sum(line != original for line, original in zip(lines, STARTER.splitlines(), strict=True))
    assert uncommented >= 10
    write(tmp_path, {"sdcscan.toml": "\n".join(lines) + "\n"})
    settings = resolve(tmp_path)
    assert settings.disable == ("extreme-value",)
    assert settings.extra_identifiers == ("v_pnr_enc", "projekt_id")


# --- profiles on the same table --------------------------------------------------------------------------------

TABLE = "region,n,pct\nA,2,1.0\nB,4,2.0\nC,7,3.5\nD,12,6.0\nE,0,0.0\nF,120,87.5\n"


def small_rows(data: dict) -> set[int]:
    return {f["line"] for f in findings(data) if f["rule"] == "small-cell.count"}


@pytest.mark.parametrize(("profile", "rows"), [("dst", {2}), ("dhda", {2, 3}), ("strict", {2, 3, 4})])
def test_each_profile_threshold_on_the_same_table(tmp_path: Path, profile: str, rows: set[int]) -> None:
    write(tmp_path, {"table.csv": TABLE})
    from_option = scan(tmp_path, profile=profile)
    assert small_rows(from_option) == rows
    assert from_option["profile"]["name"] == profile
    write(tmp_path, {"sdcscan.toml": f'profile = "{profile}"\n'})
    assert small_rows(scan(tmp_path)) == rows


def test_threshold_and_zero_cells_from_the_file(tmp_path: Path) -> None:
    write(tmp_path, {"table.csv": TABLE, "sdcscan.toml": "min_cell = 8\nzero_is_small = true\n"})
    data = scan(tmp_path)
    assert data["profile"] == {"name": "dhda", "min_cell": 8, "mask": "<8"}
    assert small_rows(data) == {2, 3, 4, 6}
