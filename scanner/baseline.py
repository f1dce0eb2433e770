"""The reviewed baseline: the audit trail of which findings a reviewer accepted or rejected, by whom and why.

A baseline file lists findings by their stable `id` (rule + path + masked content, no line numbers, so moving or
re-indenting code keeps it). Each entry has a `status` (pending, accepted, rejected), the `reviewer`, the `reason`
and the `date` of that status, and the `history` of earlier ones. A scan against the baseline marks each finding
new / pending / accepted / rejected; only accepted findings stop counting. The file is plain JSON with sorted keys
and entries, written atomically, meant to be kept and diffed with the project. It holds masked evidence only.

A finding about a file as a whole (it could not be scanned: an image, a dataset; or its language has no parser) has
no content in its id, so its entry also keeps the file's SHA-256: accepting `figure1.png` accepts that picture, not
whatever is saved under the name later.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from . import mask
from .config import ConfigError, locked, suggest
from .fileio import atomic_write, open_regular
from .model import FileResult, Finding
from .vocab import REVIEWS, Review

FORMAT = 1
STATUSES = REVIEWS
DEFAULT_FILE = ".sdcscan-baseline.json"


class BaselineError(ConfigError):
    """A baseline file or a review request is wrong (exit code 2, one line naming the problem)."""


@dataclass(slots=True)
class Decision:
    status: Review
    reviewer: str
    reason: str
    date: str


@dataclass(slots=True)
class Entry:
    id: str
    path: str
    rule: str
    category: str
    evidence: str
    status: Review
    reviewer: str
    reason: str
    date: str
    sha256: str | None = None
    history: list[Decision] = field(default_factory=list)

    def decide(self, decision: Decision) -> None:
        self.history.append(Decision(self.status, self.reviewer, self.reason, self.date))
        self.status, self.reviewer, self.reason, self.date = (
            decision.status,
            decision.reviewer,
            decision.reason,
            decision.date,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.sha256 is None:
            del data["sha256"]
        if not self.history:
            del data["history"]
        return data


@dataclass(slots=True)
class Baseline:
    profile: str
    entries: dict[str, Entry] = field(default_factory=dict)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def os_user() -> str:
    import getpass  # imported on use, as socket below: every scan imports this module, few record a review

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a container, a service account)
        raise BaselineError("cannot tell who you are from the system; give --reviewer NAME") from None


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open_regular(path) as data:
        while block := data.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def _file_digest(root: Path, result: FileResult, finding: Finding) -> str | None:
    """The content digest of the file for a finding that carries no content: the file could not be scanned, or
    only in part (its language has no parser, it changed during the scan). Accepting such a finding accepts that
    content, not whatever is saved under the name later."""
    if finding.category != "unscanned" or finding.evidence:
        return None
    try:
        return _digest(root / result.path)
    except OSError:
        return None


def _open_findings(results: Iterable[FileResult]) -> Iterable[tuple[FileResult, Finding]]:
    """Findings a baseline is about: those not already excused by an inline suppression."""
    for result in results:
        for finding in result.findings:
            if finding.suppressed is None:
                yield result, finding


# --- reading and writing --------------------------------------------------------------------------------------


def _read_json(path: Path, missing: str, what: str) -> Any:
    """A JSON file read as one value, or a one-line BaselineError: `missing` when it is not there, else that it is
    not `what` (and why)."""
    try:
        with open_regular(path) as raw:
            return json.loads(raw.read().decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(missing) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise BaselineError(f"{path}: not {what} ({reason})") from None


def load(path: Path) -> Baseline:
    """Read and check a baseline file: anything that is not one (wrong JSON, wrong shapes, missing or unknown keys)
    is a one-line BaselineError naming the file and the problem."""
    missing = f"no baseline file {path}; create one with `sdcscan baseline FOLDER -o {path}`"
    data = _read_json(path, missing, "a readable baseline file")
    if not isinstance(data, dict) or data.get("sdcscan_baseline") != FORMAT:
        raise BaselineError(f"{path}: not an sdcscan baseline (format {FORMAT})")
    if not isinstance(data.get("profile", ""), str):
        raise BaselineError(f"{path}: `profile` must be a string")
    raw_entries = data.get("findings", [])
    if not isinstance(raw_entries, list):
        raise BaselineError(f"{path}: `findings` must be a list of entries, not {_json_type(raw_entries)}")
    baseline = Baseline(data.get("profile", ""))
    for number, raw in enumerate(raw_entries, start=1):
        entry = _entry(raw, f"{path}: entry {number}")
        if entry.id in baseline.entries:
            raise BaselineError(f"{path}: entry {number}: id {entry.id} is recorded twice")
        baseline.entries[entry.id] = entry
    return baseline


_ENTRY_FIELDS = {f.name for f in fields(Entry)}
_REQUIRED = tuple(f.name for f in fields(Entry) if f.default is MISSING and f.default_factory is MISSING)
_DECISION_FIELDS = tuple(f.name for f in fields(Decision))


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _strings(raw: object, where: str, required: Sequence[str], known: set[str] | Sequence[str]) -> dict[str, Any]:
    """An object whose fields are all strings, with the `required` ones present and no unknown ones."""
    if not isinstance(raw, dict):
        raise BaselineError(f"{where}: must be an object, not {_json_type(raw)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise BaselineError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise BaselineError(f"{where}: unknown key {unknown[0]!r}{suggest(unknown[0], known)}")
    for key, value in raw.items():
        if key != "history" and not (isinstance(value, str) or (key == "sha256" and value is None)):
            raise BaselineError(f"{where}: `{key}` must be a string, not {_json_type(value)}")
    return raw


def _entry(raw: object, where: str) -> Entry:
    fields = _strings(raw, where, _REQUIRED, _ENTRY_FIELDS)
    history = fields.get("history", [])
    if not isinstance(history, list):
        raise BaselineError(f"{where}: `history` must be a list, not {_json_type(history)}")
    decisions = [
        Decision(**_strings(d, f"{where}, history {i}", _DECISION_FIELDS, _DECISION_FIELDS))
        for i, d in enumerate(history, start=1)
    ]
    entry = Entry(**{k: v for k, v in fields.items() if k != "history"}, history=decisions)
    for status in (entry.status, *(d.status for d in decisions)):
        if status not in STATUSES:
            raise BaselineError(f"{where} ({entry.id}): unknown status {status!r}")
    return entry


def dumps(baseline: Baseline) -> str:
    """Sorted keys, one entry after another in (path, rule, id) order: a new finding is a small, local diff."""
    entries = sorted(baseline.entries.values(), key=lambda e: (e.path, e.rule, e.id))
    data = {"sdcscan_baseline": FORMAT, "profile": baseline.profile, "findings": [e.to_dict() for e in entries]}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save(baseline: Baseline, path: Path) -> None:
    """Write atomically (`output.atomic_write`): a crash leaves either the old file or the new one, never half of
    one, and the file keeps its mode. Callers that read, change and write hold `lock(path)` around all three."""
    text = dumps(baseline)
    atomic_write(path, lambda out: out.write(text))


# A lock older than this was left by a process that died (a review takes well under a second; recording a baseline
# holds the lock only while merging, not while scanning): it is taken over.
STALE_LOCK = 120.0
LOCK_WAIT = 30.0


@contextlib.contextmanager
def lock(path: Path, wait: float = LOCK_WAIT, stale: float = STALE_LOCK) -> Iterator[None]:
    """Hold `<baseline>.lock` beside the baseline while it is read, changed and written, so two reviewers (or a
    reviewer and `sdcscan baseline`) never overwrite each other's decisions.

    The lock file is created with O_CREAT | O_EXCL, which is atomic on every file system sdcscan runs on, Windows
    included; it holds the owner's process id and host for the error message. A waiting process retries for `wait`
    seconds, then stops with one line naming the lock. A lock file older than `stale` seconds is left over from a
    process that was killed; it is removed and the lock taken (delete it by hand to take it sooner).
    """
    lock_file = path.with_name(path.name + ".lock")
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileNotFoundError:
            raise BaselineError(f"{path}: the folder {path.parent} does not exist") from None
        except FileExistsError:
            if _stale(lock_file, stale):
                lock_file.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise BaselineError(
                    f"{path} is locked by another sdcscan ({_owner(lock_file)}); try again, or delete {lock_file} "
                    "if no sdcscan is running"
                ) from None
            time.sleep(0.05)
    import socket

    try:
        with os.fdopen(fd, "w", encoding="utf-8") as owner:
            owner.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        yield
    finally:
        lock_file.unlink(missing_ok=True)


def _stale(lock_file: Path, stale: float) -> bool:
    try:
        return time.time() - lock_file.stat().st_mtime > stale
    except FileNotFoundError:
        return False  # released meanwhile: the next attempt takes it


def _owner(lock_file: Path) -> str:
    try:
        return lock_file.read_text(encoding="utf-8").strip() or "owner unknown"
    except (OSError, UnicodeDecodeError):
        return "owner unknown"


# --- recording and comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    added: int
    kept: int
    dropped: int


def record(
    results: Sequence[FileResult], root: Path, profile: str, recorder: str, previous: Baseline | None = None
) -> tuple[Baseline, Recorded]:
    """A baseline of the current findings: decisions already taken on a finding are kept, new findings are
    pending, and findings that are gone (fixed) drop out."""
    baseline = Baseline(profile)
    old = previous.entries if previous else {}
    added = 0
    for result, finding in _open_findings(results):
        if finding.id in baseline.entries:
            continue
        digest = _file_digest(root, result, finding)
        entry = earlier = old.get(finding.id)
        if entry is None or (entry.sha256 is not None and entry.sha256 != digest):
            added += 1
            entry = Entry(
                finding.id,
                mask.path(result.path),  # the baseline holds masked evidence and paths only
                finding.rule,
                finding.category,
                finding.evidence,
                "pending",
                recorder,
                "recorded by sdcscan baseline",
                now(),
                digest,
            )
            if earlier is not None:  # the file changed since its review: that review stays in the history
                entry.history = [
                    *earlier.history,
                    Decision(earlier.status, earlier.reviewer, earlier.reason, earlier.date),
                ]
        baseline.entries[finding.id] = entry
    gone = len(old.keys() - baseline.entries.keys())
    return baseline, Recorded(added, len(baseline.entries) - added, gone)


def apply(results: Sequence[FileResult], baseline: Baseline, root: Path) -> None:
    """Mark every open finding with its baseline status; a finding the baseline does not hold is `new`, and so is
    one whose unscannable file has changed since it was reviewed."""
    for result, finding in _open_findings(results):
        entry = baseline.entries.get(finding.id)
        if entry is not None and entry.sha256 and entry.sha256 != _file_digest(root, result, finding):
            entry = None
        status = entry.status if entry else "new"
        # A CPR number is never acceptable, whatever a hand-edited baseline says.
        finding.baseline = "pending" if status == "accepted" and locked(finding.category) else status
        if entry is not None:
            finding.review = {"reviewer": entry.reviewer, "reason": entry.reason, "date": entry.date}


# --- reviewing ------------------------------------------------------------------------------------------------


def select(
    baseline: Baseline, ids: Sequence[str], rule: str | None, path: str | None, status: str | None = None
) -> list[Entry]:
    """Entries matching every selector given: ids (exact), rule (id, category or glob such as `sas.*`), path (glob
    over the path relative to the scanned folder; `*` also crosses `/`), status (e.g. only the pending ones)."""
    if status is not None and status not in STATUSES:
        raise BaselineError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if not ids and rule is None and path is None and status is None:
        raise BaselineError("say which findings: give ids, --rule, --path or --status (e.g. --path '*' for all)")
    for given in ids:
        if given not in baseline.entries:
            raise BaselineError(f"no finding {given!r} in the baseline{suggest(given, baseline.entries)}")
    chosen = [baseline.entries[i] for i in dict.fromkeys(ids)] if ids else list(baseline.entries.values())
    if rule is not None:
        chosen = [e for e in chosen if fnmatch.fnmatchcase(e.rule, rule) or e.category == rule]
    if path is not None:
        chosen = [e for e in chosen if fnmatch.fnmatchcase(e.path, path)]
    if status is not None:
        chosen = [e for e in chosen if e.status == status]
    if not chosen:
        raise BaselineError("no finding in the baseline matches the selection")
    return sorted(chosen, key=lambda e: (e.path, e.rule, e.id))


def review(entries: Sequence[Entry], status: str, reason: str, reviewer: str) -> tuple[int, int]:
    """Record one decision on each entry: (how many changed, how many CPR findings were left out). The reason is
    mandatory: it is the audit. CPR findings cannot be accepted: a CPR number is never acceptable in an export."""
    if status not in STATUSES:
        raise BaselineError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    reason = " ".join(reason.split())
    if not any(ch.isalpha() for ch in reason):
        raise BaselineError("--reason must say why (in words) the findings are accepted or rejected")
    if not reviewer.strip():
        raise BaselineError("--reviewer must name the person who reviewed")
    open_to = [e for e in entries if status != "accepted" or not locked(e.category)]
    if entries and not open_to:
        raise BaselineError("CPR findings cannot be accepted; remove the numbers instead")
    decision = Decision(status, reviewer.strip(), reason, now())
    changed = 0
    for entry in open_to:
        if (entry.status, entry.reason, entry.reviewer) != (status, decision.reason, decision.reviewer):
            entry.decide(decision)
            changed += 1
    return changed, len(entries) - len(open_to)


# --- decisions marked in the HTML report -----------------------------------------------------------------------

DECISIONS_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Imported:
    decisions: int  # decisions recorded (an entry already so decided counts too)
    changed: int
    locked: int  # CPR findings marked accepted, left as they were


def import_decisions(baseline: Baseline, path: Path, reviewer: str) -> Imported:
    """Record the decisions of a file downloaded from the HTML report, each through `review` (the same audit
    trail as the command line). All or nothing: one unknown id or bad decision stops the import before any
    change."""
    data = _read_json(path, f"no decisions file {path}", "an sdcscan decisions file")
    if (
        not isinstance(data, dict)
        or data.get("sdcscan_decisions") != DECISIONS_FORMAT
        or not isinstance(data.get("decisions"), list)
    ):
        raise BaselineError(f"{path}: not an sdcscan decisions file (format {DECISIONS_FORMAT}, from the HTML report)")
    chosen: list[tuple[Entry, str, str]] = []
    for number, raw in enumerate(data["decisions"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise BaselineError(f"{path}: decision {number} has no id")
        entry = baseline.entries.get(raw["id"])
        if entry is None:
            raise BaselineError(
                f"{path}: decision {number}: finding {raw['id']!r} is not in the baseline (a report of another "
                "scan? record it first with `sdcscan baseline`)"
            )
        status, reason = raw.get("status"), raw.get("reason")
        if status not in STATUSES or not isinstance(reason, str):
            raise BaselineError(
                f"{path}: decision {number}: status must be one of {', '.join(STATUSES)}, with a reason"
            )
        chosen.append((entry, status, reason))
    changed = left = 0
    for number, (entry, status, reason) in enumerate(chosen, start=1):
        if status == "accepted" and locked(entry.category):
            left += 1
            continue
        try:
            changed += review([entry], status, reason, reviewer)[0]
        except BaselineError as err:
            raise BaselineError(f"{path}: decision {number}: {err}") from None
    return Imported(len(chosen) - left, changed, left)
