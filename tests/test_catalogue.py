"""The rule catalogue is the one source of rule documentation: complete, current in the README, and tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.registry import Rule, catalogue

from annotations import read
from conftest import FIXTURES, ROOT
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
        found.append({f.rule for f in scan_file(Task(str(path), example.file, settings_for())).findings})
    assert rule.id in found[0], f"{rule.id}: its example is not found"
    assert rule.id not in found[1], f"{rule.id}: what to write instead is found too"
