"""The short ranked summary printed on the terminal after every scan."""

from __future__ import annotations

from typing import Any, TextIO

from ..report import counts, verdict_text

SHOWN = 15
RULES_SHOWN = 10


def summary(report: dict[str, Any], out: TextIO, written: list[tuple[str, str]]) -> None:
    s = report["summary"]
    risky = [f for f in report["files"] if any(counts(x) for x in f["findings"])]
    headline, explanation = verdict_text(s)
    out.write(
        f"sdcscan {report['tool']['version']} · profile {report['profile']['name']} "
        f"(cells >= {report['profile']['min_cell']}) · {report['root']}\n"
        f"{s['files']} files: {s['scanned']} scanned, {s['unscanned']} unscanned, {s.get('excluded', 0)} excluded"
        f" · {s['findings']} findings\n"
        f"{headline.upper() if s['verdict'] != 'ready' else headline}: {explanation}\n"
    )
    excused = [f"{s[k]} {k}" for k in ("new", "accepted", "suppressed") if s.get(k)]
    if excused:
        out.write("review: " + ", ".join(excused) + " (suppressed and accepted findings do not count)\n")
    if s["by_category"]:
        out.write("by category: " + ", ".join(f"{k} {v}" for k, v in s["by_category"].items()) + "\n")
    by_rule = list(s.get("by_rule", {}).items())
    if by_rule:
        more = f", … and {len(by_rule) - RULES_SHOWN} more rules" if len(by_rule) > RULES_SHOWN else ""
        out.write("by rule: " + ", ".join(f"{k} {v}" for k, v in by_rule[:RULES_SHOWN]) + more + "\n")
    if risky:
        out.write("\nriskiest files:\n")
        for file in risky[:SHOWN]:
            standing = [f for f in file["findings"] if counts(f)]
            cats = sorted({f["category"] for f in standing})
            rules = len({f["rule"] for f in standing})
            out.write(
                f"  {file['risk']['score']:>3} {file['risk']['level']:<8} {file['path']}  "
                f"({_plural(len(standing), 'finding')}, {_plural(rules, 'rule')}: {', '.join(cats)})\n"
            )
        if len(risky) > SHOWN:
            out.write(f"  … and {len(risky) - SHOWN} more files with findings\n")
    for fmt, target in written:
        if target != "-":
            out.write(f"{fmt} report: {target}\n")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
