"""The scan of one file (front end -> facts -> rules -> masked, fingerprinted findings) and of a whole tree."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import traceback
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from . import baseline, crossfile, mask, provenance, risk, sasindex, suppress
from .cache import Cache
from .config import Settings
from .detectors import prefilter
from .discover import (
    SNIFF_BYTES,
    VCS_REASON,
    Decoded,
    NotText,
    bom_codec,
    classify,
    decode,
    own_report,
    special,
    walk,
)
from .fileio import open_regular
from .frontends import Document, FrontEnd, WholeTextNeeded
from .model import Fact, FileResult, Finding
from .registry import get
from .rules import Context, fact_rules, gate, names, text_rules
from .rules import cpr as cpr_rule
from .sasindex import SasIndex
from .vocab import Status


@dataclasses.dataclass(frozen=True, slots=True)
class Task:
    """One file to scan. An `excluded` file (with its reason) or an `unscanned` one (rule, reason) is not scanned,
    but its bytes still get the CPR check: a CPR number cannot be silenced, not even by an exclusion."""

    path: str
    rel: str
    settings: Settings
    excluded: str | None = None
    unscanned: tuple[str, str] | None = None
    # (size, mtime in ns) when the file was found: a file that differs when it is read is being written meanwhile.
    seen: tuple[int, int] | None = None
    # For a SAS program: the macros the scanned SAS files define and the library tables they write
    # (scanner/sasindex.py), which its data flow follows.
    sas_index: SasIndex | None = None


def _file_finding(rule_id: str, message: str) -> Finding:
    """A finding about the file as a whole (it sits at line 1): it could not be read, or only in part."""
    rule = get(rule_id)
    return Finding(rule.id, rule.category, rule.severity, 1, 1, 1, 1, message, "")


def _unscanned(result: FileResult, rule_id: str, reason: str) -> FileResult:
    result.status = "unscanned"
    result.reason = reason
    result.findings = [_file_finding(rule_id, f"{get(rule_id).title}: {reason}; check it by hand")]
    return result


INTERNAL_ERROR = "unscanned.internal-error"
# Set (to anything) by developers and by the test suite: a bug in sdcscan then raises with its traceback in the
# main process (jobs 0) instead of becoming an internal-error finding. Workers never raise: a dead worker would hide
# the bug behind "the scanner process stopped"; the command line exits 3 for internal errors anyway.
DEBUG_VARIABLE = "SDCSCAN_DEBUG"


# The cyclic collector's thresholds while a file is scanned (issue 11). A scan makes millions of small objects
# (facts, rows, cells, findings) and keeps a table's rows until it is judged; reference counting frees them (they
# hold no cycles), but with Python's default (700, 10, 10) the collector walks the young objects every 700 and the
# whole heap again and again as kept rows pile up: 10-30% of a CSV's or listing's CPU, for nothing collected
# (docs/performance.md "Round 6"). Cycles are still collected, only after more allocations.
COLLECTOR_THRESHOLDS = (50_000, 20, 20)


@contextlib.contextmanager
def _collector() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def scan_file(task: Task) -> FileResult:
    """Scan one file. Never raises: what the file's content or the system can make go wrong (unreadable, not text,
    broken structure, nested beyond reason) ends as an `unscanned` entry that names the reason; an unexpected
    exception is a bug in sdcscan and ends as an `unscanned.internal-error` entry, which the command line counts and
    answers with exit code 3."""
    with _collector():
        return _scan_file(task)


def _scan_file(task: Task) -> FileResult:
    path = Path(task.path)
    result = FileResult(path=task.rel, kind=classify(path, None).kind, language=None, status="scanned")
    try:
        if task.excluded is not None or task.unscanned is not None:
            return _cpr_only(path, task)
        return _scan(path, task, result)
    except OSError as err:
        return _finish(_unscanned(result, "unscanned.unreadable", err.strerror or str(err)), None, task.settings)
    except NotText as err:  # a front end found the structure it reads broken (notebook JSON, spreadsheet zip)
        return _finish(_unscanned(result, err.rule, err.reason), None, task.settings)
    except (RecursionError, MemoryError) as err:
        reason = f"too deeply nested or too large to parse ({err!r})"
        return _finish(_unscanned(result, "unscanned.invalid", reason), None, task.settings)
    except Exception as err:  # a bug: it must not pass the file (fail closed), nor stop the scan, nor look expected
        if os.environ.get(DEBUG_VARIABLE):
            import multiprocessing

            if multiprocessing.parent_process() is None:
                raise
        reason = f"internal error in sdcscan ({_where(err)})"
        return _finish(_unscanned(result, INTERNAL_ERROR, reason), None, task.settings)


def _where(err: Exception) -> str:
    """The exception's type and the place in sdcscan's code that raised it, for the bug report: never its message,
    which may quote the file's content."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return type(err).__name__
    last = frames[-1]
    return f"{type(err).__name__} in {Path(last.filename).name}:{last.lineno} {last.name}"


