; Regions the parser could not read.
(ERROR) @parse.error

; A macro `%do; ... %end;` block inside a step: the grammar keeps none of the statements in it (`%if &x = 1 %then
; %do; put pnr= alder=; %end;` in a data step, a scatter in proc sgplot), so they are re-read one by one in their
; step, as the statements of an error region are (scanner/frontends/sas_recover.py).
(data_step (_ (macro_do_statement) @parse.error))
(proc_step (_ (macro_do_statement) @parse.error))

; A macro call with no arguments ends at the end of its line (`%setup`, `%&method`), but the grammar reads on to
; the next `;` and keeps none of the statements it swallows (`%setup` then `proc print data=cohort;`, `%recode`
; then `put pnr=;` in a data step): they are re-read one by one in their step.
((macro_call_statement name: (macro_name) @_name) @parse.error
  (#not-match? @_name "(?i)^{results.macro_statements}$")
  (#match? @parse.error "^%&*[A-Za-z_][A-Za-z0-9_]*[ \t]*\r?\n\\s*[^\\s;(]"))
; The same for a call by a macro variable (`%&method`): the grammar reads `%` as an error and the reference with
; the statements after it as one statement (a reference alone, `&model`, is macro text of the statement).
(_
  (ERROR) @_call
  .
  (generic_statement . (macro_variable_ref)) @parse.error
  (#eq? @_call "%")
  (#match? @parse.error "^&+[A-Za-z_][A-Za-z0-9_]*[ \t]*\r?\n\\s*[^\\s;(]"))

; A macro quoting call in a statement's place (`%if &debug %then %str(put pnr=;);`): the statements in it are code,
; but the grammar reads them as the call's arguments (with a `;` in them, or cut at the first `;` with a missing `)`)
; and keeps none of them: they are re-read one by one in their step (the reader splits the call:
; scanner/frontends/sas_statements.py). A call with neither is a value inside a statement (`data=%unquote(&data)`).
((macro_call_statement name: (macro_name) @_name (macro_arguments) @_arguments) @parse.error
  (#match? @_name "(?i)^{results.quoting_functions}$")
  (#match? @_arguments ";|[^)]$"))
; So does a call of a macro that takes code (`%xbugdo(proc print data=x; run;)`, `%debug(put pnr=;)`): the macro
; processor collects its argument up to the closing parenthesis, semicolons and all, and the macro emits it
; (results.toml, beside `quoting_functions`). Any macro but the macro language's own statements and functions, and a
; `;` outside quotes that ends no macro statement of the argument (`argument_statements`); or an argument the grammar
; cut at such a `;`.
((macro_call_statement name: (macro_name) @_name (macro_arguments) @_arguments) @parse.error
  (#not-match? @_name "(?i)^{results.macro_statements}$")
  (#match? @_arguments "(?is)^[(](?:[^;'\"%]|'[^']*'|\"[^\"]*\"|%(?!{results.argument_statements}\\b)|%{results.argument_statements}\\b[^;]*;)*(?:;|[^)]$)"))

; A statement of `branch_statements` or `branch_openers` as the branch of a macro `%if ... %then` or `%else` (`%if
; &debug %then put pnr=;`, `%then if a then put pnr=;`): the grammar ends the `%if` at the statement's first word, or
; reads `%else put ...;` as a call of a macro `%else`, and keeps none of it: it is re-read as a statement of its step
; (the function `put(...)` of a select list is none).
((macro_if_statement) @parse.error
  (#match? @parse.error "(?i)%then\\s+({results.branch_statements}|{results.branch_openers})$"))
((macro_call_statement name: (macro_name) @_name) @parse.error
  (#match? @_name "(?i)^else$")
  (#match? @parse.error "(?i)^%else\\s+(%if\\b[^;]*?%then\\s+)?({results.branch_statements}\\b(?!\\s*[(=])|{results.branch_openers}\\b(?!\\s*=))"))

; Inline data ends at the first line that holds a `;`, and the rest of that line is code (`datalines;`, the data, then
; `proc print data=cohort;` with no `;` line between), but the grammar reads that statement as part of the data and
; keeps none of it, and what follows it (`proc sql; select ...`) as statements of the data step the data is in: that
; step is re-read statement by statement. The `4` forms end only at `;;;;`.
((data_step
  (generic_statement) @_open
  .
  (generic_statement) @_data) @parse.error
  (#match? @_open "^([dD][aA][tT][aA])?[lL][iI][nN][eE][sS][ \t]*;$|^[cC][aA][rR][dD][sS][ \t]*;$")
  (#match? @_data "\n[ \t]*[^ \t\r\n;][^\n]*$"))
