"""The whole pipeline on a synthetic project: `sdcscan scan` end to end next to ripgrep, with recall of the leaks.

    .venv/bin/python benchmarks/run_pipeline.py [--size 1GB] [--keep] [--dir DIR] [--jobs 1,2] [--mix project,logs]

1. Generates the project with benchmarks/generate_project.py (or reuses DIR when its manifest has the same size
   and seed; --keep leaves it there for the next run, else it is deleted at the end).
2. Reads the tree once so every timed run starts with a warm page cache.
3. For every --jobs value: `sdcscan scan DIR/project --json TMP -j N --no-cache` under /usr/bin/time -v, then a
   rescan of the unchanged tree (one scan fills a fresh cache folder, the same command again is timed: the last run
   replayed; then one with another report name: every result from the cache, the report built again; both reports
   compared with the cold one). Peak memory is given two ways: the largest single process (GNU time's maximum
   resident set size, which covers the workers too: it is the largest RSS of any process in the tree) and the sum
   over the main process and its workers, sampled from /proc every 50 ms (a sampled figure can miss a short spike).
4. `rg -c` with only the CPR date pattern of sdcscan's detector over the same tree, with the same number of threads
   (`-j N`), best of three.
5. Checks the report against the manifest: a planted leak is found when a finding of its category covers its line
   in its file; findings that cover no planted leak of their category are counted as false alarms.

Writes benchmarks/results/pipeline.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import MB, generate, parse_size  # noqa: E402

from sdcscan.detectors.cpr import DATE_PATTERN  # noqa: E402

RESULTS = HERE / "results" / "pipeline.json"


def tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and all its descendants now (kB), from /proc; 0 where /proc is missing."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


class Sampler(threading.Thread):
    """Samples the summed RSS of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))


def sdcscan_command() -> list[str]:
    cli = Path(sys.executable).with_name("sdcscan")
    return [str(cli)] if cli.exists() else [sys.executable, "-m", "sdcscan"]


def run_scan(project: Path, jobs: int, report: Path, cache: Path | None = None) -> dict[str, float]:
    """One timed scan: a cold one (`--no-cache`), or with the rescan cache in `cache`."""
    command = [*sdcscan_command(), "scan", str(project), "--json", str(report), "-q", "--fail-on", "never"]
    command += ["--timeout", "36000", "-j", str(jobs)]
    command += ["--no-cache"] if cache is None else []
    env = {**os.environ, **({"SDCSCAN_CACHE_DIR": str(cache)} if cache is not None else {})}
    # As installed: pip compiles the bytecode, so a start does not compile sdcscan's modules from source (~0.15 s,
    # a third of a rescan) as it would under PYTHONDONTWRITEBYTECODE from a checkout. Kept out of the checkout,
    # whose own scan (tests/test_dogfood.py) must not meet it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "sdcscan-benchmark-bytecode")
    timer = shutil.which("time") and Path("/usr/bin/time").exists()
    if timer:
        command = ["/usr/bin/time", "-v", *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    sampler = Sampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"sdcscan failed ({process.returncode}):\n{err[-3000:]}")
    largest = cpu = 0.0
    for line in err.splitlines():
        if "Maximum resident set size" in line:
            largest = int(line.rsplit(":", 1)[1]) / 1024
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.rsplit(":", 1)[1])  # workers included: less sensitive to a shared machine than wall time
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "largest_process_rss_mb": largest,
        "tree_rss_sampled_mb": sampler.peak_kb / 1024,
    }


def run_rg(project: Path, jobs: int) -> dict[str, float] | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    command = [rg, "-c", "--no-config", "--no-ignore", "--hidden", "-j", str(jobs), DATE_PATTERN, str(project)]
    best, lines = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - started)
        lines = sum(int(row.rsplit(":", 1)[1]) for row in done.stdout.splitlines() if ":" in row)
    return {"seconds": best, "matching_lines": lines}


