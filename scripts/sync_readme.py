"""Rewrite the rule list in README.md from the catalogue (`sdcscan rules --markdown`). Run after editing
patterns/rules/*.toml; tests/test_catalogue.py fails while the README is out of date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", re.DOTALL)


def rules_markdown() -> str:
    out = subprocess.run(
        [sys.executable, "-m", "sdcscan", "rules", "--markdown"], capture_output=True, text=True, check=True
    )
    return out.stdout


def main() -> None:
    text = README.read_text(encoding="utf-8")
    README.write_text(BLOCK.sub(lambda m: m[1] + rules_markdown() + m[2], text), encoding="utf-8")


if __name__ == "__main__":
    main()
