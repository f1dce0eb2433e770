; Data typed into the program (issue 11): data frame literals and CSV text read from a string. The
; printed-rows.inline-data rule reads the captured literal as a table and decides whether its rows are records.

; pd.DataFrame({"pnr": [...], "alder": [...]}): values column by column
((call
   function: [(identifier) @_fn (attribute attribute: (identifier) @_fn)]
   arguments: (argument_list . (dictionary (pair value: [(list) (tuple)])))) @inline.data
  (#eq? @_fn "DataFrame")
  (#set! form "columns"))

; pd.DataFrame([[...], [...]], columns=[...]) and pd.DataFrame([{...}, {...}]): values row by row
((call
   function: [(identifier) @_fn (attribute attribute: (identifier) @_fn)]
   arguments: (argument_list . (list [(list) (tuple) (dictionary)]))) @inline.data
  (#eq? @_fn "DataFrame")
  (#set! form "records"))

; io.StringIO("pnr,alder\n..."), StringIO(...): CSV text read as a file
((call
   function: [(identifier) @_fn (attribute attribute: (identifier) @_fn)]
   arguments: (argument_list . (string) @inline.data))
  (#eq? @_fn "StringIO")
  (#set! form "lines"))
