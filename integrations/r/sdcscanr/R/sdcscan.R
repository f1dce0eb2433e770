# Run sdcscan from the researcher's own R console. sdcscan is a Python program: install it once (see the README,
# "Installing on a closed Windows machine"); set the SDCSCAN environment variable to its full path when it is not
# on the PATH, e.g. Sys.setenv(SDCSCAN = "C:/sdcscan/.venv/Scripts/sdcscan.exe").

#' The arguments of `sdcscan scan` for a folder (kept apart so the command line can be checked without running it).
sdcscan_args <- function(path = ".", html = file.path(tempdir(), "sdcscan-review.html"), fail_on = "high",
                         profile = NULL) {
  args <- c("scan", path, "--html", html, "--fail-on", fail_on)
  if (!is.null(profile)) args <- c(args, "--profile", profile)
  args
}

#' Scan a folder; print the ranked summary, open the HTML report, and return the exit status invisibly
#' (0 nothing at or above `fail_on`, 1 findings or files that could not be scanned, 2 usage error).
sdcscan <- function(path = ".", html = file.path(tempdir(), "sdcscan-review.html"), fail_on = "high",
                    profile = NULL, open = interactive(), exe = Sys.getenv("SDCSCAN", "sdcscan")) {
  # system2 passes arguments through a shell: quote each one, so folders with spaces work
  quoting <- if (.Platform$OS.type == "windows") "cmd" else "sh"
  status <- system2(exe, shQuote(sdcscan_args(path, html, fail_on, profile), type = quoting))
  if (open && file.exists(html)) utils::browseURL(html)
  if (status == 1) message("sdcscan: not ready to go home as it is; see ", html)
  invisible(status)
}

#' RStudio addin: scan the open project (or the working folder).
sdcscan_addin <- function() {
  folder <- getwd()
  if (requireNamespace("rstudioapi", quietly = TRUE) && rstudioapi::isAvailable()) {
    project <- rstudioapi::getActiveProject()
    if (!is.null(project)) folder <- project
  }
  sdcscan(folder, open = TRUE)
}
