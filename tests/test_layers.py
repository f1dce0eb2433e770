"""The import graph of `scanner/` has no cycles: every module can be read knowing only what it imports. Imports
made for type checking only (`if TYPE_CHECKING:`) are not edges; a package's `__init__` is a module like any other
(a submodule that imports from it depends on it, so it must not import that submodule back)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "scanner"


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(["sdcscan", *(parts[:-1] if package else parts)])] = (path, package)
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for child in node.body for inner in ast.walk(child)}
    return skipped


def graph() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for name, (path, package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree)
        base = name.split(".") if package else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    stem = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
                elif node.module and node.module.startswith("sdcscan"):
                    stem = node.module
                else:
                    continue
                for alias in node.names:
                    targets.add(f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem)
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names if alias.name.startswith("sdcscan")}
        edges[name] = {t for t in targets if t in modules and t != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_graph_is_read() -> None:
    edges = graph()
    assert "sdcscan.frontends.tsquery" in edges["sdcscan.frontends.treesitter"]
    assert "sdcscan.rules.context" in edges["sdcscan.rules.cpr"]


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles() -> None:
    found = cycles(graph())
    assert not found, "\n".join(" -> ".join(cycle) for cycle in found)
