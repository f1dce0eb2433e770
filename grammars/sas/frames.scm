; A little data flow for the `data-rows` check of output.scm: which data sets hold statistics rather than rows.
; SAS names are case-insensitive: `defines` (a pattern whose first group is a name) stores them in lower case.

; `output out=stats ...` of a summarising procedure without CLASS or BY holds its statistics. With CLASS or BY it
; can hold one row per person (`class pnr;`), so it stays a data set of rows.
((proc_step (proc_step_header (identifier) @_proc)) @_defines.other
  (#match? @_proc "^([mM][eE][aA][nN][sS]|[sS][uU][mM][mM][aA][rR][yY]|[uU][nN][iI][vV][aA][rR][iI][aA][tT][eE]|[fF][rR][eE][qQ])$")
  (#not-match? @_defines.other "(^|;)[ \t\r\n]*([cC][lL][aA][sS][sS]|[bB][yY])[ \t\r\n]")
  (#set! defines "(?i)\\boutput\\b[^;]*?\\bout\\s*=\\s*([A-Za-z_&][\\w.&]*)"))

; Everything else a step writes holds rows, also when it reuses the name of a statistics data set.
((proc_step (proc_step_header (identifier) @_proc)) @_defines.frame
  (#not-match? @_proc "^([mM][eE][aA][nN][sS]|[sS][uU][mM][mM][aA][rR][yY]|[uU][nN][iI][vV][aA][rR][iI][aA][tT][eE]|[fF][rR][eE][qQ])$")
  (#set! defines "(?i)\\bout\\s*=\\s*([A-Za-z_&][\\w.&]*)"))

((proc_step (proc_step_header (identifier) @_proc)) @_defines.frame
  (#match? @_proc "^([mM][eE][aA][nN][sS]|[sS][uU][mM][mM][aA][rR][yY]|[uU][nN][iI][vV][aA][rR][iI][aA][tT][eE]|[fF][rR][eE][qQ])$")
  (#match? @_defines.frame "(^|;)[ \t\r\n]*([cC][lL][aA][sS][sS]|[bB][yY])[ \t\r\n]")
  (#set! defines "(?i)\\bout\\s*=\\s*([A-Za-z_&][\\w.&]*)"))

(data_step_header (dataset_name) @_defines.frame
  (#set! defines "^([^(\\s]+)"))

(sql_create_statement (dataset_name) @_defines.frame
  (#set! defines "^([^(\\s]+)"))

; Statistics written by name: `ods output ParameterEstimates=pe;` and the estimates, statistics, correlations and
; model data sets of procedure options (`outest=`, `outstat=`, `outp=`, `outmodel=`, `outfit=`).
((generic_statement) @_defines.other
  (#match? @_defines.other "^[oO][dD][sS][ \t\r\n]+[oO][uU][tT][pP][uU][tT][ \t\r\n]")
  (#set! defines "=\\s*([A-Za-z_&][\\w.&]*)"))

; Not when the step runs BY a person key (`proc reg outest=est; by pnr;`: a row of estimates per person).
((proc_step (proc_step_header) @_defines.other) @_step
  (#match? @_defines.other "[oO][uU][tT]([eE][sS][tT]|[sS][tT][aA][tT]|[pP]|[mM][oO][dD][eE][lL]|[fF][iI][tT])[ \t]*=")
  (#set! defines "(?i)\\bout(?:est|stat|p|model|fit)\\s*=\\s*([A-Za-z_&][\\w.&]*)")
  (#set! no-keys "_step")
  (#set! keys-in "(?i)(?:^|;)\\s*by\\s+([^;]*)"))

; The same options on a procedure the grammar read as a statement of the step before it (no `run;` between them,
; as after inline data): `proc krige2d data=pts outest=grid;`.
((generic_statement) @_defines.other
  (#match? @_defines.other "^[pP][rR][oO][cC][ \t\r\n]")
  (#match? @_defines.other "[oO][uU][tT]([eE][sS][tT]|[sS][tT][aA][tT]|[pP]|[mM][oO][dD][eE][lL]|[fF][iI][tT])[ \t]*=")
  (#set! defines "(?i)\\bout(?:est|stat|p|model|fit)\\s*=\\s*([A-Za-z_&][\\w.&]*)"))
