"""Export the real-world corpus listed in corpus.toml into a folder outside the repository.

Each repository is read at its pinned commit from a bare mirror (``MIRROR/owner+name/repo``, as the
project's code-search tool writes them) or, with ``--clone``, from a clone of its GitHub URL into a cache.
Only the listed extensions are exported, to ``OUT/owner+name/<path>``; nothing is written into this
repository. The export is deterministic: the same corpus.toml gives the same files.

    python benchmarks/realworld/collect.py [--out /tmp/sdcscan-realworld] [--mirror /work/.mirror] [--clone]
        [--list probes.toml]

`--list` names another list in this folder: probes.toml holds repositories tried as probes of a new medium,
judged by samples in docs/realworld.md but not part of the corpus whose figures measure.py reports.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = Path("/tmp/sdcscan-realworld")
DEFAULT_MIRROR = Path("/work/.mirror")


def load_corpus(path: Path = HERE / "corpus.toml") -> tuple[list[str], list[dict[str, Any]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return list(data["defaults"]["extensions"]), list(data["repo"])


def git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def git_dir_for(entry: dict[str, Any], mirror: Path, clone_cache: Path | None) -> Path:
    slug = entry["repo"].replace("/", "+")
    bare = mirror / slug / "repo"
    if bare.is_dir():
        return bare
    if clone_cache is None:
        raise SystemExit(f"collect: no mirror of {entry['repo']} under {mirror} (use --clone)")
    target = clone_cache / f"{slug}.git"
    if not target.is_dir():
        url = f"https://github.com/{entry['repo']}.git"
        subprocess.run(["git", "clone", "--bare", "--quiet", url, str(target)], check=True)
    return target


def selected(path: str, entry: dict[str, Any], extensions: list[str]) -> bool:
    name = path.lower()
    if not any(name.endswith(ext) for ext in entry.get("extensions", extensions)):
        return False
    if any(path.startswith(prefix) for prefix in entry.get("exclude", [])):
        return False
    under = entry.get("under")
    return under is None or any(path.startswith(prefix) for prefix in under)


def export(entry: dict[str, Any], git_dir: Path, out: Path, extensions: list[str]) -> tuple[int, int]:
    listing = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", entry["commit"])
    files = bytes_out = 0
    dest_root = out / entry["repo"].replace("/", "+")
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path_bytes = record.split(b"\t", 1)
        mode, kind, obj = meta.decode().split()
        path = path_bytes.decode("utf-8", "surrogateescape")
        # Links and submodules are not files of this repository.
        if kind != "blob" or mode == "120000" or not selected(path, entry, extensions):
            continue
        try:
            content = git(git_dir, "cat-file", "blob", obj)
        except subprocess.CalledProcessError:
            # Snapshots leave out files of 4 MiB and more; say so instead of stopping.
            print(f"collect: {entry['repo']}: {path} is absent from the snapshot", file=sys.stderr)
            continue
        dest = dest_root / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(content)
        files += 1
        bytes_out += len(content)
    return files, bytes_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--clone", action="store_true", help="clone repositories that have no mirror")
    parser.add_argument("--list", default="corpus.toml", help="the list to export (a file in this folder)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if HERE.parent.parent in out.parents or out == HERE.parent.parent:
        raise SystemExit("collect: the corpus must be exported outside the repository")
    extensions, repos = load_corpus(HERE / args.list)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cache = out.parent / (out.name + "-clones") if args.clone else None
    if cache is not None:
        cache.mkdir(exist_ok=True)
    total_files = total_bytes = 0
    for entry in repos:
        files, size = export(entry, git_dir_for(entry, args.mirror, cache), out, extensions)
        print(f"{entry['repo']:<62} {files:>5} files {size / 1e6:>7.1f} MB")
        total_files += files
        total_bytes += size
    print(f"{'total':<62} {total_files:>5} files {total_bytes / 1e6:>7.1f} MB -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
