"""The short ranked summary printed on the terminal after every scan, and the progress of a long scan.

Both go through `rich`: colour only on a terminal and never when NO_COLOR is set (https://no-color.org), plain
text in a pipe or a file, so what a script reads does not change.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..report import counts, verdict_text

SHOWN = 15
RULES_SHOWN = 10
VERDICT_STYLE = {
    "ready": "bold green",
    "ready-without-excluded": "bold yellow",
    "check-by-hand": "bold magenta",
    "changes-needed": "bold red",
}
LEVEL_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "blue", "none": "dim"}


class _Out:
    """A text stream that colours through rich: `write(text, style)`, never read as markup (paths may hold [])."""

    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=True)

    def write(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style), end="")


def summary(report: dict[str, Any], stream: TextIO, written: list[tuple[str, str]]) -> None:
    out = _Out(stream)
    s = report["summary"]
    risky = [f for f in report["files"] if any(counts(x) for x in f["findings"])]
    headline, explanation = verdict_text(s)
    out.write(
        f"sdcscan {report['tool']['version']} · profile {report['profile']['name']} "
        f"(cells >= {report['profile']['min_cell']}) · {report['root']}\n"
        f"{s['files']} files: {s['scanned']} scanned, {s['unscanned']} unscanned, {s.get('excluded', 0)} excluded"
        f" · {s['findings']} findings\n"
    )
    out.write(headline.upper() if s["verdict"] != "ready" else headline, VERDICT_STYLE.get(s["verdict"], ""))
    out.write(f": {explanation}\n")
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
            level = file["risk"]["level"]
            out.write(f"  {file['risk']['score']:>3} ")
            out.write(f"{level:<8}", LEVEL_STYLE.get(level, ""))
            out.write(
                f" {file['path']}  ({_plural(len(standing), 'finding')}, {_plural(rules, 'rule')}: {', '.join(cats)})\n"
            )
        if len(risky) > SHOWN:
            out.write(f"  … and {len(risky) - SHOWN} more files with findings\n")
    for fmt, target in written:
        if target != "-":
            out.write(f"{fmt} report: {target}\n")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class _Rate(ProgressColumn):
    """Files per second (rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} files/s" if task.speed else "", style="progress.data.speed")


class ScanProgress:
    """Progress of a scan on stderr, with rate and time left: shown only on a terminal and only once the scan has
    taken `delay` seconds, so short scans and pipes stay quiet."""

    def __init__(self, enabled: bool, stream: TextIO, delay: float = 0.5) -> None:
        self.console = Console(file=stream, highlight=False)
        self.enabled = enabled and self.console.is_terminal
        self.delay = delay
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task = TaskID(0)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        if self.bar is None:
            self.bar = Progress(
                TextColumn("scanning"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                _Rate(),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self.task = self.bar.add_task("scan", total=total)
            self.bar.start()
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
