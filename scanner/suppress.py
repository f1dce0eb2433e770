"""Inline suppressions: a reviewed exception written next to the code it excuses, with its reason.

    proc print data=codebook; run;  /* sdcscan: ignore[sas.proc-print] -- prints the codebook, no persons */
    # sdcscan: ignore[r.head] -- aggregated table, one row per region
    head(by_region)
    * sdcscan: ignore-file[small-cell] -- counts here are of hospitals, not persons;

A directive at the end of a line covers that line; alone on its line it covers the next line of code (blank lines
and other comment lines in between are skipped); `ignore-file` covers the whole file. RULE is a rule id or a
category, several separated by commas. Directives are read only from `comment` facts, so the same words inside a
string do nothing, and code echoed into a log never suppresses anything.

A directive must name a rule and give a reason after `--`; one that does not, that names an unknown rule, or that
names `cpr` suppresses nothing and is itself a finding. So is a directive that ends up covering no finding, so stale
exceptions do not pile up. CPR findings can never be suppressed: a CPR number is never acceptable in an export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import mask
from .config import LOCKED_CATEGORY, Settings, locked, suggest
from .frontends import Document
from .model import CATEGORIES, Fact, Finding
from .registry import catalogue
from .rules import Context

_DIRECTIVE = re.compile(r"\bsdcscan\s*:\s*(ignore-file|ignore)(?![\w-])(?:\s*\[([^\]\n]*)\])?(.*)", re.I | re.S)
# `--` starts the reason; editors like to turn it into a dash, which means the same.
_REASON = re.compile(r"\s*(?:--|\u2013|\u2014)(.*)", re.S)
# What closes a comment in the languages we read: `*/` (SAS, Stata), `;` (SAS `* ... ;`).
_CLOSER = re.compile(r"(?:\s*(?:\*/|;))+\s*$")


@dataclass(frozen=True, slots=True)
class Directive:
    scope: str  # "line" or "file"
    rules: tuple[str, ...]
    reason: str


def parse(comment: str) -> Directive | None:
    """The directive in a comment's text (delimiters included or not), or None when it holds none.

    A directive with no rule gives `rules == ()`, one with no reason `reason == ""`; the caller reports both.
    """
    found = _DIRECTIVE.search(comment)
    if not found:
        return None
    scope = "file" if found[1].lower() == "ignore-file" else "line"
    rules = tuple(r.strip() for r in (found[2] or "").split(",") if r.strip())
    reason_match = _REASON.match(found[3])
    reason = " ".join(_CLOSER.sub("", reason_match[1]).split()) if reason_match else ""
    # A reason is words, not punctuation: `-- .` or `-- *` explains nothing.
    if not any(ch.isalpha() for ch in reason):
        reason = ""
    return Directive(scope, rules, reason)


# A notebook stores each code line as a JSON string (`    "x = 1\\n",`): its quotes and escapes are not code.
_JSON_EDGES = re.compile(r'^\s*"|(?:\\n)?"?,?\s*$')


def _blank(doc: Document, text: str) -> bool:
    if doc.kind == "notebook":
        text = _JSON_EDGES.sub("", text)
    return not text.strip()


# How far a directive alone on its line looks for the code it covers (past blank lines and other comments).
LOOKAHEAD = 200


class _Lines:
    """The file's lines by number. A streamed (very large) file is read once, keeping only the lines near comments."""

    def __init__(self, doc: Document, comments: Sequence[Fact]) -> None:
        source = doc.lines
        self._list: list[str] | None = source if isinstance(source, list) else None
        self._kept: dict[int, str] = {}
        if self._list is None:
            wanted = {n for fact in comments for n in range(fact.line, fact.end_line + LOOKAHEAD + 1)}
            self._kept = {n: line for n, line in enumerate(source, start=1) if n in wanted}

    def __getitem__(self, number: int) -> str:
        if self._list is not None:
            return self._list[number - 1] if 0 < number <= len(self._list) else ""
        return self._kept.get(number, "")


def _alone(doc: Document, lines: _Lines, fact: Fact) -> bool:
    """Whether nothing but whitespace shares the comment's lines."""
    before = lines[fact.line][: fact.column - 1]
    after = lines[fact.end_line][fact.end_column - 1 :]
    return _blank(doc, before) and _blank(doc, after)


def _target(doc: Document, lines: _Lines, fact: Fact, alone: dict[int, int]) -> int:
    """The line a line-scoped directive covers: its own, or the next line of code when it stands alone (`alone`
    maps the first line of every comment that stands alone to its last, so stacked comments are skipped)."""
    if not _alone(doc, lines, fact):
        return fact.line
    number = fact.end_line + 1
    while number <= fact.end_line + LOOKAHEAD:
        if number in alone:
            number = alone[number] + 1
        elif _blank(doc, lines[number]):
            number += 1
        else:
            return number
    return fact.end_line


def apply(findings: Sequence[Finding], comments: Sequence[Fact], doc: Document, settings: Settings) -> list[Finding]:
    """Mark the findings each valid directive covers as suppressed (with its reason); return the findings about
    the directives themselves (no reason, unknown or locked rule, nothing covered)."""
    directives = [(fact, d) for fact in comments if not fact.echo and (d := parse(fact.text))]
    if not directives:
        return []
    ctx = Context(doc, settings)
    rules = catalogue()
    known = {*rules, *CATEGORIES}
    lines = _Lines(doc, comments)
    alone = {fact.line: fact.end_line for fact in comments if _alone(doc, lines, fact)}
    out: list[Finding] = []
    for fact, directive in directives:
        evidence = " ".join(fact.text.split())[:300]

        def report(rule_id: str, message: str, at: Fact = fact, shown: str = evidence) -> None:
            out.append(ctx.finding(rule_id, at, message, shown))

        if not directive.rules:
            report("suppression.unknown-rule", "suppression names no rule; write `sdcscan: ignore[RULE] -- reason`")
            continue
        valid = []
        for name in directive.rules:
            if name not in known:
                hint = suggest(name, known)
                report("suppression.unknown-rule", f"suppression names unknown rule {name!r}{hint}; it has no effect")
            elif locked(name):
                report("suppression.not-allowed", "CPR findings cannot be suppressed; remove the number instead")
            else:
                valid.append(name)
        if not directive.reason:
            report("suppression.missing-reason", "suppression without a reason after `--` has no effect")
            continue
        reason = directive.reason if settings.unmask else mask.text(directive.reason)
        line = _target(doc, lines, fact, alone)
        for name in valid:
            covered = [
                f
                for f in findings
                if name in (f.rule, f.category)
                and f.category != LOCKED_CATEGORY
                and (directive.scope == "file" or f.line <= line <= f.end_line)
            ]
            for finding in covered:
                finding.suppressed = finding.suppressed or reason
            # a rule switched off by the configuration did not run: whether it would have found something is unknown
            off = not settings.rule_enabled(name, rules[name].category if name in rules else name)
            if not covered and not off:
                where = "in this file" if directive.scope == "file" else f"on line {line}"
                report("suppression.unused", f"suppression of {name} covers no finding {where}; remove it")
    return out
