"""Checks no other tool makes (issue 16): graphs of individuals, rounding, provenance, and the checks on tables
(small denominators, residual degrees of freedom, survival tables, differencing). The syntax and layouts are shown
by the annotated fixtures under tests/fixtures/{plots,rounding,provenance,...}; these tests cover settings and the
cross-file step."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import ConfigError, profile, resolve

from workflow import cli, write

# --- profile settings ------------------------------------------------------------------------------------------


def test_profiles_bring_rounding_and_residual_df() -> None:
    assert (profile("dhda").round_to, profile("dhda").min_residual_df) == (0, 10)
    assert profile("round5").round_to == 5


def test_thresholds_come_from_the_file_unless_a_profile_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"sdcscan.toml": "round_to = 10\nmin_residual_df = 20\n"})
    chosen = resolve(tmp_path)
    assert (chosen.profile, chosen.round_to, chosen.min_residual_df) == ("dhda", 10, 20)
    # A profile named on the command line brings all its thresholds, never weakened by the file.
    named = resolve(tmp_path, profile_name="round5")
    assert (named.round_to, named.min_residual_df) == (5, 10)


@pytest.mark.parametrize("text", ["round_to = -5\n", 'round_to = "5"\n', "min_residual_df = true\n"])
def test_bad_threshold_is_a_one_line_error(tmp_path: Path, text: str) -> None:
    write(tmp_path, {"sdcscan.toml": text})
    with pytest.raises(ConfigError, match="must be a whole number"):
        resolve(tmp_path)
    proc = cli("scan", tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_profiles_command_shows_the_new_thresholds() -> None:
    out = cli("profiles").stdout
    assert "round5" in out and "rounded to 5" in out and "residual df >= 10" in out
