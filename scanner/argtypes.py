"""Command-line values turned into the types `cli.py` declares, without pydantic.

typer 0.29 coerces every parameter through a pydantic `TypeAdapter`: importing pydantic and building the adapters
costs ~0.1 s at every start, a fifth of a rescan of an unchanged tree. Our parameters are plain (str, int, float,
Path and lists of them, with a lower bound at most), so `plain` gives each parameter of the command a coercion that
takes a well-formed value as typer would and hands anything else (a malformed number, a value out of range) to
typer's own coercion, which then words the error as before. Paths go through typer's own path check (existence and
permission flags). typer is pinned below 0.30 (pyproject.toml); `tests/test_argtypes.py` compares both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Command, Context
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperGroup, _TyperParameter

_INTEGER = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
_OTHER = object()  # a value the plain coercion leaves to typer's


@dataclass(frozen=True)
class _Plain(RuntimeParam):
    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation: Any = self.annotation
        if get_origin(annotation) is list:
            item = get_args(annotation)[0]
            if isinstance(value, list | tuple):
                items = [self._one(item, v, param, ctx) for v in value]
                if _OTHER not in items:
                    return items
        else:
            one = self._one(annotation, value, param, ctx)
            if one is not _OTHER:
                return one
        return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

    def _one(self, kind: Any, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        info = self.parameter_info
        if kind is bool:
            return value if type(value) is bool else _OTHER
        if kind is str:
            return value if isinstance(value, str) else _OTHER
        if kind is int:
            number = int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else value
            if type(number) is not int or info.max is not None or (info.min is not None and number < info.min):
                return _OTHER
            return number
        if kind is float:
            if info.min is not None or info.max is not None:
                return _OTHER
            if isinstance(value, str) and _DECIMAL.fullmatch(value):
                return float(value)
            return value if type(value) is float else _OTHER
        if kind is Path and isinstance(value, str | Path) and value not in ("", "-"):
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        return _OTHER


def plain(command: Command) -> Command:
    """`command` (and its subcommands) with the plain coercion on every typed parameter, its `--help` included
    (made on first use and kept; a context with the default option names makes it now)."""
    for param in command.get_params(Context(command)):
        if isinstance(param, _TyperParameter) and param.type_descriptor.file_annotation is None:
            descriptor = param.type_descriptor
            param._runtime_param = _Plain(descriptor.parameter_info, descriptor.annotation)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            plain(sub)
    return command
