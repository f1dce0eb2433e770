*! sdcscan.ado: run the sdcscan disclosure check from Stata's own console
*! usage:  sdcscan [folder] [, html(file) failon(level) profile(name) exe(path)]
*! sdcscan is a Python program: install it once (README, "Installing on a closed Windows machine") and give its
*! full path in exe() (or the global SDCSCAN) when it is not on the PATH.
program define sdcscan
    version 14
    syntax [anything(name=target)] [, HTML(string) FAILon(string) PROFile(string) EXE(string)]
    if `"`target'"' == "" local target "."
    if `"`html'"' == "" local html "sdcscan-review.html"
    if `"`failon'"' == "" local failon "high"
    if `"`exe'"' == "" local exe "$SDCSCAN"
    if `"`exe'"' == "" local exe "sdcscan"
    local cmd `""`exe'" scan "`target'" --html "`html'" --fail-on `failon'"'
    if `"`profile'"' != "" local cmd `"`cmd' --profile `profile'"'
    display as text `"running: `cmd'"'
    * shell returns no exit status to Stata: the summary it prints, and the report, say what was found
    shell `cmd'
    capture confirm file `"`html'"'
    if _rc {
        display as error "sdcscan wrote no report: is it installed? (see the message above)"
        exit 601
    }
    display as text `"review report: `html'"'
end
