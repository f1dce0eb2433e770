"""The registries are typed tables, not strings: rule modules are found by walking their package and checked
when they load; every front end in the table is a function."""

from __future__ import annotations

from types import ModuleType

import pytest

from sdcscan import rules
from sdcscan.frontends.registry import front_end, kinds

from conftest import ROOT


def test_every_rule_module_is_found_by_walking_the_package() -> None:
    files = {p.stem for p in (ROOT / "scanner" / "rules").glob("*.py") if p.stem != "__init__"}
    assert {m.name for m in rules.rule_modules()} == files - rules.HELPERS
    assert [m.name for m in rules.rule_modules()] == sorted(files - rules.HELPERS)


def test_a_module_that_is_no_rule_is_an_error_naming_it() -> None:
    stray = ModuleType("sdcscan.rules.stray")
    with pytest.raises(TypeError, match=r"scanner/rules/stray\.py: neither a fact rule nor a text rule"):
        rules._load(stray)
    stray.CONSUMES = ("table",)  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"stray\.py: a rule has CONSUMES with check"):
        rules._load(stray)
    stray.CONSUMES = "table"  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"stray\.py: CONSUMES must be a tuple"):
        rules._load(stray)


def test_every_kind_has_a_fallback_front_end() -> None:
    for kind, _language in kinds():
        assert callable(front_end(kind, "no-such-language"))


def test_layouts_are_found_in_their_order_and_can_be_left_out() -> None:
    from sdcscan.config import Settings
    from sdcscan.outputs import layouts

    found = layouts._modules()
    assert [layout.order for layout in found] == sorted(layout.order for layout in found)
    names = [layout.name for layout in found]
    assert names[0] == "sas" and "fixed" in names
    every = layouts.recognisers(Settings())
    assert len(layouts.recognisers(Settings(), without=("sas",))) == len(every) - 1 == len(found) - 1
