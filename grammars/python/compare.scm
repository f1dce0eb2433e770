; A variable compared with, or tested for membership in, literals: df[df.pnr == "x"], df["id"] == 12,
; pnr in ("a", "b"), df["id"].isin([1, 2]), df.query("id == 12").
(comparison_operator
  [(identifier) @name
   (attribute attribute: (identifier) @name)
   (subscript subscript: (string (string_content) @name))]
  operators: _ @_op
  [(string) (integer) (float) (list) (tuple) (set)] @values
  (#any-of? @_op "==" "!=" "in")) @compare

(call
  function: (attribute
    object: [(attribute attribute: (identifier) @name) (subscript subscript: (string (string_content) @name))]
    attribute: (identifier) @_op)
  arguments: (argument_list . [(list) (tuple) (set)] @values)
  (#eq? @_op "isin")) @compare

(call
  function: (attribute attribute: (identifier) @_query)
  arguments: (argument_list . (string (string_content) @compare))
  (#eq? @_query "query")
  (#set! check "conditions"))