def internal_errors(results: Iterable[FileResult]) -> int:
    """How many files ended in an internal error (a bug in sdcscan)."""
    return sum(any(f.rule == INTERNAL_ERROR for f in r.findings) for r in results)


# Kinds (by file extension) whose front ends make one forward pass over the lines, so that streaming them changes
# nothing but memory (checked on the generated benchmark project: identical reports).
_LINE_KINDS = frozenset(("log", "listing"))
# Kinds whose front end reads a binary file (.xlsx, .pdf) itself, and raises NotText for any other binary one.
_READ_FROM_PATH = frozenset(("table", "document"))


def _cpr_only(path: Path, task: Task) -> FileResult:
    """An excluded or unscanned file: listed as it is, plus the CPR check on its raw bytes (never a file that is
    not a regular file: a named pipe would never answer)."""
    filetype = classify(path, None)
    status: Status = "excluded" if task.excluded is not None else "unscanned"
    reason = task.excluded if task.unscanned is None else task.unscanned[1]
    result = FileResult(task.rel, filetype.kind, filetype.language, status, reason=reason)
    if task.unscanned is not None:
        result = _unscanned(result, *task.unscanned)
        result.status = status
    if not path.is_file():  # a folder, or a named pipe or device: never opened
        return _finish(result, None, task.settings)
    try:
        with open_regular(path) as raw:
            codec = bom_codec(raw.read(4)) or "latin-1"  # raw bytes: every byte is a character
        doc = Document(task.rel, "other", None, "", codec, path=str(path), streamed=True)
        ctx = Context(doc, task.settings)
        result.findings += capped(cpr_rule.check_text(doc, ctx), task.settings.max_findings_per_rule, ctx.folded)
    except OSError as err:
        message = f"its CPR check failed: {err.strerror or err}; check it by hand"
        result.findings.append(_file_finding("unscanned.unreadable", message))
        return _finish(result, None, task.settings)
    return _finish(result, doc, task.settings)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # gone: reading it will say so
    return info.st_size, info.st_mtime_ns


def _changed(task: Task, path: Path, read: tuple[int, int] | None) -> Finding | None:
    """A note when the file was not the same when found, when opened and when done: what was scanned may not be
    what leaves."""
    stamps = [s for s in (task.seen, read, _stamp(path)) if s is not None]
    if len(set(stamps)) < 2:
        return None
    sizes = " -> ".join(dict.fromkeys(f"{size:,}" for size, _ in stamps))
    return _file_finding(
        "unscanned.changed",
        f"the file changed while it was scanned (size {sizes} bytes); scan it again once nothing writes to it",
    )


def _scan(path: Path, task: Task, result: FileResult) -> FileResult:
    opened = _stamp(path)
    doc = _read(path, task, result)
    changed = _changed(task, path, opened)
    if changed is not None:
        result.findings.append(changed)
    return _finish(result, doc, task.settings)


