"""The `sdcscan` command (the console script and `python -m sdcscan`): the last run again when nothing it read has
changed (scanner/replay.py, light imports), else the command line. It lives here, not in replay.py, so that the
replay module never imports the command line that imports it."""

import sys

from .replay import console, replay


def main() -> None:
    console()
    try:
        code = replay(sys.argv[1:])
    except KeyboardInterrupt:
        print("sdcscan: interrupted; no report written", file=sys.stderr)
        sys.exit(130)
    if code is None:
        from .cli import main as command_line

        command_line()
    sys.exit(code)


if __name__ == "__main__":
    main()
