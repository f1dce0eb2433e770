; Regions the parser could not read, and tokens it had to assume (a missing `)`).
(ERROR) @parse.error
; A token the parser had to assume stands in the construct it closed, whose span holds what that swallowed (an
; unclosed quote or brace takes the code after it up to the end of the file): that span is the region.
(_ (MISSING)) @parse.error
