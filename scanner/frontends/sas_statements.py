"""A token-level reader of SAS: splits source into statements, comments and inline data, outside quotes.

The tree-sitter SAS grammar recovers badly from macro code, inline data and some dataset options; this reader
never fails, so the tree-sitter front end uses it to re-read the statements of a region the grammar could not
parse, one statement at a time, in the context of the step they belong to.

The lexical rules (statements end at `;` outside quotes and comments, `*...;` and `/* */` comments, a word) are
SAS's tokenisation and stay here; which statements start inline data, read a data set or end a step are SAS
keywords and live in grammars/sas/statements.toml.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ..resources import load_toml

_START = regex.compile(r"\S")
# A quote after `%` is quoted for the macro language (`%str(%')`, `%bquote(%")`) and opens no string.
_INSIDE = regex.compile(r"/\*|(?<!%)['\"]|;")
_WORD = regex.compile(r"\s*(%?[A-Za-z_]\w*)")
_PROC = regex.compile(r"\s*proc\s+([A-Za-z_]\w*)", regex.IGNORECASE)


# A parenthesised list whose parentheses balance, quoted text skipped (a macro call's arguments, a definition's
# parameters): one pattern for every reader of macro calls (also frontends/sas_checks.py).
PARENTHESISED = r"""(?P<list>\((?:[^()'"]|'[^']*'|"[^"]*"|(?&list))*\))"""
# A macro call closed at the end of its line (`%xnotes(1)`, `%setup`, a dispatch by name `%&method`); whether it
# is a statement of its own: `segments`.
_MACRO_CALL = regex.compile(rf"%(&*[A-Za-z_]\w*)(?:[ \t]*{PARENTHESISED}[ \t]*(?=\r?\n)|[ \t]*(?=\r?\n)(?!\s*\())")
# A macro label (`%univar:`, the target of `%goto univar;`) ends where its colon does.
_MACRO_LABEL = regex.compile(r"%([A-Za-z_]\w*)[ \t]*:(?!=)")
# The argument of a macro quoting function: `%` quotes the character after it (`%'`, `%(`), so neither opens a string
# nor counts as a parenthesis.
_QUOTED_ARGUMENT = regex.compile(r"""(?P<arg>\((?:%.|[^()'"%]|'[^']*'|"[^"]*"|(?&arg))*\))""", regex.DOTALL)


@cache
def _macro_words(key: str) -> tuple[str, ...]:
    """A word list of grammars/sas/results.toml that the queries read too."""
    return tuple(load_toml("grammars", "sas", "results.toml")[key])


@cache
def _macro_statements() -> frozenset[str]:
    return frozenset(_macro_words("macro_statements"))


# The keyword of a quoting call's own text around the statements it holds (`%str(` and `);`), which prints nothing.
QUOTING_CALL = "%quoting"


# The head of a macro branch: `%if ... %then`, `%else` or `%else %if ... %then`.
_BRANCH_HEAD = r"(?:%else\s*)?%if\b[^;]*?%then|%else"


@cache
def _quoting_call() -> regex.Pattern[str]:
    """A call in a statement's place, alone or as a branch (group `head`: the branch's head), of a macro quoting
    function (grammars/sas/results.toml `quoting_functions`) or of a macro that may take code: any macro but the
    macro language's own statements and functions (`macro_statements`)."""
    names = "|".join(map(regex.escape, _macro_words("quoting_functions")))
    own = "|".join(map(regex.escape, _macro_words("macro_statements")))
    called = rf"(?:{names})|(?!(?:{own})\b)[A-Za-z_]\w*"
    return regex.compile(rf"(?P<head>(?:{_BRANCH_HEAD})\s*)?%(?:{called})\s*(?=\()", regex.IGNORECASE)


@cache
def _not_code() -> regex.Pattern[str]:
    """What of a call's argument holds no `;` of code: quoted text, a character quoted by `%`, and the macro
    statements that end at a `;` of their own (results.toml `argument_statements`: `%do;` in an argument of
    options)."""
    own = "|".join(map(regex.escape, _macro_words("argument_statements")))
    return regex.compile(rf"""%(?:{own})\b[^;]*;|%.|'[^']*'|"[^"]*\"""", regex.DOTALL | regex.IGNORECASE)


@cache
def _branch() -> regex.Pattern[str]:
    """A macro branch's head before a statement the grammar cannot read as its branch (results.toml
    `branch_statements`, not the function `put(...)` of a select list nor an assignment; `branch_openers`, not an
    assignment)."""
    words = "|".join(map(regex.escape, _macro_words("branch_statements")))
    openers = "|".join(map(regex.escape, _macro_words("branch_openers")))
    ahead = rf"(?:{words})\b(?!\s*[(=])|(?:{openers})\b(?!\s*=)"
    return regex.compile(rf"(?:{_BRANCH_HEAD})\s+(?={ahead})", regex.IGNORECASE)


@cache
def table() -> dict[str, Any]:
    """grammars/sas/statements.toml (checked when the grammars load: frontends/vocabulary.py)."""
    return load_toml("grammars", "sas", "statements.toml")


@dataclass(frozen=True, slots=True)
class Segment:
    """`kind` is statement, comment or data; `step` is the enclosing step (`data`, a proc name, or ""); `closes`:
    for the opening of a quoting call around statements (`%str(`, `%xbugdo(`), the offset of its closing
    parenthesis, else -1; `unended`: a statement that ran to the end of the text without its `;`."""

    kind: str
    start: int
    end: int
    keyword: str = ""
    step: str = ""
    closes: int = -1
    unended: bool = False


def keyword(statement: str) -> str:
    m = _WORD.match(statement)
    return m[1].lower() if m else ""


def segments(text: str) -> Iterator[Segment]:
    n = len(text)
    i = 0
    step = ""
    # The closing parentheses of the quoting calls whose statements are being read, innermost last.
    closes: list[int] = []
    while True:
        m = _START.search(text, i)  # the first non-blank character of the next statement
        if m is None:
            return
        i = m.start()
        if closes and i >= closes[-1]:
            # The call's own closing parenthesis, and the semicolon that ends the statement holding it.
            close = closes.pop()
            after = _START.search(text, close + 1)
            i = after.end() if after and after[0] == ";" else close + 1
            yield Segment("statement", close, i, QUOTING_CALL, step)
            continue
        if text[i] == "*" or text.startswith("%*", i):
            end = text.find(";", i)
            end = n if end < 0 else end + 1
            yield Segment("comment", i, end)
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            yield Segment("comment", i, end)
            i = end
            continue
        start = i
        quoting = _quoted_statements(text, i)
        if quoting is not None:
            # `%if &debug %then %str(put pnr=;);`: the statements inside are read as statements of the step.
            i, close, head = quoting
            yield Segment("statement", start, i, keyword(text[start:]) if head else QUOTING_CALL, step, close)
            closes.append(close)
            continue
        branch = _branch().match(text, i) if text[i] == "%" else None
        if branch:
            # `%if &debug %then put pnr=;`: the branch is a statement of the step.
            i = branch.end()
            yield Segment("statement", start, i, keyword(text[start:]), step)
            continue
        call = _MACRO_CALL.match(text, i)
        if call and call[1].lower() not in _macro_statements() and not text[call.end() :].lstrip().startswith(";"):
            yield Segment("statement", start, call.end(), f"%{call[1].lower()}", step)
            i = call.end()
            continue
        label = _MACRO_LABEL.match(text, i)
        if label and label[1].lower() not in _macro_statements():
            yield Segment("statement", start, label.end(), "%label", step)
            i = label.end()
            continue
        # Comments inside a statement come after it, so segments stay in the order of their starts (readers map
        # offsets forward only).
        inner: list[Segment] = []
        limit = closes[-1] if closes else n  # a statement in a quoting call ends with the call at the latest
        while True:
            m = _INSIDE.search(text, i, limit)
            if m is None:
                yield Segment("statement", start, limit, keyword(text[start:limit]), step, unended=limit == n)
                yield from inner
                if limit == n:
                    return
                i = limit
                break
            i = m.start()
            token = m.group()
            if token == "/*":
                end = text.find("*/", i + 2)
                end = n if end < 0 else end + 2
                inner.append(Segment("comment", i, end))
                i = end
            elif token in "'\"":
                i = _quote_end(text, i)
            else:  # ;
                statement = text[start : i + 1]
                word = keyword(statement)
                if word == "proc":
                    p = _PROC.match(statement)
                    step = p[1].lower() if p else ""
                elif word == "data":
                    step = "data"
                yield Segment("statement", start, i + 1, word, step)
                yield from inner
                i += 1
                terminator = table()["datalines"].get(word)
                if terminator is not None:
                    i = yield from _inline_data(text, i, terminator)
                break


def _quoted_statements(text: str, i: int) -> tuple[int, int, bool] | None:
    """A quoting call in a statement's place at i whose argument holds statements (a `;` of code): the
    offset after its opening parenthesis, the offset of its closing one and whether a branch's head (`%if ...
    %then`, `%else`) comes before the call."""
    if text[i] != "%":  # most statements (the pattern costs more than this test)
        return None
    call = _quoting_call().match(text, i)
    if call is None:
        return None
    argument = _QUOTED_ARGUMENT.match(text, call.end())
    if argument is None or ";" not in _not_code().sub("", argument[0]):
        return None
    return call.end() + 1, argument.end() - 1, call["head"] is not None


def _quote_end(text: str, i: int) -> int:
    """The offset after the string starting at i; a doubled quote character stands for itself."""
    quote = text[i]
    k = i + 1
    while True:
        k = text.find(quote, k)
        if k < 0:
            return len(text)
        if text.startswith(quote, k + 1):
            k += 2
            continue
        return k + 1


def _inline_data(text: str, i: int, terminator: str) -> Generator[Segment, None, int]:
    """Inline data lines after `cards;`/`datalines;`; returns the offset of the terminating line."""
    line_start = text.find("\n", i)
    if line_start < 0:
        return len(text)
    line_start += 1
    while line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        if terminator in line:
            return line_start
        if line.strip():
            yield Segment("data", line_start, line_end)
        line_start = line_end + 1
    return len(text)


def words(key: str) -> str:
    """A list of statements.toml as a regular expression, a group that matches any of its keywords."""
    return "(?:" + "|".join(map(regex.escape, table()[key])) + ")"


@cache
def read_statement() -> regex.Pattern[str]:
    """A statement by which a data step reads observations of a data set (statements.toml `reads`), also after
    `if ... then`; not an assignment to a variable of the same name (`set = 1;`). Group 1: what follows the
    keyword (the data sets read, up to their options)."""
    return regex.compile(rf"\s*(?:if\b.*?\bthen\s+)?{words('reads')}\b(?!\s*=)(.*)", regex.IGNORECASE | regex.DOTALL)


@dataclass(slots=True)
class DataStep:
    """A data step's span in the text, whether it reads a data set (`set`, `merge`, `update`, `modify`) and
    whether it reads raw records (`infile`, `input`)."""

    start: int
    end: int
    reads: bool = False
    raw: bool = False


def data_steps(text: str) -> list[DataStep]:
    """Every data step, in order. A step ends at `run;`, `quit;` or the next step, macro or macro end."""
    steps: list[DataStep] = []
    current: DataStep | None = None
    step_end, raw = frozenset(table()["step_end"]), frozenset(table()["raw"])
    for seg in segments(text):
        if seg.kind != "statement":
            continue
        if current is not None and seg.keyword in step_end:
            if seg.keyword in ("run", "quit"):
                current.end = seg.end
            steps.append(current)
            current = None
        if seg.keyword == "data":
            current = DataStep(seg.start, seg.end)
        elif current is not None:
            current.end = seg.end
            current.reads = current.reads or read_statement().match(text, seg.start, seg.end) is not None
            current.raw = current.raw or seg.keyword in raw
    if current is not None:
        steps.append(current)
    return steps


def wrapper(segment: Segment) -> tuple[str, str]:
    """Text to put around one statement so the grammar parses it as it would inside its step."""
    if segment.keyword in ("data", "proc") or segment.keyword.startswith("%"):
        return "", " run;"
    if segment.step == "sql":
        return "proc sql; ", " quit;"
    if segment.step and segment.step != "data":
        return f"proc {segment.step}; ", " run;"
    return "data _null_; ", " run;"