def _read(path: Path, task: Task, result: FileResult) -> Document | None:
    """Fill in `result` (findings not yet finished); the document read, for the context lines, if any."""
    settings = task.settings
    if what := special(path):
        _unscanned(result, "unscanned.special-file", f"{what}: not opened")
        return None
    result.size = size = path.stat().st_size
    if size > settings.max_file_size:
        _unscanned(result, "unscanned.too-large", f"{size:,} bytes is over the limit")
        return None
    if result.kind == "binary":
        _unscanned(result, "unscanned.binary", f"binary file type ({path.suffix.lower()})")
        return None
    streamed = size > settings.stream_above or (result.kind in _LINE_KINDS and size > settings.stream_outputs_above)
    with open_regular(path) as raw:
        data = raw.read(SNIFF_BYTES * 16) if streamed else raw.read()
    try:
        # A PDF is read by its text layer only, even when its bytes happen to decode (uncompressed streams).
        decoded = Decoded("", None) if path.suffix.lower() == ".pdf" else decode(data)
    except NotText as err:
        if result.kind not in _READ_FROM_PATH or err.rule != "unscanned.binary":
            result.kind = "binary" if err.rule == "unscanned.binary" else result.kind
            _unscanned(result, err.rule, err.reason)
            return None
        # A binary table (.xlsx) or document (.pdf) is read by its front end from `doc.path`, never as `lines`.
        decoded = Decoded("", None)
    del data  # the bytes are not needed once decoded; a large file's memory would otherwise be held twice
    text, codec = decoded.text, decoded.codec
    report = own_report(path, text[:SNIFF_BYTES])
    if report is not None:
        return _own_report(result, task, Document(task.rel, "other", None, text, codec, path=str(path)), *report)
    filetype = classify(path, text[:SNIFF_BYTES])
    result.kind, result.language, result.encoding = filetype.kind, filetype.language, decoded.label
    doc = Document(
        task.rel,
        filetype.kind,
        filetype.language,
        text,
        codec,
        path=str(path),
        streamed=streamed,
        sas_index=task.sas_index,
    )
    comments: list[Fact] = []
    from .frontends.registry import front_end  # loaded by the first file scanned: a rescan from the cache needs none

    try:
        ctx = Context(doc, settings)
        found = _findings(doc, ctx, front_end(doc.kind, doc.language), comments, result)
        result.findings = capped(found, settings.max_findings_per_rule, ctx.folded)
    except WholeTextNeeded:
        # Too large to parse as what it is: still read every line as text (CPR numbers, personal data), and say
        # plainly that its tables and listings were not parsed.
        ctx = Context(doc, settings)
        found = _findings(doc, ctx, front_end("other", None), comments, result)
        result.findings = capped(found, settings.max_findings_per_rule, ctx.folded)
        message = f"{size:,} bytes: read as plain text only, its structure was not parsed"
        result.findings.append(_file_finding("unscanned.too-large", message))
    result.findings += suppress.apply(result.findings, comments, doc, settings)
    if decoded.bad:
        where = ", ".join(map(str, decoded.bad_lines)) + (", ..." if decoded.bad > len(decoded.bad_lines) else "")
        plural = "s" if decoded.bad != 1 else ""
        message = (
            f"{decoded.bad:,} byte{plural} not valid {codec}{' in the part read' * streamed} replaced and not"
            f" checked, on line{'s' if len(decoded.bad_lines) != 1 else ''} {where}; the rest was scanned"
        )
        result.findings.append(_file_finding("unscanned.bad-bytes", message))
    if filetype.unparsed:
        note = f"{filetype.unparsed}: read as plain text (CPR numbers, personal data); its statements were not analysed"
        result.findings.append(_file_finding("unscanned.no-parser", note))
    return doc


