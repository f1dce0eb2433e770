"""Parse throughput of the program front ends: generates >= 10 MB of realistic code per language (macros, inline
data, dataset options, pipes, method chains, #delimit blocks, comments), then times the front end alone and the
whole scan of the file (front end + every rule + masking + context), and prints MB/s per language.

Run: .venv/bin/python benchmarks/parse_throughput.py [--mb 10]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document, front_end

SAS = """/* Step {i}: build analysis set for cohort {i} */
%let year{i} = {year};
libname in{i} "E:/workdata/7{i:05d}";
data work.cohort{i};
  set in{i}.lpr_adm{year}(keep=pnr recnum c_adiag d_inddto where=(c_adiag =: 'DI2')) end=eof;
  length grp $8;
  if d_inddto >= '01JAN{year}'d then grp = 'late';
  else grp = 'early';
  if v_alder > {age} then older = 1;
  retain n 0; n + 1;
  if eof then put 'NOTE: rows read ' n=;
run;
%macro loop{i}(n);
  %do k = 1 %to &n;
    data work.part&k; merge %do j=1 %to 3; work.src&j %end;; by pnr; run;
  %end;
%mend loop{i};
proc sql;
  create table work.sum{i} as select grp, count(*) as n from work.cohort{i} group by grp;
  select pnr, recnum from work.cohort{i} where older = 1;
quit;
proc freq data=work.cohort{i}; tables grp*older / nocol norow; run;
proc means data=work.cohort{i} n mean std; class grp; var v_alder; run;
proc print data=work.sum{i}(obs=10); run;
data work.codes{i};
  input code $ label $20.;
  datalines;
DI21 infarct
DI22 reinfarct
;
run;
"""

R = """# Step {i}: cohort {i}
library(dplyr)
cohort{i} <- haven::read_sas("E:/workdata/7{i:05d}/lpr_adm{year}.sas7bdat")
cohort{i} <- cohort{i} %>%
  filter(c_adiag %in% c("DI21", "DI22"), v_alder > {age}) %>%
  mutate(grp = if_else(d_inddto >= as.Date("{year}-01-01"), "late", "early")) |>
  select(pnr, recnum, grp, v_alder)
counts{i} <- cohort{i} %>% count(grp)
print(counts{i})
fit{i} <- glm(grp == "late" ~ v_alder, data = cohort{i}, family = binomial())
summary(fit{i})
head(cohort{i}, 10)
tab{i} <- table(cohort{i}$grp, useNA = "ifany")
write.csv(as.data.frame(tab{i}), "out/tab{i}.csv", row.names = FALSE)
f{i} <- function(d, k = {age}) {{
  d[d$v_alder > k, c("pnr", "grp")]
}}
"""

PYTHON = """# Step {i}: cohort {i}
import pandas as pd

cohort{i} = pd.read_sas("E:/workdata/7{i:05d}/lpr_adm{year}.sas7bdat")
cohort{i} = (
    cohort{i}
    .query("v_alder > {age}")
    .assign(grp=lambda d: (d.d_inddto >= "{year}-01-01").map({{True: "late", False: "early"}}))
    .loc[:, ["pnr", "recnum", "grp", "v_alder"]]
)
counts{i} = cohort{i}.groupby("grp").size()
print(counts{i})
cohort{i}.head()
summary{i} = cohort{i}.describe()


def step{i}(d: pd.DataFrame, k: int = {age}) -> pd.DataFrame:
    return d[d.v_alder > k][["pnr", "grp"]]

"""

STATA = """* Step {i}: cohort {i}
use "E:/workdata/7{i:05d}/lpr_adm{year}.dta", clear
keep if inlist(c_adiag, "DI21", "DI22") & v_alder > {age}
gen grp = cond(d_inddto >= td(01jan{year}), 1, 0) // late vs early
quietly summarize v_alder, detail
local m`i' = r(mean)
bysort grp: tabulate sex, missing
#delimit ;
collapse (count) n = pnr
    (mean) v_alder, by(grp sex) ;
#delimit cr
list grp sex n in 1/5, clean noobs
/* nested /* comment */ block */
logit grp v_alder ///
    i.sex, or
"""

TEMPLATES = {"sas": (SAS, ".sas"), "r": (R, ".R"), "python": (PYTHON, ".py"), "stata": (STATA, ".do")}


def generate(template: str, megabytes: float, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        block = template.format(i=i, year=rng.randint(1995, 2022), age=rng.randint(18, 90))
        parts.append(block)
        size += len(block)
        i += 1
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of code per language (default 10)")
    args = ap.parse_args()
    settings = settings_for("dhda")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for language, (template, suffix) in TEMPLATES.items():
            text = generate(template, args.mb, seed=len(language))
            path = Path(tmp) / f"generated{suffix}"
            path.write_text(text, encoding="utf-8")
            mb = len(text.encode()) / 1024 / 1024
            doc = Document(path.name, "program", language, text, "utf-8")
            start = time.perf_counter()
            facts = sum(1 for _ in front_end("program", language)(doc, settings))
            front = time.perf_counter() - start
            start = time.perf_counter()
            result = scan_file(Task(str(path), path.name, settings))
            whole = time.perf_counter() - start
            rows.append((language, mb, facts, mb / front, result.status, len(result.findings), mb / whole))
    header = (
        f"{'language':<9} {'MB':>6} {'facts':>9} {'front end MB/s':>15} {'status':>9} {'findings':>9} {'scan MB/s':>10}"
    )
    print(header)
    for language, mb, facts, front_rate, status, findings, rate in rows:
        print(f"{language:<9} {mb:6.1f} {facts:9d} {front_rate:15.2f} {status:>9} {findings:9d} {rate:10.2f}")


if __name__ == "__main__":
    main()
