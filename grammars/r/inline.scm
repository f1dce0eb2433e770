; Data typed into the program (issue 11): the text a table is read from, and data frame literals. The
; printed-rows.inline-data rule reads the captured literal as a table and decides whether its rows are records.

; read.table(text = "..."), read.csv(text = ...), readr::read_csv(I("...")), fread(text = ...)
((call
   function: (callee! name: @_fn)
   arguments: (arguments (argument name: (identifier) @_arg value: (string) @inline.data)))
  (#any-of? @_fn "read.table" "read.csv" "read.csv2" "read.delim" "read.delim2" "fread")
  (#eq? @_arg "text")
  (#set! form "lines"))

((call
   function: (callee! name: @_fn)
   arguments: (arguments . (argument value: (call function: (identifier) @_i
                                                 arguments: (arguments . (argument value: (string) @inline.data))))))
  (#any-of? @_fn "read_csv" "read_csv2" "read_delim" "read_tsv" "read_table" "fread")
  (#eq? @_i "I")
  (#set! form "lines"))

; tribble(~pnr, ~alder, "a", 34, ...): values row by row under the ~names
((call function: (callee! name: @_fn)) @inline.data
  (#any-of? @_fn "tribble" "frame_data" "fribble")
  (#set! form "rows"))

; data.frame(pnr = c(...), alder = c(...)), tibble(...), data.table(...): values column by column
((call
   function: (callee! name: @_fn)
   arguments: (arguments (argument name: (identifier) value: (call function: (identifier) @_c)))) @inline.data
  (#any-of? @_fn "data.frame" "tibble" "data.table")
  (#eq? @_c "c")
  (#set! form "columns"))
