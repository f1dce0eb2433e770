/* 02_tables.sas - descriptive tables for the manuscript (aggregates only) */
proc format;
  value agegrp low-49 = '<50' 50-69 = '50-69' 70-high = '70+';
run;

proc freq data=out.cohort;
  tables koen*alder / norow nocol;
  format alder agegrp.;
run;

proc means data=out.cohort n mean std median p25 p75 maxdec=1;
  class koen;
  var alder;
run;

ods output ParameterEstimates = est;
proc phreg data=out.cohort;
  class koen;
  model fu_time*event(0) = koen alder / rl;
run;

/* Table 2: persons and events by region and diabetes, exported for the manuscript */
proc means data=out.cohort noprint nway;
  class region diabetes;
  var event;
  output out=table2(drop=_type_ _freq_) n=n sum=events;
run;
proc export data=table2 outfile="E:/workdata/704512/output/table2_by_region.csv" dbms=csv replace;
run;
