"""Measure sdcscan on the real-world corpus: findings per rule, a judging sheet, and precision from judged.toml.

    python benchmarks/realworld/measure.py scan  [--corpus DIR] [--json FILE]   # run sdcscan (unmasked, into /tmp)
    python benchmarks/realworld/measure.py sheet [--json FILE] [--sheet FILE] [--size N]  # the sample to judge
    python benchmarks/realworld/measure.py report [--json FILE] [--base OLD]    # counts, precision, false per 10k

The sample is up to SAMPLE findings per rule, in an order fixed by SEED (a hash of seed and finding id), so a
finding keeps its place between runs and a re-measure after a fix mostly re-uses verdicts already given. The
judged verdicts live in judged.toml as finding id, its place (`at = "path:line"`, as the sheet shows it: a verdict
holds only there, see `holding`), rule, verdict (tp/fp) and a short reason: no third-party content. Precision per
rule is over the judged findings of its sample; false findings per 10,000 lines at medium or above are estimated
per rule as findings x (1 - precision), summed, over the lines of the scanned files.
The unmasked report and the sheet hold third-party content and stay outside the repository (default /tmp).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CORPUS = Path("/tmp/sdcscan-realworld")
DEFAULT_JSON = Path("/tmp/sdcscan-realworld-report.json")
DEFAULT_SHEET = Path("/tmp/sdcscan-realworld-sheet.md")
JUDGED = HERE / "judged.toml"
SEED = "sdcscan-realworld-1"
SAMPLE = 25
CONTEXT = 3
SEVERITIES = ("low", "medium", "high", "critical")

Finding = dict[str, Any]


def _outside_repo(path: Path) -> Path:
    path = path.resolve()
    if path == REPO or REPO in path.parents:
        raise SystemExit(f"measure: {path} is inside the repository; unmasked output must stay outside it")
    return path


def scan(corpus: Path, out: Path) -> None:
    out = _outside_repo(out)
    cmd = [sys.executable, "-m", "scanner", "scan", str(corpus), "--json", str(out), "--unmask", "--fail-on", "never"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    print(f"report: {out}")


def findings(report: dict[str, Any]) -> list[Finding]:
    out = []
    for file in report["files"]:
        for f in file.get("findings", []):
            out.append({**f, "path": file["path"]})
    return out


def lines_scanned(report: dict[str, Any], corpus: Path) -> int:
    total = 0
    for file in report["files"]:
        if file["status"] == "scanned":
            data = (corpus / file["path"]).read_bytes()
            total += data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    return total


def _order(f: Finding) -> str:
    return hashlib.sha256(f"{SEED}:{f['path']}:{f['id']}".encode()).hexdigest()


def sample(
    all_findings: list[Finding], size: int = SAMPLE, judged: dict[str, Any] | None = None
) -> dict[str, list[Finding]]:
    """Up to `size` findings per rule in the seeded order; with `judged`, extended by the findings that follow in
    that order as long as they are judged (a second batch judged from `sheet --size 50` counts, still a prefix of
    the same random order)."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in all_findings:
        by_rule[f["rule"]].append(f)
    out = {}
    for rule, fs in sorted(by_rule.items()):
        ordered = sorted(fs, key=_order)
        count = min(size, len(ordered))
        while judged is not None and count < len(ordered) and ordered[count]["id"] in judged:
            count += 1
        out[rule] = ordered[:count]
    return out


def load_judged(path: Path = JUDGED) -> list[dict[str, str]]:
    """Every verdict of judged.toml, in order: an id may have several, each for its own place (`holding`)."""
    if not path.exists():
        return []
    return list(tomllib.loads(path.read_text(encoding="utf-8")).get("finding", []))


def _place(f: Finding) -> str:
    return f"{f['path']}:{f['line']}"


