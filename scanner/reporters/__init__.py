"""Reporters render the canonical report dict; one module per format, registered here and nowhere else.

The command line gives `scan` one report option per entry (`--json`, `--html`, `--sarif`, with the entry's help), and
`sdcscan.output` reads each format's suffix, stdout permission and report label from it: adding a format is a module
with `render(report, out)` plus one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TextIO

Render = Callable[[dict[str, Any], TextIO], None]


def _deferred(module: str) -> Render:
    """`render` of `reporters/<module>.py`, imported when a report of that format is written: a scan that writes
    only JSON does not load the HTML template engine (start-up time of every command)."""

    def render(report: dict[str, Any], out: TextIO) -> None:
        import_module(f"{__name__}.{module}").render(report, out)

    return render


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    render: Render
    suffix: str  # the usual file name ending
    stdout: bool  # may be written to standard output with '-'
    # What `discover.own_report` calls an earlier report of this format: a re-run may replace one inside the scanned
    # folder (any other file there is the project's and is never overwritten).
    label: str
    help: str  # the help of its `scan` option, `--<name>`


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            "json", _deferred("json_report"), ".json", True, "JSON report", "Write the JSON report here ('-' = stdout)."
        ),
        # a page for a browser, opened from disk: on standard output it would only flood a terminal
        Format("html", _deferred("html"), ".html", False, "HTML report", "Write the HTML review report here."),
        Format("sarif", _deferred("sarif"), ".sarif", True, "SARIF log", "Write a SARIF 2.1.0 log here."),
    )
}


def renderer(fmt: str) -> Render:
    return FORMATS[fmt].render
