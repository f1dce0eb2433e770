"""The program front ends: facts at the right positions, for every language, including the tricky parts."""

from __future__ import annotations

import pytest

from sdcscan.config import Settings
from sdcscan.frontends import Document
from sdcscan.frontends import stata as stata_fe
from sdcscan.frontends.embedded import program_facts
from sdcscan.frontends.tsquery import query_source


def facts(language: str, text: str, rel: str = "prog") -> list[tuple[str, int, int, str]]:
    from sdcscan.frontends.registry import front_end

    doc = Document(rel, "program", language, text, "utf-8")
    return [
        (f.kind, f.line, f.column, f.attrs.get("rule", f.attrs.get("name", "")))
        for f in front_end("program", language)(doc, Settings())
    ]


def kinds(found: list[tuple[str, int, int, str]], kind: str) -> list[tuple[int, int, str]]:
    return [(line, column, extra) for k, line, column, extra in found if k == kind]


# --- the query files ----------------------------------------------------------------------------------------------


def test_every_language_has_its_queries() -> None:
    for language in ("sas", "r", "python"):
        assert "@output.print" in query_source(language)
        assert "@compare" in query_source(language)
        assert "@comment" in query_source(language)


# --- SAS ------------------------------------------------------------------------------------------------------------

SAS = """/* header */
data a;
  set b(keep=pnr) end=eof;
  if pnr = 'K1' then output;
run;
proc print data=a; run;
"""


def test_sas_positions() -> None:
    found = facts("sas", SAS)
    assert kinds(found, "comment") == [(1, 1, "")]
    assert kinds(found, "output.print") == [(6, 1, "sas.proc-print")]
    assert (4, 6, "pnr") in kinds(found, "compare")
    assert (4, 12, "") in kinds(found, "literal.string")


def test_sas_error_region_is_reread_statement_by_statement() -> None:
    # `merge %do ...` leaves an ERROR node; the statements after it must still be read.
    text = "data c;\n  merge %do i=1 %to 3; p&i %end;;\n  if lbnr = 7 then put _all_;\nrun;\n"
    found = facts("sas", text)
    assert (3, 6, "lbnr") in kinds(found, "compare")
    assert (3, 3, "sas.put-all") in kinds(found, "output.print")
    assert not kinds(found, "parse.error")  # a plain merge statement: read at token level, nothing hidden


def test_sas_unreadable_region_is_reported_once() -> None:
    text = "proc sql;\n  select a, from where (;\nquit;\nproc print; run;\n"
    found = facts("sas", text)
    assert len(kinds(found, "parse.error")) <= 1
    assert (4, 1, "sas.proc-print") in kinds(found, "output.print")


def test_sas_columns_count_characters_not_bytes() -> None:
    found = facts("sas", "* æøå;\nproc print; run; /* ø */\n")
    assert kinds(found, "comment") == [(1, 1, ""), (2, 18, "")]


# --- R and Python -------------------------------------------------------------------------------------------------


def test_r_positions_and_data_flow() -> None:
    text = 'd <- read.csv("f")\nv <- c(1, 2)\nhead(v)\nprint(d)\nd %>% filter(id == 3) %>% head()\n'
    found = facts("r", text)
    assert kinds(found, "output.print") == [(4, 1, "r.print-df"), (5, 1, "r.head")]
    assert (5, 14, "id") in kinds(found, "compare")


def test_python_positions_and_data_flow() -> None:
    text = "import pandas as pd\nd = pd.read_csv('f')\nn = len(d)\nprint(n)\nprint(d)\nd[d.pnr == 'x']\n"
    found = facts("python", text)
    assert kinds(found, "output.print") == [(5, 1, "python.print-df")]
    assert (6, 3, "pnr") in kinds(found, "compare")


def test_python_autoprint_only_as_last_statement_of_embedded_code() -> None:
    text = "import pandas as pd\nd = pd.read_csv('f')\nd\n"
    assert not kinds(facts("python", text), "output.print")
    embedded = [(f.kind, f.line, f.attrs.get("rule")) for f in program_facts(text, "python", Settings())]
    assert ("output.print", 3, "python.autoprint") in embedded


def test_program_facts_maps_lines_and_marks_echo() -> None:
    origin = [(10, 4), (11, 4)]
    out = list(program_facts("proc print; run;\n", "sas", Settings(), origin=origin, echo=True))
    printed = [f for f in out if f.kind == "output.print"]
    assert [(f.line, f.column, f.echo) for f in printed] == [(10, 5, True)]


# --- Stata ----------------------------------------------------------------------------------------------------------


def stata(text: str) -> list[tuple[str, int, int, str]]:
    return facts("stata", text)


