"""Realistic synthetic files of a Danish register project, for the benchmarks only (never for the test suite).

Every kind of file a project holds is built from *blocks*: a few lines in the shape the real tool writes (a SAS data
step and its NOTEs, a PROC FREQ page, a Stata `tabulate`, an R `summary(fit)`, a notebook cell). Background blocks
hold nothing that must stay behind (counts at or above every threshold, no identifiers, no printed rows); planted
blocks each hold one known leak, and the writer records where it put it: (line, category, what). So a scan of a
generated file can be checked both ways: every planted leak found, and nothing else.

Generators are seeded `random.Random` instances passed in, so the same seed gives the same bytes.
"""

from __future__ import annotations

import io
import json
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

CATEGORIES = ("cpr", "hardcoded-id", "listing", "printed-rows", "small-cell", "extreme-value", "personal-data")

REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
AGEGROUPS = ("18-29", "30-49", "50-69", "70-79", "80+")
DIAGS = ("DI21", "DI22", "DE11", "DE14", "DJ44", "DC50", "DF32")
VARIABLES = ("alder", "bmi", "indkomst", "fu_time", "sbp", "hba1c", "ldl", "egfr")
FIRST_NAMES = ("Jens", "Mette", "Lars", "Anne", "Søren", "Kirsten", "Henrik", "Hanne", "Niels", "Lone")
SURNAMES = ("Hansen", "Nielsen", "Jensen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen")
STREETS = ("Nørregade", "Vesterbrogade", "Østergade", "Søndergade", "Algade", "Jernbanegade", "Skolevej")
TOWNS = ("8000 Aarhus C", "1620 København V", "5000 Odense C", "9000 Aalborg", "6700 Esbjerg", "7100 Vejle")


@dataclass(frozen=True, slots=True)
class Leak:
    """A planted leak: `line` (1-based, of the file as written) and its report category; `what` says which shape."""

    line: int
    category: str
    what: str


@dataclass(slots=True)
class Block:
    """Lines without newlines; `leaks` are (0-based index into `lines`, category, what)."""

    lines: list[str]
    leaks: list[tuple[int, str, str]] = field(default_factory=list)


BlockMaker = Callable[[random.Random], Block]


# --- values --------------------------------------------------------------------------------------------------


def cpr_number(rng: random.Random, dashed: bool = True) -> str:
    """A valid CPR number (real date, 7th digit matching a 1900s birth, modulus 11 satisfied): a worst case."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        year = rng.randint(1930, 1999)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        digits = f"{day:02d}{month:02d}{year % 100:02d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}"
        for last in range(10):
            number = digits + str(last)
            if sum(w * int(d) for w, d in zip(weights, number, strict=True)) % 11 == 0:
                return f"{number[:6]}-{number[6:]}" if dashed else number


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def address(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 99)}, {rng.choice(TOWNS)}"


def lbnr(rng: random.Random) -> int:
    """A project's running person number (lbnr): not a CPR number, still a person key."""
    return rng.randint(10_000, 999_999)


def big(rng: random.Random) -> int:
    """A count far above any threshold."""
    return rng.randint(40, 99_999)


def small(rng: random.Random) -> int:
    """A count below every profile's threshold (dst 3) and above zero."""
    return rng.randint(1, 2)


# --- writing -------------------------------------------------------------------------------------------------


