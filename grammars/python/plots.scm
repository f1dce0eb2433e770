; Graphs that draw one mark per person (patterns/rules/listing.toml: listing.plot-points, listing.km-plot).
; Histograms, bar charts, densities and lines of aggregates draw no individual and are not matched.

; plt.scatter(), ax.scatter(), df.plot.scatter(), and seaborn's point plots. Not of cluster centres (`centers[:, 0]`,
; `km.cluster_centers_[:, 0]`, `centroids`): means of many points, drawn over them; nor, by the check, of values
; the program generates (frames.scm `@_defines.drawn`: `plt.scatter(x, y)` of random draws, `X[:, 0]` of
; `make_blobs` points) or of summaries per group (`means = df.groupby('region').mean()`).
(call
  function: (attribute attribute: (identifier) @callee)
  (#any-of? @callee "scatter" "scatterplot" "stripplot" "swarmplot")
  (#not-match? @output.print "^[^(]*\\([ \t\r\n]*[A-Za-z0-9_.]*[cC][eE][nN][tT]([eE][rR]|[rR][eE]|[rR][oO][iI][dD])[sS]_?[ \t\r\n]*[\\[,)]")
  (made-of!)
  (#set! rule "listing.plot-points")
  (#set! check "not-drawn")) @output.print

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
