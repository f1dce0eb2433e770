; Statements that write a file the project may send home (a table, a listing, a log): `@path` is the file name
; as written. The cross-file provenance step (scanner/provenance.py) matches it with the scanned files, so a
; finding in `out/t1.csv` can say which statement made it. Only literal names that end in an extension.

; proc export outfile="...", proc printto print="..." / log="..."
((proc_step (proc_step_header (identifier) @_proc (string_literal) @path) @output.write)
  (#match? @_proc "^([eE][xX][pP][oO][rR][tT]|[pP][rR][iI][nN][tT][tT][oO])$")
  (#match? @path "^[\"'][^\"'\n]*\\.[A-Za-z][A-Za-z0-9]{0,4}[\"']$"))

; ods rtf file="...", ods excel file="..." options(...), and a data step's `file "...";`
((generic_statement (string_literal) @path) @output.write
  (#match? @output.write "^([oO][dD][sS][ \t\r\n]+[^;]*[fF][iI][lL][eE][ \t\r\n]*=|[fF][iI][lL][eE][ \t\r\n]+[\"'])")
  (#match? @path "^[\"'][^\"'\n]*\\.[A-Za-z][A-Za-z0-9]{0,4}[\"']$"))