class Writer:
    """Writes blocks to a text stream, counting lines and bytes and turning block-relative leaks into file lines."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.line = 0
        self.bytes = 0
        self.leaks: list[Leak] = []

    def write(self, block: Block) -> None:
        for index, category, what in block.leaks:
            self.leaks.append(Leak(self.line + index + 1, category, what))
        text = "\n".join(block.lines) + "\n"
        self.out.write(text)
        self.line += len(block.lines)
        self.bytes += len(text.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Kind:
    """How to write one kind of file: an optional header, background blocks, and planted blocks by category."""

    suffix: str
    background: tuple[BlockMaker, ...]
    planted: dict[str, tuple[BlockMaker, ...]]
    header: BlockMaker | None = None
    footer: BlockMaker | None = None


def write_text(out: TextIO, kind: Kind, size: int, plants: list[str], rng: random.Random) -> list[Leak]:
    """Write about `size` bytes of `kind` with one planted block per entry of `plants`, spread over the file."""
    writer = Writer(out)
    if kind.header:
        writer.write(kind.header(rng))
    marks = sorted(rng.random() * size for _ in plants)
    pending = list(zip(marks, plants, strict=True))
    while writer.bytes < size or pending:
        if pending and pending[0][0] <= writer.bytes:
            _, category = pending.pop(0)
            writer.write(rng.choice(kind.planted[category])(rng))
        else:
            writer.write(rng.choice(kind.background)(rng))
    if kind.footer:
        writer.write(kind.footer(rng))
    return writer.leaks


def text_of(kind: Kind, size: int, plants: list[str], rng: random.Random) -> tuple[str, list[Leak]]:
    """The same as `write_text`, into a string."""
    out = io.StringIO()
    leaks = write_text(out, kind, size, plants, rng)
    return out.getvalue(), leaks


# --- programs ------------------------------------------------------------------------------------------------


def _sas_data(rng: random.Random) -> Block:
    n, year, age = rng.randint(1, 99), rng.randint(1995, 2022), rng.randint(18, 80)
    return Block(
        [
            f"/* Step {n}: analysis set for {year} */",
            f"data work.cohort{n};",
            f"  set raw.lpr_adm{year}(keep=pnr recnum c_adiag d_inddto where=(c_adiag =: 'DI2')) end=eof;",
            "  length grp $8;",
            f"  if d_inddto >= '01JAN{year}'d then grp = 'late';",
            "  else grp = 'early';",
            f"  if alder > {age} then older = 1;",
            "run;",
            "",
        ]
    )


def _sas_macro(rng: random.Random) -> Block:
    n = rng.randint(1, 99)
    return Block(
        [
            f"%macro loop{n}(n);",
            "  %do k = 1 %to &n;",
            "    data work.part&k; merge %do j=1 %to 3; work.src&j %end;; by pnr; run;",
            "  %end;",
            f"%mend loop{n};",
            f"%loop{n}({rng.randint(2, 9)});",
            "",
        ]
    )


def _sas_tables(rng: random.Random) -> Block:
    n, var = rng.randint(1, 99), rng.choice(VARIABLES)
    return Block(
        [
            "proc sql;",
            f"  create table work.sum{n} as select grp, count(*) as n, mean({var}) as m",
            f"    from work.cohort{n} group by grp having count(*) >= 5;",
            "quit;",
            f"proc freq data=work.cohort{n}; tables grp*older / nocol norow; run;",
            f"proc means data=work.cohort{n} n mean std maxdec=2; class grp; var {var}; run;",
            f"proc logistic data=work.cohort{n}; class grp; model older(event='1') = grp {var}; run;",
            "",
        ]
    )


def _sas_print(rng: random.Random) -> Block:
    return Block([f"proc print data=work.cohort{rng.randint(1, 99)}(obs=20); run;", ""], [(0, "listing", "proc print")])


def _sas_id(rng: random.Random) -> Block:
    return Block(
        ["data work.check;", "  set work.cohort;", f"  if lbnr = {lbnr(rng)} then flag = 1;", "run;", ""],
        [(2, "hardcoded-id", "if lbnr = n")],
    )


def _sas_cpr_comment(rng: random.Random) -> Block:
    return Block([f"* pnr {cpr_number(rng)} had two admissions on one day, kept both;", ""], [(0, "cpr", "comment")])


def _sas_person_comment(rng: random.Random) -> Block:
    text = f"/* Checked the odd record for {person(rng)}, {address(rng)} with the hospital */"
    return Block([text, ""], [(0, "personal-data", "name and address in a comment")])


def _r_steps(rng: random.Random) -> Block:
    n, year, age = rng.randint(1, 99), rng.randint(1995, 2022), rng.randint(18, 80)
    return Block(
        [
            f"# Step {n}: cohort {year}",
            f'cohort{n} <- haven::read_sas("E:/workdata/704512/lpr_adm{year}.sas7bdat")',
            f"cohort{n} <- cohort{n} %>%",
            f'  filter(c_adiag %in% c("DI21", "DI22"), alder > {age}) %>%',
            f'  mutate(grp = if_else(d_inddto >= as.Date("{year}-01-01"), "late", "early")) |>',
            "  select(pnr, recnum, grp, alder)",
            f"counts{n} <- cohort{n} %>% count(grp)",
            f'fit{n} <- glm(grp == "late" ~ alder, data = cohort{n}, family = binomial())',
            f"est{n} <- broom::tidy(fit{n})",
            f'write.csv(counts{n}, "out/counts{n}.csv", row.names = FALSE)',
            "",
        ]
    )


def _r_function(rng: random.Random) -> Block:
    n = rng.randint(1, 99)
    return Block([f"f{n} <- function(d, k = {rng.randint(18, 80)}) {{", '  d[d$alder > k, c("grp", "alder")]', "}", ""])


def _r_head(rng: random.Random) -> Block:
    return Block([f"head(cohort{rng.randint(1, 99)}, 10)", ""], [(0, "listing", "head()")])


def _r_id(rng: random.Random) -> Block:
    line = f"check <- cohort %>% filter(lbnr == {lbnr(rng)})"
    return Block([line, ""], [(0, "hardcoded-id", "filter(lbnr == n)")])


def _r_cpr_comment(rng: random.Random) -> Block:
    return Block([f"# pnr {cpr_number(rng)} appears twice in LPR; keep the first", ""], [(0, "cpr", "comment")])


def _r_person_comment(rng: random.Random) -> Block:
    line = f"# Asked {person(rng)} ({address(rng)}) about the outlier"
    return Block([line, ""], [(0, "personal-data", "name and address in a comment")])


def _stata_steps(rng: random.Random) -> Block:
    n, year, age = rng.randint(1, 99), rng.randint(1995, 2022), rng.randint(18, 80)
    return Block(
        [
            f"* Step {n}: cohort {year}",
            f'use "E:/workdata/704512/lpr_adm{year}.dta", clear',
            f'keep if inlist(c_adiag, "DI21", "DI22") & alder > {age}',
            f"gen grp = cond(d_inddto >= td(01jan{year}), 1, 0) // late vs early",
            "bysort grp: tabulate koen, missing",
            "#delimit ;",
            "collapse (count) n = alder",
            "    (mean) alder, by(grp koen) ;",
            "#delimit cr",
            "logit grp alder ///",
            "    i.koen, or",
            "",
        ]
    )


def _stata_list(rng: random.Random) -> Block:
    # Listed from person-level data: a `list` after a `collapse` of an earlier block prints aggregates, not persons.
    lines = [
        'use "E:/workdata/704512/cohort.dta", clear',
        f"list grp koen alder in 1/{rng.randint(5, 20)}, clean noobs",
    ]
    return Block([*lines, ""], [(1, "listing", "list")])


def _stata_id(rng: random.Random) -> Block:
    return Block([f"keep if lbnr == {lbnr(rng)}", ""], [(0, "hardcoded-id", "keep if lbnr == n")])


def _stata_cpr_comment(rng: random.Random) -> Block:
    return Block([f"* pnr {cpr_number(rng)} moved twice in one year; checked", ""], [(0, "cpr", "comment")])


def _stata_person_comment(rng: random.Random) -> Block:
    line = f"* Phoned {person(rng)}, {address(rng)}, about the record"
    return Block([line, ""], [(0, "personal-data", "name and address in a comment")])


def _python_steps(rng: random.Random) -> Block:
    n, year, age = rng.randint(1, 99), rng.randint(1995, 2022), rng.randint(18, 80)
    return Block(
        [
            f"# Step {n}: cohort {year}",
            f'cohort{n} = pd.read_sas("E:/workdata/704512/lpr_adm{year}.sas7bdat")',
            f"cohort{n} = (",
            f"    cohort{n}",
            f'    .query("alder > {age}")',
            f'    .assign(grp=lambda d: (d.d_inddto >= "{year}-01-01").map({{True: "late", False: "early"}}))',
            '    .loc[:, ["grp", "alder"]]',
            ")",
            f'counts{n} = cohort{n}.groupby("grp").size()',
            f'counts{n}.to_csv("out/counts{n}.csv")',
            "",
            "",
            f"def step{n}(d: pd.DataFrame, k: int = {age}) -> pd.DataFrame:",
            '    return d[d.alder > k][["grp"]]',
            "",
            "",
        ]
    )


def _python_head(rng: random.Random) -> Block:
    return Block([f"cohort{rng.randint(1, 99)}.head(10)", ""], [(0, "listing", ".head()")])


def _python_id(rng: random.Random) -> Block:
    return Block([f'check = cohort[cohort["lbnr"] == {lbnr(rng)}]', ""], [(0, "hardcoded-id", 'df["lbnr"] == n')])


def _python_cpr_comment(rng: random.Random) -> Block:
    return Block([f"# pnr {cpr_number(rng)} has two birth dates in CPR; dropped", ""], [(0, "cpr", "comment")])


def _python_person_comment(rng: random.Random) -> Block:
    line = f"# {person(rng)}, {address(rng)}, was the odd record"
    return Block([line, ""], [(0, "personal-data", "name and address in a comment")])


def _program_planted(
    listing: BlockMaker, ident: BlockMaker, cpr: BlockMaker, personal: BlockMaker
) -> dict[str, tuple[BlockMaker, ...]]:
    return {"listing": (listing,), "hardcoded-id": (ident,), "cpr": (cpr,), "personal-data": (personal,)}


PROGRAMS: dict[str, Kind] = {
    "sas": Kind(
        ".sas",
        (_sas_data, _sas_macro, _sas_tables),
        _program_planted(_sas_print, _sas_id, _sas_cpr_comment, _sas_person_comment),
        header=lambda rng: Block(['libname raw "E:/workdata/704512/rawdata" access=readonly;', ""]),
    ),
    "r": Kind(
        ".R",
        (_r_steps, _r_function),
        _program_planted(_r_head, _r_id, _r_cpr_comment, _r_person_comment),
        header=lambda rng: Block(["library(dplyr)", ""]),
    ),
    "stata": Kind(
        ".do",
        (_stata_steps,),
        _program_planted(_stata_list, _stata_id, _stata_cpr_comment, _stata_person_comment),
        header=lambda rng: Block(["version 17", "set more off", ""]),
    ),
    "python": Kind(
        ".py",
        (_python_steps,),
        _program_planted(_python_head, _python_id, _python_cpr_comment, _python_person_comment),
        header=lambda rng: Block(["import pandas as pd", "", ""]),
    ),
}


# --- SAS log -------------------------------------------------------------------------------------------------


class _Echo:
    """SAS numbers the echoed source lines of a session; blocks of one log share the counter."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, code: str) -> str:
        self.n += 1
        return f"{self.n:<10} {code}"


