; Data typed into the program (issue 11): the lines after `datalines;`, `cards;`, `lines;` (and their `4`
; forms) up to the closing `;`. The grammar reads the block as one statement right after the one that opens it.
; The printed-rows.inline-data rule reads the lines as a table and decides whether its rows are records; the
; INPUT statement names the columns.

((generic_statement) @_open
  .
  (generic_statement) @inline.data
  (#match? @_open "^([dD][aA][tT][aA])?[lL][iI][nN][eE][sS]4?[ \t]*;$|^[cC][aA][rR][dD][sS]4?[ \t]*;$")
  (#set! form "lines"))

; `input pnr $ alder koen; datalines;`: the INPUT statement right before the block names its columns.
((generic_statement) @columns
  .
  (generic_statement) @_open
  .
  (generic_statement) @inline.data
  (#match? @columns "^[iI][nN][pP][uU][tT][ \t\r\n]")
  (#match? @_open "^([dD][aA][tT][aA])?[lL][iI][nN][eE][sS]4?[ \t]*;$|^[cC][aA][rR][dD][sS]4?[ \t]*;$")
  (#set! form "lines"))
