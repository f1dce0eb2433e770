; Literals; `name` is the variable or keyword a literal is assigned to or compared with.
(string) @literal.string
(assignment left: (identifier) @name right: (string) @literal.string)
(keyword_argument name: (identifier) @name value: (string) @literal.string)
(comparison_operator [(identifier) @name (attribute attribute: (identifier) @name)] (string) @literal.string)
