"""Inline suppressions: the directive grammar, its placement in every language's comments, what it may not hide,
and that suppressed findings stay in the report without counting."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan import suppress
from sdcscan.config import Settings
from sdcscan.frontends import Document
from sdcscan.model import Fact, Finding
from sdcscan.report import exceeds
from sdcscan.suppress import Directive, parse

from workflow import cli_json, findings, marks, scan, write

# --- the directive grammar (pure) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# sdcscan: ignore[r.head] -- codebook only", Directive("line", ("r.head",), "codebook only")),
        (
            "/* sdcscan: ignore[sas.proc-print] -- prints formats */",
            Directive("line", ("sas.proc-print",), "prints formats"),
        ),
        (
            "* sdcscan: ignore[listing] -- reviewed by the checker;",
            Directive("line", ("listing",), "reviewed by the checker"),
        ),
        (
            "// sdcscan:ignore[ stata.list , small-cell ]--ok now",
            Directive("line", ("stata.list", "small-cell"), "ok now"),
        ),
        (
            "# SDCSCAN: Ignore-File[small-cell] -- hospital counts",
            Directive("file", ("small-cell",), "hospital counts"),
        ),
        ("# sdcscan: ignore[r.head] \u2014 dash from an editor", Directive("line", ("r.head",), "dash from an editor")),
        (
            "/* sdcscan: ignore[r.head] -- spread\n   over two lines */",
            Directive("line", ("r.head",), "spread over two lines"),
        ),
        ("# sdcscan: ignore[r.head]", Directive("line", ("r.head",), "")),
        ("# sdcscan: ignore[r.head] --  ", Directive("line", ("r.head",), "")),
        ("/* sdcscan: ignore[r.head] -- */", Directive("line", ("r.head",), "")),
        ("# sdcscan: ignore[r.head] because", Directive("line", ("r.head",), "")),
        ("# sdcscan: ignore -- no rule named", Directive("line", (), "no rule named")),
        ("# sdcscan: ignore[] -- empty", Directive("line", (), "empty")),
    ],
)
def test_parse(comment: str, expected: Directive) -> None:
    assert parse(comment) == expected


@pytest.mark.parametrize(
    "comment",
    ["# run sdcscan before export", "# sdcscan: ignored files are listed", "# mysdcscan: ignore[r.head] -- x", "#"],
)
def test_parse_ignores_other_comments(comment: str) -> None:
    assert parse(comment) is None


# --- placement, per language ----------------------------------------------------------------------------------

# The same layout in every language: (1) setup, (2) a directive at the end of the line, (3) one alone on its line,
# covering (5) across a blank line, (7) a directive without a reason, (8) one inside a string, (9) uncovered.
LANGUAGES = {
    "sas": (
        "prog.sas",
        """data x; set y; run;
proc print data=x; run; /* sdcscan: ignore[sas.proc-print] -- prints the codebook, no persons */
* sdcscan: ignore[listing] -- reviewed by the output checker;

proc print data=y;
run;
proc print data=z; run; /* sdcscan: ignore[sas.proc-print] */
%let note = "sdcscan: ignore[sas.proc-print] -- inside a string";
proc print data=v; run;
""",
        "sas.proc-print",
    ),
    "r": (
        "prog.R",
        """df <- read.csv("x.csv")
head(df)  # sdcscan: ignore[r.head] -- prints the codebook, no persons
# sdcscan: ignore[listing] -- reviewed by the output checker

head(df)
n <- nrow(df)
head(df)  # sdcscan: ignore[r.head]
note <- "sdcscan: ignore[r.head] -- inside a string"
head(df)
""",
        "r.head",
    ),
    "python": (
        "prog.py",
        """import pandas as pd; df = pd.read_csv("x.csv")
df.head()  # sdcscan: ignore[python.head] -- prints the codebook, no persons
# sdcscan: ignore[listing] -- reviewed by the output checker

df.head()
n = len(df)
df.head()  # sdcscan: ignore[python.head]
note = "sdcscan: ignore[python.head] -- inside a string"
df.head()
""",
        "python.head",
    ),
    "stata": (
        "prog.do",
        """use cohort, clear
list in 1/5 // sdcscan: ignore[stata.list] -- prints the codebook, no persons
* sdcscan: ignore[listing] -- reviewed by the output checker

