"""The `sdcscan` command line. Argument handling only: the work happens in engine, report and reporters."""

from __future__ import annotations

import inspect
import math
import os
import signal
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
import typer.main

from . import __version__, argtypes, baseline, discover, engine, output, registry, replay, report
from .cache import Cache
from .config import CONFIG_FILE, ConfigError, Settings, profiles, resolve
from .model import FileResult
from .reporters import FORMATS
from .resources import read_text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# Stopped by a signal: 128 + its number, as shells report it.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

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


def _base(paths: list[Path]) -> Path:
    """The folder that report paths are relative to: the scanned folder, or the common parent of several paths."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1:
        return resolved[0] if resolved[0].is_dir() else resolved[0].parent
    common = Path(os.path.commonpath(resolved))
    return common if common.is_dir() else common.parent


def _shown_root(paths: list[Path], base: Path) -> str:
    """The report's root as the user wrote it (a relative path stays relative, so no home folder is shown)."""
    given = [p if p.is_dir() else p.parent for p in paths]
    try:
        return Path(os.path.commonpath(given)).as_posix() if given else base.as_posix()
    except ValueError:  # relative and absolute paths, or different drives, mixed
        return base.as_posix()


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (default: sdcscan.toml, else pyproject.toml [tool.sdcscan], in the scanned folder).",
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile", help="Output-checking profile: dhda (cells >= 5, the default), dst (>= 3), strict (>= 10)."
    ),
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parallel worker processes.")]
CPUS = os.cpu_count() or 1
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="Skip paths matching this gitignore-style glob (repeatable).")
]


def _check_paths(paths: list[Path]) -> list[Path]:
    """The paths to scan, each once; a path that does not exist or holds no file is a usage error (a mistyped or
    empty folder must not pass as clean)."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise typer.BadParameter(f"path does not exist: {path}")
        if path.is_dir() and not path.is_symlink() and not discover.has_entries(path):
            raise typer.BadParameter(f"no files under {path}: nothing to scan")
    return discover.unique_paths(paths)


def _jobs(jobs: int, quiet: bool) -> int:
    """More workers than CPUs only adds start-up time and memory: cap them, and say so."""
    if jobs > CPUS:
        if not quiet:
            typer.echo(f"sdcscan: --jobs {jobs} is more than the {CPUS} CPUs here; using {CPUS}", err=True)
        return CPUS
    return jobs


def _timeout(value: float) -> float:
    if not math.isfinite(value) or value < 1:
        raise typer.BadParameter(f"must be a number of seconds from 1 up, not {value:g}", param_hint="'--timeout'")
    return value


def _scan(
    paths: list[Path],
    settings: Settings,
    jobs: int,
    exclude: list[str] | None,
    outputs: frozenset[Path],
    quiet: bool,
    baseline_file: Path | None = None,
    reviewed: baseline.Baseline | None = None,
    store: Cache | None = None,
) -> tuple[Path, list[FileResult]]:
    base = _base(paths)
    own = baseline_file.resolve() if baseline_file else None
    progress: engine.Progress | None = None
    if not quiet:  # only then is the terminal library loaded
        from .reporters.text import ScanProgress

        progress = drawn = ScanProgress(enabled=True, stream=sys.stderr)
    try:
        results = engine.scan_tree(
            base,
            [p.resolve() for p in paths],
            settings,
            jobs,
            tuple(exclude or ()),
            outputs,
            progress,
            own,
            reviewed,
            store,
        )
    finally:  # an interrupted scan must give the terminal back (rich hides the cursor while it draws)
        if not quiet:
            drawn.close()
    return base, results


SCAN_EXAMPLES = (
    "Examples:\n\n"
    "  sdcscan scan project --html review.html          ranked summary here, the full review in a browser\n\n"
    "  sdcscan scan project --profile dst               Statistics Denmark: cells below 3 are small\n\n"
    "  sdcscan scan project --fail-on high --quiet      a gate: exit 1 only for high or critical findings\n\n"
    "  sdcscan scan project --baseline .sdcscan-baseline.json   only what is new since the last review\n\n"
    "Exit codes: 0 nothing at or above --fail-on, 1 findings or unscanned files, 2 usage or configuration error."
)


REPORT_OPTION = "{}_out"  # the parameter name of format {}'s report option


def _report_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` one option per registered report format (`--json`, ... with the registry's help), after its
    first parameter, as `**reports`: the reporter registry is the only list of formats. Typer reads the signature
    and passes every parameter by name, so all become keyword-only."""
    signature = inspect.signature(command, eval_str=True)
    first, *rest = (p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD)
    options = [
        inspect.Parameter(
            REPORT_OPTION.format(name),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[str | None, typer.Option(f"--{name}", help=fmt.help)],
        )
        for name, fmt in FORMATS.items()
    ]
    keyword = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in (first, *rest)]
    command.__signature__ = signature.replace(parameters=[keyword[0], *options, *keyword[1:]])  # type: ignore[attr-defined]
    return command


