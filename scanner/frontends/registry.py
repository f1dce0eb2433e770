"""Which front end reads which file, decided here and nowhere else: (kind, language) to the front end; `None` as
language is the fallback for the kind.

A front end's module is imported when the first file it reads is scanned: a worker scanning listings needs none of
the program front ends' grammars and queries, nor the notebook or document readers, and on a machine that writes no
bytecode every module imported is compiled from source in every process (docs/performance.md, round 9)."""

from __future__ import annotations

import os
from contextlib import suppress
from functools import cache
from importlib import import_module

from . import FrontEnd

# (kind, language) -> (module below scanner/frontends, its reading function). A program in a language with a front
# end of its own is read by it (`embedded.PROGRAMS`); this table's ("program", None) is the fallback.
FRONT_ENDS: dict[tuple[str, str | None], tuple[str, str]] = {
    ("program", None): ("text", "facts"),
    ("log", None): ("text", "facts"),
    ("listing", None): ("text", "facts"),
    ("notebook", None): ("logs.notebook", "facts"),
    ("table", None): ("logs.tables", "facts"),
    ("log", "sas"): ("logs.sas_log", "facts"),
    ("listing", "sas"): ("logs.sas_listing", "facts"),
    ("log", "r"): ("logs.rout", "facts"),
    ("log", "stata"): ("logs.stata_log", "facts"),
    ("notebook", "r"): ("logs.rmd", "facts"),
    ("document", None): ("logs.documents", "facts"),
    ("other", None): ("text", "facts"),
}


def kinds() -> list[tuple[str, str | None]]:
    """Every (kind, language) with a front end of its own, the program languages included (the warm-up reads a
    line through each)."""
    from .embedded import PROGRAMS

    return [*FRONT_ENDS, *(("program", language) for language in PROGRAMS)]


@cache
def front_end(kind: str, language: str | None) -> FrontEnd:
    if kind == "program" and language is not None:
        from .embedded import PROGRAMS

        if language in PROGRAMS:
            return PROGRAMS[language]
    module, name = FRONT_ENDS.get((kind, language)) or FRONT_ENDS[(kind, None)]
    read: FrontEnd = getattr(import_module(f"{__package__}.{module}"), name)
    return read


def validate() -> None:
    """Check the front ends' data (grammars, command tables, the languages of embedded code) before a scan starts;
    raises GrammarError. The data ship with sdcscan and change only with it: a check passed is remembered in the
    user's cache folder under the digest of sdcscan's code and data (as the compiled detector patterns are), so
    later scans skip its ~0.2 s of CPU (and the imports of the program front ends a scan of outputs never needs)."""
    from ..fileio import NO_KEEPING, default_folder, store
    from ..replay import code_digest

    keep = os.environ.get(NO_KEEPING) != "1"
    passed = default_folder() / "checked" / code_digest()[:32]
    if keep and passed.is_file():
        return
    from . import treesitter
    from .embedded import check_languages

    treesitter.validate()
    check_languages()
    if keep:
        with suppress(OSError):  # a read-only cache folder costs the check again next time, never a result
            store(passed, b"grammars, command tables and embedded languages checked\n")
