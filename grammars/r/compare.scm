; A variable compared with, or tested for membership in, literals: filter(id == 4711), df[df$id == "x", ],
; subset(df, pnr %in% c("a", "b")), df[["pnr"]] == "x". Not from a frame typed into the program (`r-own-rows`).
(binary_operator
  lhs: [
    (identifier) @name
    (extract_operator rhs: (identifier) @name)
    (subset2 arguments: (arguments . (argument value: (string (string_content) @name))))]
  operator: _ @_op
  rhs: [(string) (float) (integer)] @values
  (#any-of? @_op "==" "!=" "%in%")
  (#set! check "r-own-rows")) @compare

(binary_operator
  lhs: [
    (identifier) @name
    (extract_operator rhs: (identifier) @name)
    (subset2 arguments: (arguments . (argument value: (string (string_content) @name))))]
  operator: _ @_op
  rhs: (call function: (identifier) @_c arguments: (arguments (argument value: [(string) (float) (integer)]))) @values
  (#any-of? @_op "%in%" "==")
  (#eq? @_c "c")
  (#set! check "r-own-rows")) @compare