def evaluate(report: dict, manifest: dict) -> dict[str, object]:
    """Recall per category against the planted leaks, and the findings outside them (false alarms) by rule."""
    covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
    rules: dict[tuple[str, str], list[str]] = {}
    for entry in report["files"]:
        for finding in entry["findings"]:
            key = (entry["path"], finding["category"])
            covered.setdefault(key, []).append((finding["line"], finding["end_line"]))
            rules.setdefault(key, []).append(finding["rule"])
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed: list[dict] = []
    planted_lines: dict[tuple[str, str], set[int]] = {}
    for leak in manifest["leaks"]:
        key = (leak["path"], leak["category"])
        planted_lines.setdefault(key, set()).add(leak["line"])
        planted[leak["category"]] += 1
        if any(first <= leak["line"] <= last for first, last in covered.get(key, ())):
            found[leak["category"]] += 1
        else:
            missed.append(leak)
    false_alarms: Counter[str] = Counter()
    examples: list[dict] = []
    for key, spans in covered.items():
        lines = planted_lines.get(key, set())
        for (first, last), rule in zip(spans, rules[key], strict=True):
            if not any(first <= line <= last for line in lines):
                false_alarms[rule] += 1
                if len(examples) < 20:
                    examples.append({"path": key[0], "line": first, "rule": rule})
    recall = {c: {"planted": planted[c], "found": found[c]} for c in sorted(planted)}
    return {
        "recall": recall,
        "missed": missed[:50],
        "false_alarms": dict(sorted(false_alarms.items())),
        "false_alarm_examples": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="1GB", help="project size (default 1GB)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="where to generate (default: a folder under the temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated project (reused when it matches)")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated job counts")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results JSON (default %(default)s)")
    parser.add_argument(
        "--mix",
        default="project",
        help="comma-separated: project (the mixed project), logs (SAS listings and logs, Stata logs); each but "
        "project goes to its own folder (DIR-logs) and results file (pipeline-logs.json)",
    )
    args = parser.parse_args()
    base = args.dir or Path(tempfile.gettempdir()) / f"sdcscan-pipeline-{args.size.lower()}-{args.seed}"
    for mix in args.mix.split(","):
        if mix == "project":
            measure(base, mix, args, args.results)
        else:
            measure(base.with_name(f"{base.name}-{mix}"), mix, args, args.results.with_name(f"pipeline-{mix}.json"))


def measure(out: Path, mix: str, args: argparse.Namespace, results: Path) -> None:
    size = parse_size(args.size)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else None
    if manifest and (manifest["requested_bytes"], manifest["seed"], manifest.get("mix", "project")) == (
        size,
        args.seed,
        mix,
    ):
        print(f"reusing {out}")
    else:
        shutil.rmtree(out, ignore_errors=True)
        manifest = generate(out, size, args.seed, mix=mix)
    project = out / "project"
    bytes_, files = manifest["bytes"], manifest["files"]
    for path in sorted(project.rglob("*")):  # warm the page cache: every timed run reads from memory
        if path.is_file():
            path.read_bytes()

    runs, quality = [], None
    if shutil.which("rg") is None:
        print("NOTE: ripgrep (rg) is not installed: `apt-get install ripgrep`; no ratio is measured.")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (int(j) for j in args.jobs.split(",")):
            report_path = Path(tmp) / f"report-{jobs}.json"
            print(f"sdcscan scan -j {jobs} ...", flush=True)
            load = os.getloadavg()[0]  # other work on the machine slows every figure: recorded with them
            scan = run_scan(project, jobs, report_path)
            rg = run_rg(project, jobs)
            # A rescan of the unchanged tree: one scan fills a fresh cache, the same command again is timed (the
            # last run replayed: scanner/replay.py), then one that writes its report under another name (every
            # result from the content cache, the report built again).
            cache = Path(tmp) / f"cache-{jobs}"
            run_scan(project, jobs, Path(tmp) / f"rescan-{jobs}.json", cache)
            rescan = run_scan(project, jobs, Path(tmp) / f"rescan-{jobs}.json", cache)
            other = run_scan(project, jobs, Path(tmp) / f"other-{jobs}.json", cache)
            report = json.loads(report_path.read_text(encoding="utf-8"))
            cold = {k: v for k, v in report.items() if k != "generated_at"}
            same, same_other = (
                cold == {k: v for k, v in json.loads(again.read_text(encoding="utf-8")).items() if k != "generated_at"}
                for again in (Path(tmp) / f"rescan-{jobs}.json", Path(tmp) / f"other-{jobs}.json")
            )
            if quality is None:
                quality = evaluate(report, manifest)
            status = Counter(entry["status"] for entry in report["files"])
            runs.append(
                {
                    "jobs": jobs,
                    "load_average_before": load,
                    **scan,
                    "mb_per_s": bytes_ / MB / scan["seconds"],
                    "files_per_s": files / scan["seconds"],
                    "status": dict(sorted(status.items())),
                    "findings": sum(len(entry["findings"]) for entry in report["files"]),
                    "rg": rg,
                    "ratio_to_rg": scan["seconds"] / rg["seconds"] if rg else None,
                    "rescan": {
                        **rescan,
                        "ratio_to_rg": rescan["seconds"] / rg["seconds"] if rg else None,
                        "same_report": same,
                    },
                    "rescan_other_report": {
                        **other,
                        "ratio_to_rg": other["seconds"] / rg["seconds"] if rg else None,
                        "same_report": same_other,
                    },
                }
            )
    result = {
        "mix": mix,
        "size_mb": bytes_ / MB,
        "files": files,
        "cpus": os.cpu_count(),
        "rg_version": _rg_version(),
        "runs": runs,
        **(quality or {}),
    }
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)


