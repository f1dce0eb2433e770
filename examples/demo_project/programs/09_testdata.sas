/* Test rows typed in by hand to try the macros on: three persons copied from the cohort. */
data test;
  input pnr $ fdato :yymmdd10. koen;
  datalines;
K4711 1953-04-11 1
K4712 1961-11-30 2
K4713 1948-02-02 1
;
run;

/* A lookup of region codes: no persons. */
data regioner;
  input region navn $;
  datalines;
1081 Nordjylland
1082 Midtjylland
1083 Syddanmark
1084 Hovedstaden
1085 Sjaelland
;
run;
