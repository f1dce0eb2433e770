* 05_descriptives.do - baseline characteristics
version 17
use "E:\workdata\704512\derived\cohort.dta", clear

* look at a few records
list pnr koen alder in 1/10

keep if lbnr == 18822
tabulate koen diabetes, row
summarize alder, detail
