"""False alarms seen on public code and outputs (docs/realworld.md), pinned as synthetic negatives.

Fixture annotations check positions, not counts; the cases here are about counts (one statement, one finding).
"""

from __future__ import annotations

import json
from pathlib import Path

from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file


def findings(tmp_path: Path, name: str, text: str) -> list[tuple[str, int, int]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = scan_file(Task(str(path), name, Settings()))
    return [(f.rule, f.line, f.column) for f in result.findings]


def test_proc_print_with_title_and_run_on_one_line_inside_a_macro_is_one_finding(tmp_path: Path) -> None:
    # The macro body trips the grammar; re-reading `title ...;` and `run;` wrapped in `proc print; ... run;`
    # used to report the wrapper as three more proc prints on the same line.
    text = (
        "%macro setup(area, kind);\n"
        "proc sql;\n"
        "  create table areas as select distinct area, year as first_year from lib.events ev\n"
        '  where lowcase(ev.area) in("&area");\n'
        "quit;\n"
        "data areas;\n"
        "  set areas;\n"
        "  format prev_yr first_yr $2.;\n"
        "  first_yr = substrn(put(first_year, 4.), 3, 2);\n"
        "  drop first_year;\n"
        "run;\n"
        'proc print data=areas; title "Parameters for &area."; run;\n'
        "proc contents data=areas; run;\n"
        "proc sql noprint;\n"
        "  select first_yr into :first_yr trimmed from areas;\n"
        "quit;\n"
    )
    assert findings(tmp_path, "setup.sas", text) == [("sas.proc-print", 12, 1)]


def test_output_pasted_into_an_r_script_is_one_region_to_check(tmp_path: Path) -> None:
    # Console output kept in a script breaks the grammar on almost every line; one region, not one per line.
    text = (
        "fit <- lm(y ~ x, data = d)\n"
        "summary(fit)\n"
        "\n"
        "Coefficients:\n"
        "            Estimate Std. Error t value Pr(>|t|)\n"
        "(Intercept)  1.23456    0.10000   12.35   <2e-16 ***\n"
        "x           -0.45678    0.05000   -9.14   <2e-16 ***\n"
        "---\n"
        "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n"
        "\n"
        "plot(d$x, d$y)\n"
    )
    notes = [(line, column) for rule, line, column in findings(tmp_path, "fit.R", text) if rule.startswith("coverage")]
    assert len(notes) == 1 and 4 <= notes[0][0] <= 6


def test_statements_with_comments_inside_keep_every_later_finding_on_its_own_line(tmp_path: Path) -> None:
    # Comments inside a statement (`merge a /* ... */ b;`) used to be yielded before the statement, so the
    # re-read of an unparsable region counted offsets backwards: later findings were reported twice, the copy
    # some lines further down (issue 15).
    text = (
        "data &out;\n"
        "   merge lowend(rename=(&var=low))    /* low = x(i), not pnr 0101901234 */\n"
        "         highend(rename=(&var=high))  /* high = x(n+1-i) */\n"
        "   if _n_=1 then set stats;           /* nobs and median */\n"
        "   depth = _n_;\n"
        "   put pnr= depth=;\n"
        "   label mid = 'Mid value of &var'\n"
        "         lower = 'Distance below the median';\n"
        "   if depth > trim;                   /* drop the extremes */\n"
        "   mid = (high + low) / 2;\n"
        "   spread = high - low;\n"
        "   upper = high - median\n"
    )
    found = [(rule, line) for rule, line, _ in findings(tmp_path, "trim.sas", text) if not rule.startswith("coverage")]
    assert found == [("cpr.number", 2), ("sas.put-var", 6)]


def test_notebook_cells_showing_arrays_symbols_or_magics_are_not_printed_observations(tmp_path: Path) -> None:
    # The last expression of a cell is shown; an array of numbers made in the notebook, a SymPy expression or an
    # IPython magic line shows no observation. A data frame read from a file still does.
    cells = [
        "import numpy as np\nimport pandas as pd\nimport sympy",
        "x = np.arange(10)\nx",
        "M = np.random.randint(0, 10, (3, 4))\nM[0]",
        "a, b = sympy.symbols('a b')\nexpr = sympy.expand((a + b) ** 2)\nexpr",
        "%load_ext memory_profiler",
        "cohort = pd.read_csv('cohort.csv')\ncohort",
    ]
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": source.splitlines(keepends=True),
            }
            for source in cells
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1)
    shown = text.splitlines().index('    "cohort"') + 1  # the bare `cohort` of the last cell
    found = findings(tmp_path, "analysis.ipynb", text)
    assert [(rule, line) for rule, line, _ in found] == [("python.autoprint", shown)]
