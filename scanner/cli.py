"""The `sdcscan` command line. Argument handling only: the work happens in engine, report and reporters."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__, engine, registry, report
from .config import ConfigError, profiles, settings_for
from .reporters import renderer
from .reporters.text import summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="sdcscan",
    help=(
        "Check statistical programs, logs and outputs for disclosure risks before they leave a research machine.\n\n"
        "Typical use: sdcscan scan PROJECT --html review.html\n\n"
        "Exit codes: 0 clean, 1 findings at or above --fail-on (or unscanned files), 2 usage or configuration "
        "error, 3 internal error."
    ),
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Progress:
    """A one-line progress counter on stderr, shown only on a terminal and only once a scan takes a moment."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 0.5:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\rscanning [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _base(paths: list[Path]) -> Path:
    """The folder that report paths are relative to: the scanned folder, or the common parent of several paths."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1:
        return resolved[0] if resolved[0].is_dir() else resolved[0].parent
    common = Path(os.path.commonpath(resolved))
    return common if common.is_dir() else common.parent


def _write(fmt: str, data: dict[str, Any], target: str) -> None:
    render = renderer(fmt)
    if target == "-":
        render(data, sys.stdout)
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        render(data, out)


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files to scan.", show_default=False)],
    json_out: Annotated[str | None, typer.Option("--json", help="Write the JSON report here ('-' = stdout).")] = None,
    html_out: Annotated[str | None, typer.Option("--html", help="Write the HTML review report here.")] = None,
    sarif_out: Annotated[str | None, typer.Option("--sarif", help="Write a SARIF 2.1.0 log here.")] = None,
    profile_name: Annotated[
        str, typer.Option("--profile", help="Output-checking profile: dhda (cells >= 5), dst (>= 3), strict (>= 10).")
    ] = "dhda",
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 when a finding has this severity or higher (or 'never').")
    ] = "low",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parallel worker processes.")] = os.cpu_count() or 1,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Skip paths matching this gitignore-style glob (repeatable).")
    ] = None,
    unmask: Annotated[
        bool,
        typer.Option("--unmask", help="Show evidence in clear. Only for use ON the secure machine; never export it."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No terminal summary or progress; exit code only.")
    ] = False,
) -> None:
    """Scan folders or files and rank every file by export risk.

    Every file under the given paths appears in the reports exactly once: scanned, unscanned (needs manual review)
    or excluded (by .sdcscanignore or --exclude). Evidence is masked unless --unmask is given.
    """
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise typer.BadParameter(f"path does not exist: {path}")
    settings = settings_for(profile_name, fail_on=fail_on, unmask=unmask)
    outputs = frozenset(Path(p).resolve() for p in (json_out, html_out, sarif_out) if p and p != "-")
    base = _base(paths)
    progress = _Progress(enabled=not quiet)
    results = engine.scan_tree(
        base, [p.resolve() for p in paths], settings, jobs, tuple(exclude or ()), outputs, progress
    )
    progress.close()
    root = paths[0].as_posix() if len(paths) == 1 and paths[0].is_dir() else base.as_posix()
    data = report.build(root, results, settings)
    written = []
    for fmt, target in (("json", json_out), ("html", html_out), ("sarif", sarif_out)):
        if target:
            _write(fmt, data, target)
            written.append((fmt, target))
    if not quiet:
        stream = sys.stderr if json_out == "-" else sys.stdout
        summary(data, stream, written)
    raise typer.Exit(EXIT_FINDINGS if report.exceeds(data, settings.fail_on) else EXIT_CLEAN)


@app.command("rules")
def list_rules(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print explanation and remedy.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")] = False,
) -> None:
    """List every rule: id, category, severity and title (with -v, its explanation and remedy)."""
    rules = registry.catalogue().values()
    if markdown:
        typer.echo("| rule | category | severity | what it flags |\n|---|---|---|---|")
        for rule in rules:
            typer.echo(f"| `{rule.id}` | {rule.category} | {rule.severity} | {rule.title} |")
        return
    for rule in rules:
        typer.echo(f"{rule.id:32} {rule.category:14} {rule.severity:9} {rule.title}")
        if verbose:
            typer.echo(f"    why: {rule.explanation}\n    fix: {rule.remedy}\n")


@app.command("profiles")
def list_profiles() -> None:
    """List the output-checking profiles and their small-cell thresholds."""
    for profile in profiles().values():
        typer.echo(f"{profile.name:8} cells >= {profile.min_cell:<3} masked as {profile.mask:5} {profile.source}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sdcscan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check statistical programs, logs and outputs for disclosure risks."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)


def main() -> None:
    """Entry point: every error ends as one line on stderr and a documented exit code, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except (ConfigError, registry.CatalogueError) as err:
        typer.echo(f"sdcscan: error: {err}", err=True)
        code = EXIT_USAGE
    except typer.TyperException as err:  # usage errors: bad option, missing argument, bad value
        command = getattr(getattr(err, "ctx", None), "command_path", "sdcscan")
        typer.echo(f"sdcscan: error: {err.format_message()} (see '{command} --help')", err=True)
        code = EXIT_USAGE
    except typer.Abort:
        typer.echo("sdcscan: interrupted", err=True)
        code = 130
    except OSError as err:
        typer.echo(f"sdcscan: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), err=True)
        code = EXIT_USAGE
    except Exception as err:  # the promise is "never a traceback"; say it is ours to fix
        typer.echo(f"sdcscan: internal error ({type(err).__name__}: {err}); please report it", err=True)
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