def _own_report(result: FileResult, task: Task, doc: Document, what: str, masked: bool) -> Document:
    """A report of sdcscan itself: listed as such, not read as a project log or table. A masked one holds masked
    evidence only (a note); an unmasked one holds the findings in clear (critical). Both still get the CPR check,
    so a file dressed up as a report hides nothing."""
    rule = "unscanned.sdcscan-report" if masked else "printed-rows.sdcscan-report"
    result.kind, result.encoding = "other", doc.encoding
    # said in the finding, not as the file's `reason`: the contract keeps `reason` for files not scanned
    message = f"{get(rule).title}: an sdcscan {what} ({'masked' if masked else 'UNMASKED: evidence in clear'})"
    ctx = Context(doc, task.settings)
    cpr = capped(cpr_rule.check_text(doc, ctx), task.settings.max_findings_per_rule, ctx.folded)
    result.findings = [_file_finding(rule, message), *cpr]
    return doc


def _findings(
    doc: Document, ctx: Context, read: FrontEnd, comments: list[Fact], result: FileResult
) -> Iterator[Finding]:
    """Every rule's findings; the comment facts seen on the way are kept in `comments` for the suppressions, the
    files the program writes in `result.writes` for the provenance step and its tables' margins in
    `result.margins` for the cross-file comparison (facts do not leave the worker)."""
    settings = ctx.settings
    # a disabled rule's findings are dropped as they are made: they count toward no cap and cover no suppression
    for finding in _rules(doc, settings, read, comments, result, ctx):
        if settings.rule_enabled(finding.rule, finding.category):
            yield finding


def _rules(
    doc: Document,
    settings: Settings,
    read: FrontEnd,
    comments: list[Fact],
    result: FileResult,
    ctx: Context,
) -> Iterator[Finding]:
    table = fact_rules()
    text_checks = table.get("text", [])
    for read_text in text_rules():
        yield from read_text(doc, ctx)
    for fact in read(doc, settings):
        if fact.kind == "comment":
            comments.append(fact)
        elif fact.kind == "output.write" and not fact.echo:
            result.writes.append((fact.attrs["path"], fact.line))
        elif fact.table is not None and doc.kind != "program":
            crossfile.keep(fact.table, result.margins)
        elif fact.kind == "text" and gate.quiet(fact, ctx):
            continue  # no rule that reads text lines can find anything on it
        elif fact.kind == "text.lines":
            # lines of text passed on at once (a model's output): a text fact each, but the lines no gate marked
            for line in gate.given(fact, ctx):
                for check in text_checks:
                    yield from check(line, ctx)
            continue
        where = fact.attrs.get("where")
        # A table's findings name the echoed command that printed it, when the log shows one (scanner/provenance.py):
        # set here, not by a wrapper around each table check (a generator per check and table cost 3-5% of a log).
        command = fact.table.command if fact.kind == "table" and fact.table is not None else None
        source = (doc.rel, command.line) if command is not None else None
        for check in table.get(fact.kind, ()):
            if not where and source is None:
                yield from check(fact, ctx)
                continue
            for finding in check(fact, ctx):
                if source is not None and finding.source is None:
                    finding.source = source
                if where:  # A workbook cell is a row and column of one sheet: the sheet is part of the position.
                    finding.where = where if settings.unmask else mask.text(where, settings.extra_names)
                yield finding


def capped(findings: Iterable[Finding], limit: int, folded: set[str] | None = None) -> list[Finding]:
    """The findings, with at most `limit` of each rule (the first found); the rest of a rule are only counted, with
    their lines, and folded into one finding at the first of them: "and N more at lines a-b, c, ...". A worker
    then holds a few bytes per extra finding instead of a Finding, and the report stays readable. A rule whose
    findings are folded from now on is added to `folded` (its `Context`'s: see `Context.finding`)."""
    kept: list[Finding] = []
    counts: Counter[str] = Counter()
    extra: dict[str, tuple[Finding, set[int], array[int]]] = {}
    for finding in findings:
        counts[finding.rule] += 1
        if counts[finding.rule] <= limit:
            kept.append(finding)
            if folded is not None and counts[finding.rule] == limit:
                folded.add(finding.rule)
            continue
        first, positions, lines = extra.setdefault(finding.rule, (finding, set(), array("L")))
        # exact duplicates (one place found twice) are dropped later for kept findings: not counted here either
        position = hash((finding.line, finding.column, finding.end_line, finding.end_column, finding.where))
        if position not in positions:
            positions.add(position)
            lines.append(finding.line)
        if (finding.line, finding.column) < (first.line, first.column):
            extra[finding.rule] = (finding, positions, lines)
    for first, _, lines in extra.values():
        message = f"and {len(lines):,} more {get(first.rule).title.lower()} findings, at lines {_ranges(lines)}"
        at = first.line, first.column
        kept.append(Finding(first.rule, first.category, first.severity, *at, *at, message, ""))
    return kept


