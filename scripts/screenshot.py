"""Scan the demo project, write reports/demo.{html,sarif,json}, and photograph the HTML report for the README.

    .venv/bin/python scripts/screenshot.py        # needs Debian's chromium at /usr/bin/chromium

The picture shows the report as a reviewer first sees it, with the riskiest file opened: docs/report.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from chromium import CHROMIUM, FLAGS

ROOT = Path(__file__).resolve().parent.parent
DEMO = "examples/demo_project"  # relative, so the report shows no folder of this machine
WIDTH, HEIGHT = 1280, 1700


def scan() -> Path:
    reports = ROOT / "reports"
    command = [sys.executable, "-m", "sdcscan", "scan", DEMO, "--quiet"]
    for fmt in ("html", "sarif", "json"):
        command += [f"--{fmt}", str(reports / f"demo.{fmt}")]
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode not in (0, 1):  # 1 = findings, as expected for the demo
        sys.exit(f"sdcscan failed with exit code {done.returncode}")
    return reports / "demo.html"


def photograph(page: Path, target: Path) -> None:
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={target}",
                page.as_uri() + "?open=0",  # the riskiest file, opened
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    page = scan()
    target = ROOT / "docs" / "report.png"
    photograph(page, target)
    print(f"{page.relative_to(ROOT)}, {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
