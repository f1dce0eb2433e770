"""The plain coercion of command-line values (scanner/argtypes.py) gives what typer's pydantic coercion gives: the
same values for good input, the same error for bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import ClickException

from sdcscan import argtypes, cli

CASES = [
    ("scan", "p"),
    ("scan", "p", "q", "-j", "2", "--timeout", "30", "--exclude", "a/", "--exclude", "*.tmp", "--json", "-"),
    ("scan", "p", "--config", "p/sdcscan.toml", "--baseline", "b.json", "--profile", "dst", "--fail-on", "high"),
    ("scan", "p", "--timeout", "12.5", "--unmask", "--quiet", "--no-cache", "--follow-symlinks", "--sarif", "s"),
    ("scan", "p", "-j", "007"),
    ("scan", "p", "-j", "0"),
    ("scan", "p", "-j", "-1"),
    ("scan", "p", "-j", "abc"),
    ("scan", "p", "-j", "+2"),
    ("scan", "p", "-j", " 3"),
    ("scan", "p", "-j", "2.0"),
    ("scan", "p", "--timeout", "1e3"),
    ("scan", "p", "--timeout", "nan"),
    ("scan", "p", "--timeout", "0.5"),
    ("scan", "p", "--timeout", "x"),
    ("scan", "p", "--config", ""),
    ("scan", "p", "--config", "-"),
    ("scan",),
    ("baseline", "p", "-o", "b.json", "--reviewer", "A. Checker", "-j", "1"),
    ("review", "b.json", "3f2a9c0d1e", "aa11bb22cc", "--accept", "--reason", "codebook"),
    ("review", "b.json", "--import", "decisions.json"),
    ("init",),
    ("init", "p", "--force"),
    ("rules", "-v", "--markdown"),
    ("profiles",),
]


def parsed(args: tuple[str, ...], plain: bool) -> tuple[str, Any]:
    group = typer.main.get_command(cli.app)
    if plain:
        argtypes.plain(group)
    command = group.commands[args[0]]  # type: ignore[attr-defined]
    try:
        ctx = command.make_context(args[0], list(args[1:]))
    except ClickException as err:
        return "error", err.format_message()
    return "ok", ctx.params


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_the_plain_coercion_gives_what_typer_gives(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "sdcscan.toml").write_text("", encoding="utf-8")
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert parsed(args, plain=True) == parsed(args, plain=False)


def test_typed_values_come_out_typed() -> None:
    # The comparison above must not pass because both sides are wrong in the same way.
    status, params = parsed(("scan", "p", "q", "-j", "2", "--timeout", "30", "--exclude", "a/"), plain=True)
    assert status == "ok"
    assert params["paths"] == [Path("p"), Path("q")]
    assert (params["jobs"], params["timeout"], params["exclude"]) == (2, 30.0, ["a/"])
    assert type(params["timeout"]) is float
