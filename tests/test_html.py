"""The HTML report as a file: escaping, self-containment, the no-JavaScript view, its own scan, and its size.

What only a browser can show (sorting, filtering, the drawn findings) is in test_html_browser.py.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sdcscan import engine
from sdcscan.config import settings_for
from sdcscan.registry import catalogue
from sdcscan.report import verdict
from sdcscan.reporters import renderer

from reviewer import DEMO, SCRIPT_PATH, big_report, build_report, make_tree


def to_html(data: dict[str, Any]) -> str:
    out = io.StringIO()
    renderer("html")(data, out)
    return out.getvalue()


class Page(HTMLParser):
    """The parts of the static page the tests look at: ranking rows, scripts, styles, CSP, links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self.csp = ""
        self.urls: list[str] = []
        self.text: list[str] = []
        self._open: str | None = None
        self._attrs: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.urls += [values[k] for k in ("src", "href", "action", "poster") if k in values]
        if tag == "tr" and "data-path" in values:
            self.rows.append(values)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values["content"]
        if tag in ("script", "style"):
            self._open, self._attrs = tag, values

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            self.scripts.append((self._attrs, data))
        elif self._open == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tree(tmp_path_factory.mktemp("html") / "project")


@pytest.fixture(scope="module")
def page(tree: Path) -> tuple[dict[str, Any], str]:
    data = build_report(tree)
    return data, to_html(data)


def test_ranking_lists_every_file_without_javascript(page: tuple[dict[str, Any], str]) -> None:
    data, html = page
    rows = Page(html).rows
    assert [row["data-path"] for row in rows] == [f["path"] for f in data["files"]]
    statuses = {row["data-path"]: row["data-status"] for row in rows}
    assert statuses["output/graph.png"] == "unscanned" and statuses["scratch/tmp.txt"] == "excluded"
    text = " ".join(Page(html).text)
    assert "binary file type (.png)" in text and "excluded by --exclude pattern 'scratch/'" in text
    # each file's rules and lines are readable without the script
    assert "cpr.number" in text and "line 3" in text


