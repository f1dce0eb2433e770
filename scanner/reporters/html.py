"""The reviewer's HTML report: one self-contained file to read before approving an export.

The server-side part (Jinja2, autoescaped) is what must work without JavaScript: the verdict, the counts and the
ranking of every file, plus which rules fire on which lines of each file. The findings in full (context lines,
highlighted spans, explanations) travel as one JSON block that the inline script turns into DOM nodes only when a
file is opened, so a project with 50,000 findings still opens quickly. Nothing is fetched: a Content-Security-Policy
allows exactly the inline style and script (by hash), images from data: URIs (the graphs) and nothing else.

Graphs (PNG, JPEG, GIF, SVG) cannot be scanned, yet a person must look at every one that goes home: each is embedded
as a data URI within a size limit and shown only when the reviewer asks for it. They are read from the scanned
folder (`root` as given, relative to where the scan ran) when the report is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import jinja2

from ..config import LOCKED_CATEGORY
from ..fileio import open_regular
from ..mask import text as mask_text
from ..model import CATEGORIES, LEVELS
from ..report import NOT_READ, counts, verdict_text
from ..resources import read_text

PAGE = 500  # ranking rows (and file sections) shown at first when the script runs; the rest behind "show more"
# Run in <head>, before the body is parsed: with it, rows past the first page are never laid out (laying out a
# 5,000-row table is most of the time a large report takes to open); without JavaScript every row shows.
HEAD_JS = 'document.documentElement.classList.add("paging");'


def render(report: dict[str, Any], out: TextIO) -> None:
    css = read_text("package", "templates", "report.css")
    js = read_text("package", "templates", "report.js")
    out.write(
        _template().render(
            r=report,
            view=_view(report),
            css=css,
            js=js,
            head_js=HEAD_JS,
            csp=_csp(css, HEAD_JS, js),
            data=_data(report),
        )
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(read_text("package", "templates", "report.html.j2"))


def _csp(css: str, *scripts: str) -> str:
    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    return (
        f"default-src 'none'; script-src {' '.join(map(digest, scripts))}; style-src {digest(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


GRAPH_TYPES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".svg": ("image/svg+xml", ()),
}
GRAPH_LIMIT = 2_000_000  # bytes per graph embedded in the report
GRAPHS_TOTAL = 20_000_000  # bytes of graphs in one report: beyond, a note says to open them from the folder
LINE_RANGES_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Graph:
    src: str = ""  # a data: URI, or empty when `note` says why the graph is not embedded
    note: str = ""


def _graphs(report: dict[str, Any]) -> dict[int, Graph]:
    """The graph files of the report by file index, in ranking order until the total limit is reached."""
    root = Path(report["root"])
    graphs: dict[int, Graph] = {}
    total = 0
    for index, file in enumerate(report["files"]):
        suffix = Path(file["path"]).suffix.lower()
        if file["status"] == "excluded" or suffix not in GRAPH_TYPES:
            continue
        mime, magic = GRAPH_TYPES[suffix]
        try:
            size = (root / file["path"]).stat().st_size
            limit = GRAPH_LIMIT if size > GRAPH_LIMIT else GRAPHS_TOTAL if total + size > GRAPHS_TOTAL else 0
            if limit:
                scope = "per graph" if limit == GRAPH_LIMIT else "for all graphs in one report"
                graphs[index] = Graph(
                    note=f"Not embedded: {size / 1e6:.1f} MB is over the {_mb(limit)} limit {scope}; "
                    "open the file from the folder."
                )
                continue
            with open_regular(root / file["path"]) as image:  # a pipe named like a picture would never answer
                content = image.read()
        except OSError as err:
            graphs[index] = Graph(note=f"Not embedded: {err.strerror or err}; open the file from the folder.")
            continue
        if not (content.startswith(magic) if magic else b"<svg" in content[:4096].lower()):
            graphs[index] = Graph(note=f"Not embedded: the content is not a {suffix[1:].upper()} image.")
            continue
        total += len(content)
        graphs[index] = Graph(src=f"data:{mime};base64," + base64.b64encode(content).decode("ascii"))
    return graphs


def _mb(size: int) -> str:
    return f"{size / 1e6:g} MB"


def _lines(lines: list[int]) -> str:
    """ "line 3", or "37 places, lines 12-480 (12-14, 20, ...)": readable however many places there are."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    ranges: list[list[int]] = []
    for n in sorted(set(lines)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges[:LINE_RANGES_SHOWN])
    more = ", ..." if len(ranges) > LINE_RANGES_SHOWN else ""
    return f"{len(lines)} places, lines {min(lines)}-{max(lines)} ({shown}{more})"


def _gap(finding: dict[str, Any]) -> bool:
    """A note on a scanned file that part of it was not checked (category `coverage`, or `unscanned`): a reason to
    check by hand, not a disclosure to fix."""
    return bool(finding["category"] in NOT_READ)


# The verdict's colour in the page.
VERDICT_STYLE = {
    "ready": "go",
    "ready-without-excluded": "partial",
    "changes-needed": "stop",
    "check-by-hand": "review",
}


