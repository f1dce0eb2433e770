"""Reporters render the canonical report dict; one module per format, chosen by name here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, TextIO

FORMATS = {"json": "json_report", "sarif": "sarif", "html": "html"}

Render = Callable[[dict[str, Any], TextIO], None]


def renderer(fmt: str) -> Render:
    render: Render = import_module(f"{__name__}.{FORMATS[fmt]}").render
    return render
