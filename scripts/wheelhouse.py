"""Build a wheelhouse: sdcscan's own wheel and every dependency as wheels, to carry onto a machine with no network.

On a connected machine, from the repository root:

    python scripts/wheelhouse.py -o wheelhouse                 # Windows x64, Python 3.11, 3.12 and 3.13
    python scripts/wheelhouse.py -o wheelhouse --here          # this machine's platform and Python only

Then carry the folder in and, on the closed machine: `pip install --no-index --find-links wheelhouse sdcscan`.
Only binary wheels are taken (`--only-binary=:all:`): the closed machine has no compiler. `SHA256SUMS` lists every
file so the carried copy can be checked (`certutil -hashfile FILE SHA256` on Windows).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "win_amd64"
PYTHONS = ("3.11", "3.12", "3.13")


def own_wheel(out: Path) -> list[str]:
    """pip's command that builds sdcscan's wheel into `out` (pure Python: one wheel serves every platform)."""
    return [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT)]


def downloads(wheel: Path, out: Path, platform: str | None, pythons: tuple[str, ...]) -> list[list[str]]:
    """pip's commands that fetch the dependencies of `wheel` as binary wheels, one per Python version (none given:
    for the running interpreter and platform)."""
    base = [sys.executable, "-m", "pip", "download", "--only-binary=:all:", "--dest", str(out), str(wheel)]
    if platform is None:
        return [base]
    return [[*base, "--platform", platform, "--implementation", "cp", "--python-version", v] for v in pythons]


def checksums(out: Path) -> Path:
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
        for path in sorted(out.iterdir())
        if path.suffix == ".whl"
    ]
    target = out / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("wheelhouse"), help="the folder to fill")
    parser.add_argument("--platform", default=PLATFORM, help=f"pip platform tag (default {PLATFORM})")
    parser.add_argument("--python", nargs="+", default=list(PYTHONS), help="Python versions (default 3.11-3.13)")
    parser.add_argument("--here", action="store_true", help="for this machine's platform and Python instead")
    parser.add_argument("--dry-run", action="store_true", help="print the pip commands, run none")
    args = parser.parse_args(argv)
    out: Path = args.output.resolve()
    build = own_wheel(out)
    if args.dry_run:
        print(" ".join(build))
    else:
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(build, check=True)
    built = sorted(out.glob("sdcscan-*.whl")) if out.is_dir() else []
    wheel = built[-1] if built else out / "sdcscan-VERSION-py3-none-any.whl"
    for command in downloads(wheel, out, None if args.here else args.platform, tuple(args.python)):
        if args.dry_run:
            print(" ".join(command))
        else:
            subprocess.run(command, check=True)
    if not args.dry_run:
        wheels = len(list(out.glob("*.whl")))
        size = sum(p.stat().st_size for p in out.glob("*.whl"))
        print(f"{out}: {wheels} wheels, {size / 1e6:.1f} MB; checksums in {checksums(out).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
