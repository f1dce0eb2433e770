"""What a printed table says its rows are (scanner/outputs/groups.py): the steps of one time series or counts of
persons per place or time are no persons; a person key, a person's date, uneven days or 0/1 flags say persons."""

from __future__ import annotations

import pytest

from sdcscan.outputs.groups import flags, groups
from sdcscan.outputs.layouts import statistic
from sdcscan.outputs.table import Cell, Column, Row, Table


def _table(header: list[str], rows: list[list[str]], labelled: bool = True) -> Table:
    """A printed frame: with `labelled`, the first value of each row is its label (the index, under header[0])."""
    built = []
    for line, values in enumerate(rows, start=10):
        first = 1 if labelled else 0
        cells = [Cell(v, line, 1, 1 + len(v), column=j) for j, v in enumerate(values) if j >= first]
        built.append(Row(line, "  ".join(values), label=values[0] if labelled else "", cells=cells))
    return Table("pandas.frame", "notebook", columns=[Column(h, statistic(h)) for h in header], rows=built)


def _split(*rows: str) -> list[list[str]]:
    return [row.split() for row in rows]


HOURS = [f"2021-03-01 {h:02d}:00:00" for h in range(5)]


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        # hourly counts of two sidewalks, indexed by the hour
        (["Date", "North", "South"], [[h, "4.0", "9.0"] for h in HOURS]),
        # a price series on business days (Thursday, Friday, then Monday)
        (["Date", "Open", "Close"], [[d, "50.1", "50.3"] for d in ["2021-03-04", "2021-03-05", "2021-03-08"]]),
        # births per day and sex: two rows a day, the last day cut short by head()
        (
            ["", "year", "month", "day", "sex", "births"],
            _split(
                "0 2019 1 1 F 4046", "1 2019 1 1 M 4440", "2 2019 1 2 F 4454", "3 2019 1 2 M 4548", "4 2019 1 3 F 4548"
            ),
        ),
        # yearly values of one unit, descending (tail() of a sorted series)
        (["", "year", "value"], [["0", "2012", "7.1"], ["1", "2011", "6.9"], ["2", "2010", "7.4"]]),
        # population per municipality and year
        (
            ["", "kommune", "year", "population"],
            [["0", "Aarhus", "2019", "349983"], ["1", "Aarhus", "2020", "352751"], ["2", "Odense", "2019", "204895"]],
        ),
        # places and their areas, and their abbreviations
        (["", "state", "area (sq. mi)"], _split("0 Alabama 52423", "1 Alaska 656425", "2 Arizona 114006")),
        (["", "kommune", "abbreviation"], _split("0 Aarhus AAR", "1 Odense ODE", "2 Vejle VEJ")),
    ],
)
def test_rows_of_groups(header: list[str], rows: list[list[str]]) -> None:
    assert groups(_table(header, rows))


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        # a time series per person id
        (["Date", "pnr", "weight"], [[d, "1001", "81.2"] for d in ["2021-03-01", "2021-03-02", "2021-03-03"]]),
        # persons listed by their day of birth: several on one day, none on others
        (
            ["", "year", "month", "day", "sex", "weight"],
            _split(
                "0 2019 1 3 F 3120", "1 2019 1 3 M 3480", "2 2019 1 3 F 2950", "3 2019 1 4 M 3610", "4 2019 1 7 F 3300"
            ),
        ),
        # persons' dates of admission in order, one a day, beside their birth date
        (["Date", "birth_date"], [[d, "1950-01-01"] for d in ["2021-03-01", "2021-03-02", "2021-03-03"]]),
        # shaped as dates, not days of the calendar
        (["Date", "North"], [["2021-02-27", "4"], ["2021-02-28", "5"], ["2021-02-29", "5"], ["2021-02-30", "4"]]),
        # two days only
        (["Date", "North"], [["2021-03-01", "4"], ["2021-03-02", "5"]]),
        # persons with a population flag beside their municipality
        (
            ["", "age", "kommune", "population"],
            [["0", "34", "Aarhus", "1"], ["1", "51", "Odense", "0"], ["2", "29", "Aalborg", "1"]],
        ),
        # persons' ages beside their municipality; the same municipality twice among areas
        (["", "kommune", "age"], _split("0 Aarhus 34", "1 Odense 51", "2 Vejle 29")),
        (["", "kommune", "area"], _split("0 Aarhus 468", "1 Aarhus 468", "2 Vejle 1058")),
        # a count of visits per person beside the municipality: no count of persons in groups
        (["", "kommune", "visits"], [["0", "Aarhus", "340"], ["1", "Odense", "120"], ["2", "Vejle", "215"]]),
    ],
)
def test_rows_of_persons(header: list[str], rows: list[list[str]]) -> None:
    assert not groups(_table(header, rows))


def test_flags() -> None:
    """A `population` column of 0/1 flags rows; of large numbers it counts persons; `n` of 0/1 stays a count."""
    flagged = [["0", "34", "1"], ["1", "51", "0"], ["2", "29", "1"]]
    assert flags(_table(["", "age", "population"], flagged))
    assert not flags(_table(["", "kommune", "population"], [["0", "Aarhus", "349983"]] * 3))
    assert not flags(_table(["", "group", "n"], [["0", "a", "1"], ["1", "b", "0"], ["2", "c", "1"]]))