_SAS_ECHO = _Echo()


def _sas_log_header(rng: random.Random) -> Block:
    _SAS_ECHO.n = 0
    return Block(
        [
            "1                                                          The SAS System            09:14 Tuesday",
            "",
            "NOTE: Copyright (c) 2016 by SAS Institute Inc., Cary, NC, USA. ",
            "NOTE: SAS (r) Proprietary Software 9.4 (TS1M7) ",
            "",
            _SAS_ECHO('libname raw "E:\\workdata\\704512\\rawdata" access=readonly;'),
            "NOTE: Libref RAW was successfully assigned as follows: ",
            "      Engine:        V9 ",
            "",
        ]
    )


def _sas_log_step(rng: random.Random) -> Block:
    n, year, rows = rng.randint(1, 99), rng.randint(1995, 2022), big(rng)
    return Block(
        [
            _SAS_ECHO(f"data work.cohort{n};"),
            _SAS_ECHO(f"  set raw.lpr_adm{year}(keep=pnr recnum c_adiag d_inddto);"),
            _SAS_ECHO(f"  where d_inddto >= '01JAN{year}'d;"),
            _SAS_ECHO("run;"),
            "",
            f"NOTE: There were {rows} observations read from the data set RAW.LPR_ADM{year}.",
            f"      WHERE d_inddto>='01JAN{year}'D;",
            f"NOTE: The data set WORK.COHORT{n} has {rows} observations and 4 variables.",
            "NOTE: DATA statement used (Total process time):",
            f"      real time           {rng.randint(0, 59)}.{rng.randint(0, 99):02d} seconds",
            f"      cpu time            0.{rng.randint(0, 99):02d} seconds",
            "      ",
            "",
        ]
    )


