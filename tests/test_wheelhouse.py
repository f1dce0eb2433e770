"""The offline install for a closed Windows machine: scripts/wheelhouse.py and `pip install --no-index`.

The install test builds a wheelhouse for this machine (which needs the package index, as on the connected machine
the README describes), then installs from it into a fresh virtual environment with every index switched off and
the network unreachable, and runs the installed command. It takes a minute or two: `pytest -m slow`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import wheelhouse


def test_commands_for_windows_and_every_supported_python(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert wheelhouse.main(["-o", str(tmp_path / "wh"), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"pip wheel --no-deps --wheel-dir {tmp_path / 'wh'} {wheelhouse.ROOT}")
    downloads = lines[1:]
    assert [line.split("--python-version ")[1] for line in downloads] == ["3.11", "3.12", "3.13"]
    for line in downloads:
        assert " pip download --only-binary=:all: " in line and " --platform win_amd64 --implementation cp " in line
    assert not (tmp_path / "wh").exists()  # a dry run writes nothing


def offline_env(tmp_path: Path) -> dict[str, str]:
    """pip with no configuration, no index and a proxy that refuses every connection."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    config = tmp_path / "pip.conf"
    config.write_text("[global]\nno-index = true\n", encoding="utf-8")
    unreachable = "http://127.0.0.1:9"
    return env | {
        "PIP_CONFIG_FILE": str(config),
        "PIP_NO_INDEX": "1",
        "HTTP_PROXY": unreachable,
        "HTTPS_PROXY": unreachable,
        "http_proxy": unreachable,
        "https_proxy": unreachable,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@pytest.mark.slow
def test_install_from_a_wheelhouse_with_the_network_off(tmp_path: Path) -> None:
    house = tmp_path / "wheelhouse"
    built = subprocess.run(
        [sys.executable, str(wheelhouse.ROOT / "scripts" / "wheelhouse.py"), "-o", str(house), "--here"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if built.returncode != 0:
        pytest.skip(f"could not build the wheelhouse (no package index here?): {built.stderr.strip()[-300:]}")
    assert (house / "SHA256SUMS").read_text(encoding="utf-8").count(".whl\n") == len(list(house.glob("*.whl")))
    target = tmp_path / "closed-machine"
    venv.create(target, with_pip=True)
    bin_dir = target / ("Scripts" if os.name == "nt" else "bin")
    env = offline_env(tmp_path)
    install = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--no-index", "--find-links", str(house), "sdcscan"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    rules = subprocess.run(
        [str(bin_dir / "sdcscan"), "rules"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert rules.returncode == 0, rules.stderr
    assert "cpr.number" in rules.stdout and "r.head" in rules.stdout  # the R grammar's rules came along
