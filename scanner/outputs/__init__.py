"""Outputs: printed tables read by their layout, wherever they appear (a log, a listing, a .txt of stdout, a
notebook output, an HTML or LaTeX table, a CSV or a sheet).

Readers per medium (`readers/`) turn bytes into tables or text blocks with the original position of every cell,
layout recognisers turn blocks into `Table`s (scanner/outputs/table.py), and the rules `small-cell`,
`extreme-value` and `printed-rows` judge the tables: a front end describes what was printed, it never decides what
is small or disclosive.
"""
