; Graphs that draw one mark per person (patterns/rules/listing.toml: listing.plot-points, listing.km-plot).
; Histograms, bar charts, densities and lines of aggregates draw no individual and are not matched.

; plot(x, y) and plot(y ~ x, data = d): a scatter plot of two variables. Not a plot of one object (a model's
; diagnostics, a table, a density, a survfit: the last is listing.km-plot), nor a line (`type = "l"`), also with
; its points on it (`type = "b"`, `"o"`, `"c"`: a series or a curve in the order of its rows, whose values a line
; shows as well as points do), nor an empty frame (`type = "n"`) that text or lines are drawn on afterwards; nor, by the check, a plot of values the program
; made (its x, or its data, a name known to hold no data: `xx <- seq(...)`, predictions for a grid).
(call
  function: (identifier) @callee
  arguments: (arguments
    . (argument !name value: [(identifier) (extract_operator) (subset) (subset2)])
    (argument !name))
  (#eq? @callee "plot")
  (#not-match? @output.print "type[ \t\r\n]*=[ \t\r\n]*[\"'][lhsnboc][\"']")
  (#set! rule "listing.plot-points")
  (#set! check "r-plot-points")) @output.print

(call
  function: (identifier) @callee
  arguments: (arguments . (argument !name value: (binary_operator operator: "~")))
  (#eq? @callee "plot")
  (#not-match? @output.print "type[ \t\r\n]*=[ \t\r\n]*[\"'][lhsnboc][\"']")
  (#set! rule "listing.plot-points")
  (#set! check "r-plot-points")) @output.print

; ggplot2 layers that draw every observation, also as ggplot2::geom_point(). Not, by the check, a layer whose x is
; a calendar column (grammars/r/results.toml `calendar_columns`), its own (`aes(x = Dates, y = deaths)`) or, when
; it has none, the plot's (`ggplot(weekly, aes(x = Weeks)) + geom_point(aes(y = n))`): one point per day, week,
; month or year is a time series of figures.
(call
  function: (callee! name: @callee)
  (#any-of? @callee "geom_point" "geom_jitter")
  (#set! rule "listing.plot-points")
  (#set! check "r-plot-points")) @output.print

; A Kaplan-Meier curve: plot(survfit(...)) has no table of numbers at risk; survminer's ggsurvplot() has one
; only with risk.table = TRUE (or one of its named tables).
(call
  function: (identifier) @callee
  arguments: (arguments . (argument !name value: (call function: (identifier) @_fit)))
  (#eq? @callee "plot")
  (#eq? @_fit "survfit")
  (#set! rule "listing.km-plot")) @output.print

(call
  function: (callee! name: @callee)
  (#eq? @callee "ggsurvplot")
  (#not-match? @output.print "risk\\.table[ \t\r\n]*=[ \t\r\n]*(TRUE|T[ \t\r\n,)]|[\"'](absolute|percentage|abs_pct|nrisk_cumcensor|nrisk_cumevents)[\"'])")
  (#set! rule "listing.km-plot")) @output.print
