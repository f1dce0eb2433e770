; Calls that print individual observations. `rule` is the catalogue id; `{callee}` is replaced by the function
; name in lower case. `frame` is the name printed; the checks `frame` (must be known to hold a data frame) and
; `maybe-frame` (must not be known to hold something else) read frames.scm.

; head(df) / tail(df) (also `utils::head(df)`) print only when R auto-prints them: at top level (templates.toml
; `top`: also in brackets, or as a top-level `if`'s value), or inside print() (`r-not-tables`: below). A frame
; whose rows are named by text (`SEBRLE`, `China-2020`) is read by the fixed-width layout (`layout`) in a transcript.
((top! value: (call
    function: (callee! name: @callee)
    arguments: (arguments . (argument value: (identifier) @frame))) @output.print)
  (#any-of? @callee "head" "tail")
  (#not-match? @frame "^(letters|LETTERS|month\\.name|month\\.abb|pi|T|F)$")
  (#set! layout "fixed")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame,r-not-tables"))

((top! value: (call
    function: (callee! name: @callee)
    arguments: (arguments . (argument value: [(subset) (subset2) (extract_operator) (binary_operator)]))) @output.print)
  (#any-of? @callee "head" "tail")
  (#set! layout "fixed")
  (#set! rule "r.{callee}"))

; ... and of a verb that selects, orders, samples or changes the rows of a named frame (`head(filter(cohort, age >
; 90))`, `head(slice_sample(cohort, n = 5))`; results.toml `frame_verbs`), judged as the frame itself.
((top! value: (call
    function: (callee! name: @callee)
    arguments: (arguments . (argument value: (call
      function: (callee! name: @_verb)
      arguments: (arguments . (argument value: (identifier) @frame)))))) @output.print)
  (#any-of? @callee "head" "tail")
  (#match? @_verb "^({results.frame_verbs}|slice_sample|sample_n|sample_frac)$")
  (#set! layout "fixed")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame,r-not-tables"))

; print(head(x)) anywhere: of a name, not one known to hold something other than a data frame (a matrix).
(call
  function: (callee! name: @_print)
  arguments: (arguments . (argument value: (call
    function: (callee! name: @callee)
    arguments: (arguments . (argument value: (identifier) @frame))) @output.print))
  (#eq? @_print "print")
  (#any-of? @callee "head" "tail")
  (#set! layout "fixed")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame"))

(call
  function: (callee! name: @_print)
  arguments: (arguments . (argument value: (call
    function: (callee! name: @callee)
    arguments: (arguments . (argument value: (_) @_what))) @output.print))
  (#eq? @_print "print")
  (#any-of? @callee "head" "tail")
  (#not-match? @_what "^[A-Za-z.][A-Za-z0-9._]*$")
  (#set! layout "fixed")
  (#set! rule "r.{callee}"))

; df %>% head(), df |> filter(...) |> tail(5) at top level.
((top! value: (binary_operator operator: _ @_pipe
    rhs: (call function: (callee! name: @callee))) @output.print)
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @callee "head" "tail")
  (#set! layout "fixed")
  (#set! rule "r.{callee}"))

; magrittr also takes a bare function name: df %>% mutate(...) %>% head
((top! value: (binary_operator operator: _ @_pipe rhs: (identifier) @callee) @output.print)
  (#eq? @_pipe "%>%")
  (#any-of? @callee "head" "tail")
  (#set! layout "fixed")
  (#set! rule "r.{callee}"))

; View(), glimpse(), str() print (or show) wherever they are called; not in a print or show method (its own
; object). str() is also used on models, matrices and lists: not of a name last assigned from a function the lists
; of frames.scm do not know, nor of one the file calls as a function.
(call
  function: (callee! name: @callee)
  arguments: (arguments . (argument value: (identifier) @frame))
  (#any-of? @callee "View" "glimpse")
  (#not-match? @frame "^(letters|LETTERS|month\\.name|month\\.abb|pi|T|F)$")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame,r-not-method")) @output.print

(call
  function: (identifier) @callee
  arguments: (arguments . (argument value: (identifier) @frame))
  (#eq? @callee "str")
  (#not-match? @frame "^(letters|LETTERS|month\\.name|month\\.abb|pi|T|F)$")
  (#set! rule "r.str")
  (#set! check "maybe-frame,not-unknown,r-not-method,r-not-called")) @output.print

(call
  function: (callee! name: @callee)
  arguments: (arguments . (argument value: [(subset) (subset2) (extract_operator) (call)]))
  (#any-of? @callee "View" "glimpse")
  (#set! rule "r.{callee}")) @output.print

; `grid %>% View()` of a name: as `View(grid)`; of a pipe, whatever it starts from.
(binary_operator lhs: (identifier) @frame operator: _ @_pipe
  rhs: (call function: (callee! name: @callee))
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @callee "View" "glimpse")
  (#set! rule "r.{callee}")
  (#set! check "maybe-frame")) @output.print

(binary_operator lhs: (_) @_what operator: _ @_pipe
  rhs: (call function: (callee! name: @callee))
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @callee "View" "glimpse")
  (#not-match? @_what "^[A-Za-z.][A-Za-z0-9._]*$")
  (#set! rule "r.{callee}")) @output.print

(call
  function: (identifier) @callee
  arguments: (arguments . (argument))
  (#any-of? @callee "edit" "fix" "data.entry")
  (#set! rule "r.edit")
  (#set! check "builtin")) @output.print

; print(df) for a known data frame; print(df[...]) and print(df$x) of one; the table printers of knitr, DT, gt. Not
; in a print, format, summary or show method: it prints its own object, a result.
(call
  function: (callee! name: @callee)
  arguments: (arguments . (argument value: [
    (identifier) @frame
    (subset function: (identifier) @frame)
    (subset2 function: (identifier) @frame)
    (extract_operator lhs: (identifier) @frame)]))
  (#any-of? @callee "print" "kable" "datatable" "gt" "flextable" "reactable")
  (#set! rule "r.print-df")
  (#set! check "r-frame,r-not-method,r-not-saved")) @output.print

; df %>% print(), df %>% filter(...) %>% print(n = 50)
(binary_operator
  lhs: (identifier) @frame
  operator: _ @_pipe
  rhs: (call function: (identifier) @callee)
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @callee "print" "kable" "datatable" "gt")
  (#set! rule "r.print-df")
  (#set! check "r-frame,r-not-method,r-not-saved")) @output.print

(binary_operator
  lhs: (binary_operator operator: _ @_pipe
    rhs: (call function: (callee! name: @_verb)))
  operator: _ @_pipe2
  rhs: (call function: (identifier) @callee)
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @_pipe2 "%>%" "|>")
  (#any-of? @_verb "filter" "select" "arrange" "slice" "slice_head" "slice_sample" "distinct" "mutate" "left_join"
    "inner_join" "head" "tail")
  (#any-of? @callee "print" "kable" "datatable" "gt")
  (#set! rule "r.print-df")
  (#set! check "r-results,r-not-method,r-not-saved")) @output.print

; print(filter(df, ...)) of a known data frame, and print(df %>% filter(...) %>% select(...)) (the pipe, which
; `r-results` reads): the rows a verb that selects, orders or changes them returns (results.toml `frame_verbs`;
; head() and tail() are r.head's, r.tail's).
; Only print(): a table printer of a pipe (`kable(x %>% select(n, mean, sd))`, namespace-qualified ones in a
; package's vignettes) showed tables of statistics or metadata on the corpus (round 10).
(call
  function: (callee! name: @callee)
  arguments: (arguments . (argument value: (call
    function: (callee! name: @_verb)
    arguments: (arguments . (argument value: (identifier) @frame)))))
  (#eq? @callee "print")
  (#match? @_verb "^{results.frame_verbs}$")
  (#not-match? @_verb "^(head|tail)$")
  (#set! rule "r.print-df")
  (#set! check "r-frame,r-not-method,r-not-saved")) @output.print

(call
  function: (callee! name: @callee)
  arguments: (arguments . (argument value: (binary_operator operator: _ @_pipe
    rhs: (call function: (callee! name: @_verb))) @output.print))
  (#eq? @callee "print")
  (#any-of? @_pipe "%>%" "|>")
  (#match? @_verb "^{results.frame_verbs}$")
  (#not-match? @_verb "^(head|tail)$")
  (#set! rule "r.print-df")
  (#set! check "r-results,r-not-method,r-not-saved"))

; A bare data frame, or df[rows, ] / dt[cond], at top level: R prints it. Not a frame the code uses as a distance
; or covariance matrix (`as.dist(cube)`, `princomp(covmat = as.matrix(m))`), as counts per group of a binomial
; model (`glm(cbind(lived, died) ~ dose, family = binomial, data = rats)`), as counts or distances reshaped or
; cross-tabulated (`gather(d, grade, frequency, low:high)`, `xtabs(count ~ a + b, data = d)`), nor a table of one
; row per model (`data.frame(AIC = sapply(fits, AIC))`): read from a file or made, not rows.
((top! value: (identifier) @output.print @frame)
  (#set! rule "r.autoprint")
  (#set! check "frame,r-not-tables"))

; Not data.table's update by reference (dt[cond, x := 1] prints nothing), nor R's constants (`letters[1:3]`), nor a
; count per group (dt[, .N, by = x], dt[i, .(n = .N), by = x]): a table of counts, checked where it is printed; nor
; part of a frame the code uses as a table (`r-not-tables`).
((top! value: (subset function: (identifier) @frame) @output.print)
  (#not-match? @frame "^(letters|LETTERS|month\\.name|month\\.abb|pi|T|F)$")
  (#not-match? @output.print ":=")
  (#not-match? @output.print "^[^\\[]*\\[[^,\\]]*,[ \t\r\n]*(\\.N|\\.\\([ \t\r\n]*[A-Za-z_.][A-Za-z0-9_.]*[ \t\r\n]*=[ \t\r\n]*\\.N[ \t\r\n]*\\))[ \t\r\n]*(,|\\])")
  (#set! rule "r.autoprint")
  (#set! check "maybe-frame,r-results,r-not-tables"))

; df$x, df[["x"]] at top level: R prints every value of the column. Only on a name known to hold a data frame:
; fit$coefficients or res$p.value print model output. Not of a frame the code uses as a table (`r-not-tables`).
((top! value: (extract_operator lhs: (identifier) @frame operator: "$") @output.print)
  (#set! rule "r.column")
  (#set! check "frame,r-not-tables"))

((top! value: (subset2 function: (identifier) @frame) @output.print)
  (#set! rule "r.column")
  (#set! check "frame,r-not-tables"))

; ... and some of its values: `df$pnr[1:10]`, `df[["pnr"]][df$age > 90]`
((top! value: (subset function: [
    (extract_operator lhs: (identifier) @frame operator: "$")
    (subset2 function: (identifier) @frame)]) @output.print)
  (#set! rule "r.column")
  (#set! check "frame,r-not-tables"))

; ... or all its values through a function that keeps them (results.toml `column_values`, `text_formats`:
; `sort(df$alder)`, `rev(df$pnr)`, `sample(df$pnr, 10)`, `as.character(df$pnr)`): printed as `df$x` is.
((top! value: (call
    function: (callee! name: @_keep)
    arguments: (arguments . (argument value: [
      (extract_operator lhs: (identifier) @frame operator: "$")
      (subset2 function: (identifier) @frame)]))) @output.print)
  (#match? @_keep "^({results.column_values}|{results.text_formats})$")
  (#set! rule "r.column")
  (#set! check "frame,r-not-tables"))

; cat(df$x), cat(df[["x"]]), some of its values (`cat(df$x[i])` in a loop over the rows), also message() and
; writeLines(), and of the column formatted as text
; (results.toml `text_formats`: `writeLines(as.character(df$x))`, `message(paste(df$x, collapse = ", "))`): every
; value of a column, of a name known to hold a data frame (`cat("n=", x$n)` in a print method writes an element of
; a fitted object).
(call
  function: (callee! name: @callee)
  arguments: (arguments (argument value: [
    (extract_operator lhs: (identifier) @frame)
    (subset2 function: (identifier) @frame)
    (subset function: [(extract_operator lhs: (identifier) @frame) (subset2 function: (identifier) @frame)])
    (call
      function: (identifier) @_format
      arguments: (arguments (argument value: [
        (extract_operator lhs: (identifier) @frame)
        (subset2 function: (identifier) @frame)])))]))
  (#any-of? @callee "cat" "message" "writeLines")
  (#match? @_format "^{results.text_formats}$")
  (#set! rule "r.cat-column")
  (#set! check "frame,r-not-method")) @output.print

; A frame verb at top level prints the rows it returns: df %>% filter(id == 3) %>% select(a, b), filter(df, ...);
; so does a conversion of a frame (`as_tibble(df)`: its first ten rows; `as.data.frame(df)`: every row).
((top! value: (binary_operator operator: _ @_pipe
    rhs: (call function: (callee! name: @callee))) @output.print)
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @callee "filter" "select" "arrange" "slice" "slice_head" "slice_tail" "slice_sample" "slice_max"
    "slice_min" "distinct" "mutate" "transmute" "rename" "relocate" "left_join" "inner_join" "right_join"
    "full_join" "anti_join" "semi_join" "sample_n" "sample_frac" "subset" "top_n" "as_tibble" "as.data.frame")
  (#set! rule "r.autoprint")
  (#set! check "r-results"))

((top! value: (call function: (callee! name: @callee)
    arguments: (arguments . (argument value: (identifier) @frame))) @output.print)
  (#any-of? @callee "filter" "subset" "arrange" "slice" "slice_head" "slice_tail" "slice_sample" "slice_min"
    "slice_max" "select" "distinct" "merge" "sample_n" "sample_frac" "top_n" "as_tibble" "as.data.frame"
    "as.data.table")
  (#set! rule "r.autoprint")
  (#set! check "maybe-frame,r-not-tables"))

; What a command prints, for the log readers that read its output (scanner/outputs/echo.py): table(), xtabs(),
; ftable() and addmargins() print counts, prop.table() and proportions() shares of counts; summary(), quantile(),
; range() and fivenum() minima and maxima. Wherever the call stands (print(table(x)), with(d, table(koen))): a
; reader types the output after an echoed command by that command's facts only.
((call function: (callee! name: @callee)) @output.table
  (#any-of? @callee "table" "xtabs" "ftable" "addmargins"))

((call function: (callee! name: @callee)) @output.table
  (#any-of? @callee "prop.table" "proportions" "prop_table")
  (#set! statistic "percent"))

((call function: (callee! name: @callee)) @output.extreme
  (#any-of? @callee "summary" "quantile" "range" "fivenum"))

; Descriptive statistics per variable print a table of one variable a row, named by text (`A1`, `age`), and one
; statistic a column, min and max among them: psych describe() and describeBy(), finalfit ff_glimpse() (its numeric
; variables). The fixed-width layout reads it, and extreme-value judges its min and max.
((call function: (callee! name: @callee)) @output.extreme
  (#any-of? @callee "describe" "describeBy" "ff_glimpse")
  (#set! layout "fixed"))

; Results printed at top level (grammars/r/results.toml `functions`; `predict()` for new data made in the program):
; a log reader does not read what they print as records. A fitted model's predictions for its own data are one per
; person: not results.
(program
  (call function: (callee! name: @callee)) @output.results
  (#set! check "r-results-call"))

(program
  (call
    function: (identifier) @_print
    arguments: (arguments . (argument value: (call function: (callee! name: @callee)) @output.results)))
  (#eq? @_print "print")
  (#set! check "r-results-call"))

; `(A <- contr.sdif(6))` assigns and prints
(program
  (parenthesized_expression
    (binary_operator
      rhs: (call function: (callee! name: @callee)) @output.results))
  (#set! check "r-results-call"))

; A pipe printed at top level whose source or some step makes results (`d %>% group_by(g) %>% summarise(m =
; mean(x))`, `tidy(fit) |> arrange(p.value)`; what `r-results` reads): what it prints is no record.
(program
  (binary_operator operator: _ @_pipe) @output.results
  (#any-of? @_pipe "%>%" "|>")
  (#set! check "r-pipe-results"))

; A name holding results printed at top level (`fit` after `fit <- lm(...)`, `tab` after `tab <- data.frame(x = c(1,
; 2))`): what it prints is no record.
(program (identifier) @output.results @frame
  (#set! check "results"))

(program
  (call
    function: (identifier) @_print
    arguments: (arguments . (argument value: (identifier) @frame)) .) @output.results
  (#eq? @_print "print")
  (#set! check "results"))
