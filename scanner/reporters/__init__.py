"""Reporters render the canonical report dict; one module per format, registered here and nowhere else.

The command line's report options (`--json`, `--html`, `--sarif`) are checked against `FORMATS` by a test, and
`sdcscan.output` reads each format's suffix, stdout permission and signature from it: adding a format is a module
with `render(report, out)` plus one entry below (and its option on `scan`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from . import html, json_report, sarif

Render = Callable[[dict[str, Any], TextIO], None]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    render: Render
    suffix: str  # the usual file name ending
    stdout: bool  # may be written to standard output with '-'
    # A regular expression matched against a file's first 4 KiB: an earlier report of this format, which a re-run
    # may replace inside the scanned folder (any other file there is the project's and is never overwritten).
    signature: str


_JSON = r'^\{\s*"schema_version": \d+,\s*"tool": \{\s*"name": "sdcscan"'
_HTML = r'(?s)^<!DOCTYPE html>.{0,2000}<meta name="generator" content="sdcscan '
_SARIF = r'(?s)^\{\s*"\$schema": "[^"]*sarif.{0,200}"driver": \{\s*"name": "sdcscan"'

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("json", json_report.render, ".json", True, _JSON),
        # HTML on standard output would be mixed with the terminal summary, and nobody reads it there
        Format("html", html.render, ".html", False, _HTML),
        Format("sarif", sarif.render, ".sarif", True, _SARIF),
    )
}


def renderer(fmt: str) -> Render:
    return FORMATS[fmt].render
