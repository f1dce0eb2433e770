"""One way to reach the shipped data (grammars/, patterns/, templates/), in a checkout and in a wheel alike."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

_PACKAGES = {"grammars": "sdcscan.grammars", "patterns": "sdcscan.patterns", "package": "sdcscan"}


def data_file(area: str, *parts: str) -> Traversable:
    """A file below `grammars/`, `patterns/` or the package itself (`area` = "package")."""
    node = resources.files(_PACKAGES[area])
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(area: str, *parts: str) -> str:
    return data_file(area, *parts).read_text(encoding="utf-8")


@cache
def load_toml(area: str, *parts: str) -> dict[str, Any]:
    return tomllib.loads(read_text(area, *parts))


def list_dir(area: str, *parts: str) -> list[Traversable]:
    """Entries of a data folder, sorted by name so everything built from them is deterministic."""
    return sorted(data_file(area, *parts).iterdir(), key=lambda t: t.name)