@app.command(epilog=SCAN_EXAMPLES)
@_report_options
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files to scan.", show_default=False)],
    profile_name: ProfileOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 when a finding has this severity or higher (or 'never'); default low."),
    ] = None,
    jobs: JobsOption = CPUS,
    exclude: ExcludeOption = None,
    unmask: Annotated[
        bool,
        typer.Option("--unmask", help="Show evidence in clear. Only for use ON the secure machine; never export it."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No terminal summary or progress; exit code only.")
    ] = False,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks", help="Scan what symbolic links point to (a folder is entered once; loops are listed)."
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            callback=_timeout,
            help="Seconds one file may take (from when a worker starts on it); slower files are reported unscanned.",
        ),
    ] = 600.0,
    config_path: ConfigOption = None,
    baseline_path: Annotated[
        Path | None,
        typer.Option("--baseline", help="Compare with this reviewed baseline: only new findings decide the exit code."),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Scan every file again instead of reusing results of unchanged files from the user's cache folder "
            "(SDCSCAN_CACHE_DIR moves it; --unmask never uses it).",
        ),
    ] = False,
    **reports: str | None,
) -> None:
    """Scan folders or files and rank every file by export risk.

    Every file under the given paths appears in the reports exactly once: scanned, unscanned (needs manual review)
    or excluded (by .sdcscanignore, the configuration or --exclude). Evidence is masked unless --unmask is given.
    """
    targets: dict[str, str | None] = {name: reports[REPORT_OPTION.format(name)] for name in FORMATS}
    watch = None
    if _invoked is not None and not (unmask or no_cache):
        # What this run reads, before it reads anything: the run is kept for replay if it stays the same.
        read = [str(p) for p in (config_path, baseline_path) if p]
        watch = replay.Watch(_invoked, [str(p) for p in paths], read, [t for t in targets.values() if t])
    paths = _check_paths(paths)
    warned = not quiet and jobs > CPUS
    jobs = _jobs(jobs, quiet)
    output.check_targets(targets, paths, {"--config": config_path, "--baseline": baseline_path})
    if unmask and baseline_path:
        # ids are fingerprints of the masked evidence; in clear they differ, and every finding would look new
        raise typer.BadParameter("--baseline compares masked findings; run it without --unmask")
    settings = resolve(
        paths,
        config_path,
        profile_name,
        fail_on=fail_on,
        unmask=unmask,
        timeout=timeout,
        follow_symlinks=follow_symlinks or None,
    )
    reviewed = baseline.load(baseline_path) if baseline_path else None
    if reviewed is not None and reviewed.profile != settings.profile and not quiet:
        warned = True
        typer.echo(
            f"sdcscan: warning: {baseline_path} was recorded with profile {reviewed.profile}, this scan uses "
            f"{settings.profile}; small-cell findings will not match",
            err=True,
        )
    outputs = frozenset(Path(p).resolve() for p in targets.values() if p and p != "-")
    store = None if no_cache else Cache.open(settings, paths)
    base, results = _scan(paths, settings, jobs, exclude, outputs, quiet, baseline_path, reviewed, store)
    root = _shown_root(paths, base)
    data = report.build(root, results, settings)
    written = [(fmt, target) for fmt, target in targets.items() if target]
    for fmt, target in written:
        output.write_report(fmt, data, target)
    if not quiet:
        replay.show(data, written)
    _internal_errors(results)
    # A scan in which every file was excluded checked nothing: it never passes (unless told never to fail).
    summed = data["summary"]
    unchecked = not summed["scanned"] and not summed["unscanned"] and settings.fail_on != "never"
    code = EXIT_FINDINGS if unchecked or report.exceeds(data, settings.fail_on) else EXIT_CLEAN
    settled = not any(f.rule in replay.UNSETTLED for r in results for f in r.findings)
    if watch is not None and store is not None and store.complete and settled and not warned:
        watch.record(data, written, quiet, code)
    raise typer.Exit(code)


def _internal_errors(results: list[FileResult]) -> None:
    """Exit 3 after the reports are written when sdcscan failed on a file: a bug to report, not a verdict."""
    failed = engine.internal_errors(results)
    if failed:
        files = "file" if failed == 1 else "files"
        typer.echo(
            f"sdcscan: internal error on {failed} {files} (a bug in sdcscan; listed as unscanned, rule "
            f"{engine.INTERNAL_ERROR}, in the report); please report it",
            err=True,
        )
        raise typer.Exit(EXIT_INTERNAL)


