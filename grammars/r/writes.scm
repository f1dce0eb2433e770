; Statements that write a file the project may send home (a table, a text output, a graph): `@path` is the file
; name as written. The cross-file provenance step (scanner/provenance.py) matches it with the scanned files, so
; a finding in `out/t1.csv` can say which statement made it. Only literal names that end in an extension.
(call
  function: (callee! name: @_callee)
  arguments: (arguments (argument value: (string) @path))
  (#any-of? @_callee "write.csv" "write.csv2" "write.table" "write_csv" "write_csv2" "write_tsv" "write_delim"
    "write_excel_csv" "write.xlsx" "write_xlsx" "fwrite" "saveWorkbook" "sink" "capture.output" "writeLines" "cat"
    "ggsave" "gtsave" "save_as_docx" "save_as_html" "stargazer" "modelsummary" "png" "pdf" "svg" "jpeg")
  (#match? @path "^[\"'][^\"'\n{}]*\\.[A-Za-z][A-Za-z0-9]{0,4}[\"']$")) @output.write
