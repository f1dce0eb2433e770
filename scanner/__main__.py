"""`python -m sdcscan` runs the command line, as the `sdcscan` script does."""

from .replay import main

main()
