"""Which front end reads which file, decided here and nowhere else: (kind, language) to the front end; `None` as
language is the fallback for the kind."""

from __future__ import annotations

from . import FrontEnd, text, treesitter
from .embedded import PROGRAMS, check_languages
from .logs import documents, notebook, rmd, rout, sas_listing, sas_log, stata_log, tables

FRONT_ENDS: dict[tuple[str, str | None], FrontEnd] = {
    ("program", None): text.facts,
    **{("program", language): read for language, read in PROGRAMS.items()},
    ("log", None): text.facts,
    ("listing", None): text.facts,
    ("notebook", None): notebook.facts,
    ("table", None): tables.facts,
    ("log", "sas"): sas_log.facts,
    ("listing", "sas"): sas_listing.facts,
    ("log", "r"): rout.facts,
    ("log", "stata"): stata_log.facts,
    ("notebook", "r"): rmd.facts,
    ("document", None): documents.facts,
    ("other", None): text.facts,
}


def front_end(kind: str, language: str | None) -> FrontEnd:
    return FRONT_ENDS.get((kind, language)) or FRONT_ENDS[(kind, None)]


def validate() -> None:
    """Check the front ends' data (grammars, command tables, the languages of embedded code) before a scan starts;
    raises GrammarError."""
    treesitter.validate()
    check_languages()
