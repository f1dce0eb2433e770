"""The rule catalogue is the one source of rule documentation: complete, current in the README, and tested."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from sdcscan.engine import Task, scan_file
from sdcscan.registry import Rule, catalogue
from sdcscan.vocab import CATEGORIES

from annotations import read
from conftest import FIXTURES, ROOT, every_rule
from sync_readme import BLOCK, rules_markdown


def test_every_rule_is_documented() -> None:
    for rule in catalogue().values():
        assert len(rule.explanation) >= 80, f"{rule.id}: explanation too thin to help a reviewer"
        assert len(rule.remedy) >= 20, f"{rule.id}: remedy missing"
        assert rule.id.split(".")[0] in (rule.category, *("sas", "r", "stata", "python", "suppression")), rule.id


def test_readme_lists_the_current_catalogue() -> None:
    block = BLOCK.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert block, "README.md lost its <!-- rules:start --> block"
    current = block[0].removeprefix("<!-- rules:start -->\n").removesuffix("<!-- rules:end -->")
    assert current == rules_markdown(), "README rule list is stale: run `python scripts/sync_readme.py`"


def test_every_finding_rule_has_a_positive_fixture() -> None:
    """A rule nobody has seen fire is a rule nobody knows works."""
    annotated = set()
    for path in FIXTURES.rglob("*"):
        if path.is_file() and not path.name.endswith((".expect", ".md")):
            annotated |= {token for token, _ in read(path).marks["ruleid"]}
    untested = [
        rule.id
        for rule in catalogue().values()
        if rule.id not in annotated and rule.category != "unscanned" and not rule.id.startswith("suppression.")
    ]
    assert not untested, f"rules without a `ruleid:` fixture: {untested}"


EXAMPLES = [rule for rule in catalogue().values() if rule.example is not None]


def test_the_program_rules_have_examples() -> None:
    listed = {rule.id for rule in EXAMPLES}
    assert {rule.id for rule in catalogue().values() if rule.category == "listing"} <= listed


@pytest.mark.parametrize("rule", EXAMPLES, ids=[rule.id for rule in EXAMPLES])
def test_each_example_shows_its_rule_and_its_instead_does_not(rule: Rule, tmp_path: Path) -> None:
    example = rule.example
    assert example is not None
    found = []
    for text in (example.shows, example.instead):
        path = tmp_path / example.file
        path.write_text(text, encoding="utf-8")
        found.append({f.rule for f in scan_file(Task(str(path), example.file, every_rule())).findings})
    assert rule.id in found[0], f"{rule.id}: its example is not found"
    assert rule.id not in found[1], f"{rule.id}: what to write instead is found too"


def _rule_like() -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(map(re.escape, CATEGORIES))})\.[a-z0-9-]+(?:\.[a-z0-9-]+)*$")


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


def test_every_rule_id_named_in_code_or_data_exists() -> None:
    """A rule id is written in many places (the engine's unscanned findings, the rules, patterns/outputs.toml, the
    Stata command table): a misspelt one would fail only when that finding is made."""
    like, ids = _rule_like(), set(catalogue())
    named: list[tuple[str, str]] = []
    for path in (ROOT / "scanner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.append((f"{path.name}:{node.lineno}", node.value))
    for path in [*(ROOT / "patterns").glob("*.toml"), *(ROOT / "grammars").rglob("*.toml")]:
        named += [(path.name, value) for value in _strings(tomllib.loads(path.read_text(encoding="utf-8")))]
    found = [(where, value) for where, value in named if like.match(value) and not value.endswith(".toml")]
    assert len(found) > 20, "the search found too few rule ids to be looking in the right places"
    unknown = [(where, value) for where, value in found if value not in ids]
    assert not unknown, f"rule ids missing from the catalogue: {unknown}"
