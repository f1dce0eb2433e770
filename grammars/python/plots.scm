; Graphs that draw one mark per person (patterns/rules/listing.toml: listing.plot-points, listing.km-plot).
; Histograms, bar charts, densities and lines of aggregates draw no individual and are not matched.

; plt.scatter(), ax.scatter(), df.plot.scatter(), and seaborn's point plots.
(call
  function: (attribute attribute: (identifier) @callee)
  (#any-of? @callee "scatter" "scatterplot" "stripplot" "swarmplot")
  (#set! rule "listing.plot-points")) @output.print

; df.plot(kind="scatter", ...)
(call
  function: (attribute attribute: (identifier) @callee)
  arguments: (argument_list (keyword_argument name: (identifier) @_kind value: (string) @_value))
  (#eq? @callee "plot")
  (#eq? @_kind "kind")
  (#match? @_value "^[\"']scatter[\"']$")
  (#set! rule "listing.plot-points")) @output.print

; lifelines: a fitted Kaplan-Meier curve, without its at-risk counts below it.
(call
  function: (attribute attribute: (identifier) @callee)
  (#eq? @callee "plot_survival_function")
  (#not-match? @output.print "at_risk_counts[ \t\r\n]*=[ \t\r\n]*True")
  (#set! rule "listing.km-plot")) @output.print
