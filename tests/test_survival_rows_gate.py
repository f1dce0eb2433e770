"""survival's gate (scanner/rules/survival.py `_gate`) searches with Hyperscan only the lines its loose pattern marks
(`_LOOSE_THREE`, on the text as Hyperscan reads it: Latin-1, a `?` for every character above U+00FF): the same
lines as `_THREE` searched over the whole window in `re`, on every fixture and on hypothesis lines of numbers,
spaces and digits of other scripts. All data are synthetic."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings
from sdcscan.rules import survival

FIXTURES = Path(__file__).parent / "fixtures"


def _reference(text: str) -> list[int]:
    return [match.start() for match in survival._THREE.finditer("\n" + text)]


def _same(text: str) -> None:
    assert survival._rows("hyperscan").engine == "hyperscan"
    assert sorted(survival._gate(text, Settings())) == _reference(text), text


def test_every_fixture_gives_the_lines_of_the_whole_search() -> None:
    texts = [p.read_text("utf-8", "replace") for p in sorted(FIXTURES.rglob("*")) if p.is_file()]
    assert sum(bool(_reference(t)) for t in texts) >= 20
    for text in texts:
        _same(text)


# Spaces and digits of re's `\s` and `\d` beyond ASCII (Latin-1's and above U+00FF), signs, points, letters
PIECES = st.sampled_from(["1", "22", ".5", "-3", "+4", "x", "?", "\u0663", "\u00b2", "\u2003", "\u00a0", "\x85",
                          "\x1c", "\t", " ", "  ", "\u00e6", "*", "1e5", "\r"])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=8).map("".join), max_size=6).map("\n".join))
def test_built_lines_give_the_lines_of_the_whole_search(text: str) -> None:
    _same(text)
