; Statements that write a file the project may send home (a table, a text output, a graph): `@path` is the file
; name as written. The cross-file provenance step (scanner/provenance.py) matches it with the scanned files, so
; a finding in `out/t1.csv` can say which statement made it. Only literal names that end in an extension.

; df.to_csv("out/t1.csv"), df.to_excel(path_or_buf=...), fig.savefig("f.png"), pl_df.write_csv(...)
(call
  function: (attribute attribute: (identifier) @_callee)
  arguments: (argument_list [(string) @path (keyword_argument value: (string) @path)])
  (#any-of? @_callee "to_csv" "to_excel" "to_html" "to_latex" "to_markdown" "to_string" "to_json" "savefig"
    "write_csv" "write_excel")
  (#match? @path "^[rR]?[\"'][^\"'\n{}]*\\.[A-Za-z][A-Za-z0-9]{0,4}[\"']$")) @output.write

; open("out/t1.txt", "w"): a file opened for writing or appending
(call
  function: (identifier) @_callee
  arguments: (argument_list . (string) @path . (string) @_mode)
  (#eq? @_callee "open")
  (#match? @_mode "^[\"'][wax]")
  (#match? @path "^[rR]?[\"'][^\"'\n{}]*\\.[A-Za-z][A-Za-z0-9]{0,4}[\"']$")) @output.write
