"""The one canonical report dict (see the JSON contract); every reporter renders from it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from . import __version__, clock, mask, model, risk
from .config import Settings
from .model import CATEGORIES, LEVELS, SEVERITIES, FileResult, Finding
from .registry import catalogue

SCHEMA_VERSION = 1


def build(root: str, results: Sequence[FileResult], settings: Settings) -> dict[str, Any]:
    """The report of settled results (`engine.settle`: selected, re-rated, compared with the baseline, scored):
    this only serialises."""
    files = sorted(results, key=risk.rank)
    findings = [f for r in files for f in r.findings]
    by_category = Counter(f.category for f in findings)
    by_rule = Counter(f.rule for f in findings)
    by_severity = Counter(f.severity for f in findings)
    by_level = Counter(r.level for r in files if r.status != "excluded")
    status = Counter(r.status for r in files)
    used = sorted({f.rule for f in findings})
    rules = catalogue()
    entries = _files(files, settings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "sdcscan", "version": __version__},
        "root": root if settings.unmask else mask.path(root, settings.extra_names),
        "generated_at": clock.now(),
        "profile": {"name": settings.profile, "min_cell": settings.min_cell, "mask": settings.cell_mask},
        "masked": not settings.unmask,
        **_configuration(settings),
        "summary": {
            "verdict": verdict(entries, settings.fail_on),
            "files": len(files),
            "scanned": status["scanned"],
            "unscanned": status["unscanned"],
            "excluded": status["excluded"],
            "findings": len(findings),
            "suppressed": sum(f.suppressed is not None for f in findings),
            **_baseline_counts(findings),
            "by_category": {c: by_category[c] for c in CATEGORIES if by_category[c]},
            "by_severity": {s: by_severity[s] for s in reversed(SEVERITIES) if by_severity[s]},
            "by_level": {level: by_level[level] for level in reversed(LEVELS) if by_level[level]},
            # most frequent first, ties by id: the rules that flood a review stand at the top
            "by_rule": dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))),
        },
        "files": entries,
        "rules": {
            rule_id: {
                "category": rules[rule_id].category,
                "severity": rules[rule_id].severity,
                "title": rules[rule_id].title,
                "explanation": rules[rule_id].explanation,
                "remedy": rules[rule_id].remedy,
            }
            for rule_id in used
        },
    }


def _file(result: FileResult) -> dict[str, Any]:
    data = result.to_dict()
    if result.status != "excluded":
        # what ordered files of equal score (README, "The risk score"), so a reader can see why
        breaks = risk.tie_breaks(result.findings)
        data["risk"] |= {"rules": breaks["rules"], "strongest": breaks["strongest"]}
    return data


def _files(files: Sequence[FileResult], settings: Settings) -> list[dict[str, Any]]:
    """The files as the report shows them: paths masked (identifiers in names replaced, still unique; see
    `mask.paths`) and reasons masked, unless --unmask."""
    out = [_file(r) for r in files]
    if settings.unmask:
        return out
    shown = mask.paths((r.path for r in files), settings.extra_names)
    for data in out:
        data["path"] = shown[data["path"]]
        # provenance names scanned files too (scanner/provenance.py): the same masked paths
        for place in [f["source"] for f in data["findings"] if "source" in f] + data.get("outputs", []):
            place["path"] = shown.get(place["path"], place["path"])
        if data["reason"]:
            data["reason"] = mask.text(data["reason"], settings.extra_names)
    return out


def _configuration(settings: Settings) -> dict[str, Any]:
    """The project configuration the scan ran with, so a reviewer sees what was switched off or re-rated."""
    if settings.config_file is None:
        return {}
    chosen = {
        "file": settings.config_file,
        "include": list(settings.include),
        "exclude": list(settings.exclude),
        "enable": list(settings.enable),
        "extend_enable": list(settings.extend_enable),
        "disable": list(settings.disable),
        "severity": dict(settings.severity),
        "extra_identifiers": list(settings.extra_identifiers),
        # extra_names may be names of real persons: the report says how many, never which
        "extra_names": len(settings.extra_names),
        "zero_is_small": settings.zero_is_small,
    }
    return {"config": {k: v for k, v in chosen.items() if v or k == "file"}}


def _baseline_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """`new` and `accepted` when the scan was compared with a baseline; nothing otherwise."""
    if not any(f.baseline for f in findings):
        return {}
    return {
        "new": sum(f.baseline == "new" for f in findings),
        "accepted": sum(f.baseline == "accepted" for f in findings),
    }


def counts(finding: dict[str, Any]) -> bool:
    """`model.counts` for a finding of the report dict (what reporters read)."""
    return model.counts(finding.get("suppressed"), finding.get("baseline"))


# Categories about what sdcscan could not read (a whole file, or lines of a scanned one): a check by hand.
NOT_READ = ("unscanned", "coverage")

Verdict = Literal["ready", "ready-without-excluded", "changes-needed", "check-by-hand"]


def verdict(files: Sequence[dict[str, Any]], fail_on: str) -> Verdict:
    """Whether the folder can go home, the one decision every reporter renders (see the JSON contract).

    `changes-needed`: a counting finding at or above `fail_on` (`never` decides the exit code only: here it counts
    as `low`) that is not about what sdcscan could not read, or any critical one; `check-by-hand`: otherwise,
    when a file was not scanned, an unscanned or coverage finding stands at or above it, or no file was scanned;
    `ready-without-excluded`: files were excluded, which were not checked and must stay behind; `ready`: none of it.
    """
    floor = SEVERITIES.index("low" if fail_on == "never" else fail_on)
    standing = [f for r in files for f in r["findings"] if counts(f) and SEVERITIES.index(f["severity"]) >= floor]
    if any(f["category"] not in NOT_READ or f["severity"] == "critical" for f in standing):
        return "changes-needed"
    status = Counter(r["status"] for r in files)
    if standing or status["unscanned"] or not status["scanned"]:
        return "check-by-hand"
    return "ready-without-excluded" if status["excluded"] else "ready"


def verdict_text(summary: dict[str, Any]) -> tuple[str, str]:
    """(headline, explanation) of the report's verdict: the words the terminal and the HTML both show."""
    excluded, unscanned, chosen = summary.get("excluded", 0), summary["unscanned"], summary["verdict"]
    were = "were" if excluded != 1 else "was"
    left_behind = (
        f"; the {_count_files(excluded, 'excluded ')} {were} not checked and must stay behind" if excluded else ""
    )
    if chosen == "ready":
        return "Ready to go home as it is", "Every file was scanned and nothing was found."
    if chosen == "ready-without-excluded":
        return (
            f"Can go home without the {_count_files(excluded, 'excluded ')}, which {were} not checked and must stay"
            " behind",
            "Every other file was scanned and nothing was found.",
        )
    not_read = f"; {_count_files(unscanned)} could not be scanned and must be checked by hand" if unscanned else ""
    if chosen == "changes-needed":
        return "Not ready to go home", f"Fix or leave behind the files with findings{not_read}{left_behind}."
    if not summary["scanned"]:
        return "Check by hand before it goes home", f"No file was scanned, so nothing was checked{left_behind}."
    if unscanned:
        return "Check by hand before it goes home", f"Nothing blocking was found{not_read}{left_behind}."
    return (
        "Check by hand before it goes home",
        f"Nothing blocking was found, but parts of files could not be read and must be checked by hand{left_behind}.",
    )


def _count_files(n: int, adjective: str = "") -> str:
    return f"{n} {adjective}file{'s' if n != 1 else ''}"


def exceeds(report: dict[str, Any], fail_on: str) -> bool:
    """Whether any counting finding is at or above `fail_on` (the exit-code rule of the contract)."""
    if fail_on == "never":
        return False
    floor = SEVERITIES.index(fail_on)
    return any(
        SEVERITIES.index(f["severity"]) >= floor for file in report["files"] for f in file["findings"] if counts(f)
    )
