"""Person-level data files without a key column (round 6): the whitespace-separated text layout (`text.data`) and
the notion of records that data files and data typed into programs share (scanner/rules/microdata.py)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from openpyxl import Workbook

from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.outputs.table import Table
from sdcscan.outputs.text import read
from sdcscan.rules.microdata import records

from conftest import ROOT


def _tables(text: str) -> list[Table]:
    return [f.table for f in read(text.splitlines(), Settings()) if f.table is not None]


def _patients(rows: int, seed: int = 1) -> list[list[str]]:
    r = random.Random(seed)
    return [[str(r.randint(0, 1)), str(r.randint(0, 1)), str(r.randint(18, 95))] for _ in range(rows)]


def test_a_whitespace_data_file_is_one_table_of_its_columns() -> None:
    text = "died shock age\n" + "\n".join(" ".join(row) for row in _patients(25)) + "\n"
    (table,) = _tables(text)
    assert table.layout == "text.data" and table.total_rows == 25
    assert [c.label for c in table.columns] == ["died", "shock", "age"]
    assert [c.column for c in table.rows[0].cells] == [0, 1, 2]


def test_row_names_written_first_name_no_column() -> None:
    # R's write.table(): the header has one name fewer than the rows have values
    lines = ["died shock age"] + [f'"{i}" ' + " ".join(row) for i, row in enumerate(_patients(3), start=1)]
    (table,) = _tables("\n".join(lines))
    assert [cell.column for cell in table.rows[0].cells] == [0, 1, 2]
    assert table.rows[0].cells[2].text == lines[1].split()[3]


def test_a_printed_table_is_read_once_by_its_own_layout() -> None:
    # values standing under their names: the fixed-width layout reads it, the data layout lets it go
    text = "  name  score\n" + "\n".join(f"  p{i:02d}  {40 + i:5d}" for i in range(12))
    tables = _tables(text)
    assert [t.layout for t in tables] == ["text.fixed"]


def test_only_a_table_that_starts_the_file_is_data() -> None:
    text = "Some notes on the data below\n\nx y z\n" + "\n".join(" ".join(row) for row in _patients(25))
    assert not [t for t in _tables(text) if t.layout == "text.data"]


def test_a_measure_beside_a_flag_or_among_repeated_rows_is_records() -> None:
    names = ["died", "shock", "age"]
    assert records(names, _patients(20), 20, by_measures=False)
    assert not records(names, _patients(19), 20, by_measures=False)  # fewer rows than the threshold
    r = random.Random(3)
    brands = [[str(r.randint(1, 3)), str(r.randint(24, 38))] for _ in range(200)]  # choices of persons by age
    assert records(["brand", "age"], brands, 20, by_measures=False)


def test_groups_estimates_and_series_are_not_records() -> None:
    rows = _patients(30)
    assert not records(["died", "n", "age"], rows, 20, by_measures=False)  # a count column: groups
    years = [[str(1990 + i), f"{8 + i / 10:.1f}", str(i % 2)] for i in range(30)]
    assert not records(["year", "temperature", "frost"], years, 20, by_measures=False)  # one unit over time
    assert records(["row", "temperature", "frost"], years, 20, by_measures=False)  # the same numbered otherwise
    places = [[f"{50 + i / 7:.2f}", f"{10 + i / 3:.2f}", str(1000 * i)] for i in range(30)]
    assert not records(["lat", "long", "pop"], places, 20, by_measures=False)  # measures alone: a file of places
    assert records(["lat", "long", "pop"], places, 20)  # typed into a program, they are data


def test_dates_in_order_are_a_series_and_dates_out_of_order_are_persons() -> None:
    days = [[f"{1900 + i}-12-31", f"{13 + i / 50:.2f}"] for i in range(30)]
    assert not records(["", "temperature"], days, 20, by_measures=False)  # a yearly series: one row per day
    r = random.Random(5)
    born = [[f"{r.randint(1930, 2000)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "1"] for _ in range(30)]
    assert records(["", "x"], born, 20, by_measures=False)  # persons' days of birth


def _sheet(tmp_path: Path, rows: list[list[object]]) -> set[str]:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "udtraek.xlsx"
    book.save(path)
    result = scan_file(Task(str(path), path.name, settings_for("dhda")))
    assert result.status == "scanned"
    return {f.rule for f in result.findings}


def test_a_sheet_of_persons_without_a_key_is_found_by_its_values(tmp_path: Path) -> None:
    # a cohort extract without its pnr column: a 0/1 flag beside ages, one person per row
    r = random.Random(2)
    persons: list[list[object]] = [[r.randint(0, 1), r.randint(0, 1), r.randint(18, 95)] for _ in range(25)]
    assert "printed-rows.table" in _sheet(tmp_path, [["died", "smoker", "age"], *persons])


def test_a_sheet_named_by_its_columns_is_judged_by_those_names(tmp_path: Path) -> None:
    # a sheet's labels carry the cell name (`subno (column A)`): the key is still read as one; a count stays quiet
    r = random.Random(4)
    keyed: list[list[object]] = [[i, r.randint(1, 7), r.randint(1, 7)] for i in range(1, 6)]
    assert "printed-rows.table" in _sheet(tmp_path, [["subno", "helpful", "shy"], *keyed])
    counted: list[list[object]] = [[18 + i // 2, i % 2, r.randint(40, 400)] for i in range(27)]
    assert "printed-rows.table" not in _sheet(tmp_path, [["age", "sex", "n"], *counted])


def test_a_long_data_file_is_judged_on_its_first_part(tmp_path: Path) -> None:
    # 1,005 persons: the table arrives in a part of 1,000 rows and a last part of 5, too few to judge alone
    r = random.Random(8)
    lines = ["died,smoker,age"] + [f"{r.randint(0, 1)},{r.randint(0, 1)},{r.randint(18, 95)}" for _ in range(1005)]
    path = tmp_path / "cohort_extract.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = scan_file(Task(str(path), path.name, settings_for("dhda")))
    assert [(f.rule, f.line) for f in result.findings] == [("printed-rows.table", 2)]
    assert "1005 printed rows" in result.findings[0].message


def test_the_signal_count_names_what_fired_and_what_the_rule_decided(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
    from data_signals import signals, tables

    r = random.Random(9)
    (tmp_path / "cohort.csv").write_text(
        "died,smoker,age\n" + "".join(f"{r.randint(0, 1)},{r.randint(0, 1)},{r.randint(18, 95)}\n" for _ in range(30))
    )
    (tmp_path / "places.csv").write_text(
        "city,lat,long\n" + "".join(f"c{i},{50 + i / 7:.2f},{10 + i / 3:.2f}\n" for i in range(30))
    )
    (cohort,) = tables(tmp_path / "cohort.csv")
    assert signals(cohort) == ["flag"]
    (places,) = tables(tmp_path / "places.csv")
    assert signals(places) == ["measures"]
