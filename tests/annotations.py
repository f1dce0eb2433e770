"""Semgrep-style fixture annotations: every fixture file is both documentation and a test.

In a comment, `ruleid: X` says the next non-annotation line has a finding of rule (or category) X; `ok: X` says
it has none; `todoruleid: X` records a known miss and `todook: X` a known false alarm (both fail once fixed, so
they are kept honest). Several ids may be separated by commas. Where a comment would break an output's layout, a
sidecar `<fixture>.expect` holds the same words with an explicit line: `ruleid: X @ 23`; a folder that must read
naturally (the demo project) has one sidecar with a `[path]` section per file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ANNOTATION = re.compile(r"\b(todoruleid|todook|ruleid|ok):\s*([A-Za-z][\w.\-]*(?:\s*,\s*[A-Za-z][\w.\-]*)*)")
SIDECAR = re.compile(r"^\s*(todoruleid|todook|ruleid|ok):\s*([\w.\-]+(?:\s*,\s*[\w.\-]+)*)\s*@\s*(\d+)\s*$")


@dataclass
class Expectations:
    marks: dict[str, set[tuple[str, int]]] = field(
        default_factory=lambda: {"ruleid": set(), "ok": set(), "todoruleid": set(), "todook": set()}
    )

    def add(self, verb: str, ids: str, line: int) -> None:
        for rule in ids.split(","):
            self.marks[verb].add((rule.strip(), line))


def read(path: Path) -> Expectations:
    expected = Expectations()
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        for raw in sidecar.read_text(encoding="utf-8").splitlines():
            _sidecar_line(expected, raw, sidecar)
        return expected
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        found = ANNOTATION.findall(line)
        if found:
            pending.extend(found)
            continue
        if pending and line.strip():
            for verb, ids in pending:
                expected.add(verb, ids, number)
            pending = []
    return expected


def _sidecar_line(expected: Expectations, raw: str, where: Path) -> None:
    m = SIDECAR.match(raw)
    if m:
        expected.add(m[1], m[2], int(m[3]))
    elif raw.strip() and not raw.lstrip().startswith("#"):
        raise ValueError(f"{where}: cannot read line {raw!r}")


def read_sections(path: Path) -> dict[str, Expectations]:
    """A sidecar for a whole folder: `[relative/path]` starts the lines of one file; a file without a section
    expects no finding."""
    sections: dict[str, Expectations] = {}
    current: Expectations | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\[(.+)\]\s*$", raw)
        if header:
            current = sections.setdefault(header[1], Expectations())
        elif current is not None:
            _sidecar_line(current, raw, path)
        elif raw.strip() and not raw.lstrip().startswith("#"):
            raise ValueError(f"{path}: annotation before the first [file] section: {raw!r}")
    return sections


def matches(token: str, rule: str, category: str) -> bool:
    return token in (rule, category)


def problems(expected: Expectations, found: set[tuple[str, str, int]]) -> list[str]:
    """Every way the findings (rule, category, line) disagree with the annotations; empty when they agree."""
    out: list[str] = []
    covered: set[tuple[str, str, int]] = set()
    for token, line in sorted(expected.marks["ruleid"] | expected.marks["todook"]):
        hits = {f for f in found if f[2] == line and matches(token, f[0], f[1])}
        covered |= hits
        if not hits and (token, line) in expected.marks["ruleid"]:
            out.append(f"line {line}: expected {token}, not found")
        if not hits and (token, line) in expected.marks["todook"]:
            out.append(f"line {line}: todook {token} no longer found; make it `ok:`")
    for token, line in sorted(expected.marks["ok"] | expected.marks["todoruleid"]):
        hits = {f for f in found if f[2] == line and matches(token, f[0], f[1])}
        if hits and (token, line) in expected.marks["ok"]:
            out.append(f"line {line}: ok {token}, but found {sorted(h[0] for h in hits)}")
        if hits and (token, line) in expected.marks["todoruleid"]:
            out.append(f"line {line}: todoruleid {token} is found now; make it `ruleid:`")
        covered |= hits
    for rule, _category, line in sorted(found - covered, key=lambda f: (f[2], f[0])):
        out.append(f"line {line}: unannotated finding {rule}")
    return out
