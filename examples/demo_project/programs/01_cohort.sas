/*****************************************************************
 Project : Type 2 diabetes and hip fracture, register cohort
 Program : 01_cohort.sas - build the study cohort from LPR and CPR
 Author  : project group 704512
*****************************************************************/
libname raw "E:\workdata\704512\rawdata" access=readonly;
libname out "E:\workdata\704512\derived";

%let start = '01JAN2010'd;
%let end   = '31DEC2020'd;

data out.cohort;
  merge raw.t_person(in=a keep=pnr koen foed_dag)
        raw.lpr_diag(in=b keep=pnr c_diag d_inddto);
  by pnr;
  if a and b;
  if substr(c_diag, 1, 4) in ('DE11', 'DE14');
  alder = intck('year', foed_dag, d_inddto, 'c');
run;

/* Checked the odd record for Jens Hansen, Nørregade 12, 8000 Aarhus C - remove before export */
data out.check;
  set out.cohort;
  where pnr = '010101-1239';
run;

proc print data=out.cohort(obs=20);
  var pnr koen alder c_diag;
run;

proc sort data=out.cohort nodupkey; by pnr; run;
