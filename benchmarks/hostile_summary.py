"""The hostile corpus, scanned into every report format: tracebacks, clear planted values, main-process memory.

Issue 14's "done when": on the hostile corpus, 0 tracebacks, 0 clear-text planted values in any report, and a
main process under 300 MB whatever the findings. The corpus is made here at run time by the generators of the
hostile tests and benchmarks (nothing copied): the leak-rich project of `tests/test_leaks.py`, the 400,000-line
`put pnr=` log of `benchmarks/many_findings.py`, MANY more such logs of 1,000 lines each (every one over the
per-rule cap, so the main process holds the most findings the caps allow), a 100 MB line of
`benchmarks/single_line.py`, and the nested-parentheses programs and 100,000-cell notebook of
`tests/test_hostile.py`. Each run is the real command line with `--json`, `--html` and `--sarif` (and the terminal
summary), in a child that reports its own peak RSS apart from its workers'; the reports are then searched for every
planted value and scanned by sdcscan itself (a CPR number or personal data found in them is a leak).
Run:
    .venv/bin/python benchmarks/hostile_summary.py [--many 400] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import many_findings  # noqa: E402
import single_line  # noqa: E402
from test_hostile import deep_parentheses, huge_notebook  # noqa: E402
from test_leaks import make_project, planted_leaks  # noqa: E402


def corpus(root: Path, many: int) -> None:
    make_project(root / "leaky")
    for folder in ("logs", "many", "programs", "notebooks"):
        (root / folder).mkdir(parents=True)
    many_findings.generate(root / "logs" / "put.log", 400_000)
    for n in range(many):
        many_findings.generate(root / "many" / f"put{n:04d}.log", 1_000)
    rng = random.Random(14)
    size = 100 * 1024**2
    single_line.generate(root / "logs" / "one_line.log", size, [rng.randrange(size) for _ in range(3)], rng)
    for extension in (".R", ".py", ".sas", ".do"):
        deep_parentheses(root / "programs" / f"deep{extension}")
    huge_notebook(root / "notebooks" / "huge.ipynb")


def run(root: Path, reports: Path, jobs: int) -> dict[str, Any]:
    reports.mkdir()
    formats = [f"--{kind}={reports / f'report.{kind}'}" for kind in ("json", "html", "sarif")]
    command = ["scan", str(root), *formats, "--jobs", str(jobs), "--no-cache"]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", many_findings.MEASURE, *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    seconds = time.perf_counter() - started
    lines = proc.stderr.strip().splitlines()
    rss = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {"main_kb": 0, "worker_kb": 0}
    texts = {"terminal": proc.stdout + "\n".join(lines[:-1])}
    texts |= {p.name: p.read_text(encoding="utf-8") for p in sorted(reports.iterdir())}
    own = subprocess.run(
        [sys.executable, "-m", "sdcscan", "scan", str(reports), "--json", "-", "--jobs", "1", "--no-cache"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    found = [
        f"{file['path']}: {f['rule']}"
        for file in json.loads(own.stdout)["files"]
        for f in file["findings"]
        if f["category"] in ("cpr", "personal-data")
    ]
    data = json.loads(texts["report.json"]) if "report.json" in texts else {"summary": {}}
    return {
        "jobs": jobs,
        "exit": proc.returncode,
        "tracebacks": sum("Traceback" in t for t in (proc.stderr, own.stderr)),
        "seconds": round(seconds, 1),
        "findings": data["summary"].get("findings"),
        "main_mb": round(rss["main_kb"] / 1024),
        "worker_mb": round(rss["worker_kb"] / 1024),
        "report_mb": {name: round(len(t.encode()) / 1024**2, 1) for name, t in texts.items() if name != "terminal"},
        "clear_planted": {name: leaks for name, t in texts.items() if (leaks := planted_leaks(t))},
        "own_scan_findings": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--many", type=int, default=400, help="logs of 1,000 CPR lines each (default 400)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "0606601234_hostile"
        corpus(root, args.many)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(f"corpus: {sum(1 for p in root.rglob('*') if p.is_file()):,} files, {size / 1024**2:.0f} MB")
        results = [run(root, Path(tmp) / f"reports-{jobs}", jobs) for jobs in args.jobs]
    for result in results:
        print(json.dumps(result))
    tracebacks = sum(r["tracebacks"] for r in results)
    leaks = sum(len(r["clear_planted"]) + len(r["own_scan_findings"]) for r in results)
    print(f"tracebacks: {tracebacks}/{2 * len(results)} commands (each scan and the scan of its reports)")
    print(f"clear planted values in reports: {leaks}")
    print(f"main-process peak RSS: {max(r['main_mb'] for r in results)} MB")


if __name__ == "__main__":
    main()