def holding(report: dict[str, Any], judged: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The verdict that holds for each judged finding of `report`, by finding id. A verdict that names its place
    (`at = "path:line"`) holds only there: a fingerprint counts the repeats of the same evidence in a file, so when
    a finding above goes, its id passes to the next repeat, and the verdict must not follow the id to another
    line. It follows its place instead, to the one finding of the same rule there that no verdict holds yet (none
    when the place holds several such findings). A verdict without `at` holds for its id wherever it is."""
    all_findings = findings(report)
    here: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in all_findings:
        here[(_place(f), f["rule"])].append(f)
    by_id: dict[str, list[dict[str, str]]] = defaultdict(list)
    for entry in judged:
        by_id[entry["id"]].append(entry)
    out: dict[str, dict[str, str]] = {}
    used: set[int] = set()  # the verdicts given, by identity (an id may have several)
    for f in all_findings:
        for entry in by_id.get(f["id"], []):
            if entry.get("at", _place(f)) == _place(f):
                out[f["id"]] = entry
                used.add(id(entry))
                break
    for entry in judged:
        at = entry.get("at")
        if at is None or id(entry) in used:
            continue
        left = [f for f in here.get((at, entry["rule"]), []) if f["id"] not in out]
        if len(left) == 1:
            out[left[0]["id"]] = entry
            used.add(id(entry))
    return out


def _context(corpus: Path, f: Finding) -> str:
    try:
        lines = (corpus / f["path"]).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return "    (file not readable)"
    first = max(1, f["line"] - CONTEXT)
    last = min(len(lines), f["end_line"] + CONTEXT, f["line"] + 12)
    rows = []
    for n in range(first, last + 1):
        mark = ">" if f["line"] <= n <= f["end_line"] else " "
        rows.append(f"  {mark}{n:>6} | {lines[n - 1][:160]}")
    return "\n".join(rows)


def sheet(report: dict[str, Any], corpus: Path, out: Path, size: int = SAMPLE) -> None:
    out = _outside_repo(out)
    judged = holding(report, load_judged())
    parts = [f"# Judging sheet (seed {SEED}, up to {size} per rule)\n"]
    for rule, chosen in sample(findings(report), size).items():
        parts.append(f"\n## {rule}\n")
        for f in chosen:
            verdict = judged.get(f["id"])
            state = f"judged {verdict['verdict']}: {verdict['reason']}" if verdict else "TO JUDGE"
            parts.append(f"\n### {f['id']} {f['severity']} {f['path']}:{f['line']}  [{state}]\n")
            parts.append(f"  evidence: {f['evidence'][:200]}\n{_context(corpus, f)}\n")
    out.write_text("".join(parts), encoding="utf-8")
    print(f"sheet: {out}")


# The precision a severity promises (docs/realworld.md, "What the severities mean"): `high` right at least 9 times in
# 10, `medium` at least half the time. A rule is held to it once at least BAR_JUDGED of its findings are judged.
BARS = {"high": 0.9, "medium": 0.5}
BAR_JUDGED = 10


def wilson(tp: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a precision of `tp` of `n` (n > 0)."""
    p = tp / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def bar(severity: str, tp: int, n: int) -> str:
    """`below` when the rule's measured precision breaks the promise of its severity: the whole interval lies under
    its bar; "" when it keeps it or too few are judged. A precision over a higher bar asks nothing: a severity is
    what the harm calls for, capped by the precision (docs/realworld.md)."""
    own = BARS.get(severity)
    return "below" if own is not None and n >= BAR_JUDGED and wilson(tp, n)[1] < own else ""


def report_table(report: dict[str, Any], corpus: Path) -> str:
    all_findings = findings(report)
    judged = holding(report, load_judged())
    lines = lines_scanned(report, corpus)
    counts = Counter(f["rule"] for f in all_findings)
    severity = {f["rule"]: f["severity"] for f in all_findings}
    rows = [
        "| rule | severity | findings | judged | TP | FP | precision | Wilson 95% | severity's bar | est. false |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    false_medium = 0.0
    unjudged_medium: list[str] = []
    for rule, chosen in sample(all_findings, judged=judged).items():
        verdicts = [judged[f["id"]]["verdict"] for f in chosen if f["id"] in judged]
        tp, fp = verdicts.count("tp"), verdicts.count("fp")
        precision = tp / (tp + fp) if tp + fp else None
        est = counts[rule] * (1 - precision) if precision is not None else None
        if SEVERITIES.index(severity[rule]) >= SEVERITIES.index("medium"):
            if est is None:
                unjudged_medium.append(rule)
            else:
                false_medium += est
        shown = f"{precision:.0%}" if precision is not None else "-"
        interval = "-" if precision is None else "{:.0%}-{:.0%}".format(*wilson(tp, tp + fp))
        est_shown = f"{est:.0f}" if est is not None else "-"
        rows.append(
            f"| {rule} | {severity[rule]} | {counts[rule]} | {tp + fp} | {tp} | {fp} | {shown} | {interval} | "
            f"{bar(severity[rule], tp, tp + fp)} | {est_shown} |"
        )
    files = sum(1 for f in report["files"] if f["status"] == "scanned")
    rows.append("")
    rows.append(f"scanned files: {files}; lines: {lines}; findings: {len(all_findings)}")
    per_10k = false_medium / lines * 1e4 if lines else 0.0
    rows.append(f"estimated false findings at medium or above: {false_medium:.0f}, {per_10k:.2f} per 10,000 lines")
    if unjudged_medium:
        rows.append(f"medium+ rules without judged findings (not counted): {', '.join(unjudged_medium)}")
    return "\n".join(rows)


def moved(report: dict[str, Any], base: dict[str, Any], judged: list[dict[str, str]]) -> list[str]:
    """Judged findings whose line differs from the line they had in an earlier report: a fingerprint counts
    occurrences of the same evidence, so when a finding above goes, its id can pass to another line, and the
    verdict given for the first line then counts for the other one (re-read it)."""
    ids = {entry["id"] for entry in judged}
    before = {f["id"]: (f["path"], f["line"]) for f in findings(base) if f["id"] in ids}
    out = []
    for f in findings(report):
        was = before.get(f["id"])
        if was is not None and was != (f["path"], f["line"]):
            out.append(
                f"warning: judged {f['id']} ({f['rule']}) moved from line {was[1]} to {f['line']} of {f['path']}"
            )
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("scan", "sheet", "report"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--sheet", type=Path, default=DEFAULT_SHEET)
    parser.add_argument("--size", type=int, default=SAMPLE, help="findings per rule on the sheet")
    parser.add_argument("--base", type=Path, help="an earlier report: warn of judged findings now on another line")
    args = parser.parse_args(argv)
    if args.command == "scan":
        scan(args.corpus, args.json)
        return 0
    report = json.loads(args.json.read_text(encoding="utf-8"))
    if args.command == "sheet":
        sheet(report, args.corpus, args.sheet, args.size)
    else:
        print(report_table(report, args.corpus))
        if args.base is not None:
            base = json.loads(args.base.read_text(encoding="utf-8"))
            print("\n".join(moved(report, base, load_judged())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
