"""The short ranked summary printed on the terminal after every scan."""

from __future__ import annotations

from typing import Any, TextIO

SHOWN = 15


def summary(report: dict[str, Any], out: TextIO, written: list[tuple[str, str]]) -> None:
    s = report["summary"]
    risky = [f for f in report["files"] if f["findings"]]
    verdict = "NOT READY for export" if risky else "nothing found"
    out.write(
        f"sdcscan {report['tool']['version']} · profile {report['profile']['name']} "
        f"(cells >= {report['profile']['min_cell']}) · {report['root']}\n"
        f"{s['files']} files: {s['scanned']} scanned, {s['unscanned']} unscanned, {s.get('excluded', 0)} excluded"
        f" · {s['findings']} findings · {verdict}\n"
    )
    if s["by_category"]:
        out.write("by category: " + ", ".join(f"{k} {v}" for k, v in s["by_category"].items()) + "\n")
    if risky:
        out.write("\nriskiest files:\n")
        for file in risky[:SHOWN]:
            cats = sorted({f["category"] for f in file["findings"]})
            out.write(
                f"  {file['risk']['score']:>3} {file['risk']['level']:<8} {file['path']}  "
                f"({len(file['findings'])}: {', '.join(cats)})\n"
            )
        if len(risky) > SHOWN:
            out.write(f"  … and {len(risky) - SHOWN} more files with findings\n")
    for fmt, target in written:
        if target != "-":
            out.write(f"{fmt} report: {target}\n")
