"""The SAS data flow (`sas_checks._persons`) follows each data set's making once, whatever the paths to it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from sdcscan import sasindex
from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import sas_checks


def test_merges_of_merges_are_followed_once_per_data_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Eight levels, each merging the level below six times: 6**8 paths to the statistics at the bottom.
    lines = ["proc means data=proj.x noprint; output out=d0 mean=; run;"]
    lines += [f"data d{i}; merge {' '.join([f'd{i - 1}'] * 6)}; y = 1; run;" for i in range(1, 9)]
    lines.append("proc print data=d8; run;")
    program = tmp_path / "deep.sas"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = 0
    writers = sas_checks._writers

    def counted(*args: object) -> object:
        nonlocal calls
        calls += 1
        return writers(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sas_checks, "_writers", counted)
    result = scan_file(Task(str(program), program.name, settings_for()))
    assert result.status == "scanned"
    assert not [f for f in result.findings if f.rule == "sas.proc-print"]  # statistics all the way down
    assert 0 < calls < 100


COUNTS = "%macro counts(data, out);\n  proc freq data=&data noprint; tables region / out=&out; run;\n%mend counts;\n"
PRINT = "%counts(cohort, tab);\nproc print data=tab; run;\n"


def _prints(program: Path, index: sasindex.SasIndex) -> list[int]:
    result = scan_file(Task(str(program), program.name, settings_for(), sas_index=index))
    assert result.status == "scanned"
    return [f.line for f in result.findings if f.rule == "sas.proc-print"]


def test_a_macro_file_changed_after_it_was_indexed_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "macros.sas").write_text(COUNTS, encoding="utf-8")
    program = tmp_path / "tables.sas"
    program.write_text(PRINT, encoding="utf-8")
    indexed = sasindex.index([str(tmp_path / "macros.sas"), str(program)])[str(program)]
    (tmp_path / "macros.sas").write_text(COUNTS.replace("noprint", "noprint "), encoding="utf-8")
    assert _prints(program, indexed) == [2]  # not what was indexed: rows
    assert _prints(program, sasindex.index([str(tmp_path / "macros.sas"), str(program)])[str(program)]) == []


def test_other_files_are_read_only_for_calls_of_macros_the_program_does_not_define(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "macros.sas").write_text(COUNTS, encoding="utf-8")
    own = tmp_path / "own.sas"
    own.write_text(COUNTS.replace("region", "sex") + PRINT, encoding="utf-8")
    calling = tmp_path / "calling.sas"
    calling.write_text(PRINT + PRINT.replace("tab", "tab2"), encoding="utf-8")
    macros = sasindex.index([str(tmp_path / "macros.sas"), str(own), str(calling)])
    read = sas_checks._read_library.__wrapped__
    paths: list[str] = []

    def counted(path: str, digest: str) -> object:
        paths.append(path)
        return read(path, digest)

    monkeypatch.setattr(sas_checks, "_read_library", lru_cache(maxsize=16)(counted))
    assert _prints(own, macros[str(own)]) == []
    assert paths == [], "its own %counts comes first: no other file is read"
    assert _prints(calling, macros[str(calling)]) == []
    assert paths == [str(tmp_path / "macros.sas"), str(own)], "each file that defines it, once for both calls"


def test_a_program_is_given_only_the_macros_it_may_call(tmp_path: Path) -> None:
    """What goes to a worker with a program is the part of the index it calls, directly or through the macros it
    calls, not the whole project's: with every file's part the whole index, a folder of many macro files was sent
    to the workers once per batch (quadratic)."""
    for n in range(50):
        (tmp_path / f"lib{n}.sas").write_text(f"%macro m{n}(out=); data &out; x = {n}; run; %mend;\n", encoding="utf-8")
    (tmp_path / "outer.sas").write_text("%macro outer(out=); %m7(out=&out) %mend;\n", encoding="utf-8")
    program = tmp_path / "main.sas"
    program.write_text("%outer(out=t)\nproc print data=t; run;\n", encoding="utf-8")
    parts = sasindex.index(str(p) for p in tmp_path.glob("*.sas"))
    assert [name for name, _files in parts[str(program)].where] == ["m7", "outer"]
    assert parts[str(tmp_path / "lib3.sas")].where == ()
    assert len({part.digest for part in parts.values()}) == 1


def test_a_program_is_given_the_library_tables_the_other_programs_write(tmp_path: Path) -> None:
    """A program's part of the index lists the library tables it names that another program writes, with the
    writers of those programs' own reads (they are followed in turn); not its own writes, `work` tables, or tables
    nobody writes."""
    (tmp_path / "a.sas").write_text("data out.cohort; set raw.persons; run;\ndata work.tmp; run;\n", encoding="utf-8")
    (tmp_path / "b.sas").write_text(
        "proc freq data=out.cohort noprint; tables sex / out=out.counts; run;\n", encoding="utf-8"
    )
    (tmp_path / "c.sas").write_text(
        "data out.own; set out.counts; run;\nproc print data=out.counts; run;\nproc print data=raw.persons; run;\n",
        encoding="utf-8",
    )
    parts = sasindex.index(str(p) for p in sorted(tmp_path.glob("*.sas")))
    program = parts[str(tmp_path / "c.sas")]
    assert program.tables == (
        ("out.cohort", ((str(tmp_path / "a.sas"), program.tables[0][1][0][1]),)),
        ("out.counts", ((str(tmp_path / "b.sas"), program.tables[1][1][0][1]),)),
    )
    assert program.writers("out.own") == () and program.writers("raw.persons") == ()
    assert program.without("out.counts").writers("out.counts") == ()
    assert parts[str(tmp_path / "a.sas")].tables == ()


def test_a_program_is_given_a_bounded_part_of_the_tables(tmp_path: Path) -> None:
    """A chain of programs, each reading the next one's table, gives each program the nearest tables only, and a
    scratch table many programs write is given to none: else each part is the size of the project (quadratic)."""
    count = 3 * sasindex.MAX_TABLES
    for n in range(count):
        (tmp_path / f"p{n}.sas").write_text(
            f"data out.t; set raw.x{n}; run;\ndata out.m{n}; set out.m{(n + 1) % count}; run;\n", encoding="utf-8"
        )
    parts = sasindex.index(str(p) for p in sorted(tmp_path.glob("*.sas")))
    tables = [name for name, _files in parts[str(tmp_path / "p0.sas")].tables]
    assert len(tables) == sasindex.MAX_TABLES and "out.m1" in tables and "out.t" not in tables


def test_a_print_says_where_its_data_set_comes_from(tmp_path: Path) -> None:
    """A reviewer decides what a printed data set holds when the program does not show it: the message names the
    data set and where the program makes it (a statement's line, a macro's call), or that it does not."""
    program = tmp_path / "where.sas"
    program.write_text(
        "data Kohorte;\n  set raw.persons;\nrun;\nproc print data=Kohorte; run;\n"
        "%macro copyrows(out=);\n  data &out; set raw.persons; run;\n%mend;\n"
        "%copyrows(out=kopi)\nproc print data=kopi; run;\n"
        "proc print data=raw.visits(obs=5); run;\n",
        encoding="utf-8",
    )
    result = scan_file(Task(str(program), program.name, settings_for()))
    messages = {f.line: f.message for f in result.findings if f.rule == "sas.proc-print"}
    assert messages[4].endswith("individual observations of `Kohorte`, made at line 1")
    assert messages[9].endswith("of `kopi`, written by the call of %copyrows at line 8")
    assert messages[10].endswith(
        "of `raw.visits`, which this file does not make (a library's data set, a macro's parameter or output)"
    )
    # ... and, for a library table another scanned program writes with rows, which programs write it
    (tmp_path / "01_cohort.sas").write_text("data raw.visits; set raw.persons; run;\n", encoding="utf-8")
    macros = sasindex.index([str(tmp_path / "01_cohort.sas"), str(program)])[str(program)]
    result = scan_file(Task(str(program), program.name, settings_for(), sas_index=macros))
    messages = {f.line: f.message for f in result.findings if f.rule == "sas.proc-print"}
    assert messages[10].endswith("of `raw.visits`, which this file does not make; written by 01_cohort.sas")
