"""The tree-sitter front end for SAS, R and Python: the query engine (`tsquery`) with the post-checks every
language may name (`checks`, `r_checks`, `sas_checks`) and SAS's recovery of what its grammar cannot read
(`sas_recover`). This module only assembles them; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..config import Settings
from ..model import Fact
from . import Document, checks, r_checks, sas_checks, sas_recover
from .tokens import Positions
from .tsquery import Check, Recover, read

CHECKS: dict[str, Check] = {**checks.CHECKS, **r_checks.CHECKS, **sas_checks.CHECKS}
RECOVER: dict[str, Recover] = {"sas": sas_recover.recover}

_MAGIC = regex.compile(rb"(?m)^[ \t]*[%!][^\n]*")


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    assert doc.language is not None
    data = doc.text.encode("utf-8", errors="surrogatepass")
    positions = Positions(doc.text, data)
    parsed = data
    if doc.language == "python" and doc.embedded:
        # IPython magics and shell lines in notebook cells (`%load_ext x`, `!pip ...`) are not Python: blanked
        # byte for byte, so offsets hold, instead of read as a parse error and a bare name.
        parsed = _MAGIC.sub(lambda m: b" " * len(m.group()), data)
    merged: dict[tuple[str, int, int, int, int, str], Fact] = {}
    for fact in read(doc.language, parsed, positions, doc.embedded, CHECKS, RECOVER.get(doc.language)):
        key = (fact.kind, fact.line, fact.column, fact.end_line, fact.end_column, fact.attrs.get("rule", ""))
        if fact.kind == "output.print":
            # The main parse and a re-read of the same statement can end differently (the step, or only its
            # header): one printing statement is one fact, the longer reading.
            key = (fact.kind, fact.line, fact.column, 0, 0, fact.attrs.get("rule", ""))
            if key in merged and (merged[key].end_line, merged[key].end_column) < (fact.end_line, fact.end_column):
                fact.attrs = {**merged[key].attrs, **fact.attrs}
                merged[key] = fact
                continue
        if key in merged:
            for name, value in fact.attrs.items():
                merged[key].attrs.setdefault(name, value)
        else:
            merged[key] = fact
    yield from sorted(merged.values(), key=lambda f: (f.line, f.column, f.kind, f.end_line, f.end_column))
