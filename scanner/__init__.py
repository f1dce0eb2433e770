"""sdcscan: a static disclosure-control scanner for statistical programs, logs and outputs."""

__version__ = "0.1.0"