@pytest.mark.parametrize("word", ["l", "li", "lis", "list"])
def test_stata_list_abbreviations(word: str) -> None:
    assert kinds(stata(f"{word} pnr\n"), "output.print") == [(1, 1, "stata.list")]


@pytest.mark.parametrize("word", ["lab", "listtab", "su", "d", "e"])
def test_stata_other_commands_are_not_list(word: str) -> None:
    assert not kinds(stata(f"{word} x\n"), "output.print")


def test_stata_star_comment_only_at_command_start() -> None:
    found = stata("* list pnr\ngen y = a * b\n  * indented comment\n")
    assert kinds(found, "comment") == [(1, 1, ""), (3, 3, "")]
    assert not kinds(found, "output.print")


def test_stata_nested_block_comment() -> None:
    found = stata("/* a /* b */ list */ list pnr\n")
    assert kinds(found, "comment") == [(1, 1, "")]
    assert kinds(found, "output.print") == [(1, 22, "stata.list")]


def test_stata_line_comments_and_continuation() -> None:
    found = stata("list pnr /// more\n  age if id == 3 // note\ngen x=1\n")
    assert kinds(found, "output.print") == [(1, 1, "stata.list")]
    assert kinds(found, "compare") == [(2, 10, "id")]
    assert [c[:2] for c in kinds(found, "comment")] == [(1, 10), (2, 18)]


def test_stata_double_slash_inside_words_is_not_a_comment() -> None:
    found = stata('use "http://x//y", clear\nlist\n')
    assert not kinds(found, "comment")
    assert kinds(found, "output.print") == [(2, 1, "stata.list")]


def test_stata_delimit_semicolon() -> None:
    found = stata("#delimit ;\nlist pnr\n  if id == 5;\n* c;\ntab x;\n#delimit cr\nbr\n")
    assert kinds(found, "output.print") == [(2, 1, "stata.list"), (7, 1, "stata.browse")]
    assert kinds(found, "compare") == [(3, 6, "id")]
    assert kinds(found, "comment") == [(4, 1, "")]


def test_stata_compound_quotes_and_macros() -> None:
    found = stata("local a `\"list \"x\"\"'\ndisplay `a'[1]\ndi `x'\nlist `vars'\n")
    assert kinds(found, "literal.string")[0] == (1, 9, "")
    assert kinds(found, "output.print") == [(4, 1, "stata.list")]


def test_stata_prefixes() -> None:
    text = "quietly: list\ncap noi li\nbysort a b: list c\nby a, sort: l\nqui by a: edit\n"
    found = stata(text)
    assert [r for _, _, r in kinds(found, "output.print")] == ["stata.list"] * 4 + ["stata.edit"]


def test_stata_inline_data_is_text_not_commands() -> None:
    found = stata("input id str5 w\n1 list\n2 br\nend\nlist\n")
    assert kinds(found, "output.print") == [(5, 1, "stata.list")]
    assert [line for line, _, _ in kinds(found, "text")] == [2, 3]


def test_stata_if_qualifier_stops_at_options() -> None:
    cond = stata_fe._condition(" pnr if id == 3, clean")
    assert cond is not None
    assert " pnr if id == 3, clean"[cond[0] : cond[1]] == "if id == 3"


def test_sas_subquery_statement_is_read_without_its_subquery() -> None:
    subquery = "(select k, max(d) as d from u group by k)"
    text = f"proc sql;\n  select a.x from t as a left join {subquery} as b on a.k=b.k;\nquit;\n"
    found = facts("sas", text)
    assert kinds(found, "output.print") == [(2, 3, "sas.sql-select")]
    assert not kinds(found, "parse.error")


def test_stata_block_comment_across_lines_continues_the_command() -> None:
    found = stata("list pnr /* first\n  second */ if id == 4\ngen x = 1\n")
    assert kinds(found, "output.print") == [(1, 1, "stata.list")]
    assert kinds(found, "compare") == [(2, 16, "id")]


@pytest.mark.parametrize(
    ("code", "printed"),
    [
        ("df.info()", True),
        ("print(fit.params)", True),
        # rows a handle renders or fetches on the way are no results (`fetches`), whatever its `to_*` method
        ("print(tbl.to_latex())", False),
        ("print(tbl.head())", False),
        ("print(fit.params)\nprint(df)", False),
    ],
)
def test_python_one_statement_cell_prints_results(code: str, printed: bool) -> None:
    """A notebook cell of one statement that prints results types its stdout (`printed`), not one that prints rows
    a handle gives or holds more statements."""
    known = (("df", "frame"), ("tbl", "handle"), ("fit", "other"))
    found = [f for f in program_facts(code, "python", Settings(), known=known) if f.kind == "output.results"]
    assert any(f.attrs.get("printed") for f in found) is printed