def _rg_version() -> str | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    return subprocess.run([rg, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]


def table(result: dict) -> str:
    lines = [
        f"Project ({result.get('mix', 'project')}): {result['size_mb']:,.0f} MB, {result['files']:,} files, "
        f"{result['cpus']} CPUs; "
        f"{result['rg_version']}",
        "",
        "| jobs | sdcscan s | CPU s | MB/s | files/s | rg s (CPR pattern, same -j) | sdcscan/rg | rescan s | rescan/rg"
        " | rescan, other report name s | largest process RSS MB | summed RSS MB (sampled) | load before |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in result["runs"]:
        rg = run["rg"]
        lines.append(
            f"| {run['jobs']} | {run['seconds']:.1f} | {run.get('cpu_seconds', 0):.1f} | {run['mb_per_s']:.1f} | "
            f"{run['files_per_s']:.0f} | "
            + (f"{rg['seconds']:.2f} | {run['ratio_to_rg']:.1f}x" if rg else "n/a | n/a")
            + f" | {run['rescan']['seconds']:.2f}"
            + (f" | {run['rescan']['ratio_to_rg']:.1f}x" if rg else " | n/a")
            + ("" if run["rescan"]["same_report"] else " (REPORT DIFFERS)")
            + f" | {run['rescan_other_report']['seconds']:.2f}"
            + ("" if run["rescan_other_report"]["same_report"] else " (REPORT DIFFERS)")
            + f" | {run['largest_process_rss_mb']:.0f} | {run['tree_rss_sampled_mb']:.0f} | "
            f"{run['load_average_before']:.1f} |"
        )
    lines += ["", "| category | planted | found | recall |", "|---|---:|---:|---:|"]
    for category, counts in result.get("recall", {}).items():
        share = counts["found"] / counts["planted"] if counts["planted"] else 1.0
        lines.append(f"| {category} | {counts['planted']} | {counts['found']} | {share:.1%} |")
    alarms = result.get("false_alarms", {})
    lines += ["", f"Findings outside the planted set (false alarms): {sum(alarms.values())} {json.dumps(alarms)}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
