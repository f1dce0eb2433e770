; String literals, for the identifier and personal-data detectors.
(string) @literal.string