def _sas_log_proc(rng: random.Random) -> Block:
    n, var = rng.randint(1, 99), rng.choice(VARIABLES)
    return Block(
        [
            _SAS_ECHO(f"proc means data=work.cohort{n} n mean std maxdec=2;"),
            _SAS_ECHO(f"  class grp; var {var};"),
            _SAS_ECHO("run;"),
            "",
            f"NOTE: There were {big(rng)} observations read from the data set WORK.COHORT{n}.",
            "NOTE: PROCEDURE MEANS used (Total process time):",
            f"      real time           0.{rng.randint(0, 99):02d} seconds",
            f"      cpu time            0.{rng.randint(0, 99):02d} seconds",
            "      ",
            f"WARNING: Variable DIAG_{n} has been defined as both character and numeric.",
            "",
        ]
    )


def _sas_log_put(rng: random.Random) -> Block:
    return Block(
        [
            _SAS_ECHO("data _null_;"),
            _SAS_ECHO("  set work.check;"),
            _SAS_ECHO("  put lbnr= koen= alder=;"),
            _SAS_ECHO("run;"),
            "",
            f"lbnr={lbnr(rng)} koen={rng.randint(1, 2)} alder={rng.randint(18, 99)}",
            "NOTE: There were 1 observations read from the data set WORK.CHECK.",
            "",
        ],
        [(5, "printed-rows", "put output")],
    )


def _sas_log_cpr(rng: random.Random) -> Block:
    return Block(
        [
            _SAS_ECHO("data work.check;"),
            _SAS_ECHO("  set work.cohort;"),
            _SAS_ECHO(f"  where pnr = '{cpr_number(rng)}';"),
            _SAS_ECHO("run;"),
            "",
        ],
        [(2, "cpr", "echoed where"), (2, "hardcoded-id", "echoed where")],
    )


def _sas_log_id(rng: random.Random) -> Block:
    return Block(
        [
            _SAS_ECHO("data work.check;"),
            _SAS_ECHO(f"  set work.cohort(where=(lbnr = {lbnr(rng)}));"),
            _SAS_ECHO("run;"),
            "",
        ],
        [(1, "hardcoded-id", "echoed where=")],
    )


def _sas_log_person(rng: random.Random) -> Block:
    line = _SAS_ECHO(f"/* asked {person(rng)}, {address(rng)}, about the record */")
    return Block([line, ""], [(0, "personal-data", "echoed comment: name and address")])


def _sas_log_contact(rng: random.Random) -> Block:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    phone = f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    line = _SAS_ECHO(f"/* contact {first} {last} on {phone} or {first.lower()}.{last.lower()}@example.dk */")
    return Block([line, ""], [(0, "personal-data", "echoed comment: phone and e-mail")])


def _sas_log_birth(rng: random.Random) -> Block:
    born = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1930, 1999)}"
    return Block(
        [_SAS_ECHO(f"/* the odd case: født {born}, check the register */"), ""], [(0, "personal-data", "birth date")]
    )


