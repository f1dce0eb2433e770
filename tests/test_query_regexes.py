"""Every regular expression in a shipped query (`#match?`, `#not-match?`) runs in linear time on hostile text.

The tree-sitter binding evaluates these with Python's backtracking `re`, on whatever a capture holds (a whole
argument list, a function body): one pattern with nested optional repetition made the real-world corpus scan hang
on an R file. Each regex is run in a child process against long inputs built from its own kind of text, so a
catastrophic one shows as a timeout, not a hung suite."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sdcscan.frontends.vocabulary import _parse, _string, _walk

from conftest import ROOT

# Long texts that almost match typical predicates: words, names with dots, argument lists without a closing
# call, repeated separators and quotes.
HOSTILE = [
    "(" + " ".join(["abc"] * 40) + " f(x))",
    "(" + ", ".join(["a.b = 1"] * 400) + ", f(x))",
    "a" * 20_000 + "!",
    " " * 20_000 + "x",
    "." * 20_000,
    '"' * 5_000,
    "_" * 20_000 + "(",
    "x1" * 10_000 + "\n",
]

CHILD = """
import json, re, sys
regexes, texts = json.load(sys.stdin)
for rx in regexes:
    pattern = re.compile(rx)
    for text in texts:
        pattern.search(text)
"""


def regexes() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "grammars").glob("*/*.scm")):
        for pattern in _parse(path.read_text(encoding="utf-8")):
            for node in _walk(pattern):
                if isinstance(node, tuple) or not node.items or not isinstance(node.items[0], tuple):
                    continue
                if node.items[0][0] in ("#match?", "#not-match?"):
                    tokens = [item[0] for item in node.items[2:] if isinstance(item, tuple)]
                    found += [(f"{path.relative_to(ROOT)}:{node.line}", _string(t)) for t in tokens]
    return found


def test_query_regexes_are_found() -> None:
    assert len(regexes()) > 20  # the parse above really sees the predicates


@pytest.mark.slow  # a child process per regex
def test_every_query_regex_is_linear_on_hostile_text() -> None:
    slow = []
    for where, rx in regexes():
        try:
            subprocess.run(
                [sys.executable, "-c", CHILD], input=json.dumps([[rx], HOSTILE]), text=True, timeout=5, check=True
            )
        except subprocess.TimeoutExpired:
            slow.append(where)
    assert slow == []
