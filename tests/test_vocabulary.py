"""The grammars are checked when they load: a typo in a query or in the Stata command table is one clear error
that names its file and line, never a KeyError on every file scanned or a pattern that silently never fires."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
import regex

from sdcscan.frontends import treesitter, vocabulary
from sdcscan.frontends.vocabulary import GrammarError, check_commands, check_query, check_statements
from sdcscan.resources import read_text

from workflow import cli_in_process

ROOT = Path(__file__).resolve().parent.parent

CHECKS = treesitter.CHECKS

GOOD = """; head(df) at top level
(program
  (call function: (identifier) @callee
    arguments: (arguments . (argument value: (identifier) @frame))) @output.print
  (#any-of? @callee "head" "tail")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame"))
"""


def test_the_shipped_grammars_pass() -> None:
    vocabulary.check_grammars(treesitter.LANGUAGES, CHECKS)


def test_a_good_query_passes() -> None:
    check_query("x.scm", GOOD, CHECKS)


@pytest.mark.parametrize(
    ("typo", "message"),
    [
        ('(#set! check "maybe-frame")', r"x\.scm:7: unknown check 'maybe-fram'"),
        ("@frame)))", r"x\.scm:4: unknown capture @fram: not a fact kind"),
        ("@output.print", r"x\.scm:4: unknown capture @output\.prnt"),
        ('(#set! rule "r.{callee}")', r"x\.scm:6: unknown #set! key 'rul'"),
        ('"head" "tail"', r"x\.scm:6: no rule 'r\.hed' in the catalogue"),
        ("#any-of?", r"x\.scm:5: unknown predicate #any-off\?"),
        ("@callee", r"x\.scm:3: unknown capture @_defines\.frme"),
    ],
)
def test_a_typo_is_an_error_naming_file_and_line(typo: str, message: str) -> None:
    typos = {
        '(#set! check "maybe-frame")': '(#set! check "maybe-fram")',
        "@frame)))": "@fram)))",
        "@output.print": "@output.prnt",
        '(#set! rule "r.{callee}")': '(#set! rul "r.{callee}")',
        '"head" "tail"': '"hed" "tail"',
        "#any-of?": "#any-off?",
        "@callee": "@_defines.frme",
    }
    source = GOOD.replace(typo, typos[typo], 1)
    assert source != GOOD
    with pytest.raises(GrammarError, match=message):
        check_query("x.scm", source, CHECKS)


def test_a_callee_rule_needs_the_names_it_stands_for() -> None:
    source = GOOD.replace('(#any-of? @callee "head" "tail")', '(#match? @callee "^h")')
    with pytest.raises(GrammarError, match=r"x\.scm:6: rule 'r\.\{callee\}' needs the names"):
        check_query("x.scm", source, CHECKS)


def test_not_any_of_is_refused_since_the_bindings_ignore_it() -> None:
    source = GOOD.replace("#any-of?", "#not-any-of?", 1)
    with pytest.raises(GrammarError, match=r"x\.scm:5: unknown predicate #not-any-of\?"):
        check_query("x.scm", source, CHECKS)


def test_a_via_kind_must_be_one_the_data_flow_knows() -> None:
    source = """(binary_operator lhs: (identifier) @_defines.frame rhs: (identifier) @_via
  (#set! via "fram"))
"""
    check_query("x.scm", source.replace('"fram"', '"frame"'), CHECKS)
    with pytest.raises(GrammarError, match=r"x\.scm:2: unknown via kind 'fram'"):
        check_query("x.scm", source, CHECKS)


COMMANDS = """[commands.list]
min = "l"
rule = "stata.list"

[commands.duplicates]
min = "duplicates"

[commands.duplicates.subcommands]
list = { min = "l", rule = "stata.duplicates" }

[commands.display]
min = "di"
unless_empty = true
outputs = [
  { when = '\\br\\(N\\)', output = "table" },
]

[prefixes]
words = { quietly = "qui", noisily = "n" }
by = { by = "by" }

[directives]
delimit = { "#delimit" = "#d" }

[results_files]
says = '(^|_)results?$'
whose = 'pnr'
installed = 'r'
saving = 's'
"""


def expect(message: str | None, check: Callable[[], None]) -> None:
    """The check passes (no message), or stops with a GrammarError that says `message`."""
    if message is None:
        check()
        return
    with pytest.raises(GrammarError, match=message):
        check()


@pytest.mark.parametrize(
    ("typo", "fixed", "message"),
    [
        ("", "", None),
        ('rule = "stata.list"', 'rule = "stata.lst"', r"c\.toml:3: list: no rule 'stata\.lst'"),
        ('rule = "stata.list"', 'rul = "stata.list"', r"c\.toml:3: list: unknown key 'rul'"),
        ('min = "l"\n', 'min = "x"\n', r"c\.toml:2: list: `min` must be"),
        ('rule = "stata.duplicates"', 'rule = "nope"', r"c\.toml:9: list: no rule 'nope'"),
        ('output = "table"', 'output = "tabel"', r"c\.toml:14: display: outputs: output = 'tabel'"),
        ("when = '", "whn = '", r"c\.toml:14: display: each of `outputs` needs `when`"),
        ("unless_empty = true", 'unless_empty = "yes"', r"c\.toml:13: display: unless_empty = 'yes'; known: True"),
        ('"#delimit" = "#d"', '"#delimit" = "#x"', r"c\.toml:23: \[directives\] delimit\.#delimit: '#x' must be"),
        ('noisily = "n"', 'noisly = "n"', r"c\.toml: \[prefixes\] needs `words` .* with noisily, quietly"),
        ("[directives]", "[directive]", r"c\.toml:22: unknown table \[directive\]"),
        ("whose = 'pnr'", "whose = '(pnr'", r"c\.toml: results_files: whose is not a regular expression"),
        ("whose = 'pnr'", "whos = 'pnr'", r"c\.toml: \[results_files\] needs `whose`"),
        ("installed = 'r'", "instaled = 'r'", r"c\.toml: \[results_files\] needs `installed`"),
        ("saving = 's'", "saving = '('", r"c\.toml: results_files: saving is not a regular expression"),
    ],
)
def test_the_stata_command_table_is_checked(typo: str, fixed: str, message: str | None) -> None:
    source = COMMANDS.replace(typo, fixed, 1)
    expect(message, lambda: check_commands("c.toml", source, tomllib.loads(source)))


@pytest.mark.parametrize(
    ("typo", "fixed", "message"),
    [
        ("", "", None),
        ('reads = ["set"', 'reads = ["Set"', r"s\.toml: reads: 'Set' is not a lower-case SAS keyword"),
        ('cards4 = ";;;;"', 'cards4 = ";;;"', r"s\.toml: datalines\.cards4 = ';;;'; known terminators"),
        ("raw = [", "rew = [", r"s\.toml: unknown key 'rew'"),
        ('"observed statistic"', '"Observed  statistic"', r"s\.toml: statistics_labels: 'Observed  statistic' is not"),
        ('observation_labels = ["', 'observation_labels = [7, "', r"observation_labels: 7 is not a lower-case phrase"),
    ],
)
def test_the_sas_statement_table_is_checked(typo: str, fixed: str, message: str | None) -> None:
    source = read_text("grammars", "sas", "statements.toml")
    assert typo in source
    table = tomllib.loads(source.replace(typo, fixed, 1))
    expect(message, lambda: check_statements("s.toml", table))


def test_a_broken_shipped_grammar_is_an_internal_error_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grammars ship with sdcscan: one that does not load is a bug in sdcscan (exit 3), not a usage error."""
    (tmp_path / "a.R").write_text("df <- read.csv('x.csv')\nhead(df)\n", encoding="utf-8")
    monkeypatch.setenv("SDCSCAN_CACHE_DIR", str(tmp_path / "cache"))  # no check remembered from an earlier scan
    checks = {name: check for name, check in CHECKS.items() if name != "maybe-frame"}
    monkeypatch.setattr(treesitter, "CHECKS", checks)
    treesitter.validate.cache_clear()
    try:
        code, err = cli_in_process(capsys, monkeypatch, "scan", "--jobs", "1", "--no-cache", str(tmp_path))
    finally:
        treesitter.validate.cache_clear()
    assert code == 3
    assert err.startswith(
        "sdcscan: internal error: sdcscan's own data is broken: grammars/r/output.scm:15: unknown check 'maybe-frame'"
    ), err
    assert err.endswith("; please report it\n") and err.count("\n") == 1, err


def test_a_broken_shipped_command_table_is_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.do").write_text("list in 1/5\n", encoding="utf-8")
    monkeypatch.setenv("SDCSCAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delitem(vocabulary._COMMAND_KEYS, "writes")  # the shipped table uses it: now "unknown"
    treesitter.validate.cache_clear()
    try:
        code, err = cli_in_process(capsys, monkeypatch, "scan", "--jobs", "1", "--no-cache", str(tmp_path))
    finally:
        treesitter.validate.cache_clear()
    assert code == 3
    assert err.startswith("sdcscan: internal error: sdcscan's own data is broken: grammars/stata/commands.toml:"), err
    assert "unknown key 'writes'" in err and err.count("\n") == 1, err


def test_a_check_passed_is_remembered_by_the_digest_of_the_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped data change only with sdcscan: a scan after a passed check skips it; a failed check, or a scan
    told to keep nothing, remembers nothing."""
    (tmp_path / "a.do").write_text("list in 1/5\n", encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("SDCSCAN_CACHE_DIR", str(cache))
    checked: list[int] = []

    def counted() -> None:
        checked.append(1)
        vocabulary.check_grammars(treesitter.LANGUAGES, treesitter.CHECKS)

    def broken() -> None:
        raise GrammarError("grammars/stata/commands.toml:1: broken")

    def scan() -> int:
        return cli_in_process(capsys, monkeypatch, "scan", "--jobs", "1", "--no-cache", str(tmp_path / "a.do"))[0]

    monkeypatch.setattr(treesitter, "validate", broken)
    assert scan() == 3 and not cache.exists()  # failed: nothing remembered
    monkeypatch.setattr(treesitter, "validate", counted)
    monkeypatch.setenv("SDCSCAN_NO_KEEPING", "1")
    assert scan() == 1 and checked == [1] and not cache.exists()  # kept nothing: checked again next time
    monkeypatch.delenv("SDCSCAN_NO_KEEPING")
    assert scan() == 1 and checked == [1, 1]
    assert [p.parent.name for p in cache.rglob("*") if p.is_file()] == ["checked"]
    monkeypatch.setattr(treesitter, "validate", broken)
    assert scan() == 1 and checked == [1, 1]  # remembered: not checked again


def test_the_check_is_remembered_when_run_from_a_checkout_as_python_m_scanner(tmp_path: Path) -> None:
    """`python -m scanner` in the checkout (as benchmarks/realworld/measure.py runs it) names the package `scanner`:
    the digest the check is remembered under still finds grammars/ and patterns/."""
    (tmp_path / "a.do").write_text("list in 1/5\n", encoding="utf-8")
    env = {**os.environ, "SDCSCAN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "scanner", "scan", str(tmp_path / "a.do"), "-q", "--no-cache", "-j", "1"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert len(list((tmp_path / "cache" / "checked").iterdir())) == 1


def test_a_mistake_in_the_users_configuration_stays_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.R").write_text("x <- 1\n", encoding="utf-8")
    (tmp_path / "sdcscan.toml").write_text('disable = ["r.heda"]\n', encoding="utf-8")
    code, err = cli_in_process(capsys, monkeypatch, "scan", "--jobs", "1", "--no-cache", str(tmp_path))
    assert code == 2
    assert err.startswith("sdcscan: error: ") and "no rule or category 'r.heda'" in err and err.count("\n") == 1, err


def _names_bound(query_text: str, code: str, capture: str = "_defines.frame") -> list[str]:
    """The names a one-pattern R query captures as `capture` in `code`."""
    import tree_sitter as ts

    from sdcscan.frontends.tsquery import language, parser

    tree = parser("r").parse(code.encode())
    cursor = ts.QueryCursor(ts.Query(language("r"), query_text))
    return sorted(n.text.decode() for _, caps in cursor.matches(tree.root_node) for n in caps.get(capture, []))


TEMPLATED = """; both directions
((assign!
    target: (identifier) @_defines.frame
    ; a comment inside the form is dropped from the copies
    value: (call function: (identifier) @_fn))
  (#eq? @_fn "read.csv"))
(identifier) @_after
"""


def test_a_template_form_reads_both_assignment_directions_on_its_own_lines() -> None:
    from sdcscan.frontends.tsquery import expand

    expanded = expand("r", TEMPLATED)
    assert "assign!" not in expanded and expanded.count("\n") == TEMPLATED.count("\n")
    code = 'a <- read.csv("x")\nread.csv("y") -> b\nc = read.csv("z")\nd <- readRDS("w")\n'
    assert _names_bound(expanded.rsplit("(identifier) @_after", 1)[0], code) == ["a", "b", "c"]


def test_template_mistakes_are_grammar_errors() -> None:
    from sdcscan.frontends.tsquery import expand

    with pytest.raises(GrammarError, match="unknown query template"):
        expand("r", "((asign! target: (identifier) @x value: (call)))")
    with pytest.raises(GrammarError, match="missing a field"):
        expand("r", "((assign! target: (identifier) @x))")
    # a form named in a comment or a string is text, not a template
    quiet = '; (assign! is written like this\n((identifier) @x (#eq? @x "(assign! y"))\n'
    assert expand("r", quiet) == quiet


def test_a_query_reads_its_words_from_results_toml_as_the_checks_do() -> None:
    from sdcscan.frontends.tsquery import expand, words

    names = "frequencies\nFreq\nn\nfrequent\nNN\ndists\nread.csv\nfread\nspread\nimport_sas\n"
    wholly = '((identifier) @x (#match? @x "^({results.count_values}|{results.distance_values})$"))\n'
    assert expand("r", wholly).count("\n") == wholly.count("\n")
    assert _names_bound(expand("r", wholly), names, "x") == ["Freq", "dists", "frequencies", "n"]
    # a backslash of the pattern (`read[\w.]*`) stands escaped in the query's string
    reads = '((identifier) @x (#match? @x "^{results.reads}$"))'
    assert _names_bound(expand("r", reads), names, "x") == ["fread", "import_sas", "read.csv"]
    checks = regex.compile(words("r", "count_values"))
    assert [w for w in names.split() if checks.fullmatch(w)] == ["frequencies", "Freq", "n"]
    # a list is the alternation of its words, each escaped
    assert regex.fullmatch(words("r", "functions"), "contr.sdif")
    assert not regex.fullmatch(words("r", "functions"), "contrXsdif")


def test_an_unknown_results_word_list_is_a_grammar_error() -> None:
    from sdcscan.frontends.tsquery import expand

    with pytest.raises(GrammarError, match=r"\{results\.count_value\} names no word list"):
        expand("r", '((identifier) @x (#match? @x "^{results.count_value}$"))')
    with pytest.raises(GrammarError, match="names no word list"):
        expand("python", '((identifier) @x (#match? @x "^{results.count_values}$"))')


def test_the_shipped_r_queries_have_no_template_form_left() -> None:
    from sdcscan.frontends.tsquery import QUERY_TOKEN, query_source

    tokens = [t for t in QUERY_TOKEN.findall(query_source("r")) if t[0] not in ';"']
    assert [b for a, b in pairwise(tokens) if a == "(" and b.endswith("!") and b[0] != "#"] == []
    assert query_source("r").count("@_rop") >= 33  # every assignment pattern reads `->` too


def test_a_language_of_embedded_code_must_have_a_front_end(monkeypatch: pytest.MonkeyPatch) -> None:
    from sdcscan.frontends import embedded, registry

    monkeypatch.setenv("SDCSCAN_NO_KEEPING", "1")  # a check passed is not remembered: each call checks
    registry.validate()  # the shipped table passes
    assert embedded.languages("kernels")["ir"] == "r" and "time" in embedded.python_magics()
    shipped = embedded.languages
    monkeypatch.setattr(embedded, "languages", lambda where: {**shipped(where), "ir": "rr"})
    with pytest.raises(GrammarError, match=r"patterns/filetypes.toml: \[embedded\] kernels: ir = 'rr'"):
        registry.validate()
