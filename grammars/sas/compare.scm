; Conditions: the grammar keeps `if`/`where`/`when` statements, dataset options and SQL queries as flat text, so
; the `conditions` check reads the comparisons out of it (name, operator, literal values).
((generic_statement) @compare
  (#match? @compare "^([iI][fF]|[wW][hH][eE][rR][eE]|[wW][hH][eE][nN]|[eE][lL][sS][eE][ \t\r\n]+[iI][fF])[ \t\r\n(]")
  (#set! check "conditions"))

((ds_options) @compare
  (#match? @compare "[wW][hH][eE][rR][eE][ \t]*=")
  (#set! check "conditions"))

((sql_select_statement) @compare
  (#match? @compare "[wW][hH][eE][rR][eE]|[hH][aA][vV][iI][nN][gG]")
  (#set! check "conditions"))

((proc_step_header) @compare
  (#match? @compare "[wW][hH][eE][rR][eE][ \t]*=")
  (#set! check "conditions"))
