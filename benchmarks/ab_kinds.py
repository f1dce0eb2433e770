"""Cold CPU of `sdcscan scan --no-cache -j 1` per file kind, for two checkouts, run alternately (issue 11's clause
"throughput not worse than today").

    .venv/bin/python benchmarks/ab_kinds.py [--before 075bcca] [--after WORKTREE] [--mb 15] [--runs 2]
                                            [--kinds lst,saslog,...] [--dir DIR] [--bytecode]

1. Writes ~MB megabytes of each kind with the project generator's shares and seed (benchmarks/generate_project.py),
   one folder per kind with its manifest of planted leaks (kept in DIR when given, and reused when present).
2. Exports `--before` (a commit, default 075bcca, the start of the outputs-by-layout work; or a folder holding a
   source tree, such as an export with some commits reverted) with `git archive` into a temporary folder laid out
   as the installed package (`sdcscan/` holding `grammars/` and `patterns/`) and runs
   it with PYTHONPATH; `--after` is the working tree (the installed editable package), or another commit.
3. For each kind, RUNS times: before then after (alternating, so a change in the machine's load hits both), user CPU
   of the scan and all its workers (`getrusage(RUSAGE_CHILDREN)`). Prints a table per kind: the smallest CPU
   seconds of each side and their ratio, findings per rule and the planted leaks found (after must find at least
   what before found), and the load average at the start and the end.

With `--bytecode`, each side runs as a user's `pip install` does (its modules byte-compiled): the bytecode goes to
a temporary PYTHONPYCACHEPREFIX of its own, written by one untimed scan of the first kind before the timed runs
(this machine sets PYTHONDONTWRITEBYTECODE, so without it every process compiles every module it imports).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from generate_project import MB, SHARES, Share, plan_share  # noqa: E402
from run_pipeline import evaluate  # noqa: E402

BY_NAME = {share.kind: share for share in SHARES}
# A kind of the table: the shares it is made of (programs: the four languages in the project's proportions).
KINDS: dict[str, tuple[str, ...]] = {
    "lst": ("sas-listing",),
    "saslog": ("sas-log",),
    "statalog": ("stata-log",),
    "rout": ("rout",),
    "csv": ("csv",),
    "notebook": ("notebook",),
    "programs": ("program-sas", "program-r", "program-stata", "program-python"),
}


@dataclass
class Side:
    """One checkout: how to run it and what its runs measured."""

    name: str
    command: list[str]
    env: dict[str, str]
    no_cache: bool
    cpu: list[float] = field(default_factory=list)
    report: dict | None = None


def write_kind(out: Path, kind: str, mb: float, seed: int) -> dict[str, object]:
    """MB megabytes of one kind under out/project, its manifest in out/manifest.json (reused when present)."""
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, object] = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("mb") == mb and manifest.get("seed") == seed:
            return manifest
        shutil.rmtree(out)
    rng = random.Random(f"{seed}:{kind}")
    shares: list[Share] = [BY_NAME[name] for name in KINDS[kind]]
    total = sum(share.share for share in shares)
    leaks = []
    for share in shares:
        for rel, share_, bytes_, plants in plan_share(share, int(mb * MB * share.share / total), rng):
            path = out / "project" / rel
            for leak in synth.write_file(path, share_.kind, bytes_, plants, random.Random(rng.getrandbits(64))):
                leaks.append({"path": rel, "line": leak.line, "category": leak.category, "what": leak.what})
    manifest = {"mb": mb, "seed": seed, "leaks": leaks}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def export(ref: str, into: Path) -> Path:
    """`ref` (a commit, or a folder holding a source tree) as an importable `sdcscan` package below `into` (the
    layout pyproject's package-dir maps to)."""
    into.mkdir(parents=True)
    source = Path(ref)
    if not source.is_dir():
        archive = into / "src.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=out, check=True)
        source = into / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(source, filter="data")
    package = into / "path" / "sdcscan"
    shutil.copytree(source / "scanner", package)
    for data in ("grammars", "patterns"):
        shutil.copytree(source / data, package / data, dirs_exist_ok=True)
    return into / "path"


def side(name: str, ref: str, scratch: Path) -> Side:
    env = dict(os.environ)
    if ref != "worktree":
        env["PYTHONPATH"] = str(export(ref, scratch / name))  # found before the editable install's finder
    command = [sys.executable, "-m", "sdcscan"]
    helped = subprocess.run([*command, "scan", "--help"], capture_output=True, text=True, env=env, check=True)
    return Side(f"{name} ({ref})", command, env, "--no-cache" in helped.stdout)


def timed(who: Side, project: Path, report: Path) -> float:
    command = [*who.command, "scan", str(project), "--json", str(report), "-q", "--fail-on", "never", "-j", "1"]
    command += ["--timeout", "36000"] + (["--no-cache"] if who.no_cache else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    done = subprocess.run(command, capture_output=True, text=True, env=who.env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{who.name}: sdcscan failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


def compiled(who: Side, scratch: Path, project: Path) -> None:
    """Give `who` a bytecode folder of its own (PYTHONPYCACHEPREFIX) and fill it with one untimed scan: every module
    the scan's processes import is then read from bytecode, as after a `pip install`."""
    who.env.pop("PYTHONDONTWRITEBYTECODE", None)
    who.env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode" / who.name.split()[0])
    timed(who, project, scratch / "bytecode.json")


def by_rule(report: dict) -> Counter[str]:
    return Counter(f["rule"] for entry in report["files"] for f in entry["findings"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--before", default="075bcca", help="commit (or source folder) to compare with (default %(default)s)"
    )
    parser.add_argument("--after", default="worktree", help="'worktree' (default) or a commit")
    parser.add_argument("--mb", type=float, default=15.0, help="megabytes per kind (default %(default)s)")
    parser.add_argument("--runs", type=int, default=2, help="alternating runs per side (default %(default)s)")
    parser.add_argument("--kinds", default="lst,saslog,statalog,csv", help=f"comma-separated, of {','.join(KINDS)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="where the generated kinds are kept (default: a temp folder)")
    parser.add_argument("--bytecode", action="store_true", help="both sides byte-compiled before the timed runs")
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="sdcscan-ab-") as temp:
        scratch = Path(temp)
        data = args.dir or scratch / "data"
        sides = [side("before", args.before, scratch), side("after", args.after, scratch)]
        if args.bytecode:
            write_kind(data / kinds[0], kinds[0], args.mb, args.seed)
            for who in sides:
                compiled(who, scratch, data / kinds[0] / "project")
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        rows = []
        for kind in kinds:
            manifest = write_kind(data / kind, kind, args.mb, args.seed)
            project = data / kind / "project"
            mb = sum(p.stat().st_size for p in project.rglob("*") if p.is_file()) / MB
            for who in sides:
                who.cpu.clear()
            for _ in range(args.runs):
                for who in sides:
                    report = scratch / f"{kind}.json"
                    who.cpu.append(timed(who, project, report))
                    who.report = json.loads(report.read_text(encoding="utf-8"))
            before, after = sides
            assert before.report is not None and after.report is not None
            found = []
            for who in sides:
                assert who.report is not None
                recall = evaluate(who.report, manifest)["recall"]
                found.append({c: r["found"] for c, r in recall.items()})  # type: ignore[union-attr]
            planted = Counter(leak["category"] for leak in manifest["leaks"])  # type: ignore[attr-defined]
            lost = sorted(c for c in found[0] if found[1].get(c, 0) < found[0][c])
            rows.append((kind, mb, min(before.cpu), min(after.cpu), lost))
            print(f"\n## {kind}: {mb:.1f} MB, CPU s per run before {before.cpu} after {after.cpu}")
            print("| rule | before | after |\n|---|---:|---:|")
            counts = by_rule(before.report), by_rule(after.report)
            for rule in sorted(set(counts[0]) | set(counts[1])):
                print(f"| {rule} | {counts[0][rule]} | {counts[1][rule]} |")
            for category in sorted(planted):
                was, now = found[0][category], found[1][category]
                print(f"| planted {category} ({planted[category]}) found | {was} | {now} |")
        print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"\n| kind | MB | {sides[0].name} CPU s | {sides[1].name} CPU s | after/before | planted leaks lost |")
        print("|---|---:|---:|---:|---:|---|")
        for kind, mb, first, second, lost in rows:
            ratio = second / first
            print(f"| {kind} | {mb:.1f} | {first:.2f} | {second:.2f} | {ratio:.2f} | {', '.join(lost) or '-'} |")


if __name__ == "__main__":
    main()
