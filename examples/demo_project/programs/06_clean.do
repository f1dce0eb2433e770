* 06_clean.do - recode and save; aggregates only
version 17
use "E:\workdata\704512\derived\cohort.dta", clear
generate agegrp = irecode(alder, 49, 69)
label define agegrp 0 "<50" 1 "50-69" 2 "70+"
label values agegrp agegrp
tabulate agegrp koen
collapse (count) n = alder, by(agegrp koen)
save "E:\workdata\704512\derived\agegrp.dta", replace
