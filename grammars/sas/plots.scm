; Graphs that draw one mark per person (patterns/rules/listing.toml: listing.plot-points, listing.km-plot).
; vbar, hbar, histogram, density and series statements, and proc gchart, draw aggregates and are not matched.

; A scatter statement in proc sgplot / sgpanel; every plot statement of proc sgscatter. Not, by the check, in a
; step that also draws bars of given values (hbarparm, vbarparm) or an axis table (yaxistable, xaxistable): its data
; set holds one row of figures per category, so the scatter marks rates or labels of groups, not persons; nor of a
; data set the program shows made as statistics (`output out=` of proc means, not by a person key).
((proc_step (proc_step_header (identifier) @_proc) (generic_statement) @output.print)
  (#match? @_proc "^[sS][gG]([pP][lL][oO][tT]|[pP][aA][nN][eE][lL])$")
  (#match? @output.print "^[sS][cC][aA][tT][tT][eE][rR]([ \t\r\n;/]|$)")
  (#set! rule "listing.plot-points")
  (#set! check "plot-rows"))

((proc_step (proc_step_header (identifier) @_proc) (generic_statement) @output.print)
  (#match? @_proc "^[sS][gG][sS][cC][aA][tT][tT][eE][rR]$")
  (#match? @output.print "^([pP][lL][oO][tT]|[cC][oO][mM][pP][aA][rR][eE]|[mM][aA][tT][rR][iI][xX])([ \t\r\n;/]|$)")
  (#set! rule "listing.plot-points")
  (#set! check "plot-rows"))

; proc lifetest plots=survival (or s, or all) draws a Kaplan-Meier curve; with atrisk it prints the numbers at
; risk below it.
((proc_step (proc_step_header (identifier) @_proc) @output.print)
  (#match? @_proc "^[lL][iI][fF][eE][tT][eE][sS][tT]$")
  (#match? @output.print "[pP][lL][oO][tT][sS][ \t\r\n]*=([^;]*[^A-Za-z0-9_;])?([sS]|[sS][uU][rR][vV][iI][vV][aA][lL]|[aA][lL][lL])([^A-Za-z0-9_]|$)")
  (#not-match? @output.print "[aA][tT][rR][iI][sS][kK]")
  (#set! rule "listing.km-plot"))
