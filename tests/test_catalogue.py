"""The rule catalogue is the one source of rule documentation: complete, current in the README, and tested."""

from __future__ import annotations

from sdcscan.registry import catalogue

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