def _ranges(lines: Iterable[int], shown: int = 50) -> str:
    """Sorted line numbers as ranges ("3-9, 12, 15-20"), the first `shown` of them, then where the rest end."""
    spans: list[list[int]] = []
    for line in sorted(set(lines)):
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    text = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans[:shown])
    if len(spans) > shown:
        text += f", ... ({len(spans) - shown:,} more ranges, up to line {spans[-1][1]})"
    return text


def _finish(result: FileResult, doc: Document | None = None, settings: Settings | None = None) -> FileResult:
    """Apply the configuration's rule selection and severity overrides (the one place they are applied); then
    deduplicate, order and fingerprint, and attach context lines. Ids come from the masked evidence, so they are the
    same with and without --unmask and never a plain hash of an identifier. Scoring waits for the baseline
    (`settle`)."""
    if settings is not None:
        result.findings = [f for f in result.findings if settings.rule_enabled(f.rule, f.category)]
        for finding in result.findings:
            finding.severity = settings.severity_of(finding.rule, finding.category, finding.severity)
    unique = {(f.rule, f.line, f.column, f.end_line, f.end_column, f.where): f for f in result.findings}
    findings = sorted(unique.values(), key=lambda f: (f.line, f.column, f.rule, f.end_line, f.end_column, f.where))
    seen: dict[str, int] = {}
    shown = mask.path(result.path, settings.extra_names if settings else ())
    for finding in findings:
        # The masked path: an id must never be a hash of a clear identifier, and a CPR may stand in a file name.
        key = "\0".join((finding.rule, shown, " ".join(finding.evidence.lower().split())))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        finding.id = fingerprint(f"{key}\0{occurrence}")
        if settings and settings.unmask and finding.clear:
            finding.evidence = finding.clear
    if doc is not None and settings is not None:
        _contexts(doc, findings, settings)
    result.findings = findings
    return result


def settle(results: Iterable[FileResult], reviewed: baseline.Baseline | None = None, root: Path | None = None) -> None:
    """The tail of the pipeline, in one place: mark each finding with its baseline decision (when scanning against
    a reviewed baseline, whose digests are taken below `root`), then score each file from what still counts
    (suppressed and accepted findings do not). Everything before it ran in the workers (`_finish`)."""
    for result in results:
        if reviewed is not None and root is not None:
            baseline.apply([result], reviewed, root)
        result.score, result.level = risk.score(result.findings)


