"""The gate's windows (scanner/rules/gate.py `_Window._fill`), filled a block of lines at a time: the same windows as
the line-by-line reading they replace (each the lines up to the one that brings it, lines and breaks, to
WINDOW_CHARS; the file's end marked once it is read), whatever the block size and window size. All data are
synthetic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.rules import gate


def _line_by_line(lines: Iterator[str], limit: int) -> tuple[list[str], bool]:
    """The reference: one window read line by line, and whether the file ended."""
    window, size = [], 0
    for line in lines:
        window.append(line)
        size += len(line) + 1
        if size >= limit:
            return window, False
    return window, True


def _windows(lines: list[str], limit: int) -> list[tuple[list[str], bool]]:
    found: list[tuple[list[str], bool]] = []
    source = iter(lines)
    done = False
    while not done:
        window, done = _line_by_line(source, limit)
        found.append((window, done))
    return found


def _filled(lines: list[str]) -> list[tuple[list[str], bool]]:
    reader = gate._Window(iter(lines))
    found: list[tuple[list[str], bool]] = []
    while not reader.done:
        window = reader._fill()
        found.append((window, reader.done))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \t", max_size=12), max_size=60), st.integers(1, 40), st.integers(1, 7))
def test_windows_filled_by_blocks_are_the_line_by_line_windows(lines: list[str], limit: int, block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate, "WINDOW_CHARS", limit)
        patch.setattr(gate, "_BLOCK", block)
        assert _filled(lines) == _windows(lines, limit)


def test_a_window_ends_at_the_line_that_fills_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate, "WINDOW_CHARS", 6)
    monkeypatch.setattr(gate, "_BLOCK", 2)
    # "ab\n" 3, "c\n" 5, "de\n" 8 >= 6: the first window ends with "de"; "f" is left over in its block
    assert _filled(["ab", "c", "de", "f", "g"]) == [(["ab", "c", "de"], False), (["f", "g"], True)]
