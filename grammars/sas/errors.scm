; Regions the parser could not read.
(ERROR) @parse.error
