"""Count the print findings that print a frame the program read from a file of its own repository (issue 12, the
"file that goes home too" class), and whether sdcscan finds anything in that file.

    python benchmarks/realworld/read_sources.py [--json FILE] [--corpus DIR] [--mirror DIR]

For each finding of a program print rule (r.*, python.*, printed-rows.notebook) in an unmasked corpus report, the
printed name (the finding's evidence, or the last line of the notebook cell a printed table stands in) is looked up
in the program text above it: `name <- read.table("rat.txt")`, `name = pd.read_csv('data/x.csv')`. A literal path
(not a URL, not built at run time) is matched against the files of the pinned commit of its repository by trailing
path components, as `scanner/provenance.py` matches written files (the longest match wins; a tie is no match).
Most repositories' corpus exports leave data files out (corpus.toml), so the matched files are exported from the
mirror into a fresh temporary folder (third-party files stay outside the repository) and scanned there with
sdcscan; each source is tallied as clean (scanned, no finding), finding, unscanned or absent (the mirror lacks the
blob). The judged findings whose source is clean are listed: what a "drop the print when its source file is
clean" step would remove.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from measure import holding, load_judged

from sdcscan.provenance import parts

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

RULES = ("r.", "python.", "printed-rows.notebook")
READERS = (
    r"read\.(?:csv2?|table|delim2?|fwf|xlsx)|read_(?:csv2?|tsv|delim|table2?|excel|xlsx?|sas|dta|sav|rds|fwf|feather"
    r"|parquet)|readRDS|fread|pd\.read_\w+|pandas\.read_\w+|np\.(?:loadtxt|genfromtxt)"
)
# The printed name: what a print statement's first argument or an autoprinted expression starts with.
PRINTED = re.compile(r"^\s*(?:(?:print|head|tail|str|View|glimpse|display)\()?\s*([A-Za-z_.][\w.]*)")


def _commits() -> dict[str, str]:
    data = tomllib.loads((HERE / "corpus.toml").read_text(encoding="utf-8"))
    return {entry["repo"].replace("/", "+"): entry["commit"] for entry in data["repo"]}


def _git(mirror: Path, slug: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", f"--git-dir={mirror / slug / 'repo'}", *args], capture_output=True)


def _cell_code(lines: list[str], line: int) -> str:
    """The source of the notebook cell that holds `line` (nbformat: a cell's keys, "cell_type" first)."""
    start = next((n for n in range(line - 1, -1, -1) if '"cell_type":' in lines[n]), 0)
    end = next((n for n in range(line, len(lines)) if '"cell_type":' in lines[n]), len(lines))
    code: list[str] = []
    inside = False
    for text in lines[start:end]:
        stripped = text.strip()
        if stripped.startswith('"source": ['):
            inside = True
        elif inside and stripped.startswith("]"):
            break
        elif inside and stripped.startswith('"'):
            code.append(json.loads(stripped.rstrip(",")))
    return "".join(code)


def printed_source(path: Path, finding: dict[str, Any]) -> str | None:
    """The literal path the printed name was last read from above the finding, if any."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    python = path.suffix.lower() in (".py", ".ipynb")
    target = finding["evidence"]
    if finding["rule"] == "printed-rows.notebook":
        code = _cell_code(lines, finding["line"]).strip().split("\n")
        target = code[-1] if code else ""
    match = PRINTED.match(target)
    if not match:
        return None
    name = match[1].split(".")[0] if python else match[1]
    assignment = re.compile(
        rf"""(?:^|[\s(;"]){re.escape(name)}\s*(?:<-|=)\s*(?:[\w.]+::)?(?:{READERS})\s*\(\s*(?:file\s*=\s*)?"""
        r"""[rR]?(["'])([^"']+)\1"""
    )
    above = "\n".join(lines[: finding["line"]])
    if path.suffix.lower() == ".ipynb":  # code cells are JSON strings: their quotes are escaped
        above = above.replace('\\"', '"')
    found = [m[2] for m in assignment.finditer(above)]
    return found[-1] if found else None


def resolve(written: str, tree: list[str]) -> str | None:
    """The one file of the tree a written path names best (a tie, a URL or a built name: none)."""
    components = () if "://" in written else parts(written)
    if not components:
        return None
    best, chosen = 0, list[str]()
    for candidate in tree:
        scanned = tuple(candidate.lower().split("/"))
        shared = 0
        while shared < min(len(components), len(scanned)) and components[-1 - shared] == scanned[-1 - shared]:
            shared += 1
        if shared and shared >= best:
            chosen = [candidate] if shared > best else [*chosen, candidate]
            best = shared
    return chosen[0] if len(chosen) == 1 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=Path("/tmp/sdcscan-realworld-report.json"))
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/sdcscan-realworld"))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    report = json.loads(args.json.read_text(encoding="utf-8"))
    judged = holding(report, load_judged())
    commits = _commits()
    trees: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str, str, str | None]] = []  # verdict, rule, where, literal, repo file
    for file in report["files"]:
        slug = file["path"].split("/")[0]
        for finding in file["findings"]:
            if not finding["rule"].startswith(RULES):
                continue
            literal = printed_source(args.corpus / file["path"], finding)
            if literal is None:
                continue
            if slug not in trees:
                listing = _git(args.mirror, slug, "ls-tree", "-r", "-z", "--name-only", commits[slug]).stdout
                trees[slug] = [p for p in listing.decode().split("\0") if p]
            verdict = judged.get(finding["id"], {}).get("verdict", "-")
            target = resolve(literal, trees[slug])
            where = f"{file['path']}:{finding['line']}"
            rows.append((verdict, finding["rule"], where, literal, f"{slug}/{target}" if target else None))
    out = Path(tempfile.mkdtemp(prefix="sdcscan-read-sources-"))
    targets = {row[4] for row in rows if row[4]}
    states = _scan_sources(args.mirror, commits, out, targets)
    exported = {file["path"] for file in report["files"]}
    print(f"sources exported to and scanned in {out}")
    print(f"sources matched in the repositories: {len(targets)}, in the corpus report: {len(targets & exported)}")
    tally = Counter((row[0], row[1], states.get(row[4], "absent") if row[4] else "not in tree") for row in rows)
    print("verdict  rule  source: findings")
    for (verdict, rule, state), count in sorted(tally.items()):
        print(f"{verdict:>3}  {rule:<24} {state:<12} {count}")
    print("\njudged findings whose source is clean (a drop step would remove them):")
    for verdict, rule, where, literal, target in sorted(rows):
        if verdict != "-" and target and states.get(target) == "clean":
            print(f"  {verdict}  {rule:<22} {where}  <- {literal}")


def _scan_sources(mirror: Path, commits: dict[str, str], out: Path, targets: set[str]) -> dict[str, str]:
    """Export the source files from the mirror and scan them: clean, finding or unscanned per file."""
    for target in sorted(targets):
        slug, _, rel = target.partition("/")
        blob = _git(mirror, slug, "show", f"{commits[slug]}:{rel}")
        if blob.returncode == 0:
            (out / target).parent.mkdir(parents=True, exist_ok=True)
            (out / target).write_bytes(blob.stdout)
    result = out.parent / f"{out.name}.json"
    command = [sys.executable, "-m", "sdcscan", "scan", str(out), "--json", str(result), "--fail-on", "never"]
    subprocess.run([*command, "--jobs", "1", "--no-cache"], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    states = {}
    for file in json.loads(result.read_text(encoding="utf-8"))["files"]:
        if file["status"] != "scanned":
            states[file["path"]] = "unscanned"
        else:
            states[file["path"]] = "finding" if file["findings"] else "clean"
    return states


if __name__ == "__main__":
    main()
