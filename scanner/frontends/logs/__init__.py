"""Line-oriented parsers for what programs print: SAS logs and listings, R console output, Stata logs, Jupyter
notebooks, R Markdown and result tables. Each reads `doc.lines` in one forward pass with bounded look-back and
emits facts at the lines of the file as stored: `table` (a printed table in the table model, scanner/outputs/) and
`text` (free text lines for the detectors)."""
