"""A seeded sample of a report's findings, each shown with the code above it and the lines around it, to judge by
hand (the probes of probes.toml, or any report).

    python benchmarks/realworld/sample.py REPORT --root /tmp/sdcscan-probes [--rule printed-rows] [--suffix .md]
        [--seed 13] [-n 20]

`--rule` keeps findings whose rule starts with it; `--suffix` those of files ending so. Without `-n`, prints the
count only. Read the report with `--unmask` to see evidence in clear.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

_CODE_FENCE = re.compile(r"^\s*```\s*\{?r\b", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--root", type=Path, required=True, help="the folder the report's paths are relative to")
    parser.add_argument("--rule", default="")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("-n", type=int, default=0)
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    found = sorted(
        (f["path"], x["line"], x["rule"])
        for f in report["files"]
        if f["path"].endswith(args.suffix)
        for x in f.get("findings", [])
        if x["rule"].startswith(args.rule)
    )
    random.seed(args.seed)
    for path, line, rule in random.sample(found, min(args.n, len(found))):
        lines = (args.root / path).read_text(encoding="utf-8", errors="replace").split("\n")
        above = next((i for i in range(line - 1, -1, -1) if _CODE_FENCE.match(lines[i])), None)
        code = " | ".join(s.strip() for s in lines[above + 1 : line - 1][:5] if s.strip()) if above is not None else ""
        print(f"### {path}:{line} {rule}\n  code: {code[:150]}")
        print("\n".join(f"  {s[:120]}" for s in lines[max(line - 3, 0) : line + 2]))
    print(f"{len(found)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
