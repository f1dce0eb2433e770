; A little data flow: which names hold a data frame, and which certainly do not. The `frame` and `maybe-frame`
; checks of output.scm read the last assignment before the statement. Each assignment pattern reads both ways, as
; R does: `x <- value` (also `=`, `<<-`) and `value -> x` (also `->>`), through the `assign!` template
; (templates.toml), which writes the two directions out.

; Any assignment: the name holds something new, unknown unless a pattern below knows it (any kind found for the same
; assignment outranks this one). `temp <- yates(fit)` after `temp <- read.csv(...)` no longer holds the frame.
([(binary_operator lhs: (identifier) @_defines.any operator: _ @_op)
  (binary_operator operator: _ @_rop rhs: (identifier) @_defines.any)]
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_rop "->" "->>"))

; df <- read_csv(...), df <- readr::read_csv(...), df <- merge(...), df <- filter(df, ...)
((assign!
    target: (identifier) @_defines.frame
    value: (call function: (callee! name: @_fn)) @_rhs)
  (#not-match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()")
  (#any-of? @_fn "read.csv" "read.csv2" "read.table" "read.delim" "read_csv" "read_csv2" "read_delim" "read_tsv"
    "fread" "read_sas" "read_dta" "read_sav" "read_stata" "read_spss" "read_xlsx" "read_xls" "read_excel" "read_parquet"
    "read_feather" "readRDS" "read_rds" "data.frame" "data.table" "tibble" "as_tibble" "as.data.frame"
    "as.data.table" "setDT" "merge" "left_join" "right_join" "inner_join" "full_join" "anti_join" "semi_join"
    "filter" "select" "mutate" "transmute" "arrange" "distinct" "rename" "subset" "rbind" "cbind" "bind_rows"
    "bind_cols" "collect" "slice" "slice_head" "slice_sample" "sample_n" "sample_frac" "na.omit" "dbGetQuery"
    "sqldf" "unique" "head" "tail" "ungroup"
    ; reshaped, regrouped or copied rows are still rows
    "gather" "spread" "pivot_longer" "pivot_wider" "melt" "dcast" "reshape" "separate" "unite" "complete" "fill"
    "replace_na" "drop_na" "group_by" "rowwise" "setkey" "setnames" "setorder" "transform" "within" "tmerge"
    "survSplit" "augment" "unnest"))

; df2 <- df %>% filter(...) %>% select(...): the last verb of the pipe decides.
((assign!
    target: (identifier) @_defines.frame
    value: (binary_operator operator: _ @_pipe rhs: (call function: (identifier) @_fn)) @_rhs)
  (#any-of? @_pipe "%>%" "|>")
  (#not-match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()")
  (#any-of? @_fn "filter" "select" "mutate" "transmute" "arrange" "distinct" "rename" "left_join" "right_join"
    "inner_join" "full_join" "anti_join" "semi_join" "slice" "slice_head" "slice_sample" "sample_n" "collect"
    "ungroup" "as_tibble" "as.data.frame" "bind_rows" "bind_cols" "na.omit" "drop_na" "relocate" "head" "tail" "gather" "spread"
    "pivot_longer" "pivot_wider" "separate" "unite" "complete" "fill" "replace_na" "group_by" "rowwise" "augment"
    "unnest"))

; A pipe that summarises on the way (`d %>% group_by(g) %>% summarise(n = n()) %>% mutate(p = n / sum(n))`): one
; row per group, whatever verbs follow the summary.
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator operator: _ @_pipe) @_rhs)
  (#any-of? @_pipe "%>%" "|>")
  (pipe-summary! of: @_rhs))

; A reshape that names its values as frequencies, counts or distances (`pivot_longer(a:c, values_to = "frequency")`,
; `gather(Severity, Freq, None:Severe)`, base R's `reshape(d, v.names = "Frequency", ...)`, `gather(point,
; distance, -1)`; grammars/r/results.toml `count_values`, `distance_values`): a table of counts or distances in long
; form, whatever verbs follow, unless a person key is named in it (`pivot_longer(-pnr, values_to = "n")`: counts
; per person) or data are joined in.
((assign!
    target: (identifier) @_defines.other
    value: [(call) (binary_operator)] @_rhs)
  (#match? @_rhs "(pivot_longer|melt|reshape)[ \t\r\n]*\\([\\s\\S]*(values_to|value[.]name|v[.]names)[ \t\r\n]*=[ \t\r\n]*[\"']({results.count_values}|{results.distance_values})[\"']|gather[ \t\r\n]*\\([ \t\r\n]*[\\w.\"']+[ \t\r\n]*,[ \t\r\n]*[\"']?({results.count_values}|{results.distance_values})[\"']?[ \t\r\n]*[,)]")
  (#not-match? @_rhs "(join|bind_rows|bind_cols|merge|cbind|rbind)[ \t\r\n]*\\(")
  (#set! no-keys "_rhs"))

; ... also a nest: one row per group holding its rows (`group_by(g) %>% nest() %>% mutate(p = map_dbl(data, f))`,
; `nest_by(g)`), unless they are unnested again (`unnest(data)`, `unnest()`, or any unnest of a nest that names its
; column); unnesting what was computed per group (`mutate(ci = map(data, f)) %>% unnest(ci)`) keeps it results.
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator operator: _ @_pipe) @_rhs)
  (#any-of? @_pipe "%>%" "|>")
  (#match? @_rhs "(%>%|[|]>)[ \t\r\n]*nest(_by)?[ \t\r\n]*\\(")
  (#not-match? @_rhs "unnest[ \t\r\n]*\\(([ \t\r\n]*\\)|[^)]*\\bdata\\b)")
  (#not-match? @_rhs "[^n]nest[ \t\r\n]*\\([ \t\r\n]*[A-Za-z._][A-Za-z0-9._]*[ \t\r\n]*=[\\s\\S]*unnest"))

; What a SAS Viya (swat) action returns is results (`cas.simple.distinct(tbl)$Distinct[, c("Column", "NMiss")]`),
; also a part of it; not what fetches rows or runs a query (`cas.table.fetch`, `cas.fedSql.execDirect`), reads or
; uploads a table.
((assign!
    target: (identifier) @_defines.other
    value: [
      (call function: (identifier) @_fn)
      (extract_operator lhs: (call function: (identifier) @_fn))
      (subset function: (extract_operator lhs: (call function: (identifier) @_fn)))])
  (#match? @_fn "^cas[.]")
  (#not-match? @_fn "^cas[.](table[.]fetch|fedSql[.]|read[.]|upload)"))

; A CAS table an aggregating action writes (`casOut = list(name = "CrimesByMonth")` of `cas.aggregation.aggregate`,
; `cas.simple.summary`, ...) holds results, as in Python's frames.scm; so does a table handle defined on it by its
; name (`defCasTable(s, "CrimesByMonth")`) and what is fetched from that (`to.casDataFrame(tbl_month)`); a frame made
; of it holds none (the typed-in table pattern below).
; Not when a person key names its groups (`groupby = list("pnr")`: a row per person).
((call
    function: (identifier) @_fn
    arguments: (arguments (argument name: (identifier) @_kw value: (call function: (identifier) @_list
      arguments: (arguments (argument name: (identifier) @_key value: (string) @_defines.other)))))) @_action
  (#match? @_fn "^cas[.](aggregation[.]aggregate|simple[.](summary|freq|crossTab|distinct|topK|mdSummary|correlation)|percentile[.]percentile|freqTab[.]freqTab|cardinality[.]summarize)$")
  (#match? @_kw "^[cC][aA][sS][oO][uU][tT]$")
  (#eq? @_list "list")
  (#eq? @_key "name")
  (#set! no-keys "_action")
  (#set! keys-in "groupby\\s*=\\s*(?:list|c)\\s*\\(([^()]*)\\)"))

((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments (argument !name value: (string) @_via))))
  (#eq? @_fn "defCasTable")
  (#set! via "named"))

((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments . (argument value: (identifier) @_via))))
  (#any-of? @_fn "to.casDataFrame" "to.data.frame")
  (#set! via "other"))

; A frame made from a fitted model's parts (`as.data.frame(unclass(fit$loadings))`, `data.frame(coef(fit))`), also
; at the start of a pipe: results, not rows (the two patterns above leave it out). Not its scores, fitted values or
; residuals: one per observation.
((assign!
    target: (identifier) @_defines.other
    value: (_) @_rhs)
  (#match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()"))

; A function of the file whose value is results: its last expression calls a SAS Viya action (not one that fetches
; rows), a test, a model or a summary (`assess <- function(m) { cas.percentile.assess(conn, ...) }`). What a call of
; it returns is results (the pattern after this one); a function ending in anything else returns what nobody knows.
((assign!
    target: (identifier) @_defines.maker
    value: (function_definition body: [
      (call function: (callee! name: @_fn))
      (braced_expression (call function: (callee! name: @_fn)) .)
      (call function: (return) arguments: (arguments . (argument value: (call
        function: (callee! name: @_fn))) .))
      (braced_expression (call function: (return) arguments: (arguments . (argument value: (call
        function: (callee! name: @_fn))) .)) .)]))
  (#match? @_fn "^(cas[.].+|tidy|glance|summary|anova|aov|coef|confint|t[.]test|chisq[.]test|wilcox[.]test|fisher[.]test|cor[.]test|TukeyHSD|emmeans|table|xtabs|prop[.]table|aggregate|survdiff|lm|glm|coxph|svyby|svymean|svyglm)$")
  (#not-match? @_fn "^cas[.](table[.]fetch|fedSql[.]|read[.]|upload)"))

; ... or whose last expression is a data.table summary, per group or of the rows selected (`DT[, .(max_speed =
; max(speed)), by = month]`, the `summary!` of the assignment patterns below), whatever the body did before it.
((assign!
    target: (identifier) @_defines.maker
    value: (function_definition body: [
      (subset arguments: (arguments . (comma) . (argument value: (_) @_j)))
      (subset arguments: (arguments . (argument) . (comma) . (argument value: (_) @_j)))
      (braced_expression (subset arguments: (arguments . (comma) . (argument value: (_) @_j))) .)
      (braced_expression (subset arguments: (arguments . (argument) . (comma) . (argument value: (_) @_j))) .)]))
  (summary! j: @_j))

; ... or whose last expression is a pipe that summarises on the way (`d %>% group_by(g) %>% summarise(n = n())`).
((assign!
    target: (identifier) @_defines.maker
    value: (function_definition body: [
      (binary_operator operator: _ @_pipe) @_last
      (braced_expression (binary_operator operator: _ @_pipe) @_last .)]))
  (#any-of? @_pipe "%>%" "|>")
  (pipe-summary! of: @_last))

; ... or whose last expression binds what such a function gives for each element of a list (`do.call(cbind,
; sapply(FUNs, f))` of `f <- function(f) aggregate(z, by, f)`, defined in its body or before it).
((assign!
    target: (identifier) @_defines.maker
    value: (function_definition body: [
      (call function: (identifier) @_do arguments: (arguments . (argument) . (comma) . (argument value: (call
        function: (identifier) @_map arguments: (arguments . (argument) . (comma) . (argument value: (identifier) @_via))))))
      (braced_expression (call function: (identifier) @_do arguments: (arguments . (argument) . (comma) . (argument value: (call
        function: (identifier) @_map arguments: (arguments . (argument) . (comma) . (argument value: (identifier) @_via)))))) .)]))
  (#eq? @_do "do.call")
  (#any-of? @_map "sapply" "lapply" "vapply" "Map" "mapply" "map")
  (#set! via "maker"))

; A table bound of results alone, each a call of a function that returns results (`cbind(mean = aggregate(z, by, mean),
; sd = aggregate(z, by, sd))`; results.toml `functions`): results; with a frame or its rows beside them, rows.
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments) @_args))
  (#any-of? @_fn "cbind" "rbind" "data.frame" "merge")
  (#match? @_args "^[(][ \t\r\n]*([A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?{results.functions}[ \t\r\n]*[(][^()]*[)]([ \t\r\n]*,[ \t\r\n]*([A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?{results.functions}[ \t\r\n]*[(][^()]*[)])*[ \t\r\n]*[)]$"))

; A call of such a function, or a part of what it returns (`(assess(m))$ROCInfo`): results; not a fit's parts that
; hold one value per observation (`own_fit(d)$model`, `$fitted.values`, `$residuals`, `$x`).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_via))
  (#set! via "maker"))

((assign!
    target: (identifier) @_defines.other
    value: (extract_operator
      lhs: [(call function: (identifier) @_via) (parenthesized_expression body: (call function: (identifier) @_via))]
      rhs: (identifier) @_part))
  (#not-match? @_part "^(model|data|x|y|fitted|fitted[.]values|residuals|resid|scores|linear[.]predictors|weights|prior[.]weights|na[.]action)$")
  (#set! via "maker"))

; A map of such a function over a list (`imap(waves, ~ count_deaths(.x, .y)) %>% bind_rows()`, `lapply(parts,
; tabulate)`): results, also bound into one table.
((assign!
    target: (identifier) @_defines.other
    value: [
      (call function: (identifier) @_map arguments: (arguments (argument) (comma) (argument value: [
        (identifier) @_via
        (unary_operator rhs: (call function: (identifier) @_via))
        (function_definition body: (call function: (identifier) @_via))])))
      (binary_operator
        lhs: (call function: (identifier) @_map arguments: (arguments (argument) (comma) (argument value: [
          (identifier) @_via
          (unary_operator rhs: (call function: (identifier) @_via))
          (function_definition body: (call function: (identifier) @_via))])))
        operator: _ @_pipe
        rhs: (call function: (identifier) @_bind))])
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @_map "map" "imap" "map2" "pmap" "map_dfr" "map_df" "lapply" "sapply" "vapply" "Map" "mapply")
  (#any-of? @_bind "bind_rows" "list_rbind" "rbindlist")
  (#set! via "maker"))

; A part of a test's, a summary's or an eigen decomposition's result (`eigen(m)$values`, `summary(fit)$coef`).
((assign!
    target: (identifier) @_defines.other
    value: (extract_operator lhs: (call function: (identifier) @_fn)))
  (#any-of? @_fn "eigen" "summary" "anova" "t.test" "chisq.test" "wilcox.test" "fisher.test" "cor.test" "TukeyHSD"))

; A subset, filter or order of something that holds no frame holds none either (`compare <- subset(roc, ...)` of
; model assessments); of a frame, it is a frame (the first pattern).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments . (argument value: (identifier) @_via))))
  (#any-of? @_fn "subset" "filter" "select" "arrange" "mutate" "transform" "rename" "slice" "distinct" "head" "tail"
    "na.omit")
  (#set! via "other"))

; `with(cuts, crossing(q1, q3))` of a table that holds no frame: a table made of its columns holds none either
; (cases made up for a prediction); `with(cohort, ...)` of a frame is unknown, as before, and so is anything else
; made there (`with(cuts, cohort[cohort$age > q3, ])` selects rows of another frame).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments
      . (argument value: (identifier) @_via)
      . (comma)
      . (argument value: (call function: (identifier) @_made) @_body) .)))
  (#eq? @_fn "with")
  (#any-of? @_made "crossing" "expand.grid" "data.frame" "tibble" "cbind" "c" "list")
  (#not-match? @_body "[\\[$(][\\s\\S]*[\\[$(]")
  (#set! via "other"))

; df2 <- df[rows, ] of a frame (or of a name never assigned: a package's data set); of something unknown
; (`tot <- colSums(m)`, then `tot <- tot[keep]`), it is unknown too.
((assign!
    target: (identifier) @_defines.frame
    value: (subset function: (identifier) @_via))
  (#set! via "data"))

; Of a call, a frame too (`d <- read.csv(f)[, 1:3]`), but not of what compiled code returns through R's foreign
; interface (`work <- .C(fit, settings = ...)[c("settings")]`: a list of the values it computed).
((assign!
    target: (identifier) @_defines.frame
    value: (subset function: (_) @_fn))
  (#not-match? @_fn "^[A-Za-z.][A-Za-z0-9._]*$")
  (#not-match? @_fn "^[.](C|Call|Fortran|External)[ \t]*\\("))

; A grid over a frame's column (`expand.grid(pnr = cohort$pnr, visit = 1:3)`): a row per person and level, rows;
; not one over the column's levels or range (`levels(cgd$treat)`, `seq(min(d$x), max(d$x))`): cases made up.
((assign!
    target: (identifier) @_defines.frame
    value: (call function: (callee! name: @_fn)
      arguments: (arguments (argument value: (extract_operator lhs: (identifier) @_via)))))
  (#any-of? @_fn "expand.grid" "crossing")
  (#set! via "data"))

; A scaling's result or a part of it (`Shepard(d, fit$points)`, `isoMDS(d)$points`, `d %>% isoMDS()`; results.toml
; `scalings`).
((assign!
    target: (identifier) @_defines.other
    value: [
      (call function: (callee! name: @_fn))
      (extract_operator lhs: (call function: (callee! name: @_fn)))
      (binary_operator operator: _ @_pipe rhs: (call function: (callee! name: @_fn)))])
  (#any-of? @_pipe "%>%" "|>")
  (#match? @_fn "^{results.scalings}$"))

; A scaling's points made a table and labelled with the names of what was scaled (`fit$points %>% as_tibble() %>%
; mutate(lang = langs$name)` of `fit <- isoMDS(d)`): one point per object of the distances, results (the round-7
; decision: a scaling's coordinates are results); not when the label is a person key (`mutate(pnr = cohort$pnr)`).
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator
      lhs: (binary_operator
        lhs: (extract_operator lhs: (identifier) @_via rhs: (identifier) @_part)
        operator: _ @_pipe
        rhs: (call function: (identifier) @_fn))
      operator: _ @_pipe
      rhs: (call function: (identifier) @_verb) @_label))
  (#any-of? @_pipe "%>%" "|>")
  (#eq? @_part "points")
  (#any-of? @_fn "as_tibble" "as.data.frame" "data.frame")
  (#eq? @_verb "mutate")
  (#set! no-keys "_label")
  (#set! via "other"))

; Vectors, tables, summaries, models, literals: not data frames.
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn))
  (#any-of? @_fn "c" "seq" "seq_len" "seq_along" "rep" "table" "xtabs" "ftable" "summary" "nrow" "ncol" "length"
    "sum" "mean" "median" "sd" "var" "min" "max" "range" "quantile" "lm" "glm" "coxph" "survfit" "t.test"
    "chisq.test" "paste" "paste0" "sprintf" "format" "names" "colnames" "levels" "unique" "sort" "list"
    "matrix" "count" "summarise" "summarize" "tally" "prop.table" "aggregate" "tabyl"
    ; values drawn at random
    "rnorm" "runif" "rbinom" "rpois" "rexp" "rgamma" "rbeta" "rt" "rchisq" "rlnorm" "rweibull" "rlogis" "rcauchy"
    "rgeom" "rnbinom" "rhyper" "rmultinom" "mvrnorm" "rmvnorm"
    ; models, their parts and clusterings: results, not rows (fitted values, residuals and scores are one per
    ; observation: rows)
    ; clocks and timings
    "proc.time" "Sys.time" "system.time" "Sys.Date"
    ; an environment: what it holds is followed by name (`assign("x", ..., envir = env)`, then `env$x`)
    "new.env"
    ; the names of classes or of the objects in an environment: metadata
    "getClasses" "ls"
    ; positions picked (`which.max(apply(d, 1, max))`): indices, not values
    "which" "which.max" "which.min" "order"
    "cutree" "hclust" "kmeans" "dist" "cor" "cov" "coef" "confint" "vcov"
    "anova" "aov" "TukeyHSD" "princomp" "prcomp" "factanal" "cmdscale" "nls" "lme" "lmer" "glmer" "gam" "polr"
    "multinom" "survdiff" "cox.zph" "tidy" "glance" "density" "ecdf" "skim"
    ; more models: per-group fits, generalised least squares, survival and survey models and estimates
    "nlsList" "lmList" "gls" "gnls" "nlme" "sortedXyData" "glm.nb" "loglm" "rlm" "survreg" "aareg" "svyglm"
    "svycoxph" "svyby" "svymean" "svytotal" "svyquantile" "svyratio"
    ; the Matrix package's matrices and factorizations, like `matrix`
    "Matrix" "sparseMatrix" "spMatrix" "rsparsematrix" "Diagonal" "bdiag" "drop0" "Cholesky" "expand"
    "sparseVector"
    ; decompositions and products of matrices
    "eigen" "svd" "qr" "chol" "solve" "crossprod" "tcrossprod" "outer" "kronecker"))

; A value per cell of a cross-classification (`tapply(days, list(sex, agegroup), mean)`): one per group, results;
; not when a person key names the groups (`tapply(visits$pulse, visits$pnr, max)`: a value per person).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments . (argument) . (comma) . (argument) @_groups)))
  (#eq? @_fn "tapply")
  (#set! no-keys "_groups"))

; `as(x, "dgCMatrix")`, `new("dtpMatrix", ...)`: a Matrix-package matrix; `as(x, "matrix")`: a base matrix.
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments (argument value: (string) @_class))))
  (#any-of? @_fn "as" "new")
  (#match? @_class "[Mm]atrix[\"']$"))

; A pipe that ends in a count or summary, or into a model fitted or a test run on the rows (`bem %>% select(-subno)
; %>% factanal(factors = 15)`): results.
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator operator: _ @_pipe rhs: (call function: (identifier) @_fn)))
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @_fn "count" "summarise" "summarize" "tally" "n_distinct" "pull" "nrow"
    "lm" "glm" "coxph" "survfit" "factanal" "princomp" "prcomp" "lda" "qda" "kmeans" "hclust" "dist" "cor" "cov"
    "aov" "anova" "t.test" "chisq.test" "wilcox.test" "tidy" "glance" "cmdscale"))

; ... or that maps a summary over the columns of a frame (`peanuts %>% select(y:w) %>% map_df(quantile, c(0.25,
; 0.75))`, `sapply(d, mean)`): one value or a few per column. Not over a list per person (`split(d$x, d$pnr) %>%
; map_dbl(max)`, `sapply(by_person, max)` of such a list): one value per person.
((assign!
    target: (identifier) @_defines.other
    value: [
      (binary_operator
        lhs: [(identifier) @_via (binary_operator operator: _ @_pipe rhs: (call function: (identifier) @_verb))]
        operator: _ @_pipe
        rhs: (call function: (identifier) @_fn arguments: (arguments . (argument value: (identifier) @_summary))))
      (call function: (identifier) @_fn arguments: (arguments
        . (argument value: (identifier) @_via) . (comma) . (argument value: (identifier) @_summary)))])
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @_verb "select" "filter" "mutate" "arrange" "drop_na" "na.omit")
  (#any-of? @_fn "map_df" "map_dfr" "map_dfc" "map_dbl" "sapply" "vapply" "lapply")
  (#any-of? @_summary "mean" "median" "sd" "var" "min" "max" "sum" "range" "quantile" "fivenum" "IQR" "mad")
  (#set! via "data"))

((assign!
    target: (identifier) @_defines.other
    value: [(string) (float) (integer) (true) (false) (null)]))

; A loop's variable over numbers or values the program made (`for (i in 1:nrow(a))` of `a` drawn at random, `for (v in
; c("age", "bmi"))`): positions or the program's own values; over a frame's column (`seq_along(cohort$pnr)`,
; `for (x in cohort$age)`), it is left unknown.
((for_statement variable: (identifier) @_defines.other sequence: (_) @_via)
  (#set! via "other")
  (#set! calls "c seq seq_len seq_along rev nrow ncol length")
  (#set! constants "letters LETTERS month.name month.abb"))

; Rows of a table replaced (`new[i, ] <- c(a[i, ], grp = k)`) or named (`rownames(pts) <- cohort$pnr`): persons'
; rows, values or keys put in (a name holding a frame: `cohort[i, ]`) make it rows, whatever it held; the program's
; own values, a constant, a position, a parameter or a function passed keep what it held (`via "some-data"`), and so
; do counts, summaries and names of a frame (`as.vector(table(factors))`, `mean(cohort$age)`, `levels(cohort$sex)`:
; `summarised`), but not a person's value beside one (`c(cohort$pnr[i], max(cohort$age))`).
; A data set never assigned (`airquality$Ozone`) is not told from a parameter (`x[i, ] <- round(x[i, ], 2)`), and a
; column replaced (`d$age <- ...`, `d[["x"]] <- ...`) is not followed: a list's element or a column computed from
; the table's own columns through other names (`k$y1 <- Y - f` of `Y <- k$y`) would make it rows.
((assign!
    target: [(subset function: (identifier) @_defines.frame arguments: (arguments (comma)))
             (call function: (identifier) @_rows arguments: (arguments . (argument value: (identifier) @_defines.frame) .))]
    value: (_) @_via)
  (#any-of? @_rows "rownames" "row.names")
  (#set! summarised "{results.functions}|{results.group_summaries}|names|colnames|rownames|levels|unique|nrow|ncol")
  (#set! via "some-data")
  (#set! constants "letters LETTERS month.name month.abb pi T F"))

; A range of numbers (`1:10`) or a formula (`y ~ x + (1 | g)`).
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator operator: _ @_range))
  (#any-of? @_range ":" "~"))

; What a simulator makes from sizes, constants and names that hold no frame (`sim <- simulate_trial(n, seed = 123)`;
; results.toml `simulators`), or a function handed a random generator to draw with and nothing else of data
; (`mkDataTemplate(form, nGrps = 500, rfunc = rnorm)`; `random_draws`): values the program generates, no one's
; rows. Given a frame or a frame's column (`simulate_trial(cohort)`, `rfunc = rnorm, data = cohort`), it may resample
; or perturb persons' values: not matched; nor a function of the file (`not-own`), which its body decides.
((assign!
    target: (identifier) @_defines.other
    value: (call function: (callee! name: @_fn) arguments: (arguments) @_via))
  (#match? @_fn "^{results.simulators}$")
  (#set! not-own "_fn")
  (#set! via "other")
  (#set! calls "c rep seq seq_len list")
  (#set! constants "T F TRUE FALSE"))

((assign!
    target: (identifier) @_defines.other
    value: (call arguments: (arguments (argument value: (identifier) @_draw)) @_via))
  (#match? @_draw "^{results.random_draws}$")
  (#set! via "other")
  (#set! calls "c rep seq seq_len list")
  (#set! constants "T F TRUE FALSE rnorm runif rbinom rpois rexp rgamma rbeta rt rchisq rlnorm rweibull rlogis rcauchy rgeom rnbinom rhyper rmultinom mvrnorm rmvnorm"))

; Arithmetic of numbers, constants, values drawn at random and names that hold no frame holds none either
; (`pi^(-2:2)`, `x + w * rnorm(x)` of `x <- seq(1, 20)`); of a frame's column (`cohort$income * 2`), it holds a
; value per row.
((assign!
    target: (identifier) @_defines.other
    value: (binary_operator operator: _ @_arith) @_via)
  (#any-of? @_arith "+" "-" "*" "/" "^")
  (#set! via "other")
  (#set! calls "c rep seq rnorm runif rbinom rpois rexp rgamma rbeta rt rchisq rlnorm rweibull sample exp log sqrt abs sin cos cumsum cumprod")
  (#set! constants "pi T F"))

; A sample drawn from numbers the program made (`idx <- sample(1:100, 20)`, `sample(n)`), not from data
; (`sample(cohort$pnr, 10)`, `sample(nrow(cohort))`: persons or their positions).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments) @_via))
  (#eq? @_fn "sample")
  (#set! via "other")
  (#set! calls "c seq seq_len rep")
  (#set! constants "T F TRUE FALSE"))

; A frame's column names, or part of them (`names(freqs)[-1]`): names, not values.
((assign!
    target: (identifier) @_defines.other
    value: (subset function: (call function: (identifier) @_fn)))
  (#any-of? @_fn "names" "colnames"))

; A table whose columns the program names as estimates with their standard errors, limits or test statistics
; (`dimnames(mat) <- list(p, c("Estimate", "SE", "Lower .95", "Upper .95"))`, `colnames(out) <- c("HR", "LowerCI",
; "UpperCI")`) holds results, unless a person key is named there.
((binary_operator
    lhs: (call function: (identifier) @_fn arguments: (arguments . (argument value: (identifier) @_defines.other) .))
    operator: _ @_op
    rhs: (_) @_names)
  (#any-of? @_op "<-" "=")
  (#any-of? @_fn "colnames" "dimnames")
  (#match? @_names "[\"'](Std[.] ?Error|SE|[Ll]ower ?[.]?9[05]|[Uu]pper ?[.]?9[05]|LowerCI|UpperCI|[tz] value|Pr[(]>[|][tz][|][)]|p[.]value)[\"']")
  (#set! no-keys "_names"))

; A function defined in the file: a call of that name is not the base function (`fix <- function(x) ...`).
((assign!
    target: (identifier) @_defines.other
    value: (function_definition)))

; A table typed in, drawn at random, bound or rounded from results held in names (`data.frame(x = c(1, 2), y =
; 1:8)`, `data.table(a = rnorm(10))`, `rowwiseDT(id=, a=, 1, 2)`, `cbind(c.home, c.ind)` of contrasts typed in,
; `data.frame(cbind(Model = "boosting", miscl))` of a mean, `bind_cols(grid, pred = p)` of predictions for cases made
; up, `setnames(copy(products), ...)`, `rbind(est, c(coef(fw)["b"], confint(fw, "b")))` of models fitted in a
; loop, `as.IDate(seq(...))` of dates made up, `zoo(rnorm(10), dates)` of a series drawn at random and a merge of
; such series (`merge(z, lag(z))`); not
; `bind_rows(parts)`, whose list filled in a loop holds frames; `c("No", "Yes") %>% as.factor()`, levels typed in),
; also a part of one (`rbind(t1 - t0, t2 - t1)[, 1:3]` of timings): the program's own values or results, not rows.
; Every name in it must hold no frame and every call in it be one of `calls` (`#set! via`); the inline-data rule
; judges rows typed in. A frame or column of data in it (`cbind(cohort$pnr, ...)`, `rbind(res, cohort)`,
; `sample(cohort$pnr, 10)`, `read.csv(...)`) keeps it rows.
; A pipe from such a table or from a name that holds no frame holds none either (`probs %>% gather(brand, p, -age)`
; of predictions for a grid, `tibble(k = 2:20) %>% rowwise() %>% mutate(wss = f(k, d))`, `crossing(a = l, b = l)`),
; unless it joins or binds data in, or a model's fitted values to its rows (`fit %>% augment(d)`); up to three
; verbs after it.
((assign!
    target: (identifier) @_defines.other
    value: [
      (call function: (callee! name: @_fn) arguments: (arguments) @_via)
      (subset function: (call function: (callee! name: @_fn) arguments: (arguments) @_via))
      ; `bind_rows(a = pts_a, b = pts_b)` of two tables or more, not `bind_rows(parts, .id = "f")` of a list
      (call function: (identifier) @_rows arguments: (arguments
        [(argument !name) (argument name: (identifier) @_part)] . (comma) .
        [(argument !name) (argument name: (identifier) @_part)]) @_via)
      (binary_operator lhs: [(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)] operator: _ @_pipe) @_rhs
      (binary_operator lhs: (binary_operator lhs: [(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)] operator: _ @_pipe)) @_rhs
      (binary_operator lhs: (binary_operator lhs: (binary_operator lhs: [(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)] operator: _ @_pipe))) @_rhs
      ; ... also when the last verb binds values that hold no frame either (`p %>% as_tibble() %>% bind_cols(grid)`)
      (binary_operator
        lhs: [[(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)]
          (binary_operator lhs: [(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)] operator: _ @_pipe)
          (binary_operator lhs: (binary_operator lhs: [(identifier) @_via
        (call function: (callee! name: @_fn) arguments: (arguments) @_via)] operator: _ @_pipe))] @_rhs
        operator: _ @_pipe
        rhs: (call function: (identifier) @_bind arguments: (arguments) @_via))])
  (#any-of? @_pipe "%>%" "|>")
  (#not-match? @_rhs "(%>%|[|]>)[\\s\\S]*(join|bind_rows|bind_cols|merge|cbind|rbind|augment)[ \t\r\n]*\\(")
  (#any-of? @_bind "bind_cols" "cbind")
  (#eq? @_rows "bind_rows")
  (#not-eq? @_part ".id")
  (#any-of? @_fn "cbind" "rbind" "data.frame" "tibble" "data.table" "as.data.frame" "as_tibble" "as.data.table"
    "rowwiseDT" "expand.grid" "crossing" "c" "factor" "ordered" "as.factor" "copy" "round" "signif" "bind_cols"
    "setnames" "setDT" "as.Date" "as.IDate" "as.POSIXct" "timeDate" "as.numeric" "as.integer" "as.character" "ISOdate" "ISOdatetime"
    ; series of such values, the values themselves transformed, and series of them merged (`merge(z, lag(z))`)
    "zoo" "ts" "xts" "sin" "cos" "exp" "log" "sqrt" "abs" "cumsum" "merge")
  (#set! via "other")
  (#set! calls "c rep seq seq_len seq_along list cbind rbind bind_cols copy setDT data.frame tibble data.table as.data.frame factor as.factor as.numeric as.integer as.character as.Date as.IDate as.POSIXct timeDate ISOdate ISOdatetime paste paste0 sprintf round signif rnorm runif rbinom rpois rexp rgamma rbeta rt rchisq rlnorm rweibull sample I numeric double integer character logical names rownames colnames levels nrow ncol length sum mean median sd var min max range quantile sort rev t cumsum cumprod exp log sqrt abs sin cos zoo time lag merge sapply lapply vapply mapply Map gl coef confint expand.grid crossing")
  (#set! constants "letters LETTERS month.name month.abb pi T F"))

; Predictions for new data made in the program (`predict(fit, grid)` of `grid <- expand.grid(...)`): one per made-up
; case, results; predictions for the data (`predict(fit)`, `predict(fit, cohort)`) are one per person: rows.
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments . (argument) . (comma) . (argument value: (identifier) @_via))))
  (#eq? @_fn "predict")
  (#set! via "other"))

((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments (argument name: (identifier) @_arg value: (identifier) @_via))))
  (#eq? @_fn "predict")
  (#eq? @_arg "newdata")
  (#set! via "other"))

; ans <- dt[, .N, by = g], dt[cond, sum(x)], dt[, .(m = mean(x), n = .N), keyby = g], dt[, lapply(.SD, mean),
; by = g]: a count or summary per group, or of all the rows selected, not rows (the summary functions of
; grammars/r/results.toml `group_summaries`).
((assign!
    target: (identifier) @_defines.other
    value: (subset arguments: (arguments . (comma) . (argument value: (_) @_j))))
  (summary! j: @_j))

((assign!
    target: (identifier) @_defines.other
    value: (subset arguments: (arguments . (argument) . (comma) . (argument value: (_) @_j))))
  (summary! j: @_j))

; ... also when the summary is ordered or subset again (`dt[, .N, by = g][order(-N)]`).
((assign!
    target: (identifier) @_defines.other
    value: (subset function: (subset arguments: (arguments . (comma) . (argument value: (_) @_j)))))
  (summary! j: @_j))

((assign!
    target: (identifier) @_defines.other
    value: (subset function: (subset arguments: (arguments . (argument) . (comma) . (argument value: (_) @_j)))))
  (summary! j: @_j))

; A name assigned another that holds no frame holds none either (`Hc. <- Hc` of a sparse matrix).
((assign!
    target: (identifier) @_defines.other
    value: (identifier) @_via)
  (#set! via "other"))

; ... and one that holds a frame holds the frame (`cohort_copy <- cohort`, `cohort -> cohort_copy`); not a name that
; nothing in the file assigned (a loop's variable, a parameter).
((assign!
    target: (identifier) @_defines.frame
    value: (identifier) @_via)
  (#set! via "frame"))

; A copy holds what the original holds (`copy(flights)`: a frame; `copy(names(DT))`: names).
((assign!
    target: (identifier) @_defines.frame
    value: (call function: (identifier) @_fn arguments: (arguments . (argument value: (identifier) @_via) .)))
  (#eq? @_fn "copy")
  (#set! via "data"))

; ... and a keyed or ordered table, or a keyed copy, of one that holds no frame holds none either
; (`setkey(copy(products), id)` of a table typed in); of a frame, it is a frame (the first pattern).
((assign!
    target: (identifier) @_defines.other
    value: (call function: (identifier) @_fn arguments: (arguments . (argument value: [
      (identifier) @_via
      (call function: (identifier) @_copy arguments: (arguments . (argument value: (identifier) @_via) .))]))))
  (#any-of? @_fn "setkey" "setkeyv" "setorder" "setindex")
  (#eq? @_copy "copy")
  (#set! via "other"))

; Part of something that holds no frame (`res[order(res[, 2]), ]`) holds none either, also its rows selected again
; (`t[, d := x][order(-d)]`), its first rows (`head(t[order(-time)], 10L)[, RSS := NULL]`) and a table kept in an
; environment that holds no frame (`env$timings[time > 0]` of `assign("timings", ...)` below).
((assign!
    target: (identifier) @_defines.other
    value: (subset function: [
      (identifier) @_via
      (subset function: (identifier) @_via)
      (extract_operator lhs: (identifier) @_via rhs: (identifier) @_via)
      (call function: (identifier) @_first arguments: (arguments . (argument value: [
        (identifier) @_via
        (subset function: (identifier) @_via)
        (subset function: (subset function: (identifier) @_via))])))]))
  (#any-of? @_first "head" "tail")
  (#set! via "other"))

; `assign("timings", data.table(id = seq_len(99L), time = 0), envir = env)`: the name holds what a table typed into
; the program holds (the calls of the typed-in table pattern above), no frame.
((call
    function: (identifier) @_fn
    arguments: (arguments . (argument value: (string (string_content) @_defines.other)) . (comma)
      . (argument value: (call function: (identifier) @_table) @_via)))
  (#eq? @_fn "assign")
  (#any-of? @_table "data.table" "data.frame" "tibble")
  (#set! via "other")
  (#set! calls "data.table data.frame tibble c rep seq seq_len seq_along numeric integer character logical"))