SAS_LOG = Kind(
    ".log",
    (_sas_log_step, _sas_log_proc),
    {
        "printed-rows": (_sas_log_put,),
        "cpr": (_sas_log_cpr,),
        "hardcoded-id": (_sas_log_id,),
        "personal-data": (_sas_log_person, _sas_log_contact, _sas_log_birth),
    },
    header=_sas_log_header,
)


# --- SAS listing ---------------------------------------------------------------------------------------------


def _page(rng: random.Random) -> str:
    return f"\f{'The SAS System':>60}          10:12 Monday, November 2, 2026 {rng.randint(1, 9999):>5}"


def _freq_oneway(rng: random.Random, planted: bool = False) -> Block:
    counts = [big(rng) for _ in REGIONS]
    hit = rng.randrange(len(REGIONS)) if planted else -1
    if planted:
        counts[hit] = small(rng)
    total = sum(counts)
    lines = [
        _page(rng),
        "",
        "                                 The FREQ Procedure",
        "",
        "                                                      Cumulative    Cumulative",
        "                       region    Frequency     Percent     Frequency      Percent",
        "                       --------------------------------------------------------",
    ]
    cumulative = 0
    first = len(lines)
    for region, count in zip(REGIONS, counts, strict=True):
        cumulative += count
        lines.append(
            f"                       {region:<12}{count:>7}    {100 * count / total:8.2f}    {cumulative:>10}    "
            f"{100 * cumulative / total:9.2f}"
        )
    lines.append("")
    return Block(lines, [(first + hit, "small-cell", "one-way frequency")] if planted else [])


def _freq_crosstab(rng: random.Random, planted: bool = False) -> Block:
    cells = [[big(rng), big(rng)], [big(rng), big(rng)]]
    row, col = (rng.randrange(2), rng.randrange(2)) if planted else (-1, -1)
    if planted:
        cells[row][col] = small(rng)
    total = sum(map(sum, cells))
    lines = [
        _page(rng),
        "",
        "                                 The FREQ Procedure",
        "",
        "                                   Table of koen by diab",
        "",
        "                          koen      diab",
        "",
        "                          Frequency|",
        "                          Percent  |0       |1       |  Total",
        "                          ---------+--------+--------+",
    ]
    rows_at = []
    for label, pair in zip(("1", "2"), cells, strict=True):
        rows_at.append(len(lines))
        lines.append(f"                          {label:>9} |{pair[0]:>7} |{pair[1]:>7} |{sum(pair):>7}")
        share = [100 * v / total for v in pair]
        lines.append(f"                                    |{share[0]:7.2f} |{share[1]:7.2f} |{sum(share):7.2f}")
        lines.append("                          ---------+--------+--------+")
    sums = [cells[0][0] + cells[1][0], cells[0][1] + cells[1][1]]
    lines.append(f"                          Total     {sums[0]:>8} {sums[1]:>8} {total:>8}")
    lines.append("")
    return Block(lines, [(rows_at[row], "small-cell", "crosstab")] if planted else [])


def _means(rng: random.Random, planted: bool = False) -> Block:
    var = rng.choice(VARIABLES)
    head = "    N Obs     N            Mean         Std Dev"
    extra = "         Minimum         Maximum" if planted else ""
    lines = [
        _page(rng),
        "",
        "                                 The MEANS Procedure",
        "",
        f"                              Analysis Variable : {var}",
        "",
        f"                     koen{head}{extra}",
        "                     " + "-" * (len(head) + len(extra) + 4),
    ]
    first = len(lines)
    for label in ("1", "2"):
        n = big(rng)
        row = f"                     {label:<4}{n:>9}{n:>6}{rng.uniform(20, 80):16.7f}{rng.uniform(1, 20):16.7f}"
        if planted:
            row += f"{rng.uniform(0, 20):16.7f}{rng.uniform(80, 120):16.7f}"
        lines.append(row)
    lines += ["                     " + "-" * (len(head) + len(extra) + 4), ""]
    return Block(lines, [(first + i, "extreme-value", "means min/max") for i in range(2)] if planted else [])


def _regression(rng: random.Random) -> Block:
    lines = [
        _page(rng),
        "",
        "                              The LOGISTIC Procedure",
        "",
        "                     Analysis of Maximum Likelihood Estimates",
        "",
        "                                            Standard          Wald",
        "             Parameter         DF    Estimate       Error    Chi-Square    Pr > ChiSq",
        "",
    ]
    for name in ("Intercept", *rng.sample(VARIABLES, 3)):
        estimate, error = rng.uniform(-3, 3), rng.uniform(0.001, 0.5)
        lines.append(
            f"             {name:<16}   1{estimate:12.4f}{error:12.4f}{(estimate / error) ** 2:14.4f}    "
            f"{rng.choice(('<.0001', '0.0213', '0.4410', '0.0007'))}"
        )
    lines.append("")
    return Block(lines)