def fingerprint(key: str) -> str:
    """Ten hex digits of SHA-256, never all decimal digits: an all-digit id can read as a CPR number and make a
    report fail its own scan, so the key is rehashed (deterministically) until a letter appears."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    while digest.isdigit():
        digest = hashlib.sha256(digest.encode()).hexdigest()[:10]
    return digest


def _contexts(doc: Document, findings: list[Finding], settings: Settings) -> None:
    """The lines around each finding, masked as evidence is (`mask.evidence`), gathered in one pass: a streamed
    file is read once more, not held."""
    reach = 2
    wanted: dict[int, str] = {}
    needed = {n for f in findings for n in range(max(1, f.line - reach), f.end_line + reach + 1)}
    if not needed:
        return
    bounds = {n for f in findings for n in (f.line, f.end_line)}
    originals: dict[int, str] = {}
    for number, line in _picked(doc.lines, sorted(needed)):
        shown = line[:400]
        wanted[number] = shown if settings.unmask else mask.evidence(shown, doc.kind, settings.extra_names)
        if number in bounds:
            originals[number] = shown

    def masked_column(number: int, column: int) -> int:
        # Masking changes lengths (a name becomes its initials), so the finding's columns are re-measured in the
        # masked line: the length of the masked text before the column.
        original = originals.get(number, "")
        if settings.unmask or column <= 1:
            return column
        return len(mask.evidence(original[: column - 1], doc.kind, settings.extra_names)) + 1

    for finding in findings:
        first = max(1, finding.line - reach)
        numbers = [n for n in range(first, finding.end_line + reach + 1) if n in wanted]
        finding.context = {"start_line": first, "lines": [wanted[n] for n in numbers]}
        if finding.line in wanted and finding.end_line in wanted:
            finding.context["mark"] = [
                masked_column(finding.line, finding.column),
                masked_column(finding.end_line, finding.end_column),
            ]


def _picked(lines: Iterable[str], numbers: list[int]) -> Iterator[tuple[int, str]]:
    """The lines of the given numbers (ascending, 1-based), the lines between skipped by `islice` rather than
    looked at one by one in Python (a finding near the end of a listing of 200,000 lines)."""
    at = 0
    rest = iter(lines)
    for number in numbers:
        line = next(islice(rest, number - at - 1, None), None)
        if line is None:
            return
        at = number
        yield number, line


# --- a whole tree ---------------------------------------------------------------------------------------------

Progress = Callable[[int, int], None]


# Excluded without the CPR check: version-control internals (compressed objects) and this run's own reports.
UNCHECKED = (VCS_REASON, "report written by this run")
OWN_BASELINE = "the baseline of this run (sdcscan's audit file: masked evidence only)"


def excluded(rel: str, reason: str, path: Path) -> FileResult:
    filetype = classify(path, None)
    return FileResult(path=rel, kind=filetype.kind, language=filetype.language, status="excluded", reason=reason)


def scan_tree(
    base: Path,
    targets: list[Path],
    settings: Settings,
    jobs: int,
    excludes: tuple[str, ...] = (),
    outputs: frozenset[Path] = frozenset(),
    progress: Progress | None = None,
    baseline_file: Path | None = None,
    reviewed: baseline.Baseline | None = None,
    cache: Cache | None = None,
) -> list[FileResult]:
    """Scan every file below the targets; paths in the report are relative to `base`. The run's own baseline
    (resolved `baseline_file`) is listed as excluded and gets only the CPR check: a note on it could never be
    accepted, since recording the acceptance changes the file.

    Workers return results in the order they finish; the report orders files by score and path, so it is the same
    byte for byte whatever `jobs` is. With a `cache`, files whose content was scanned before with the same settings
    and code are not scanned again (scanner/cache.py).
    """
    results: list[FileResult] = []
    tasks: list[Task] = []
    label = settings.config_file or "config"
    anchor = Path(settings.config_root) if settings.config_root else None
    found = walk(
        base, targets, excludes, outputs, settings.exclude, settings.include, label, settings.follow_symlinks, anchor
    )
    for entry in found:
        if baseline_file and entry.path.name == baseline_file.name and entry.path.resolve() == baseline_file:
            entry.excluded = OWN_BASELINE
        if entry.excluded is not None and entry.excluded in UNCHECKED:
            results.append(excluded(entry.rel, entry.excluded, entry.path))
        else:
            tasks.append(
                Task(str(entry.path), entry.rel, settings, entry.excluded, entry.unscanned, _stamp(entry.path))
            )
    tasks = _with_sas_index(tasks)
    total = len(tasks)
    if progress:
        progress(0, total)
    keys: dict[str, str] = {}
    if cache is not None:
        cache.begin(base, next((t.sas_index.digest for t in tasks if t.sas_index is not None), ""))
        todo = []
        for task in tasks:
            key = cache.lookup(task) if cache.worth(task) else None
            hit = cache.get(key) if key else None
            if hit is not None:
                cache.hit(task.rel)
                results.append(hit)
                continue
            if key:
                keys[task.rel] = key
            todo.append(task)
        if progress and len(todo) < total:
            progress(total - len(todo), total)
        tasks = todo
    for done, result in enumerate(_run(tasks, jobs), start=total - len(tasks) + 1):
        results.append(result)
        if cache is not None and result.path in keys:
            cache.put(keys[result.path], result)
        if progress:
            progress(done, total)
    if cache is not None:
        cache.end()
    for result in results:
        named = names.findings(base.name, result.path, settings)
        if named:
            result.findings += named
            _finish(result, None, settings)
    provenance.link(results)
    for result in crossfile.link(results, settings):
        _finish(result, None, settings)
    settle(results, reviewed, base)
    return results


def _with_sas_index(tasks: list[Task]) -> list[Task]:
    """The tasks, each SAS program given its part of the index of the scanned SAS programs' macros and library
    tables."""
    programs = {
        t.path
        for t in tasks
        if t.excluded is None and t.unscanned is None and classify(Path(t.path), None).language == "sas"
    }
    if not programs:
        return tasks
    parts = sasindex.index(programs)
    return [dataclasses.replace(t, sas_index=parts[t.path]) if t.path in parts else t for t in tasks]


# Fewer bytes than this left to scan are scanned in this process, with the `regex` prefilter: starting a worker (an
# interpreter, sdcscan's imports, the Hyperscan databases: 1-2 s of CPU) costs more than scanning them. They get no
# per-file time limit (one process cannot stop its own regular expression).
SMALL_TREE = 2 * 1024 * 1024


def _run(tasks: list[Task], jobs: int) -> Iterator[FileResult]:
    """`jobs` 0 scans in this process (tests, profiling), and so does a small tree (`SMALL_TREE`); otherwise in
    worker processes with a per-file time limit. Nothing to scan (a rescan of an unchanged tree) starts no worker."""
    if not tasks:
        return
    from .frontends.registry import validate

    # The grammars: a typo in them is one clear error here, not a failure on every file. A file read from the cache
    # was scanned with the same grammars (they are part of its key), checked then.
    validate()
    if jobs == 0:
        yield from map(scan_file, tasks)
        return
    if sum(task.seen[0] for task in tasks if task.seen) < SMALL_TREE:
        with prefilter.preferring("regex"):
            yield from map(scan_file, tasks)
        return
    timeout = tasks[0].settings.timeout if tasks else 0
    # Warming costs each worker a second or two; it matters only when that is a real share of the time limit.
    warm = warm_up if timeout < WARM_BELOW else None
    from . import pool  # multiprocessing: a rescan from the cache (nothing to scan) never needs it

    yield from pool.run(tasks, scan_file, jobs, timeout, _timed_out, warm)


# Time limits (seconds) below which workers warm up before their clock starts.
WARM_BELOW = 60.0


def warm_up() -> None:
    """Fill a worker's lazy caches (parsers, queries, compiled patterns) before its first file's clock starts, by
    reading a line of code through every front end: a first file must not pay for them against its time limit."""
    from .frontends.registry import front_end, kinds

    settings = Settings()
    for kind, language in kinds():
        doc = Document("warm-up", kind, language, "x = 1\n", "utf-8")
        # A warm-up only saves time: the real scan reports whatever fails here.
        with contextlib.suppress(Exception):
            list(
                _findings(
                    doc,
                    Context(doc, settings),
                    front_end(kind, language),
                    [],
                    FileResult(doc.rel, "other", language, "scanned"),
                )
            )


def _timed_out(task: Task, reason: str, overran: bool) -> FileResult:
    filetype = classify(Path(task.path), None)
    result = FileResult(path=task.rel, kind=filetype.kind, language=filetype.language, status="unscanned")
    rule = "unscanned.timeout" if overran else "unscanned.crashed"
    return _finish(_unscanned(result, rule, reason), None, task.settings)
