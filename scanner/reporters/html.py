"""The reviewer's HTML report: one self-contained file to read before approving an export.

The server-side part (Jinja2, autoescaped) is what must work without JavaScript: the verdict, the counts and the
ranking of every file, plus which rules fire on which lines of each file. The findings in full (context lines,
highlighted spans, explanations) travel as one JSON block that the inline script turns into DOM nodes only when a
file is opened, so a project with 50,000 findings still opens quickly. Nothing is fetched: a Content-Security-Policy
allows exactly the inline style and script (by hash) and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from functools import cache
from typing import Any, TextIO

import jinja2

from ..mask import text as mask_text
from ..model import CATEGORIES, LEVELS
from ..report import counts, verdict_text
from ..resources import read_text


def render(report: dict[str, Any], out: TextIO) -> None:
    css = read_text("package", "templates", "report.css")
    js = read_text("package", "templates", "report.js")
    out.write(
        _template().render(
            r=report,
            view=_view(report),
            css=css,
            js=js,
            csp=_csp(css, js),
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


def _csp(css: str, js: str) -> str:
    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    return f"default-src 'none'; script-src {digest(js)}; style-src {digest(css)}; base-uri 'none'; form-action 'none'"


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
    for index, file in enumerate(report["files"]):
        standing = [f for f in file["findings"] if counts(f)]  # suppressed and accepted ones never do
        lines: dict[str, list[int]] = defaultdict(list)
        for f in standing:
            if file["status"] == "scanned":
                lines[f["rule"]].append(f["line"])
        rows.append(
            {
                "index": index,
                "file": file,
                "findings": len(standing),
                "set_aside": len(file["findings"]) - len(standing),
                "categories": sorted({f["category"] for f in standing}, key=CATEGORIES.index),
                # (rule, count, lines): the outline a reader without JavaScript still gets
                "rules": [
                    (rule, n, lines.get(rule, [])) for rule, n in sorted(Counter(f["rule"] for f in standing).items())
                ],
            }
        )
    to_fix = sum(1 for row in rows if row["findings"] and row["file"]["status"] == "scanned")
    headline, explanation = verdict_text(report["summary"])
    levels = Counter(row["file"]["risk"]["level"] for row in rows if row["file"]["status"] != "excluded")
    return {
        "rows": rows,
        "detailed": [row for row in rows if row["file"]["findings"]],
        "verdict": VERDICT_STYLE[report["summary"]["verdict"]],
        "headline": headline,
        "explanation": explanation,
        "to_fix": to_fix,
        "levels": [(level, levels[level]) for level in reversed(LEVELS)],
        "categories": list(report["summary"]["by_category"].items()),
        "set_aside": sum(row["set_aside"] for row in rows),
        "generated": report["generated_at"].replace("T", " ").replace("+00:00", " UTC"),
    }


def _data(report: dict[str, Any]) -> str:
    """The findings in full, as JSON safe inside a <script> element (no `<`, `>` or `&` survives literally).

    Context windows of neighbouring findings overlap, so each file's lines are stored once and findings point
    into them by line number.
    """
    files: list[dict[str, Any] | None] = []
    for file in report["files"]:
        if not file["findings"]:
            files.append(None)
            continue
        lines: dict[int, str] = {}
        findings = []
        for f in file["findings"]:
            item = {k: f[k] for k in ("id", "rule", "category", "severity", "line", "column", "end_line", "end_column")}
            item |= {"message": f["message"], "evidence": f["evidence"]}
            for key in ("suppressed", "baseline"):
                if f.get(key) is not None:
                    item[key] = f[key]
            context = f.get("context")
            if context and context["lines"]:
                first = context["start_line"]
                item["context"] = [first, first + len(context["lines"]) - 1]
                for offset, line in enumerate(context["lines"]):
                    lines[first + offset] = line
            findings.append(item)
        files.append({"findings": findings, "lines": {str(n): lines[n] for n in sorted(lines)}})
    rules = {
        # Prose written by us, but a worked example could hold a CPR-shaped number: the report masks it anyway.
        rule_id: {key: mask_text(value) for key, value in meta.items()}
        for rule_id, meta in report["rules"].items()
    }
    payload = json.dumps({"files": files, "rules": rules}, ensure_ascii=False, separators=(",", ":"))
    return payload.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
