"""The layout recognisers' gates (patterns/layouts/text.toml [signatures], scanner/outputs/text.py): a recogniser
with nothing open is given only the lines its signature is found on. A gate that missed the first line of one of
its tables would lose that table, so every fixture is read ungated and each line on which a gated recogniser starts
something (takes the line, yields a table, or is left with something open) must carry its signature; and the facts
and findings of every fixture are the same gated and ungated. All data are synthetic (the project's fixtures)."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends.logs.documents import preformatted_view
from sdcscan.model import Fact
from sdcscan.outputs import text
from sdcscan.outputs.layouts import Layout, Recogniser, layouts

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix.lower() not in (".xlsx", ".pdf", ".png", ".expect", ".toml", ".json")
)
GATED = [layout for layout in layouts() if layout.signature is not None]
DOCUMENT = [layout for layout in layouts() if layout.document]


def _lines(path: Path) -> list[str]:
    """The lines as the text reader feeds them to the layouts (`text.Reader.feed`): right-stripped, and in a fenced
    block knitted output's `## ` prefix blanked (the gates are asked about the line as fed); of an HTML file, its
    `<pre>` blocks' lines (`documents.preformatted_view`)."""
    source = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm"):
        return preformatted_view(source)
    fed, fenced = [], False
    for raw in source.split("\n"):
        line = raw.rstrip()
        if line.startswith(text.FENCE):
            fenced = not fenced
        elif fenced:
            line = text.knitted(line)
        fed.append(line)
    return fed


def _ungated(without: tuple[str, ...] = ()) -> list[Layout]:
    return [dataclasses.replace(layout, signature=None) for layout in layouts(without)]


class _Probe:
    """A recogniser fed every line, noting the lines on which it starts something from idle, with the fixture."""

    def __init__(self, inner: Recogniser, seen: list[tuple[Path, int, str]], current: list[Path]) -> None:
        self.inner, self.seen, self.current = inner, seen, current

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        idle = self.inner.idle() if hasattr(self.inner, "idle") else False  # type: ignore[attr-defined]
        facts = []
        generator = self.inner.feed(number, line)
        while True:
            try:
                facts.append(next(generator))
            except StopIteration as stop:
                taken = bool(stop.value)
                break
        if hasattr(self.inner, "idle"):  # a gated layout: it starts something from idle
            noted = idle and (taken or facts or not self.inner.idle())
        else:  # a layout read only in documents holding its literals: it takes the line or yields a table
            noted = taken or bool(facts)
        if noted:
            self.seen.append((self.current[0], number, line))
        yield from facts
        return taken

    def skip(self, number: int) -> Iterator[Fact]:
        return self.inner.skip(number)

    def close(self) -> Iterator[Fact]:
        return self.inner.close()


def test_a_gated_layout_starts_only_on_its_signature_and_in_its_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    starts: dict[str, list[tuple[Path, int, str]]] = {layout.name: [] for layout in GATED + DOCUMENT}
    current: list[Path] = []

    def probed(without: tuple[str, ...] = ()) -> list[Layout]:
        found = []
        for layout in _ungated(without):
            if layout.name in starts:
                made, seen = layout.recogniser, starts[layout.name]
                layout = dataclasses.replace(
                    layout, recogniser=lambda s, m, made=made, seen=seen: _Probe(made(s, m), seen, current)
                )
            found.append(layout)
        return found

    monkeypatch.setattr(text, "layouts", probed)
    monkeypatch.setattr(text, "layouts_absent", lambda texts: ())
    for path in TEXTS:
        current[:] = [path]
        scan_file(Task(str(path), path.name, settings_for("dhda")))
    for layout in GATED:
        assert layout.signature is not None
        seen = starts[layout.name]
        assert len(seen) >= 3, f"fewer than 3 fixture lines start a {layout.name} table"
        for path, number, line in seen:
            lines = _lines(path)
            # the line as fed (cut, right-stripped), or one of the `after` lines above it
            window = [line] + [lines[n - 1] for n in range(max(1, number - layout.signature.after), number)]
            assert any(layout.signature.found(w) for w in window), (
                layout.name,
                path.relative_to(FIXTURES).as_posix(),
                number,
                line,
            )
    for layout in DOCUMENT:
        seen = starts[layout.name]
        assert len(seen) >= 3, f"fewer than 3 fixture lines read as a {layout.name} table"
        for path, number, line in seen:
            assert any(literal in line for literal in layout.document), (
                layout.name,
                path.relative_to(FIXTURES).as_posix(),
                number,
                line,
            )


def test_a_gate_keeps_recognisers_asleep(monkeypatch: pytest.MonkeyPatch) -> None:
    fed: list[int] = []
    boxes = next(layout for layout in layouts() if layout.name == "boxes")
    feed = type(boxes.recogniser(Settings(), "text")).feed

    def counted(self: object, number: int, line: str) -> Generator[Fact, None, bool]:
        fed.append(number)
        return (yield from feed(self, number, line))  # type: ignore[arg-type]

    monkeypatch.setattr(type(boxes.recogniser(Settings(), "text")), "feed", counted)
    lines = ["a line of prose, no table"] * 50
    lines += ["", "    +-----------------+", "    | pnr       alder |", "    |-----------------|"]
    lines += ["  1. | 0101901239  44 |", "  2. | 0202902345  51 |", "    +-----------------+", "", "the end"]
    facts = [f for f in text.read(lines, Settings()) if f.table is not None]
    assert [f.table.layout for f in facts if f.table is not None] == ["stata.list"]
    # asleep over the prose; woken by the box's top rule (line 52) after the 3 lines above it, asleep again after
    # the blank line that ends the box
    assert fed == list(range(49, 59))