def _univariate(rng: random.Random) -> Block:
    var = rng.choice(VARIABLES)
    lines = [
        _page(rng),
        "",
        "                              The UNIVARIATE Procedure",
        f"                                Variable:  {var}",
        "",
        "                               Quantiles (Definition 5)",
        "",
        "                              Quantile        Estimate",
        "",
    ]
    first = len(lines)
    lines += [
        f"                              100% Max    {rng.uniform(80, 120):12.1f}",
        f"                              99%         {rng.uniform(70, 80):12.1f}",
        f"                              50% Median  {rng.uniform(40, 60):12.1f}",
        f"                              1%          {rng.uniform(15, 20):12.1f}",
        f"                              0% Min      {rng.uniform(0, 15):12.1f}",
        "",
    ]
    return Block(lines, [(first, "extreme-value", "100% Max"), (first + 4, "extreme-value", "0% Min")])


def _print_page(rng: random.Random, rows: int = 50) -> Block:
    lines = [_page(rng), "", "                          Obs    lbnr     koen    alder    region", ""]
    first = len(lines)
    obs = rng.randint(1, 100_000)
    for i in range(rows):
        lines.append(
            f"                    {obs + i:>10}    {lbnr(rng):>6}      {rng.randint(1, 2)}       "
            f"{rng.randint(18, 99):>2}     {rng.choice(REGIONS)}"
        )
    lines.append("")
    return Block(lines, [(first, "printed-rows", "proc print page")])


SAS_LISTING = Kind(
    ".lst",
    (_freq_oneway, _freq_crosstab, _means, _regression),
    {
        "printed-rows": (_print_page,),
        "small-cell": (lambda rng: _freq_oneway(rng, True), lambda rng: _freq_crosstab(rng, True)),
        "extreme-value": (lambda rng: _means(rng, True), _univariate),
    },
)


def listing_pages(rng: random.Random, print_share: float) -> Iterator[Block]:
    """An endless listing: PROC PRINT pages with probability `print_share`, else table pages (every kind, planted
    or not). For the listing benchmark, which measures the parser on pages of rows as much as on tables."""
    tables = (*SAS_LISTING.background, *(m for makers in SAS_LISTING.planted.values() for m in makers))
    while True:
        yield _print_page(rng) if rng.random() < print_share else rng.choice(tables)(rng)


# --- R output (.Rout) ----------------------------------------------------------------------------------------


def _rout_header(rng: random.Random) -> Block:
    return Block(
        [
            "",
            'R version 4.3.2 (2023-10-31 ucrt) -- "Eye Holes"',
            "Copyright (C) 2023 The R Foundation for Statistical Computing",
            "Platform: x86_64-w64-mingw32/x64 (64-bit)",
            "",
            "> library(survival)",
            '> cohort <- readRDS("E:/workdata/704512/derived/cohort.rds")',
        ]
    )


def _rout_model(rng: random.Random) -> Block:
    var = rng.choice(VARIABLES)
    coef, se = rng.uniform(-1, 1), rng.uniform(0.01, 0.2)
    return Block(
        [
            f"> fit <- coxph(Surv(fu_time, event) ~ {var} + strata(koen), data = cohort)",
            "> summary(fit)",
            "Call:",
            f"coxph(formula = Surv(fu_time, event) ~ {var} + strata(koen), data = cohort)",
            "",
            f"  n= {big(rng)}, number of events= {big(rng)} ",
            "",
            "            coef exp(coef) se(coef)     z Pr(>|z|)    ",
            f"{var:<8} {coef:7.5f}   {math.exp(coef):7.5f}  {se:7.5f} {coef / se:5.3f} 4.41e-11 ***",
            "---",
            "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
            "",
            f"Concordance= 0.{rng.randint(500, 700)}  (se = 0.007 )",
            f"Likelihood ratio test= {rng.uniform(1, 90):.2f}  on 1 df,   p=3e-11",
            "",
        ]
    )


def _rout_table(rng: random.Random, planted: bool = False) -> Block:
    cells = [[big(rng), big(rng)], [big(rng), big(rng)]]
    row, col = (rng.randrange(2), rng.randrange(2)) if planted else (-1, -1)
    if planted:
        cells[row][col] = small(rng)
    # Printed by table() itself: the parser knows what an R command prints from the call (`counts <- table(..)`
    # followed by `counts` is a known miss, see docs/performance.md).
    lines = [
        "> table(cohort$koen, cohort$diab)",
        "   ",
        "        0     1",
        f"  1 {cells[0][0]:>5} {cells[0][1]:>5}",
        f"  2 {cells[1][0]:>5} {cells[1][1]:>5}",
    ]
    return Block(lines, [(3 + row, "small-cell", "table()")] if planted else [])


def _rout_head(rng: random.Random) -> Block:
    lines = ["> head(cohort)", "    lbnr koen alder region"]
    for i in range(1, 7):
        lines.append(f"{i:>1} {lbnr(rng):>6}    {rng.randint(1, 2)}    {rng.randint(18, 99):>2} {rng.choice(REGIONS)}")
    return Block(lines, [(2, "printed-rows", "printed data frame")])


