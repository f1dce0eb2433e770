"""The scan of one file (front end -> facts -> rules -> masked, fingerprinted findings) and of a whole tree."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import mask, risk
from .config import Settings
from .discover import NotText, classify, decode, walk
from .frontends import Document, front_end
from .model import Fact, FileResult, Finding
from .registry import get
from .rules import Context, fact_rules, text_rules


@dataclass(frozen=True, slots=True)
class Task:
    path: str
    rel: str
    settings: Settings


def _unscanned(result: FileResult, rule_id: str, reason: str) -> FileResult:
    rule = get(rule_id)
    result.status = "unscanned"
    result.reason = reason
    at = Fact("file", 1, 1, 1, 1, "")
    result.findings = [
        Finding(
            rule.id,
            rule.category,
            rule.severity,
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            f"{rule.title}: {reason}; check it by hand",
            "",
        )
    ]
    return result


def scan_file(task: Task) -> FileResult:
    path = Path(task.path)
    settings = task.settings
    result = FileResult(path=task.rel, kind="other", language=None, status="scanned")
    try:
        size = path.stat().st_size
        result.size = size
        if size > settings.max_file_size:
            result.kind = classify(path, None).kind
            return _finish(_unscanned(result, "unscanned.too-large", f"{size:,} bytes is over the limit"))
        data = path.read_bytes()
    except OSError as err:
        result.kind = classify(path, None).kind
        return _finish(_unscanned(result, "unscanned.unreadable", err.strerror or str(err)))
    filetype = classify(path, None)
    result.kind, result.language = filetype.kind, filetype.language
    if filetype.kind == "binary":
        return _finish(_unscanned(result, "unscanned.binary", f"binary file type ({path.suffix.lower()})"))
    try:
        text, encoding = decode(data)
    except NotText as err:
        result.kind = "binary" if err.rule == "unscanned.binary" else result.kind
        return _finish(_unscanned(result, err.rule, err.reason))
    filetype = classify(path, text[:65536])
    result.kind, result.language, result.encoding = filetype.kind, filetype.language, encoding
    doc = Document(task.rel, filetype.kind, filetype.language, text, encoding)
    result.findings = list(_findings(doc, settings))
    return _finish(result, doc)


def _findings(doc: Document, settings: Settings) -> Iterator[Finding]:
    ctx = Context(doc, settings)
    table = fact_rules()
    for check in text_rules():
        yield from check(doc, ctx)
    for fact in front_end(doc.kind, doc.language)(doc, settings):
        for check in table.get(fact.kind, ()):
            yield from check(fact, ctx)


def _finish(result: FileResult, doc: Document | None = None) -> FileResult:
    """Deduplicate, order, fingerprint and score; attach masked context lines."""
    unique = {(f.rule, f.line, f.column, f.end_line, f.end_column): f for f in result.findings}
    findings = sorted(unique.values(), key=lambda f: (f.line, f.column, f.rule, f.end_line, f.end_column))
    seen: dict[str, int] = {}
    for finding in findings:
        key = "\0".join((finding.rule, result.path, " ".join(finding.evidence.lower().split())))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        finding.id = hashlib.sha256(f"{key}\0{occurrence}".encode()).hexdigest()[:10]
        if doc is not None:
            finding.context = _context(doc, finding)
    result.findings = findings
    result.score, result.level = risk.score(findings)
    return result


def _context(doc: Document, finding: Finding) -> dict[str, object]:
    """Masked lines around a finding. Outputs show their layout only (digits masked); programs show code with
    identifiers masked, so a reviewer sees the statement without the report repeating a value."""
    first = max(1, finding.line - 2)
    last = min(len(doc.lines), finding.end_line + 2)
    if doc.kind == "program":
        shown = [mask.text(line) for line in doc.lines[first - 1 : last]]
    else:
        shown = [mask.text(mask.digits(line)) for line in doc.lines[first - 1 : last]]
    return {"start_line": first, "lines": [line[:400] for line in shown]}


# --- a whole tree ---------------------------------------------------------------------------------------------

Progress = Callable[[int, int], None]


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
) -> list[FileResult]:
    """Scan every file below the targets; paths in the report are relative to `base`.

    Results come back in discovery order whatever `jobs` is, so the report is the same byte for byte.
    """
    results: list[FileResult] = []
    tasks: list[Task] = []
    for entry in walk(base, targets, excludes, outputs):
        if entry.excluded:
            results.append(excluded(entry.rel, entry.excluded, entry.path))
        else:
            tasks.append(Task(str(entry.path), entry.rel, settings))
    total = len(tasks)
    if progress:
        progress(0, total)
    for done, result in enumerate(_run(tasks, jobs), start=1):
        results.append(result)
        if progress:
            progress(done, total)
    return results


def _run(tasks: list[Task], jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(tasks) < 2:
        yield from map(scan_file, tasks)
        return
    # spawn: the start method Windows has, and safe with tree-sitter's native state; used on every platform so the
    # path the research machines take is the one the tests take.
    context = multiprocessing.get_context("spawn")
    workers = min(jobs, len(tasks), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(scan_file, tasks, chunksize=max(1, min(64, len(tasks) // (workers * 8) or 1)))
