; A little data flow: which names hold a data frame, and which certainly do not. The `frame` and `maybe-frame`
; checks of output.scm read the last assignment before the statement.

; df <- read_csv(...), df <- readr::read_csv(...), df <- merge(...), df <- filter(df, ...)
(binary_operator
  lhs: (identifier) @_defines.frame
  operator: _ @_op
  rhs: (call function: [(identifier) @_fn (namespace_operator rhs: (identifier) @_fn)]) @_rhs
  (#any-of? @_op "<-" "=" "<<-")
  (#not-match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()")
  (#any-of? @_fn "read.csv" "read.csv2" "read.table" "read.delim" "read_csv" "read_csv2" "read_delim" "read_tsv"
    "fread" "read_sas" "read_dta" "read_sav" "read_stata" "read_spss" "read_xlsx" "read_xls" "read_excel" "read_parquet"
    "read_feather" "readRDS" "read_rds" "data.frame" "data.table" "tibble" "as_tibble" "as.data.frame"
    "as.data.table" "setDT" "merge" "left_join" "right_join" "inner_join" "full_join" "anti_join" "semi_join"
    "filter" "select" "mutate" "transmute" "arrange" "distinct" "rename" "subset" "rbind" "cbind" "bind_rows"
    "bind_cols" "collect" "slice" "slice_head" "slice_sample" "sample_n" "sample_frac" "na.omit" "dbGetQuery"
    "sqldf" "unique" "head" "tail" "ungroup"))

; df2 <- df %>% filter(...) %>% select(...): the last verb of the pipe decides.
(binary_operator
  lhs: (identifier) @_defines.frame
  operator: _ @_op
  rhs: (binary_operator operator: _ @_pipe rhs: (call function: (identifier) @_fn)) @_rhs
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_pipe "%>%" "|>")
  (#not-match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()")
  (#any-of? @_fn "filter" "select" "mutate" "transmute" "arrange" "distinct" "rename" "left_join" "right_join"
    "inner_join" "full_join" "anti_join" "semi_join" "slice" "slice_head" "slice_sample" "sample_n" "collect"
    "ungroup" "as_tibble" "as.data.frame" "bind_rows" "na.omit" "drop_na" "relocate" "head" "tail"))

; A frame made from a fitted model's parts (`as.data.frame(unclass(fit$loadings))`, `data.frame(coef(fit))`), also
; at the start of a pipe: results, not rows (the two patterns above leave it out). Not its scores, fitted values or
; residuals: one per observation.
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (_) @_rhs
  (#any-of? @_op "<-" "=" "<<-")
  (#match? @_rhs "^(as\\.data\\.frame|data\\.frame|as_tibble|tibble|as\\.data\\.table|data\\.table)\\([ \t\r\n]*(unclass\\([ \t\r\n]*)?([A-Za-z.][A-Za-z0-9._]*\\$(loadings|coefficients|rotation|centers|estimate|statistic|p\\.value|conf\\.int)|(coef|summary|tidy|glance|confint|loadings|anova|TukeyHSD)\\()"))

; df2 <- df[rows, ]
(binary_operator
  lhs: (identifier) @_defines.frame
  operator: _ @_op
  rhs: (subset)
  (#any-of? @_op "<-" "=" "<<-"))

; Vectors, tables, summaries, models, literals: not data frames.
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (call function: (identifier) @_fn)
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_fn "c" "seq" "seq_len" "seq_along" "rep" "table" "xtabs" "ftable" "summary" "nrow" "ncol" "length"
    "sum" "mean" "median" "sd" "var" "min" "max" "range" "quantile" "lm" "glm" "coxph" "survfit" "t.test"
    "chisq.test" "paste" "paste0" "sprintf" "format" "names" "colnames" "levels" "unique" "sort" "list"
    "matrix" "count" "summarise" "summarize" "tally" "prop.table" "aggregate" "tabyl"
    ; models, their parts and clusterings: results, not rows (fitted values, residuals and scores are one per
    ; observation: rows)
    "cutree" "hclust" "kmeans" "dist" "cor" "cov" "coef" "confint" "vcov"
    "anova" "aov" "TukeyHSD" "princomp" "prcomp" "factanal" "cmdscale" "nls" "lme" "lmer" "glmer" "gam" "polr"
    "multinom" "survdiff" "cox.zph" "tidy" "glance" "density" "ecdf"
    ; the Matrix package's matrices and factorizations, like `matrix`
    "Matrix" "sparseMatrix" "spMatrix" "rsparsematrix" "Diagonal" "bdiag" "drop0" "Cholesky" "expand"))

; `as(x, "dgCMatrix")`, `new("dtpMatrix", ...)`: a Matrix-package matrix.
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (call function: (identifier) @_fn arguments: (arguments (argument value: (string) @_class)))
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_fn "as" "new")
  (#match? @_class "Matrix[\"']$"))

(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (binary_operator operator: _ @_pipe rhs: (call function: (identifier) @_fn))
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_pipe "%>%" "|>")
  (#any-of? @_fn "count" "summarise" "summarize" "tally" "n_distinct" "pull" "nrow"))

(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: [(string) (float) (integer) (true) (false) (null)]
  (#any-of? @_op "<-" "=" "<<-"))

(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (binary_operator operator: _ @_range)
  (#any-of? @_op "<-" "=" "<<-")
  (#eq? @_range ":"))

; A function defined in the file: a call of that name is not the base function (`fix <- function(x) ...`).
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (function_definition)
  (#any-of? @_op "<-" "=" "<<-"))

; A table bound from results held in names (`cbind(c.home, c.ind)` of contrasts typed in, `data.frame(cbind(Model =
; "boosting", miscl))` of a mean): results, not rows (every name in it must hold no frame: `#set! via`); a frame
; or column of data bound in (`cbind(cohort$pnr, ...)`, `rbind(res, cohort)`) keeps it rows.
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (call function: (identifier) @_fn arguments: (arguments) @_via)
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_fn "cbind" "rbind" "data.frame" "tibble" "data.table" "as.data.frame")
  (#match? @_via "^\\([ \t\r\n]*(?:(?:[A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?(?:[A-Za-z.][A-Za-z0-9._]*|\"[^\"]*\"|'[^']*'|[0-9.]+)(?:[ \t\r\n]*,[ \t\r\n]*(?:[A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?(?:[A-Za-z.][A-Za-z0-9._]*|\"[^\"]*\"|'[^']*'|[0-9.]+))*)?[ \t\r\n]*\\)$")
  (#set! via "other"))

(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (call function: (identifier) @_frame
    arguments: (arguments . (argument value: (call function: (identifier) @_fn arguments: (arguments) @_via)) .))
  (#any-of? @_op "<-" "=" "<<-")
  (#any-of? @_frame "data.frame" "tibble" "data.table" "as.data.frame" "as_tibble" "as.data.table")
  (#any-of? @_fn "cbind" "rbind")
  (#match? @_via "^\\([ \t\r\n]*(?:(?:[A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?(?:[A-Za-z.][A-Za-z0-9._]*|\"[^\"]*\"|'[^']*'|[0-9.]+)(?:[ \t\r\n]*,[ \t\r\n]*(?:[A-Za-z.][A-Za-z0-9._]*[ \t\r\n]*=[ \t\r\n]*)?(?:[A-Za-z.][A-Za-z0-9._]*|\"[^\"]*\"|'[^']*'|[0-9.]+))*)?[ \t\r\n]*\\)$")
  (#set! via "other"))

; Part of something that holds no frame (`res[order(res[, 2]), ]`) holds none either.
(binary_operator
  lhs: (identifier) @_defines.other
  operator: _ @_op
  rhs: (subset function: (identifier) @_via)
  (#any-of? @_op "<-" "=" "<<-")
  (#set! via "other"))