list pnr in 1/3
summarize age
list /* sdcscan: ignore[stata.list] */
local note "sdcscan: ignore[stata.list] -- inside a string"
list
""",
        "stata.list",
    ),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_placement_reason_and_strings(tmp_path: Path, language: str) -> None:
    name, code, rule = LANGUAGES[language]
    write(tmp_path, {name: code})
    assert marks(scan(tmp_path), "suppressed") == {
        (name, rule, 2, "prints the codebook, no persons"),  # end of line: that line
        (name, rule, 5, "reviewed by the output checker"),  # alone on a line: the next line of code
        (name, rule, 7, None),  # no reason: no effect ...
        (name, "suppression.missing-reason", 7, None),  # ... and itself a finding
        (name, rule, 9, None),  # a directive inside a string does nothing
    }


def test_stacked_directives_and_ignore_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.R": """# sdcscan: ignore-file[r.view] -- an interactive helper script, never run on the data
df <- read.csv("x.csv")
# sdcscan: ignore[r.head] -- first directive
# an ordinary comment between
# sdcscan: ignore[r.tail] -- second directive
head(df); tail(df)
View(df)
""",
        },
    )
    assert marks(scan(tmp_path), "suppressed") == {
        ("a.R", "r.head", 6, "first directive"),
        ("a.R", "r.tail", 6, "second directive"),
        ("a.R", "r.view", 7, "an interactive helper script, never run on the data"),
    }


def test_unknown_and_unused_directives_are_findings(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.R": """df <- read.csv("x.csv")
head(df)  # sdcscan: ignore[r.haed] -- typo
x <- 1  # sdcscan: ignore[r.head] -- nothing printed here
# sdcscan: ignore -- no rule
tail(df)
""",
        },
    )
    data = scan(tmp_path)
    assert marks(data, "suppressed") == {
        ("a.R", "r.head", 2, None),
        ("a.R", "suppression.unknown-rule", 2, None),
        ("a.R", "suppression.unused", 3, None),
        ("a.R", "suppression.unknown-rule", 4, None),
        ("a.R", "r.tail", 5, None),
    }
    typo = next(f for f in findings(data) if f["rule"] == "suppression.unknown-rule" and f["line"] == 2)
    assert "did you mean 'r.head'?" in typo["message"]
    assert {f["severity"] for f in findings(data) if f["rule"].startswith("suppression.")} == {"low"}


def test_cpr_cannot_be_suppressed(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.sas": """/* sdcscan: ignore-file[cpr] -- synthetic test numbers */
%let who = 0101901234; /* sdcscan: ignore[cpr.number] -- synthetic */
""",
            "b.R": "# sdcscan: ignore[cpr, r.head] -- both\nhead(df)  # pnr 0101901234\n",
        },
    )
    data = scan(tmp_path)
    assert marks(data, "suppressed") == {
        ("a.sas", "suppression.not-allowed", 1, None),
        ("a.sas", "cpr.number", 2, None),
        ("a.sas", "suppression.not-allowed", 2, None),
        ("b.R", "suppression.not-allowed", 1, None),
        ("b.R", "r.head", 2, "both"),  # the rest of the directive still works
        ("b.R", "cpr.number", 2, None),
    }
    assert exceeds(data, "critical")


@pytest.mark.slow
def test_suppressed_findings_stay_in_the_report_but_do_not_count(tmp_path: Path) -> None:
    write(tmp_path, {"a.R": 'df <- read.csv("x.csv")\nhead(df)  # sdcscan: ignore[r.head] -- codebook\n'})
    code, data = cli_json(tmp_path)
    assert code == 0
    [finding] = findings(data)
    assert (finding["rule"], finding["suppressed"]) == ("r.head", "codebook")
    assert data["summary"]["suppressed"] == 1
    assert data["files"][0]["risk"] == {"score": 0, "level": "none", "rules": 0, "strongest": 0}  # nothing counts


def test_reason_is_masked_in_the_report(tmp_path: Path) -> None:
    write(tmp_path, {"a.R": "head(df)  # sdcscan: ignore[r.head] -- asked by 0101901234\n"})
    [head] = [f for f in findings(scan(tmp_path)) if f["rule"] == "r.head"]
    assert head["suppressed"] == "asked by DDMMYY-XXXX"


NOTEBOOK = r"""{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "import pandas as pd\n",
    "df = pd.read_csv(\"x.csv\")\n",
    "# sdcscan: ignore[python.head] -- codebook\n",
    "print(df.head())\n",
    "print(df.tail())  # sdcscan: ignore[python.tail] -- codebook too\n",
    "df.head()"
   ]
  }
 ],
 "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "Python 3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"""

RMD = """---
title: "Analysis"
---

Some prose.

```{r}
df <- read.csv("x.csv")
# sdcscan: ignore[r.head] -- codebook

head(df)
head(df)
```
"""


def test_notebook_and_r_markdown_cells(tmp_path: Path) -> None:
    """Lines are those of the stored file; in a notebook a code line is a JSON string, quotes and all (a bare
    `df.head()` shows rows only as a cell's last statement: the others print)."""
    write(tmp_path, {"nb.ipynb": NOTEBOOK, "report.Rmd": RMD})
    assert marks(scan(tmp_path), "suppressed") == {
        ("nb.ipynb", "python.head", 12, "codebook"),
        ("nb.ipynb", "python.tail", 13, "codebook too"),
        ("nb.ipynb", "python.head", 14, None),
        ("report.Rmd", "r.head", 11, "codebook"),
        ("report.Rmd", "r.head", 12, None),
    }


def test_code_echoed_in_a_log_suppresses_nothing(tmp_path: Path) -> None:
    """The echo of a program's directive is not a directive of the log (else it would be reported as unused,
    since echoed listing statements are not findings in a log)."""
    log = """1          The SAS System                         10:00 Monday, November 2, 2026

1    * sdcscan: ignore[sas.proc-print] -- prints the format catalogue;
2    proc print data=formats; run;

NOTE: There were 3 observations read from the data set WORK.FORMATS.
"""
    write(tmp_path, {"run.log": log})
    data = scan(tmp_path)
    assert data["files"][0]["language"] == "sas"
    assert findings(data) == []


@pytest.mark.parametrize("streamed", [False, True])
def test_directives_in_a_streamed_file(tmp_path: Path, streamed: bool) -> None:
    """A very large file is streamed, not held in memory; its directives cover the same lines."""
    path = tmp_path / "big.R"
    text = "x <- 1\n" * 3 + "# sdcscan: ignore[r.head] -- codebook\n\n" + "head(df)\n" + "y <- 2\n" * 300
    path.write_text(text, encoding="utf-8")
    doc = Document("big.R", "program", "r", "" if streamed else text, "utf-8", path=str(path), streamed=streamed)
    comment = Fact("comment", 4, 1, 4, 38, "# sdcscan: ignore[r.head] -- codebook")
    head = Finding("r.head", "listing", "high", 6, 1, 6, 9, "head() prints rows", "head(df)")
    assert suppress.apply([head], [comment], doc, Settings()) == []
    assert head.suppressed == "codebook"