def _view(report: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, computed once here so the template stays free of logic."""
    rows = []
    titles = {rule_id: meta["title"] for rule_id, meta in report["rules"].items()}
    for index, file in enumerate(report["files"]):
        standing = [f for f in file["findings"] if counts(f)]  # suppressed and accepted ones never do
        lines: dict[str, list[int]] = defaultdict(list)
        for f in standing:
            if file["status"] == "scanned":
                lines[f["rule"]].append(f["line"])
        scanned = file["status"] == "scanned"
        rows.append(
            {
                "index": index,
                "file": file,
                "findings": len(standing),
                "set_aside": len(file["findings"]) - len(standing),
                "categories": sorted({f["category"] for f in standing}, key=CATEGORIES.index),
                "rules": sorted({f["rule"] for f in standing}),
                "to_fix": scanned and any(not _gap(f) for f in standing),
                "gaps": scanned and any(_gap(f) for f in standing),
                # (rule, title, count, lines): the outline a reader without JavaScript still gets
                "outline": [
                    (rule, titles.get(rule, ""), n, _lines(lines[rule]) if rule in lines else "")
                    for rule, n in sorted(Counter(f["rule"] for f in standing).items())
                ],
            }
        )
    to_fix = sum(1 for row in rows if row["to_fix"])
    gaps = sum(1 for row in rows if row["gaps"])
    headline, explanation = verdict_text(report["summary"])
    levels = Counter(row["file"]["risk"]["level"] for row in rows if row["file"]["status"] != "excluded")
    return {
        "rows": rows,
        "detailed": [row for row in rows if row["file"]["findings"]],
        "verdict": VERDICT_STYLE[report["summary"]["verdict"]],
        "headline": headline,
        "explanation": explanation,
        "to_fix": to_fix,
        "gaps": gaps,
        "levels": [(level, levels[level]) for level in reversed(LEVELS)],
        "categories": list(report["summary"]["by_category"].items()),
        "rules": [(rule, titles.get(rule, ""), n) for rule, n in report["summary"].get("by_rule", {}).items()],
        "set_aside": sum(row["set_aside"] for row in rows),
        "page": PAGE,
        "generated": report["generated_at"].replace("T", " ").replace("+00:00", " UTC"),
    }


# The order of a finding's fields in the data block; text fields hold an index into the block's string table.
FIELDS = (
    "id",
    "rule",
    "category",
    "severity",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "evidence",
    "suppressed",
    "baseline",
    "source",  # {path, line}: the program statement that made an output finding
    "context_start",
    "context_end",
    "mark_column",  # the finding's columns re-measured in the masked context lines
    "mark_end_column",
)
_TEXT = frozenset(("rule", "category", "severity", "message", "evidence", "suppressed", "baseline"))


def _data(report: dict[str, Any]) -> str:
    """The findings in full, as JSON safe inside a <script> element (no `<`, `>` or `&` survives literally).

    Compact, because its size is most of the time a large report takes to open: each finding is an array in the
    order of FIELDS, every text (messages, masked evidence and context lines, which repeat a great deal once
    digits are masked) is stored once in `strings` and referred to by index, and context windows of neighbouring
    findings share their lines (`lines` maps a line number to a string index). Each file is a JSON string within
    the block, parsed when the file is opened.
    """
    graphs = _graphs(report)
    strings: dict[str, int] = {}

    def intern(text: str | None) -> int | None:
        return None if text is None else strings.setdefault(text, len(strings))

    # Provenance links files to files (an output to the program that made it, a program to its outputs): by
    # index, so the page can open the other file's section; None for a file without a section.
    sections = {file["path"]: i for i, file in enumerate(report["files"]) if file["findings"]}
    files: list[str | None] = []
    for index, file in enumerate(report["files"]):
        if not file["findings"]:
            files.append(None)
            continue
        lines: dict[int, int | None] = {}
        findings = []
        for f in file["findings"]:
            item = {key: intern(f.get(key)) if key in _TEXT else f.get(key) for key in FIELDS[:-4]}
            if f.get("source"):
                item["source"] = {**f["source"], "index": sections.get(f["source"]["path"])}
            context = f.get("context")
            if context and context["lines"]:
                first = context["start_line"]
                item["context_start"], item["context_end"] = first, first + len(context["lines"]) - 1
                if "mark" in context:
                    item["mark_column"], item["mark_end_column"] = context["mark"]
                for offset, line in enumerate(context["lines"]):
                    lines[first + offset] = intern(line)
            findings.append([item.get(key) for key in FIELDS])
        entry: dict[str, Any] = {
            "path": file["path"],
            "findings": findings,
            "lines": {str(n): lines[n] for n in sorted(lines)},
        }
        if file.get("outputs"):
            entry["outputs"] = [{**place, "index": sections.get(place["path"])} for place in file["outputs"]]
        if index in graphs:
            graph = graphs[index]
            entry["graph"] = {"src": graph.src} if graph.src else {"note": graph.note}
        # each file as a JSON string of its own: the page parses one file's findings only when it is opened
        files.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    rules = {
        # Prose written by us, but a worked example could hold a CPR-shaped number: the report masks it anyway.
        rule_id: {key: mask_text(value) for key, value in meta.items()}
        for rule_id, meta in report["rules"].items()
    }
    meta = {"root": report["root"], "generated_at": report["generated_at"], "locked": [LOCKED_CATEGORY]}
    payload = json.dumps(
        {"report": meta, "fields": FIELDS, "strings": list(strings), "files": files, "rules": rules},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return payload.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
