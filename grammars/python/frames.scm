; A little data flow: names that hold a DataFrame, and names that certainly do not (see output.scm's checks).

; df = pd.read_csv(...), df = other.merge(...), df = df.query(...).sort_values(...): the last call decides.
(assignment
  left: (identifier) @_defines.frame
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (#any-of? @_fn "read_csv" "read_sas" "read_stata" "read_spss" "read_excel" "read_parquet" "read_feather"
    "read_pickle" "read_table" "read_fwf" "read_sql" "read_sql_query" "read_json" "read_hdf" "merge"
    "concat" "copy" "sort_values" "sort_index" "drop_duplicates" "dropna" "fillna" "reset_index" "query" "assign"
    "rename" "drop" "join" "set_index" "sample" "head" "tail" "nlargest" "nsmallest" "to_pandas" "filter"
    "astype" "replace" "melt" "pivot" "explode" "append"))

; A frame's or its columns' values as an array (`X = cohort[["age", "bmi"]].values`, `cohort.to_numpy()`): its rows,
; one per observation; of a frame the program made, the name is left as it was.
(assignment
  left: (identifier) @_defines.frame
  right: [
    (attribute object: [(identifier) @_via (subscript value: (identifier) @_via)] attribute: (identifier) @_values)
    (call function: (attribute object: [(identifier) @_via (subscript value: (identifier) @_via)]
      attribute: (identifier) @_values))]
  (#any-of? @_values "values" "to_numpy")
  (#set! via "frame"))

; ... except a table read back from a file whose name says it holds counts or summaries, not records (a released
; table: `output/tables/diag_count_byyear.csv`, `table_median_bydiag_rounded.csv`): what is picked from it or
; rendered from it shows no person (the kind that sorts last wins: this `other` overrides the `frame` above).
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn]
    arguments: (argument_list . (string) @_path))
  (#match? @_fn "^read_")
  (#match? @_path "(?i)(^|[^a-z])(counts?|rounded|medians?|means|summary|summaries|freqs?|frequenc(y|ies)|incidences?|rates|aggregated?|totals|descriptives|crosstabs?|tabulations?)([^a-z]|$)")
  ; ... unless the name also says whose: counts per person or patient are records (`patient_counts.csv`).
  (#not-match? @_path "(?i)(^|[^a-z])(pnr|cpr|persons?|patients?|individuals?|subjects?|cohort|per_?id|by_?id)([^a-z]|$)"))

; What an import binds is a module or something from one (`from pandas_datareader import data`): not what the name
; held before.
(import_statement name: [(dotted_name . (identifier) @_defines.any) (aliased_import alias: (identifier) @_defines.any)])
(import_from_statement name: [(dotted_name . (identifier) @_defines.any) (aliased_import alias: (identifier) @_defines.any)])

; pd.DataFrame(...) / pd.Series(...) of data (another frame, a query result, a dict that may hold columns of data);
; one typed in as a list or drawn at random (`pd.DataFrame([[1, 2], [3, 4]])`, `pd.Series([0.25, 0.5])`,
; `pd.DataFrame(rng.integers(0, 10, (3, 4)))`) holds no one's data: printing it shows no person.
(assignment
  left: (identifier) @_defines.frame
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list) @_args)
  (#any-of? @_fn "DataFrame" "Series")
  (#not-match? @_args "^\\([ \t\r\n]*(\\)|\\[|[0-9]|(np|numpy|rng|random|np\\.random|numpy\\.random)\\.[A-Za-z_]+\\(|range\\()"))

; ... one made empty holds nothing yet: what is added to it decides (`res = pd.concat([res, part])` in a loop)
(assignment
  left: (identifier) @_defines.any
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list) @_args)
  (#any-of? @_fn "DataFrame" "Series")
  (#match? @_args "^\\([ \t\r\n]*\\)$"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list) @_args)
  (#any-of? @_fn "DataFrame" "Series")
  (#match? @_args "^\\([ \t\r\n]*(\\[|[0-9]|(np|numpy|rng|random|np\\.random|numpy\\.random)\\.[A-Za-z_]+\\(|range\\()"))

; df2 = df[df.age > 50] of a name holding a frame (not `first = row[0]` of a loop's row), df2 = df.loc[...]
(assignment
  left: (identifier) @_defines.frame
  right: (subscript value: (identifier) @_via)
  (#set! via "frame"))

(assignment
  left: (identifier) @_defines.frame
  right: (subscript value: (attribute attribute: (identifier) @_a))
  (#any-of? @_a "loc" "iloc"))

; Counts, summaries, plain values: not frames; unless a person key names the groups (`groupby('pnr').sum()`,
; `pivot_table(index='pnr', ...)`: a row per person; `groupby('sex')['pnr'].nunique()` counts persons per group);
; an index grouped by level (`set_index('pnr').groupby(level=0)`) groups by the key it was set to.
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn]) @_value
  (#any-of? @_fn "len" "sum" "mean" "median" "std" "count" "size" "nunique" "describe" "value_counts" "agg"
    "aggregate" "crosstab" "pivot_table" "corr" "cov" "min" "max" "quantile" "round" "str" "int" "float" "list"
    "dict" "set" "tuple" "range" "format" "fit" "ols" "logit" "summary" "unique" "tolist" "to_dict"
    "cross_val_score" "cross_validate" "figure")
  (person-groups! value: _value))

(assignment
  left: (identifier) @_defines.other
  right: [(integer) (float) (string) (list) (dictionary) (tuple) (set) (true) (false) (none) (list_comprehension)
          (dictionary_comprehension) (set_comprehension) (generator_expression)])

; Arrays and symbols made in the file from numbers, not read from data: NumPy constructors and random draws, and
; SymPy expressions (`x = np.arange(10)`, `M = np.ones((3, 3))`, `expr = sympy.expand(...)`).
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (#any-of? @_fn "array" "zeros" "ones" "empty" "full" "eye" "identity" "reshape"
    "symbols" "Symbol" "sympify" "expand" "simplify" "factor" "integrate" "diff" "solve" "lambdify" "Matrix"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (generators! fn: @_fn))

; Values the program generates hold no one's data (`@_defines.drawn`, read by the plot check `not-drawn`): ranges,
; grids, random draws and sample generators' points (`x = 10 * rng.rand(50)` after `rng = np.random.RandomState(42)`,
; `X, y = make_blobs(...)`), given only sizes, constants or such values: not draws around or from data
; (`rng.normal(df.age, 1)`, `rng.choice(cohort.pnr, 10)`).
(assignment
  left: [(identifier) @_defines.drawn
         (pattern_list (identifier) @_defines.drawn) (tuple_pattern (identifier) @_defines.drawn)]
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list) @_via)
  (generators! fn: @_fn)
  (#set! via "drawn-by"))

; ... also such a draw scaled or shifted by constants (`theta = 2 * np.pi * np.random.random(1000)`), not noise
; added to data (`cohort['age'] + rng.rand(n)`: its other names must hold no rows).
(assignment
  left: (identifier) @_defines.drawn
  right: (binary_operator
    [left: (call function: (attribute attribute: (identifier) @_fn))
     right: (call function: (attribute attribute: (identifier) @_fn))]) @_via
  (generators! fn: @_fn)
  (made-of!)
  (#set! via "drawn-by"))

; ... a model made by its class from constants (`pca = PCA(n_components=1)`, not `CSV('cars.csv')`), and what is
; computed only from such values: `y = 2 * x - 5 + rng.randn(50)`, `X = X[:, ::-1]`, `clf = SVC().fit(X, y)` of
; drawn points, `pca.inverse_transform(pca.transform(X))`; also a function of the program that returns them
; (`def make_data(n): ... return X, y`) and what a call of it returns.
(assignment
  left: (identifier) @_defines.drawn
  right: (call function: (identifier) @_fn arguments: (argument_list) @_via)
  (#match? @_fn "^[A-Z]")
  (#not-match? @_via "^\\([ \t\r\n]*[rRbBuUfF]?[\"']")
  (#set! via "drawn-by"))

(assignment
  left: [(identifier) @_defines.drawn
         (pattern_list (identifier) @_defines.drawn) (tuple_pattern (identifier) @_defines.drawn)]
  right: (_) @_via
  (made-of!)
  (#set! via "drawn"))

; A function of the program whose value is computed only from its parameters (`def f(x, y): return np.sin(x ** 2 +
; y ** 2)`) counts as well: a call of it is made of its arguments, which must then be drawn (`z = f(x, y)` of drawn
; `x`, `y`; not `f(cohort.age, cohort.bmi)`).
(function_definition
  name: (identifier) @_defines.drawn
  parameters: (parameters) @_parameters
  body: (block (return_statement (_) @_via))
  (made-of!)
  (#set! via "drawn-by"))

; ... and a summary per group, not per person (`df.groupby('region').mean()`, `.agg(...)`, `.size()`,
; `pivot_table(...)`, also re-arranged: `.reset_index()`): one value per group, so a scatter of it
; draws groups. Not when a person key names the groups (`groupby('pnr').mean()`: a value per person), nor a summary
; along a row (`df[['a', 'b']].mean(axis=1)`: one per person); a merge back onto rows is rows again (made of them).
(assignment
  left: (identifier) @_defines.drawn
  right: [
    (call function: (attribute attribute: (identifier) @_fn))
    (call function: (attribute object: (call function: (attribute attribute: (identifier) @_fn)) attribute: (identifier) @_then))] @_value
  (#any-of? @_fn "mean" "median" "sum" "std" "var" "count" "size" "nunique" "agg" "aggregate" "pivot_table"
    "crosstab" "describe" "quantile")
  (#any-of? @_then "reset_index" "sort_values" "sort_index" "round" "rename" "transpose" "copy")
  (#not-match? @_value "axis[ \t\r\n]*=[ \t\r\n]*(1|[\"']columns[\"'])")
  (person-groups! value: _value))

; ... also the counts of a column's values, unless the column is a person key (`cohort['pnr'].value_counts()`:
; records per person).
(assignment
  left: (identifier) @_defines.drawn
  right: [
    (call function: (attribute object: (_) @_counted attribute: (identifier) @_fn))
    (call function: (attribute
      object: (call function: (attribute object: (_) @_counted attribute: (identifier) @_fn))
      attribute: (identifier) @_then))]
  (#eq? @_fn "value_counts")
  (#any-of? @_then "reset_index" "sort_values" "sort_index" "rename" "copy")
  (#set! no-keys "_counted"))

; ... and a picture the program drew, saved (`fig.savefig('hello.png')`) and read back (`data =
; imread('hello.png')[::-1, :, 0].T`): its pixels hold only what the program drew, and whatever it drew is checked
; where it drew it. Not a picture read from a path the program did not save to.
(call
  function: (attribute attribute: (identifier) @_fn)
  arguments: (argument_list . (string) @_defines.drawn)
  (#any-of? @_fn "savefig" "imsave"))

(assignment
  left: (identifier) @_defines.drawn
  right: [
    (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list . (string) @_via))
    (subscript value: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list . (string) @_via)))
    (attribute object: (subscript value: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list . (string) @_via))))]
  (#eq? @_fn "imread")
  (#set! via "saved"))

; ... a part of such values replaced (`df['noise'] = rng.randn(6)`) keeps them generated only when the value put in is
; generated too; persons' values put in (`df['age'] = cohort['age'].values`) end it, and values drawn put into a
; frame of data do not make it generated.
(assignment
  left: [(subscript value: (identifier) @_defines.drawn @_via) (attribute object: (identifier) @_defines.drawn @_via)]
  right: (_) @_via
  (made-of!)
  (#set! via "drawn"))

; SAS Viya (swat): a CAS session (`conn = swat.CAS(host, port)`) and what its actions and tables' methods return:
; table handles (`tbl = conn.read_csv(...)`, `conn.CASTable('cars')`, `tbl.query(...)`) and results of actions
; (`r = s.dltrain(...)`, `conn.serverstatus()`), shown as a handle's name or as tables of statistics, no rows.
; Rows are fetched from the server (`conn.fetch(...)`, `tbl.head()`, a query by `fedsql.execDirect`): those stay
; unknown, so their display is found.
(assignment
  left: (identifier) @_defines.handle
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (#eq? @_fn "CAS"))

(assignment
  left: (identifier) @_defines.handle
  right: (call function: (attribute
    object: [(identifier) @_via (attribute object: (identifier) @_via)]
    attribute: (identifier) @_method))
  (no-fetch! method: @_method)
  (#set! via "handle"))

; ... also an action called on what another action returned (`tbl.query("...").dlScore(...)`)
(assignment
  left: (identifier) @_defines.handle
  right: (call function: (attribute
    object: (call function: (attribute object: (identifier) @_via attribute: (identifier) @_inner))
    attribute: (identifier) @_method))
  (no-fetch! method: @_inner)
  (no-fetch! method: @_method)
  (#set! via "handle"))

; Objects that are no data frame, whatever they were given: a figure and its axes (`fig, ax = plt.subplots()`),
; a model, transformer or other object made by its class (`model = LinearRegression()`, `vec = CountVectorizer()`;
; a bare capitalised call other than a frame's or a CAS table's constructor), a rolling window, and a model's
; score (a number, or a series of fit statistics).
(assignment
  left: [(pattern_list (identifier) @_defines.other) (tuple_pattern (identifier) @_defines.other)]
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (#any-of? @_fn "subplots" "figure"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (identifier) @_fn)
  (#match? @_fn "^[A-Z]")
  (#not-match? @_fn "^(DataFrame|Series|CASTable|CAS)$"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute attribute: (identifier) @_fn))
  (#any-of? @_fn "rolling" "expanding" "resample" "score" "parse"))

; A group-by object is shown as its type and address, like a handle, while some of its methods return rows
; (`g.first()`, `g.head()`, `g.apply(f)`: not handles, above) and others results (`g.mean()`).
(assignment
  left: (identifier) @_defines.handle
  right: (call function: (attribute attribute: (identifier) @_fn))
  (#eq? @_fn "groupby"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (identifier) @_fn)
  (#eq? @_fn "sorted"))

; Indexes and dates typed in or generated (`pd.Index([2, 3, 5])`, `pd.to_datetime(['2021-07-04', ...])`,
; `pd.date_range('2021-01-01', periods=7)`): the program's own values, no one's data.
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn] arguments: (argument_list) @_args)
  (#any-of? @_fn "Index" "to_datetime" "DatetimeIndex" "from_product" "from_tuples")
  (#match? @_args "^\\([ \t\r\n]*\\["))

(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn])
  (#any-of? @_fn "date_range" "period_range" "timedelta_range"))

; What is made from results or from a handle holds results or a handle too: a part of it (`x2[:2, :2]` of an
; array, `out['nodestatus']` of a CAS action's result), a copy or re-arrangement of it (`.copy()`, `.transpose()`,
; `.set_index(...)`), a transformer's output for it (`vec.fit_transform(words)` of a typed-in list). The kind that
; sorts last wins at one offset, so this overrides the frame a copy or a sort would otherwise be.
(assignment
  left: (identifier) @_defines.other
  right: (subscript value: (identifier) @_via)
  (#set! via "other"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute
    object: [(identifier) @_via (subscript value: (identifier) @_via)]
    attribute: (identifier) @_fn))
  (#any-of? @_fn "copy" "transpose" "set_index" "reset_index" "sort_values" "sort_index" "round" "rename"
    "dropna" "fillna" "astype" "reshape" "ravel" "flatten" "squeeze" "stack" "unstack")
  (#set! via "other"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute attribute: (identifier) @_fn) arguments: (argument_list . (identifier) @_via))
  (#any-of? @_fn "fit_transform" "transform")
  (#set! via "other"))

; ... a part of what a method of results or of a handle returns (`castbl.correlation(...)['Correlation']`), unless
; the method fetches rows (`conn.fetch(...)['Fetch']`)
(assignment
  left: (identifier) @_defines.other
  right: (subscript value: (call function: (attribute
    object: [(identifier) @_via (attribute object: (identifier) @_via)]
    attribute: (identifier) @_method)))
  (no-fetch! method: @_method)
  (#set! via "other"))

; ... a table of results picked from what an action returns by its name (`castbl.histogram(...)['BinDetails']`): a
; frame of results, no handle (the kind that sorts last wins over the handle above); not the table a load or an
; upload returns (`['casTable']`), which is a handle to a table on the server
(assignment
  left: (identifier) @_defines.other
  right: (subscript
    value: (call function: (attribute
      object: [(identifier) @_via (attribute object: (identifier) @_via)]
      attribute: (identifier) @_method))
    subscript: (string) @_key)
  (no-fetch! method: @_method)
  (#not-match? @_key "^.casTable.$")
  (#set! via "handle"))

; ... a re-arrangement of a summary (`df.describe().transpose()`, `df.value_counts().reset_index()`), groups of
; persons excepted as above
(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute
    object: (call function: (attribute attribute: (identifier) @_inner))
    attribute: (identifier) @_fn)) @_value
  (#any-of? @_inner "describe" "agg" "aggregate" "mean" "median" "sum" "std" "var" "count" "size" "nunique"
    "value_counts" "corr" "cov" "quantile" "min" "max")
  (#any-of? @_fn "copy" "transpose" "set_index" "reset_index" "sort_values" "sort_index" "round" "rename")
  (person-groups! value: _value))

; ... a frame or Series of a model's parts (`pd.Series(model.coef_, index=X.columns)`) or of values typed in under
; a name first (`populations = [...]` then `pd.Series(populations, index=index)`)
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn]
    arguments: (argument_list . [(identifier) @_via (attribute object: (identifier) @_via)]))
  (#any-of? @_fn "DataFrame" "Series")
  (#set! via "other"))

; ... or of columns each typed in, drawn or generated, or already the program's own (`pd.DataFrame({'total': pop,
; 'under18': [...]})`, `pop` typed in above; `{'A': rng.rand(5), 'key': range(6)}`); a column of data (`cohort.age`)
; or a call of any other function (`read()`) keeps it a frame
(assignment
  left: (identifier) @_defines.other
  right: (call function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn]
    arguments: (argument_list . (dictionary) @_via))
  (#any-of? @_fn "DataFrame" "Series")
  (#set! via "other")
  (#set! calls "range list zip rng.rand rng.randn rng.randint rng.integers rng.normal rng.uniform rng.random rng.choice np.random.rand np.random.randn np.random.randint np.random.normal np.random.uniform np.random.random np.random.choice np.arange np.linspace np.zeros np.ones np.repeat np.tile"))

; ... and rows or columns picked from such values by position or label (`df.iloc[0, ::2]` of a frame typed in), or
; frames of them merged or stacked (`pd.merge(df1, df2)`, `pd.concat([x, y])`)
(assignment
  left: (identifier) @_defines.other
  right: (subscript value: (attribute object: (identifier) @_via attribute: (identifier) @_a))
  (#any-of? @_a "loc" "iloc" "ix" "at" "iat")
  (#set! via "other"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute attribute: (identifier) @_fn) arguments: (argument_list) @_via)
  (#any-of? @_fn "merge" "concat")
  (#set! via "other"))

; Any other value computed only from results, arrays, handles or values typed in or generated holds them too
; (tsquery `Scope.made_of`): `miss = roc_df[roc_df.CutOff == 0.5].reset_index()` of a table of an action's
; results, `x = make_df('AB', [0, 1])` of a function that returns generated values, `A + B` of two drawn frames;
; not when rows are fetched or picked per group on the way (`.head()`, `.first()`, `.apply()`: a group-by object
; holds `other` too).
(assignment
  left: (identifier) @_defines.other
  right: (_) @_via
  (made! value: @_via)
  (made-of!))

; Any function the program defines: passed on (`df.groupby('key').apply(norm)`), it adds no data of its own.
(function_definition name: (identifier) @_defines.function)

; A function defined in the program holds what it returns: results or generated values made in its body
; (`def make_df(cols, ind): data = {...}; return pd.DataFrame(data, ind)`), or an action's results
; (`def assess_model(m): return conn.percentile.assess(...)`); a call of it holds the same.
(function_definition
  name: (identifier) @_defines.other
  body: (block (return_statement (_) @_via))
  (made! value: @_via)
  (made-of!))

(function_definition
  name: (identifier) @_defines.other
  body: (block (return_statement (call
    function: [(attribute attribute: (identifier) @_fn) (identifier) @_fn]
    arguments: (argument_list . (identifier) @_via))))
  (#any-of? @_fn "DataFrame" "Series")
  (#set! via "made"))

(function_definition
  name: (identifier) @_defines.handle
  body: (block (return_statement [
    (identifier) @_via
    (call function: (attribute
      object: [(identifier) @_via (attribute object: (identifier) @_via)]
      attribute: (identifier) @_method))]))
  (no-fetch! method: @_method)
  (#set! via "handle"))

(assignment
  left: (identifier) @_defines.handle
  right: (call function: (identifier) @_via)
  (#set! via "handle"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (identifier) @_via)
  (#set! via "other"))

; A table of groups an SQL query returns, assigned to a name (`rating = conn.fedsql.execdirect("select rating,
; avg(p) from scored group by rating")['Result Set']`), unless a person key is named in it (`group by pnr`).
(assignment
  left: (identifier) @_defines.other
  right: (_) @_via
  (#match? @_via "[eE]xec[dD]irect\\(")
  (#match? @_via "[gG][rR][oO][uU][pP][ \t\r\n]+[bB][yY]")
  (#set! no-keys "_via"))

; ... and a table an SQL string creates from such a query (`create table by_origin as select origin, mean(mpg)
; from cars group by origin`) holds results, under its table name (read by the check `sql-of-results`).
((string) @_defines.other
  (#match? @_defines.other "[cC][rR][eE][aA][tT][eE][ \t\r\n]+[tT][aA][bB][lL][eE][\\s\\S]+[gG][rR][oO][uU][pP][ \t\r\n]+[bB][yY]")
  (#set! defines "(?i)create\\s+table\\s+([\\w.]+)")
  (#set! no-keys "_defines.other"))

; A CAS table uploaded from values made in the program holds them (`gtbl = conn.upload(gen)['casTable']` of a
; drawn frame: its `head()` fetches them back), not one uploaded from a frame of data or a file.
(assignment
  left: (identifier) @_defines.other
  right: [(call function: (attribute attribute: (identifier) @_fn) arguments: (argument_list . (identifier) @_via))
          (subscript value: (call function: (attribute attribute: (identifier) @_fn)
            arguments: (argument_list . (identifier) @_via)))
          (attribute object: (call function: (attribute attribute: (identifier) @_fn)
            arguments: (argument_list . (identifier) @_via)))]
  (#any-of? @_fn "upload" "upload_frame")
  (#set! via "generated"))

; A CAS table an aggregating action writes (`casOut={"name": "CrimesByMonth"}` of `aggregation.aggregate`,
; `simple.summary`, `simple.freq`, ...) holds results, so does a table handle opened on it by its name
; (`tbl_month = s.CASTable(name='CrimesByMonth')`), and the rows fetched from that (`tbl_month.head(n=12)`, also
; after a query or a sort: `avg.query('n > 10').sort_values('mean').head(10)`), and from any value typed in or
; generated. Not when a person key names its groups (`table={"name": "cohort", "groupby": ["pnr"]}`: a row per
; person).
((call
  function: (attribute object: (attribute attribute: (identifier) @_set) attribute: (identifier) @_action)
  arguments: (argument_list (keyword_argument name: (identifier) @_kw
    value: (dictionary (pair key: (string) @_key value: (string) @_defines.other))))) @_call
  (#match? @_kw "^[cC][aA][sS][oO][uU][tT]$")
  (#match? @_key "^.name.$")
  (cas-aggregates! set: @_set action: @_action))

; ... or into a handle opened before (`avg_item = s.CASTable('avg_item')`, then `casOut=avg_item`; a cardinality
; action's data card into `cardinality=card`): the handle holds results from then on. A recommender's
; `recomRateinfo` writes the average rating and number of ratings per `id`: results unless that id names a person
; (`id='User_ID'`: a row per user; its `sparseid` is only what is rated).
((call
  function: (attribute object: (attribute attribute: (identifier) @_set) attribute: (identifier) @_action)
  arguments: (argument_list
    (keyword_argument name: (identifier) @_kw value: (identifier) @_defines.other))) @_call
  (#match? @_kw "^([cC][aA][sS][oO][uU][tT]|cardinality)$")
  (cas-aggregates! set: @_set action: @_action))

(call
  function: (attribute object: (attribute attribute: (identifier) @_set) attribute: (identifier) @_action)
  arguments: (argument_list
    [((keyword_argument name: (identifier) @_id value: (_) @_group)
      (keyword_argument name: (identifier) @_kw value: (identifier) @_defines.other))
     ((keyword_argument name: (identifier) @_kw value: (identifier) @_defines.other)
      (keyword_argument name: (identifier) @_id value: (_) @_group))])
  (#match? @_kw "^[cC][aA][sS][oO][uU][tT]$")
  (#eq? @_id "id")
  (#eq? @_set "recommend")
  (#eq? @_action "recomRateinfo")
  (#set! no-keys "_group"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute attribute: (identifier) @_fn) arguments: (argument_list . (string) @_via))
  (#eq? @_fn "CASTable")
  (#set! via "named"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute attribute: (identifier) @_fn)
    arguments: (argument_list (keyword_argument name: (identifier) @_name value: (string) @_via)))
  (#eq? @_fn "CASTable")
  (#eq? @_name "name")
  (#set! via "named"))

(assignment
  left: (identifier) @_defines.other
  right: (call function: (attribute object: (_) @_via attribute: (identifier) @_method))
  (#any-of? @_method "head" "tail" "sample" "fetch" "to_frame")
  (#set! via "generated"))