@app.command("baseline")
def make_baseline(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files to scan.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write (merged with it if it exists).")
    ] = Path(baseline.DEFAULT_FILE),
    profile_name: ProfileOption = None,
    jobs: JobsOption = CPUS,
    exclude: ExcludeOption = None,
    config_path: ConfigOption = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Who records the baseline (default: your login name).")
    ] = None,
) -> None:
    """Record the current findings in a baseline file for review (see `sdcscan review`).

    New findings are recorded as pending; decisions already in the file are kept; findings that are gone drop out.
    Suppressed findings are not recorded: their reason is in the code.
    """
    paths = _check_paths(paths)
    jobs = _jobs(jobs, quiet=False)
    settings = resolve(paths, config_path, profile_name)
    if output.exists():
        baseline.load(output)  # a broken file stops the command before the scan, not after it
    recorder = reviewer or baseline.os_user()
    store = Cache.open(settings, paths)
    base, results = _scan(paths, settings, jobs, exclude, frozenset(), False, baseline_file=output, store=store)
    output.parent.mkdir(parents=True, exist_ok=True)
    with baseline.lock(output):  # decisions taken during the scan are read again and kept
        previous = baseline.load(output) if output.exists() else None
        recorded, counts = baseline.record(results, base, settings.profile, recorder, previous)
        baseline.save(recorded, output)
    typer.echo(
        f"{output}: {len(recorded.entries)} findings ({counts.added} new, pending review; {counts.kept} kept; "
        f"{counts.dropped} gone)"
    )
    _internal_errors(results)


@app.command("review")
def review(
    baseline_file: Annotated[Path, typer.Argument(help="The baseline file.", show_default=False)],
    ids: Annotated[list[str] | None, typer.Argument(help="Finding ids to decide on.", show_default=False)] = None,
    accept: Annotated[bool, typer.Option("--accept", help="Accept the selected findings.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Reject them: they keep failing the scan.")] = False,
    reopen: Annotated[bool, typer.Option("--reopen", help="Set them back to pending.")] = False,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Select by rule id, category or glob (e.g. 'sas.*').")
    ] = None,
    path: Annotated[str | None, typer.Option("--path", help="Select by path glob, relative to the folder.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Select only findings with this status (e.g. pending).")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (mandatory with a decision).")] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Who decides (default: your login name).")] = None,
    import_file: Annotated[
        Path | None,
        typer.Option("--import", help="Record the decisions downloaded from the HTML report (a JSON file)."),
    ] = None,
) -> None:
    """Accept or reject findings in a baseline, with a reason and a name; without a decision, list the findings.

    Examples: sdcscan review .sdcscan-baseline.json --accept 3f2a9c0d1e --reason "codebook, no persons";
    sdcscan review .sdcscan-baseline.json --reject --rule small-cell --path 'out/*' --reason "mask the cells";
    sdcscan review .sdcscan-baseline.json --import sdcscan-decisions.json --reviewer "A. Checker".
    """
    if import_file is not None:
        if ids or accept or reject or reopen or rule or path or status or reason:
            raise typer.BadParameter("--import takes its findings, decisions and reasons from the file; give no others")
        with baseline.lock(baseline_file):  # as for --accept: concurrent reviews keep every decision
            reviewed = baseline.load(baseline_file)
            imported = baseline.import_decisions(reviewed, import_file, reviewer or baseline.os_user())
            baseline.save(reviewed, baseline_file)
        typer.echo(f"{baseline_file}: {imported.decisions} decisions recorded ({imported.changed} changed)")
        if imported.locked:
            plural = "findings left as they were" if imported.locked != 1 else "finding left as it was"
            typer.echo(f"{imported.locked} CPR {plural}: a CPR number cannot be accepted, only removed")
        return
    decisions = [s for s, given in (("accepted", accept), ("rejected", reject), ("pending", reopen)) if given]
    if not decisions:
        reviewed = baseline.load(baseline_file)
        if not reviewed.entries:
            typer.echo(f"{baseline_file}: no findings recorded")
            return
        chosen = baseline.select(reviewed, ids or [], rule, path if path or ids or rule else "*", status)
        for entry in chosen:
            typer.echo(f"{entry.id}  {entry.status:8}  {entry.rule:28} {entry.path}  {entry.evidence[:60]}")
        return
    if len(decisions) > 1:
        raise typer.BadParameter("give one of --accept, --reject, --reopen")
    if not reason:
        raise typer.BadParameter("--reason is mandatory: the baseline is the audit trail of why")
    who = reviewer or baseline.os_user()
    with baseline.lock(baseline_file):  # read, decide and write as one step: concurrent reviews keep every decision
        reviewed = baseline.load(baseline_file)
        chosen = baseline.select(reviewed, ids or [], rule, path, status)
        changed, left = baseline.review(chosen, decisions[0], reason, who)
        baseline.save(reviewed, baseline_file)
    typer.echo(f"{baseline_file}: {changed} of {len(chosen)} selected findings set to {decisions[0]}")
    if left:
        typer.echo(f"{left} CPR findings left as they were: a CPR number cannot be accepted, only removed")


