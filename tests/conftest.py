from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.engine import INTERNAL_ERROR
from sdcscan.registry import catalogue
from sdcscan.resources import read_text

ROOT = Path(__file__).resolve().parent.parent
# A bug in sdcscan must fail the test that meets it, not pass as an unscanned file: in-process scans raise it, and
# every report a test validates must be free of internal errors (worker processes and the CLI report them).
os.environ["SDCSCAN_DEBUG"] = "1"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def every_rule(profile: str = "dhda") -> Settings:
    """The profile's settings with the opt-in rules switched on: the fixtures check every rule both ways, including
    those that run only when a configuration names them."""
    return settings_for(profile, extend_enable=tuple(rule.id for rule in catalogue().values() if rule.opt_in))


@cache
def report_schema() -> dict[str, Any]:
    return json.loads(read_text("package", "schema", "report.schema.json"))


def validate_report(report: dict[str, Any]) -> None:
    """Every report a test produces must meet the shipped JSON schema (the contract other tools rely on)."""
    jsonschema.validate(report, report_schema())
    internal = [file["path"] for file in report["files"] for f in file["findings"] if f["rule"] == INTERNAL_ERROR]
    assert not internal, f"sdcscan failed on {internal}: a bug (run the scan with jobs=0 to see the traceback)"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Scans in the tests (and the CLI they start) use a cache folder of their own, never the user's."""
    os.environ["SDCSCAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("sdcscan-cache"))


@pytest.fixture
def settings() -> Settings:
    return settings_for("dhda")


@pytest.fixture
def fed_lines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the lines the plain-text reader (`outputs/text.Reader`) is fed from here on, in order."""
    from sdcscan.outputs import text

    fed: list[int] = []
    feed = text.Reader.feed

    def recorded(reader: text.Reader, number: int, raw: str) -> Any:
        fed.append(number)
        return feed(reader, number, raw)

    monkeypatch.setattr(text.Reader, "feed", recorded)
    return fed


@contextmanager
def built_log(text: str) -> Iterator[Path]:
    """A log written from `text` into a folder of its own, removed after: for hypothesis examples, which cannot
    share a function-scoped `tmp_path`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "built.log"
        path.write_text(text, encoding="utf-8")
        yield path