def _rout_summary(rng: random.Random) -> Block:
    q = sorted(rng.uniform(18, 99) for _ in range(5))
    lines = [
        f"> summary(cohort${rng.choice(VARIABLES)})",
        "   Min. 1st Qu.  Median    Mean 3rd Qu.    Max. ",
        f"  {q[0]:5.2f}   {q[1]:5.2f}   {q[2]:5.2f}   {q[2]:5.2f}   {q[3]:5.2f}   {q[4]:5.2f} ",
    ]
    return Block(lines, [(2, "extreme-value", "summary() min/max")])


ROUT = Kind(
    ".Rout",
    (_rout_model, _rout_table),
    {
        "printed-rows": (_rout_head,),
        "small-cell": (lambda rng: _rout_table(rng, True),),
        "extreme-value": (_rout_summary,),
    },
    header=_rout_header,
    footer=lambda rng: Block(["> proc.time()", "   user  system elapsed ", "   2.14    0.21    2.52 "]),
)


# --- Stata log -----------------------------------------------------------------------------------------------


def _stata_header(rng: random.Random) -> Block:
    return Block(
        [
            "-" * 100,
            "      name:  <unnamed>",
            "       log:  E:\\workdata\\704512\\logs\\analysis.log",
            "  log type:  text",
            " opened on:   4 Mar 2025, 10:02:11",
            "",
            '. use "E:\\workdata\\704512\\derived\\cohort.dta", clear',
            "",
        ]
    )


def _stata_tab(rng: random.Random, planted: bool = False) -> Block:
    cells = [[big(rng), big(rng)], [big(rng), big(rng)]]
    row, col = (rng.randrange(2), rng.randrange(2)) if planted else (-1, -1)
    if planted:
        cells[row][col] = small(rng)
    cols = [cells[0][0] + cells[1][0], cells[0][1] + cells[1][1]]
    lines = [
        ". tabulate koen diab",
        "",
        "           |         diab",
        "      koen |         0          1 |     Total",
        "-----------+----------------------+----------",
    ]
    rows_at = []
    for label, pair in zip(("1", "2"), cells, strict=True):
        rows_at.append(len(lines))
        lines.append(f"{label:>10} |{pair[0]:>10,} {pair[1]:>10,} |{sum(pair):>10,} ")
    lines += [
        "-----------+----------------------+----------",
        f"     Total |{cols[0]:>10,} {cols[1]:>10,} |{sum(cols):>10,} ",
        "",
    ]
    return Block(lines, [(rows_at[row], "small-cell", "tabulate")] if planted else [])


def _stata_regress(rng: random.Random) -> Block:
    lines = [
        f". logit diab {' '.join(rng.sample(VARIABLES, 2))}, or",
        "",
        f"Logistic regression                                     Number of obs = {big(rng):>9,}",
        f"                                                        LR chi2(2)    = {rng.uniform(1, 900):9.2f}",
        "",
        "------------------------------------------------------------------------------",
        "        diab | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]",
        "-------------+----------------------------------------------------------------",
    ]
    for name in rng.sample(VARIABLES, 2):
        odds = rng.uniform(0.5, 2)
        lines.append(
            f"{name:>12} |  {odds:9.6f}   {odds / 20:9.6f}  {rng.uniform(-5, 5):5.2f}   0.000     "
            f"{odds * 0.9:8.6f}    {odds * 1.1:8.6f}"
        )
    lines += ["------------------------------------------------------------------------------", ""]
    return Block(lines)


def _stata_list_out(rng: random.Random) -> Block:
    lines = [
        ". list lbnr koen alder in 1/3",
        "",
        "     +----------------------------+",
        "     |        lbnr   koen   alder |",
    ]
    lines.append("     |----------------------------|")
    for i in range(1, 4):
        lines.append(f"  {i}. | {lbnr(rng):>11}      {rng.randint(1, 2)}      {rng.randint(18, 99):>2} |")
    lines += ["     +----------------------------+", ""]
    return Block(lines, [(5, "printed-rows", "list output")])


def _stata_summarize(rng: random.Random) -> Block:
    var = rng.choice(VARIABLES)
    lines = [
        f". summarize {var}",
        "",
        "    Variable |        Obs        Mean    Std. dev.       Min        Max",
        "-------------+---------------------------------------------------------",
        f"{var:>12} |  {big(rng):>9,}    {rng.uniform(20, 80):8.5f}    {rng.uniform(1, 20):8.5f}"
        f"        {rng.randint(0, 30):>3}        {rng.randint(90, 120):>3}",
        "",
    ]
    return Block(lines, [(4, "extreme-value", "summarize min/max")])


STATA_LOG = Kind(
    ".log",
    (_stata_tab, _stata_regress),
    {
        "printed-rows": (_stata_list_out,),
        "small-cell": (lambda rng: _stata_tab(rng, True),),
        "extreme-value": (_stata_summarize,),
    },
    header=_stata_header,
    footer=lambda rng: Block(
        [". log close", "      name:  <unnamed>", " closed on:   4 Mar 2025, 10:02:15", "-" * 100]
    ),
)


