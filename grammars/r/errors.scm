; Regions the parser could not read, and tokens it had to assume (a missing `)`).
(ERROR) @parse.error
(MISSING) @parse.error
