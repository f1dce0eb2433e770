"""Line-oriented parsers for what programs print: SAS logs and listings, R console output, Stata logs, Jupyter
notebooks, R Markdown and result tables. Each reads `doc.lines` in one forward pass with bounded look-back and
emits facts at the lines of the file as stored: `listing.row` (one per printed block), `table.cell` (a count),
`extreme.value` (a printed minimum/maximum) and `text` (free text lines for the personal-data detectors)."""