def test_markup_in_names_and_lines_stays_text(page: tuple[dict[str, Any], str]) -> None:
    html = page[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.log" in html
    assert "<script>alert" not in html and "<img" not in html
    parsed = Page(html)
    assert len(parsed.scripts) == 2  # the data block and the report's own script, nothing a file brought in
    assert SCRIPT_PATH in [row["data-path"] for row in parsed.rows]
    data_block = next(body for attrs, body in parsed.scripts if attrs.get("type") == "application/json")
    assert not re.search(r"[<>&]", data_block)
    assert any(f and f["findings"][0]["evidence"].startswith("<b>bold</b>") for f in json.loads(data_block)["files"])


def test_self_contained_with_a_strict_policy(page: tuple[dict[str, Any], str]) -> None:
    html = page[1]
    parsed = Page(html)
    assert not [url for url in parsed.urls if not url.startswith("#")], "only in-page links"
    assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", html, re.I)
    policy = dict(part.strip().split(" ", 1) for part in parsed.csp.split(";"))
    assert policy["default-src"] == "'none'"

    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    code = next(body for attrs, body in parsed.scripts if "type" not in attrs)
    assert policy["script-src"] == digest(code)
    assert policy["style-src"] == digest(parsed.styles[0])


def test_unmasked_report_says_so(tree: Path) -> None:
    masked = to_html(build_report(tree))
    unmasked = to_html(build_report(tree, unmask=True))
    assert "Unmasked report." not in masked and "(UNMASKED)" not in masked
    assert 'class="unmasked" role="alert"' in unmasked and "<title>sdcscan: " in unmasked
    assert "(UNMASKED)</title>" in unmasked


def _verdict(html: str) -> str:
    found = re.search(r'<section class="verdict verdict-(\w+)"[^>]*>\s*<h2>([^<]+)</h2>', html)
    assert found
    return f"{found[1]}: {found[2]}"


def test_verdicts(page: tuple[dict[str, Any], str]) -> None:
    data = page[0]
    assert _verdict(page[1]) == "stop: Not ready to go home"
    only_unscanned = copy.deepcopy(data)
    only_unscanned["files"] = [f for f in only_unscanned["files"] if f["status"] != "scanned" or not f["findings"]]
    only_unscanned["summary"]["verdict"] = verdict(only_unscanned["files"], "low")
    assert _verdict(to_html(only_unscanned)) == "review: Check by hand before it goes home"
    clean = copy.deepcopy(only_unscanned)
    clean["files"] = [f for f in clean["files"] if f["status"] == "scanned"]
    clean["summary"]["unscanned"] = 0
    clean["summary"]["verdict"] = verdict(clean["files"], "low")
    assert _verdict(to_html(clean)) == "go: Ready to go home as it is"


def test_suppressed_and_accepted_findings_do_not_count(page: tuple[dict[str, Any], str]) -> None:
    data = copy.deepcopy(page[0])
    for file in data["files"]:
        for finding in file["findings"]:
            if finding["category"] != "unscanned":
                finding["suppressed" if file["path"] == SCRIPT_PATH else "baseline"] = (
                    "synthetic test data" if file["path"] == SCRIPT_PATH else "accepted"
                )
    data["summary"]["verdict"] = verdict(data["files"], "low")
    html = to_html(data)
    assert _verdict(html) == "review: Check by hand before it goes home"
    assert "suppressed or accepted in the" in html
    row = next(r for r in Page(html).rows if r["data-path"] == SCRIPT_PATH)
    assert row["data-findings"] == "0" and row["data-cats"] == ""


def _leaks(html: str, folder: Path) -> list[tuple[str, int, str]]:
    target = folder / "review.html"
    target.write_text(html, encoding="utf-8")
    result = engine.scan_file(engine.Task(str(target), target.name, settings_for("dhda")))
    assert result.status == "scanned"
    return [(f.rule, f.line, f.evidence) for f in result.findings if f.category in ("cpr", "personal-data")]


@pytest.mark.parametrize("source", ["tree", "demo"])
def test_report_passes_its_own_scan(source: str, tree: Path, tmp_path: Path) -> None:
    if source == "demo" and not DEMO.is_dir():
        pytest.skip(f"{DEMO} not present")
    assert not _leaks(to_html(build_report(tree if source == "tree" else DEMO)), tmp_path)


def test_every_rule_explanation_passes_the_scan_too(tree: Path, tmp_path: Path) -> None:
    """A report shows the explanation of each rule it uses: none of them may read as a CPR number or a person."""
    data = build_report(tree)
    fields = ("category", "severity", "title", "explanation", "remedy")
    data["rules"] = {rule.id: {f: getattr(rule, f) for f in fields} for rule in catalogue().values()}
    for fmt in ("html", "sarif", "json"):
        out = io.StringIO()
        renderer(fmt)(data, out)
        assert not _leaks(out.getvalue(), tmp_path), fmt


def test_own_scan_would_see_a_leak(tree: Path, tmp_path: Path) -> None:
    """The control for the test above: an unmasked report does show the CPR numbers, and the scan finds them."""
    assert {rule for rule, _, _ in _leaks(to_html(build_report(tree, unmask=True)), tmp_path)} >= {"cpr.number"}


def test_deterministic(tree: Path) -> None:
    first, second = build_report(tree), build_report(tree)
    second["generated_at"] = first["generated_at"]
    assert to_html(first) == to_html(second)


def test_large_project_size_and_render_time(tmp_path: Path) -> None:
    data = big_report()
    assert data["summary"]["findings"] == 50_000
    started = time.perf_counter()
    html = to_html(data)
    seconds = time.perf_counter() - started
    size = len(html.encode())
    (tmp_path / "big.html").write_text(html, encoding="utf-8")
    print(f"\n5,000 files / 50,000 findings: {size / 1e6:.1f} MB rendered in {seconds:.2f} s")
    assert size < 40e6
    assert seconds < 15
    assert len(Page(html).rows) == 5_000
