; Literals; `name` is the variable a literal is assigned to or compared with.
(string) @literal.string
(binary_operator lhs: (identifier) @name rhs: (string) @literal.string)
(binary_operator lhs: (extract_operator rhs: (identifier) @name) rhs: (string) @literal.string)
(argument name: (identifier) @name value: (string) @literal.string)