# --- CSV tables ----------------------------------------------------------------------------------------------


def _csv_rows(rng: random.Random, planted: bool = False) -> Block:
    region, hit = rng.choice(REGIONS), rng.randrange(len(AGEGROUPS)) if planted else -1
    lines = []
    for i, group in enumerate(AGEGROUPS):
        n = big(rng)
        events = small(rng) if i == hit else rng.randint(5, n)
        lines.append(f"{region},{group},{n},{events},{100 * events / n:.1f}")
    return Block(lines, [(hit, "small-cell", "csv cell")] if planted else [])


CSV_TABLE = Kind(
    ".csv",
    (_csv_rows,),
    {"small-cell": (lambda rng: _csv_rows(rng, True),)},
    header=lambda rng: Block(["region,agegroup,n,events,percent"]),
)


# --- notebooks -----------------------------------------------------------------------------------------------


def notebook(rng: random.Random, size: int, plants: list[str]) -> tuple[str, list[Leak]]:
    """A Jupyter notebook (nbformat 4, written as Jupyter does with indent 1) of about `size` bytes.

    A planted `listing` is a `df.head()` cell whose output shows rows: the code line is the listing leak and the
    first shown row the printed-rows leak, so plant "listing" and "printed-rows" count once each per such cell.
    """
    cells: list[dict[str, object]] = [_markdown(["# Exploring the cohort\n", "Aggregates only, before export."])]
    marks: dict[str, tuple[str, str]] = {}
    todo = list(plants)
    rng.shuffle(todo)
    count = 0
    while count < size or todo:
        n = before = len(cells)
        if todo and rng.random() < 0.3:
            category = todo.pop()
            if category in ("listing", "printed-rows"):
                marker = f"cohort{n}.head({rng.randint(3, 9)})"
                rows = [f"{i}  {lbnr(rng):>6}     {rng.randint(1, 2)}     {rng.randint(18, 99)}\n" for i in range(3)]
                cells.append(_code([marker], _text_output(["     lbnr  koen  alder\n", *rows])))
                marks[marker] = ("listing", ".head() cell")
                marks[rows[0]] = ("printed-rows", "rows in cell output")
            else:
                line = f"Asked {person(rng)}, {address(rng)}, about record {n}."
                cells.append(_markdown([line]))
                marks[line] = ("personal-data", "markdown cell")
        else:
            group = rng.choice(("koen", "region", "agegrp"))
            levels = REGIONS if group == "region" else ("1", "2")
            out = [f"{group}\n", *(f"{lvl:<12} {big(rng)}\n" for lvl in levels), "dtype: int64"]
            cells.append(_code([f'counts{n} = cohort.groupby("{group}").size()\n', f"counts{n}"], _text_output(out)))
        count += len(json.dumps(cells[before:], indent=1, ensure_ascii=False))
    text = json.dumps(_nb(cells), indent=1, ensure_ascii=False) + "\n"
    leaks = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip().removesuffix(",")
        if stripped.startswith('"') and stripped.endswith('"') and '": ' not in stripped:
            value = json.loads(stripped)
            if value in marks:
                category, what = marks[value]
                leaks.append(Leak(number, category, what))
    return text, leaks


def _markdown(source: list[str]) -> dict[str, object]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def _code(source: list[str], output: dict[str, object]) -> dict[str, object]:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [output], "source": source}


def _text_output(lines: list[str]) -> dict[str, object]:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": lines}}


def _nb(cells: list[dict[str, object]]) -> dict[str, object]:
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return {
        "cells": cells,
        "metadata": {"kernelspec": kernel, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


# --- free log text (for the detector benchmark) --------------------------------------------------------------


def log_text_block(rng: random.Random, planted: str | None = None) -> Block:
    """A block of any log kind (SAS, R, Stata), or, with `planted`, the planted block of that category from
    whichever log kind has one: the mixed text the detector benchmark reads."""
    kinds = (SAS_LOG, ROUT, STATA_LOG)
    if planted is None:
        return rng.choice(rng.choice(kinds).background)(rng)
    return rng.choice([m for k in kinds for m in k.planted.get(planted, ())])(rng)


TEXT_KINDS: dict[str, Kind] = {
    "sas-log": SAS_LOG,
    "sas-listing": SAS_LISTING,
    "rout": ROUT,
    "stata-log": STATA_LOG,
    "csv": CSV_TABLE,
    **{f"program-{language}": kind for language, kind in PROGRAMS.items()},
}


def write_file(path: Path, name: str, size: int, plants: list[str], rng: random.Random) -> list[Leak]:
    """Write one file of kind `name` (a TEXT_KINDS key or "notebook") and return its planted leaks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if name == "notebook":
        text, leaks = notebook(rng, size, plants)
        path.write_text(text, encoding="utf-8")
        return leaks
    with path.open("w", encoding="utf-8", newline="\n") as out:
        return write_text(out, TEXT_KINDS[name], size, plants, rng)
