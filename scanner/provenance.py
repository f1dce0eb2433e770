"""Provenance: which program statement made the output a finding is in, when that can be known.

Two ways, the first wins:
1. In a log, the echoed command that printed a table (the table model's `command`), set when the finding is made
   (`rules.Context.finding`): the source is a line of the log itself.
2. The program that writes the file. Facts stay in the worker that read the program, so a program reports the
   files it writes in its result (`FileResult.writes`: the path as written, and the line). After every file is
   scanned, `link` matches those paths with the scanned files by their trailing path components: the file name at
   least, and the longest match wins (`E:\\projekt\\out\\tab1.csv` matches `out/tab1.csv` better than a
   `tab1.csv` in another folder). A file that statements of two programs write equally well is given no source:
   which one made it cannot be known.

The step is a pure function of the results, sorted before use, so the report is the same whatever the order in
which worker processes returned them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import FileResult

# A string literal as a query captures it: an optional prefix (Python r"..."), then quotes.
_QUOTES = re.compile(r"""^[rRbBuU]?(["'])(.*)\1$""", re.DOTALL)
# Characters of a name built at run time (f-strings, macro variables, globals): such a name is not matched.
_BUILT = re.compile(r"[{}$&%`'\"]")


def parts(written: str) -> tuple[str, ...]:
    """The path components of a written file name, in lower case (Windows file names ignore case); empty for a
    name built at run time."""
    text = written.strip()
    quoted = _QUOTES.match(text)
    if quoted:
        text = quoted[2]
    if not text or _BUILT.search(text):
        return ()
    return tuple(p for p in text.replace("\\", "/").lower().split("/") if p not in ("", "."))


def _shared(written: tuple[str, ...], scanned: tuple[str, ...]) -> int:
    """How many trailing components two paths share."""
    n = 0
    while n < min(len(written), len(scanned)) and written[-1 - n] == scanned[-1 - n]:
        n += 1
    return n


def link(results: Sequence[FileResult]) -> None:
    """Give each finding in a file a program writes the statement that writes it (unless it has a source already),
    and each program the list of scanned files it makes."""
    writers: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
    by_path = {result.path: result for result in results}
    for result in sorted(results, key=lambda r: r.path):
        for written, line in result.writes:
            components = parts(written)
            if components:
                writers.setdefault(components[-1], []).append((components, result.path, line))
    for result in sorted(results, key=lambda r: r.path):
        if result.kind == "program" or result.status == "excluded":
            continue
        scanned = tuple(result.path.lower().split("/"))
        candidates = writers.get(scanned[-1], [])
        if not candidates:
            continue
        best = max(_shared(components, scanned) for components, _, _ in candidates)
        made = sorted(
            {(program, line) for components, program, line in candidates if _shared(components, scanned) == best}
        )
        if len({program for program, _ in made}) > 1:
            continue
        source = made[0]
        by_path[source[0]].outputs.append((result.path, source[1]))
        for finding in result.findings:
            if finding.source is None:
                finding.source = source
