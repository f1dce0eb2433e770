; Literals, for the identifier and personal-data detectors.
(string_literal) @literal.string

; Inline data (`datalines;` / `cards;` followed by data lines) is microdata written into the program.
((generic_statement) @_keyword
  .
  (generic_statement) @text
  (#match? @_keyword "^([cC][aA][rR][dD][sS]|[dD][aA][tT][aA][lL][iI][nN][eE][sS]|[lL][iI][nN][eE][sS])4?[ \t\r\n]*;")
  (#set! source "inline-data"))