@app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(help="The project folder.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing sdcscan.toml.")] = False,
) -> None:
    """Write a commented starter sdcscan.toml into the project folder."""
    target = folder / CONFIG_FILE
    if target.exists() and not force:
        raise ConfigError(f"{target} exists; use --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(read_text("package", "templates", CONFIG_FILE), encoding="utf-8", newline="\n")
    typer.echo(f"wrote {target}; edit it, then run: sdcscan scan {folder}")


@app.command("rules")
def list_rules(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print explanation and remedy.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")] = False,
) -> None:
    """List every rule: id, category, severity and title (with -v, its explanation, remedy and example). An opt-in
    rule runs only when a configuration names it (`extend_enable`)."""
    rules = registry.catalogue().values()
    if markdown:
        typer.echo("| rule | category | severity | what it flags |\n|---|---|---|---|")
        for rule in rules:
            typer.echo(f"| `{rule.id}` | {rule.category} | {_severity_shown(rule)} | {rule.title} |")
        return
    width = max(len(rule.id) for rule in rules) + 1
    for rule in rules:
        typer.echo(f"{rule.id:{width}} {rule.category:14} {_severity_shown(rule):15} {rule.title}")
        if verbose:
            typer.echo(f"    why: {rule.explanation}\n    fix: {rule.remedy}")
            if rule.example is not None:
                shown, instead = (textwrap.indent(t, "        ") for t in (rule.example.shows, rule.example.instead))
                typer.echo(f"    flagged ({rule.example.file}):\n{shown}    instead:\n{instead}", nl=False)
            typer.echo()


def _severity_shown(rule: registry.Rule) -> str:
    return f"{rule.severity} (opt-in)" if rule.opt_in else rule.severity


@app.command("profiles")
def list_profiles() -> None:
    """List the output-checking profiles and their thresholds."""
    for profile in profiles().values():
        rounding = f"rounded to {profile.round_to:<2}" if profile.round_to else "not rounded  "
        typer.echo(
            f"{profile.name:8} cells >= {profile.min_cell:<3} masked as {profile.mask:5} {rounding} "
            f"residual df >= {profile.min_residual_df:<3} {profile.source}"
        )


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


class _Stopped(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM, raised in the main process. Not a KeyboardInterrupt, which the command-line
    library turns into a silent exit: this one unwinds to `main`, stopping the workers on its way (the pool's
    clean-up), and ends as one line and exit code 130 or 143."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


# The command line as `main` was given it: what names a run's record for replay (scanner/replay.py). None when a
# command is called otherwise (tests), so nothing is recorded under another command line.
_invoked: list[str] | None = None


def main() -> None:
    """Entry point: every error ends as one line on stderr and a documented exit code, never a traceback."""
    global _invoked
    replay.console()
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    _invoked = sys.argv[1:]
    try:
        code = argtypes.plain(typer.main.get_command(app))(args=list(_invoked), standalone_mode=False)
    except registry.CatalogueError as err:
        # The catalogue and the grammars ship with sdcscan (the user's configuration raises ConfigError): a broken
        # one is a bug in sdcscan, not a usage error.
        typer.echo(f"sdcscan: internal error: sdcscan's own data is broken: {err}; please report it", err=True)
        code = EXIT_INTERNAL
    except ConfigError as err:
        typer.echo(f"sdcscan: error: {err}", err=True)
        code = EXIT_USAGE
    except typer.TyperException as err:  # usage errors: bad option, missing argument, bad value
        command = getattr(getattr(err, "ctx", None), "command_path", "sdcscan")
        typer.echo(f"sdcscan: error: {err.format_message()} (see '{command} --help')", err=True)
        code = EXIT_USAGE
    except _Stopped as stop:
        interrupted = stop.signum == signal.SIGINT
        typer.echo(f"sdcscan: {'interrupted' if interrupted else 'terminated'}; no report written", err=True)
        code = EXIT_INTERRUPTED if interrupted else EXIT_TERMINATED
    except typer.Abort:
        typer.echo("sdcscan: interrupted; no report written", err=True)
        code = EXIT_INTERRUPTED
    except OSError as err:
        typer.echo(f"sdcscan: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "), err=True)
        code = EXIT_USAGE
    except Exception as err:  # the promise is "never a traceback"; say it is ours to fix
        typer.echo(f"sdcscan: internal error ({type(err).__name__}: {err}); please report it", err=True)
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
