; Expressions that show individual observations. `rule` is the catalogue id; `{callee}` becomes the method name.

; df.head() / .tail() / .sample() as a statement of its own (printed in notebooks and consoles; in a notebook cell
; only as its last statement: check `shown`); not on summarising chains (value_counts(), describe(), ...), not
; random.sample(), not of a value made only of results or values typed in or generated (check `not-made`: also a
; part of one, `hist[['MidPoint', 'Percent']].head()`).
(expression_statement
  [(call function: (attribute object: (_) @frame attribute: (identifier) @callee)) @output.print
   (parenthesized_expression
     (call function: (attribute object: (_) @frame attribute: (identifier) @callee)) @output.print)]
  (#any-of? @callee "head" "tail" "sample")
  (rows-shown! value: @frame)
  (#set! rule "python.{callee}")
  (#set! check "shown,not-made"))

; ... and inside print()/display(), also after a label: print("first rows:", df.head()).
(call
  function: (identifier) @_show
  arguments: (argument_list
    (call function: (attribute object: (_) @frame attribute: (identifier) @callee)) @output.print)
  (#any-of? @_show "print" "display")
  (#any-of? @callee "head" "tail" "sample")
  (rows-shown! value: @frame)
  (#set! rule "python.{callee}"))

; ... and written to a log (`logging.info(df.head())`, `log.debug("first rows: %s", df.head(20))`), not of a value
; the program made.
(call
  function: (attribute object: (identifier) @_log attribute: (identifier) @_level)
  arguments: (argument_list
    (call function: (attribute object: (_) @frame attribute: (identifier) @callee)) @output.print)
  (logging! log: @_log level: @_level)
  (#any-of? @callee "head" "tail" "sample")
  (rows-shown! value: @frame)
  (#set! rule "python.{callee}")
  (#set! check "not-made"))

; print(df) / display(df) of a known frame, or of an index expression on one (also of a subscript of one:
; `df[df.age > 90][["pnr", "age"]]`).
(call
  function: (identifier) @callee
  arguments: (argument_list . (frame-part! frame: @frame))
  (#eq? @callee "print")
  (#set! rule "python.print-df")
  (#set! check "frame")) @output.print

; ... and rendered as a text table first (`print(tabulate(df, headers="keys"))`; results.toml `table_printers`).
(call
  function: (identifier) @callee
  arguments: (argument_list . (call
    function: (identifier) @_printer
    arguments: (argument_list . [
      (identifier) @frame
      (subscript value: (identifier) @frame)])))
  (#eq? @callee "print")
  (#match? @_printer "^{results.table_printers}$")
  (#set! rule "python.print-df")
  (#set! check "frame")) @output.print

; ... and written to a log, as any argument of the call (`logging.info(df)`, `log.warning(df[df.age > 90])`;
; results.toml `loggers`, `log_methods`).
(call
  function: (attribute object: (identifier) @_log attribute: (identifier) @_level)
  arguments: (argument_list (frame-part! frame: @frame))
  (logging! log: @_log level: @_level)
  (#set! rule "python.print-df")
  (#set! check "frame")) @output.print

; print(df.values), print(df["pnr"].values): the frame's or column's values as an array, one per observation
(call
  function: (identifier) @callee
  arguments: (argument_list . (attribute
    object: [(identifier) @frame (subscript value: (identifier) @frame)]
    attribute: (identifier) @_values))
  (#eq? @callee "print")
  (#eq? @_values "values")
  (#set! rule "python.print-df")
  (#set! check "frame")) @output.print

; print(df.sort_values("age")), print(df.query("age > 90")): the rows a method returns (results.toml
; `row_methods`), of a known frame not made of generated values; print(df.pnr): a column (results.toml
; `frame_attributes` are none)
(call
  function: (identifier) @callee
  arguments: (argument_list . (call function: (attribute object: (identifier) @frame attribute: (identifier) @_rows)))
  (#eq? @callee "print")
  (#match? @_rows "^{results.row_methods}$")
  (#set! rule "python.print-df")
  (#set! check "frame,not-made")) @output.print

; ... also of a selection (`print(df[df.age > 90].sort_values("age"))`) or of another row method's rows
; (`print(df.sort_values("age").query("age > 90"))`; `_first` is tested only where it is captured)
(call
  function: (identifier) @callee
  arguments: (argument_list . (call function: (attribute
    object: [
      (subscript value: (identifier) @frame)
      (call function: (attribute object: (identifier) @frame attribute: (identifier) @_first))]
    attribute: (identifier) @_rows)))
  (#eq? @callee "print")
  (#match? @_first "^{results.row_methods}$")
  (#match? @_rows "^{results.row_methods}$")
  (#set! rule "python.print-df")
  (#set! check "frame,not-made")) @output.print

(call
  function: (identifier) @callee
  arguments: (argument_list . (attribute object: (identifier) @frame attribute: (identifier) @_column))
  (#eq? @callee "print")
  (#not-match? @_column "^{results.frame_attributes}$")
  (#set! rule "python.print-df")
  (#set! check "frame,not-made")) @output.print

; print(df["pnr"].tolist()), print(list(df["pnr"])): a column's values as a list, one per observation (`list(df)`
; and `df.columns.tolist()` are the column names)
(call
  function: (identifier) @callee
  arguments: (argument_list . [
    (call function: (attribute object: (subscript value: (identifier) @frame) attribute: (identifier) @_list))
    (call function: (identifier) @_list arguments: (argument_list . (subscript value: (identifier) @frame) .))])
  (#eq? @callee "print")
  (#any-of? @_list "tolist" "to_list" "list")
  (#set! rule "python.print-df")
  (#set! check "frame")) @output.print

; A loop over a frame's rows (results.toml `row_iterators`) or a column's values that prints the row, a part of it
; or an f-string of them (`for _, r in df.iterrows(): print(r["pnr"])`), not of rows the program generated.
(for_statement
  left: [(identifier) @_row (pattern_list (identifier) @_row .)]
  right: (call function: (attribute object: (_) @frame attribute: (identifier) @_rows))
  body: (block (row-print! row: @_shown))
  (#eq? @_row @_shown)
  (#match? @_rows "^{results.row_iterators}$")
  (#eq? @callee "print")
  (#set! rule "python.print-df")
  (#set! check "maybe-frame,not-made"))

; ... also under a condition (`for _, r in df.iterrows(): if r.age > 90: print(r)`).
(for_statement
  left: [(identifier) @_row (pattern_list (identifier) @_row .)]
  right: (call function: (attribute object: (_) @frame attribute: (identifier) @_rows))
  body: (block (if_statement consequence: (block (row-print! row: @_shown))))
  (#eq? @_row @_shown)
  (#match? @_rows "^{results.row_iterators}$")
  (#eq? @callee "print")
  (#set! rule "python.print-df")
  (#set! check "maybe-frame,not-made"))

(for_statement
  left: (identifier) @_row
  right: (subscript value: (identifier) @frame subscript: (string))
  body: (block (expression_statement (call
    function: (identifier) @callee
    arguments: (argument_list . (identifier) @_shown)) @output.print))
  (#eq? @_row @_shown)
  (#eq? @callee "print")
  (#set! rule "python.print-df")
  (#set! check "frame"))

(call
  function: (identifier) @callee
  arguments: (argument_list . [
    (identifier) @frame
    (subscript value: (identifier) @frame)
    (subscript value: (attribute object: (identifier) @frame attribute: (identifier) @_loc))])
  (#eq? @callee "display")
  (#set! rule "python.display")
  (#set! check "frame")) @output.print

; df.to_string(), .to_markdown(), .to_html(): every row rendered as text (not of a summary: describe(), agg() ...,
; also when assigned to a name first: `descriptives = df.describe()` then `descriptives.to_html()`)
(call function: (attribute object: (_) @frame attribute: (identifier) @callee)
  (#any-of? @callee "to_string" "to_markdown" "to_html")
  (#not-match? @frame "\\.(value_counts|describe|sum|mean|median|count|size|nunique|agg|aggregate|corr|cov|std|unique)\\(")
  (#set! rule "python.to-string")
  (#set! check "maybe-frame")) @output.print

; A bare name or index expression as the last statement of a notebook cell is shown as the cell's output.
(module (expression_statement [(identifier) @frame (subscript value: (identifier) @frame)
                               (subscript value: (attribute object: (identifier) @frame))] @output.print)
  (#set! rule "python.autoprint")
  (#set! check "cell-last,maybe-frame,not-handle"))

; ... and df.values / df["pnr"].values there: the same values as an array
(module (expression_statement (attribute
    object: [(identifier) @frame (subscript value: (identifier) @frame)]
    attribute: (identifier) @_values) @output.print)
  (#eq? @_values "values")
  (#set! rule "python.autoprint")
  (#set! check "cell-last,maybe-frame,not-handle"))

; What a cell prints, for the readers of its output (scanner/outputs/echo.py): a Series or crosstab of counts
; (value_counts(), groupby().size(), .count(), .nunique(), pd.crosstab()), shown as a statement of its own,
; through print()/display(), or assigned to a name the cell then shows (`tab = pd.crosstab(a, b)` then `tab`);
; not when turned back into a data frame (reset_index(), to_frame()), whose count column the frame reader types
; by its header.
((expression_statement [(call) @output.table (assignment right: (call) @output.table)])
  (#match? @output.table "\\.(value_counts|nunique)\\(|\\.(size|count)\\(\\)|crosstab\\(")
  (#not-match? @output.table "\\.(reset_index|to_frame)\\("))

; What a notebook cell shows when the data flow says its value is results, not records (scanner/outputs/echo.py
; types the cell's output by it): a name, a part of it or its attribute holding a model's or a CAS action's
; results, a handle or an array (`fit` after `fit = tbl.glm(...)`, `out['nodestatus']`), or an action called on a
; CAS session or table (`conn.tableinfo()`, `tbl.correlation()`, `conn.svm.svmTrain(...)`). Methods that fetch
; rows (`tbl.fetch()`, `tbl.head()`, `tbl.to_frame()`, `tbl.nlargest()`) are not results; a column's extremes
; (`tbl.max()`) are results whose values extreme-value judges.
(module (expression_statement [(identifier) @frame (subscript value: (identifier) @frame)
                               (attribute object: (identifier) @frame)] @output.results)
  (#set! check "cell-last,results"))

(module (expression_statement (call function: (attribute
    object: [(identifier) @frame (subscript value: (identifier) @frame)]
    attribute: (identifier) @callee)) @output.results)
  (#not-match? @callee "^({results.fetch_rows}|{results.run_code}|{results.ranked_rows}|{results.group_rows})$")
  (#set! check "cell-last,results"))

; ... (an action of an action set is results whatever its name: `conn.dataPreprocess.transform(...)`, a data step
; run by `conn.dataStep.runCode(...)` (its tables list the tables it wrote); a group-by object's `first()`,
; `apply()`, `transform()` above return rows)
(module (expression_statement (call function: (attribute
    object: (attribute object: (identifier) @frame)
    attribute: (identifier) @callee)) @output.results)
  (#not-match? @callee "^({results.fetch_rows}|{results.ranked_rows})$")
  (#set! check "cell-last,results"))

; ... and results shown through display() or swat's render_html() (`render_html(fit)`)
(module (expression_statement (call function: (identifier) @_show
    arguments: (argument_list . (identifier) @frame .)) @output.results)
  (#any-of? @_show "display" "render_html")
  (#set! check "cell-last,results"))

; ... and any other value a cell ends with that is computed only from such values or from values typed in or
; generated (tsquery `Scope.made_of`): `pd.DataFrame(data)` of a list made in the program, `A + B` of two frames
; drawn at random, `df.groupby('key').sum()` of one, `make_df('ABC', range(3))` of a function that returns one,
; the rows of an action's ROC table picked by a cut-off, also rows picked per group of values made so
; (`df.groupby('key').apply(norm)` of a drawn frame); not when a handle or a group-by object gives rows on the way
; (`fetches`: `tbl.head()`, `g.first()`, `g.apply(f)`); also swat's `render_html(...)` of them. Also what a notebook helper shows
; from strings of such code (`display('x', 'y', 'pd.concat([x, y])')`).
(module (expression_statement [(call) (binary_operator) (subscript) (attribute) (parenthesized_expression)]
    @frame @output.results)
  (fetches!)
  (#set! calls "render_html HTML pd.DataFrame pd.Series pd.concat pd.merge pd.Index np.random.rand np.random.randn np.random.randint np.random.normal np.random.uniform np.random.random np.random.choice np.sin np.cos np.exp np.log np.sqrt np.abs np.round np.concatenate round abs len range list zip dict tuple sorted min max sum str int float DataFrame Series concat merge")
  (#set! constants "np.pi np.e np.nan np.inf")
  (#set! check "cell-last,results-of"))

(module (expression_statement (call function: (identifier) @_show arguments: (argument_list) @frame) @output.results)
  (#eq? @_show "display")
  (fetches!)
  (made-of!)
  (#set! check "cell-last,code-in-strings,results-of"))

; A table of groups the cell ends with: an aggregate per group of a frame (`titanic.groupby('sex')[['survived']]
; .mean()`, `births.pivot_table('births', index='decade', columns='gender', aggfunc='sum')`), unless a person key
; names the groups (python_checks `no-person-groups`: `groupby('pnr').sum()` has a row per person) or rows or
; per-row values are picked on the way; its small counts and extremes are still read, unless every value it is
; computed from is generated (check `drawn`: a frame of a range and random draws).
(module (expression_statement (call) @output.results)
  (#match? @output.results "\\.groupby\\([\\s\\S]*\\.(mean|median|sum|std|var|sem|prod|agg|aggregate|describe|quantile|min|max)\\(|(^|[^\\w])pivot_table\\(")
  (#not-match? @output.results "\\.({results.fetch_rows}|{results.ranked_rows}|{results.group_rows}|{results.row_iterators}|cumsum|cumprod|cummax|cummin|cumcount|rank|shift|diff|pct_change)\\b")
  ; aggregates passed by name (`aggregate(['min', np.median, max])`) are no data
  (#set! constants "np.min np.max np.median np.mean np.std np.var np.sum np.size np.prod")
  (#set! check "cell-last,no-person-groups,drawn"))

; The first or last rows of values typed in or generated, or of results (`df.head()` after `df =
; pd.DataFrame(rng.rand(1000, 3))`), not of a handle or a group-by object, whose head() fetches rows.
(module (expression_statement (call function: (attribute object: (identifier) @frame attribute: (identifier) @_m))
    @output.results)
  (#any-of? @_m "head" "tail" "sample")
  (#set! check "cell-last,generated"))

; ... and a table of groups an SQL query returns (`conn.execdirect("select make, avg(msrp) from cars group by
; make")`), unless a person key is named in it.
(module (expression_statement (call) @output.results)
  (#match? @output.results "[eE]xec[dD]irect\\(")
  (#match? @output.results "[gG][rR][oO][uU][pP][ \t\r\n]+[bB][yY]")
  (#set! check "cell-last,no-person-groups"))

; ... and display() or render_html() of any other value made so (`display(summary['ByGroup1.Summary'][columns])`
; of an action's results; not a string, which the tutorial's helper evaluates, above)
(module (expression_statement (call function: (identifier) @_show arguments: (argument_list . (_) @frame .))
    @output.results)
  (#any-of? @_show "display" "render_html")
  (#not-match? @frame "^[rRbBuUfF]*[\"']")
  (fetches!)
  (made-of!)
  (#set! check "cell-last,results-of"))

; ... and display() of a name holding results mid-cell (`display(surf_summary)` of an imaging action's results),
; when nothing else in the cell shows a value (check `shows-only`: its other statements assign, test or print text).
(module (expression_statement (call function: (identifier) @_show arguments: (argument_list . (identifier) @frame .))
    @output.results)
  (#eq? @_show "display")
  (#set! check "results,shows-only"))

; A cell of one statement prints only what that statement prints: a frame's `info()` (its columns, their counts of
; values and types, no rows), or `print(x)` of a value made as above (`print(pd.DataFrame({'effect':
; params.round(0)}))` of a model's coefficients); its stdout is typed as results too (`printed`).
(module . (expression_statement (call function: (attribute attribute: (identifier) @callee)) @output.results) .
  (#eq? @callee "info")
  (#set! printed "yes")
  (#set! check "cell-last"))

(module . (expression_statement (call function: (identifier) @_show arguments: (argument_list . (_) @frame .))
    @output.results) .
  (#eq? @_show "print")
  (#not-match? @frame "^[rRbBuUfF]*[\"']")
  (fetches!)
  (made-of!)
  (#set! printed "yes")
  (#set! check "cell-last,results-of"))

; ... and what an SQL query returns when every table it reads holds results (`select ... from by_type as a left join
; by_origin as b ...` of two tables created from `group by` queries), or when every column it selects is an
; aggregate (`select avg(err**2) as mse, sqrt(avg(err**2)) as rmse from eval`: one row; check `sql-of-results`),
; the query written in the call or assigned to a name in the cell.
(module (expression_statement (call function: (attribute attribute: (identifier) @_fn)
    arguments: (argument_list . [(string) @frame (identifier) @frame
                                 (keyword_argument value: [(string) @frame (identifier) @frame])])) @output.results)
  (#match? @_fn "^[eE]xec[dD]irect$")
  (#set! check "cell-last,sql-of-results"))
