; Statements that print individual observations. `rule` is the catalogue id (patterns/rules/listing.toml).
; SAS is case-insensitive; tree-sitter regexes have no (?i) flag, so names are spelled as character classes.

((proc_step (proc_step_header (identifier) @callee)) @output.print
  (#match? @callee "^[pP][rR][iI][nN][tT]$")
  (#set! rule "sas.proc-print")
  (#set! check "data-rows"))

((proc_step (proc_step_header (identifier) @callee) @_header) @output.print
  (#match? @callee "^[cC][oO][mM][pP][aA][rR][eE]$")
  (#not-match? @_header "[nN][oO][pP][rR][iI][nN][tT]|[nN][oO][vV][aA][lL][uU][eE][sS]")
  (#set! rule "sas.proc-compare")
  (#set! check "compare-rows"))

; proc report lists rows unless a DEFINE statement groups, crosses or analyses (decided by the `report` check).
((proc_step (proc_step_header (identifier) @callee)) @output.print
  (#match? @callee "^[rR][eE][pP][oO][rR][tT]$")
  (#set! rule "sas.proc-report")
  (#set! check "report"))

; A query directly in proc sql prints its result; one inside create table / insert does not. Aggregating queries
; (group by) print tables, not rows; `into :macro` and `proc sql noprint` print nothing. The `sql-rows` check reads
; what the grammar cannot see: the header or `create table` hidden by macro code, metadata, aggregate-only lists.
((proc_sql_step (proc_sql_header) @_header (sql_select_statement) @output.print)
  (#not-match? @_header "[nN][oO][pP][rR][iI][nN][tT]")
  (#not-match? @output.print "[gG][rR][oO][uU][pP][ \t\r\n]+[bB][yY]|[iI][nN][tT][oO][ \t\r\n]*:")
  (#set! check "sql-rows")
  (#set! rule "sas.sql-select"))

; Data step: `put _all_;`, also after `if ... then`;, `put var= ...;` (to the log or a file), and `list;`.
; A put writes person data only when it writes variables of a step that reads a data set (`put-data` check).
((generic_statement) @output.print
  (#match? @output.print "^([iI][fF][^;]*[tT][hH][eE][nN][ \t\r\n]+)?[pP][uU][tT][ \t\r\n][^;]*_[aA][lL][lL]_")
  (#set! rule "sas.put-all")
  (#set! check "put-data"))

; A put is `keyed` (`sas.put-key`) when a person key is among the row variables it writes, else `sas.put-var`.
((generic_statement) @output.print
  (#match? @output.print "^([iI][fF][^;]*[tT][hH][eE][nN][ \t\r\n]+)?[pP][uU][tT][ \t\r\n]")
  (#not-match? @output.print "_[aA][lL][lL]_")
  (#set! rule "sas.put-var")
  (#set! keyed "sas.put-key")
  (#set! check "put-data"))

((generic_statement) @output.print
  (#match? @output.print "^[lL][iI][sS][tT][ \t\r\n]*;$")
  (#set! rule "sas.list"))

; Without `run;` before it, a step is read by the grammar as a statement of the step before (`data a; set b;
; proc print; run;`): a statement that starts a printing proc is a printing proc.
((generic_statement) @output.print
  (#match? @output.print "^[pP][rR][oO][cC][ \t\r\n]+[pP][rR][iI][nN][tT]([ \t\r\n;]|$)")
  (#set! rule "sas.proc-print")
  (#set! check "data-rows"))

((generic_statement) @output.print
  (#match? @output.print "^[pP][rR][oO][cC][ \t\r\n]+[cC][oO][mM][pP][aA][rR][eE]([ \t\r\n;]|$)")
  (#not-match? @output.print "[nN][oO][pP][rR][iI][nN][tT]|[nN][oO][vV][aA][lL][uU][eE][sS]")
  (#set! rule "sas.proc-compare")
  (#set! check "compare-rows"))

((generic_statement) @output.print
  (#match? @output.print "^[pP][rR][oO][cC][ \t\r\n]+[rR][eE][pP][oO][rR][tT]([ \t\r\n;]|$)")
  (#set! rule "sas.proc-report")
  (#set! check "report"))

; What a procedure prints, for the log reader that reads its output (scanner/outputs/echo.py): counts (FREQ,
; TABULATE), minima and maxima (MEANS prints N, Mean, Std Dev, Minimum, Maximum by default, SUMMARY the same with
; PRINT; UNIVARIATE its extreme observations). Not with NOPRINT: then the procedure only writes a data set.
((proc_step (proc_step_header (identifier) @callee) @_header) @output.table
  (#match? @callee "^([fF][rR][eE][qQ]|[tT][aA][bB][uU][lL][aA][tT][eE])$")
  (#not-match? @_header "[nN][oO][pP][rR][iI][nN][tT]"))

((proc_step (proc_step_header (identifier) @callee) @_header) @output.extreme
  (#match? @callee "^([mM][eE][aA][nN][sS]|[uU][nN][iI][vV][aA][rR][iI][aA][tT][eE])$")
  (#not-match? @_header "[nN][oO][pP][rR][iI][nN][tT]"))

((proc_step (proc_step_header (identifier) @callee) @_header) @output.extreme
  (#match? @callee "^[sS][uU][mM][mM][aA][rR][yY]$")
  (#match? @_header "[ \t\r\n][pP][rR][iI][nN][tT]([ \t\r\n;]|$)"))
