"""Words moved from code into data in round 8 (grammars/python/results.toml, grammars/sas/statements.toml) are the
ones the checks read: each example turns on a word of the data."""

from __future__ import annotations

import pytest

from sdcscan.frontends import python_checks, sas_checks


@pytest.mark.parametrize(
    ("cell", "shows"),
    [
        ("display(fit)\nprint('Fetching ...', flush=True)\nx = 1", 1),  # a print of plain text shows no value
        ("display(fit)\nprint(f'{n} rows')", 2),
        ("render_html(fit)\nfor part in parts:\n    display(part)", 2),
        ("report.display(fit)\nnot_display(x)", 0),  # a method or another name is none of them
    ],
)
def test_the_calls_that_show_a_value_in_a_cell(cell: str, shows: int) -> None:
    assert len(python_checks._shows().findall(cell)) == shows


@pytest.mark.parametrize(
    ("query", "aggregates"),
    [
        ("select avg(msrp) as m, count(*) as n from cars", True),
        ("select STDDEV_SAMP(x), percentile_cont(0.5) within group (order by x) from t", True),
        ("select avg(x) over (partition by g) from t", False),  # a window function: a value per row
        ("select make, avg(msrp) from cars", False),
    ],
)
def test_the_aggregates_of_a_python_programs_sql(query: str, aggregates: bool) -> None:
    assert python_checks._aggregates_only(query) is aggregates


@pytest.mark.parametrize(
    ("query", "aggregates"),
    [
        ("select count(distinct pnr) as n, nmiss(alder) as missing, &year as year from d", True),
        ("select stderr(x) as se, cv(x) from d", True),
        ("select pnr, count(*) as n from d", False),
        ("select lag(x) from d", False),  # no summary function
    ],
)
def test_the_summary_functions_of_proc_sql(query: str, aggregates: bool) -> None:
    blanked = sas_checks._GROUP.sub("()", query)
    assert sas_checks._aggregates_only(blanked) is aggregates


@pytest.mark.parametrize(
    ("statement", "summarises"),
    [
        ("proc report data=d; column sex age; define sex / group; define age / analysis mean;", True),
        ("proc report data=d; column pnr age; define pnr / display; define age / format=3.;", False),
        ("proc report data=d nowd; column region n pctn; define region / across;", True),
    ],
)
def test_the_usages_that_make_proc_report_summarise(statement: str, summarises: bool) -> None:
    assert (sas_checks._report_summary().search(statement) is not None) is summarises
