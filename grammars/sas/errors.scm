; Regions the parser could not read.
(ERROR) @parse.error

; A macro `%do; ... %end;` block inside a step: the grammar keeps none of the statements in it (`%if &x = 1 %then
; %do; put pnr= alder=; %end;` in a data step, a scatter in proc sgplot), so they are re-read one by one in their
; step, as the statements of an error region are (scanner/frontends/sas_recover.py).
(data_step (_ (macro_do_statement) @parse.error))
(proc_step (_ (macro_do_statement) @parse.error))
