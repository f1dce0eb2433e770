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
    assert len(parsed.scripts) == 3  # the paging line, the data block and the report's script: nothing from a file
    assert SCRIPT_PATH in [row["data-path"] for row in parsed.rows]
    data_block = next(body for attrs, body in parsed.scripts if attrs.get("type") == "application/json")
    assert not re.search(r"[<>&]", data_block)
    data = json.loads(data_block)
    assert any(text.startswith("<b>bold</b>") for text in data["strings"])


def test_self_contained_with_a_strict_policy(page: tuple[dict[str, Any], str]) -> None:
    html = page[1]
    parsed = Page(html)
    assert not [url for url in parsed.urls if not url.startswith("#")], "only in-page links"
    assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", html, re.I)
    policy = dict(part.strip().split(" ", 1) for part in parsed.csp.split(";"))
    assert policy["default-src"] == "'none'"

    def digest(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    code = [body for attrs, body in parsed.scripts if "type" not in attrs]
    assert policy["script-src"] == " ".join(map(digest, code))
    assert policy["style-src"] == digest(parsed.styles[0])
    assert policy["img-src"] == "data:"  # the graphs, embedded; nothing else


@pytest.mark.slow
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


@pytest.mark.slow
def test_deterministic(tree: Path) -> None:
    first, second = build_report(tree), build_report(tree)
    second["generated_at"] = first["generated_at"]
    assert to_html(first) == to_html(second)


@pytest.mark.slow
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
    # every file's outline is in the page for a reader without JavaScript; past the first page, inside <noscript>
    first, rest = html.split('<noscript id="more-files">')
    assert first.count('<details class="file"') == 500 and rest.count('<details class="file"') == 4_500


def test_rule_filter_and_counts_per_rule(page: tuple[dict[str, Any], str]) -> None:
    data, html = page
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', html.split('id="rule"')[1].split("</select>")[0])
    assert options[0] == ("", "any")
    assert [value for value, _ in options[1:]] == list(data["summary"]["by_rule"])
    assert ("cpr.number", f"cpr.number ({data['summary']['by_rule']['cpr.number']}): CPR number") in options
    rows = {row["data-path"]: row for row in Page(html).rows}
    assert rows["logs/01_cohort.log"]["data-rules"] == "cpr.number"
    assert rows["notes/readme.txt"]["data-rules"] == ""


def test_repeated_findings_are_outlined_without_javascript(tree: Path) -> None:
    """The no-JavaScript outline of a rule with many places: count, first and last line, and the line ranges."""
    rule = catalogue()["printed-rows.sas-put"]
    lines = [12, 13, 14, 20, *range(100, 473, 12), 480]
    data = big_report(files=1, per_file=1)
    finding = data["files"][0]["findings"][0]
    data["files"][0]["findings"] = [
        finding | {"rule": rule.id, "category": rule.category, "line": n, "end_line": n, "id": f"{n:010x}"}
        for n in lines
    ]
    data["rules"][rule.id] = {"title": rule.title, "explanation": "", "remedy": "", "category": "", "severity": ""}
    text = " ".join(" ".join(Page(to_html(data)).text).split())
    assert (
        f"printed-rows.sas-put SAS put output in the log: {len(lines)} places, lines 12-480 (12-14, 20, 100, " in text
    )
    assert ", ...)" in text  # at most 12 ranges shown


def _with_gap(data: dict[str, Any]) -> dict[str, Any]:
    """The report of the tree with one clean scanned file carrying a note that part of it was not parsed."""
    changed = copy.deepcopy(data)
    rule = catalogue()["coverage.parse-gap"]
    file = next(f for f in changed["files"] if f["path"] == "programs/02_tables.sas")
    file["findings"] = [
        {
            "id": "00000abcde",
            "rule": rule.id,
            "category": rule.category,
            "severity": rule.severity,
            "line": 2,
            "column": 1,
            "end_line": 2,
            "end_column": 9,
            "message": rule.title,
            "evidence": "",
        }
    ]
    return changed


def test_parse_gaps_shown_apart_from_unscanned_files(page: tuple[dict[str, Any], str]) -> None:
    html = to_html(_with_gap(page[0]))
    rows = {row["data-path"]: row for row in Page(html).rows}
    assert rows["programs/02_tables.sas"].get("data-gaps") == "1"
    assert rows["programs/02_tables.sas"]["data-status"] == "scanned"
    assert "data-gaps" not in rows["logs/01_cohort.log"] and "data-gaps" not in rows["output/graph.png"]
    assert re.search(r'data-filter-status="gaps"[^>]*><b>1</b> scanned with gaps</a>', html)
    assert re.search(r'data-filter-status="unscanned"><b>1</b> unscanned</a>', html)
    # alone, a parse gap asks for a check by hand; it is not a disclosure to fix
    only_gap = _with_gap(page[0])
    only_gap["files"] = [f for f in only_gap["files"] if f["path"] == "programs/02_tables.sas"]
    only_gap["summary"]["unscanned"] = 0
    only_gap["summary"]["verdict"] = verdict(only_gap["files"], "low")
    assert _verdict(to_html(only_gap)) == "review: Check by hand before it goes home"


PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def graph_tree(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "fig1.png").write_bytes(PNG_1x1)
    (root / "fig2.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    (root / "fig3.png").write_bytes(b"not a picture at all")
    (root / "big.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 3000)
    return root


def _graphs(html: str) -> dict[str, dict[str, str]]:
    data_block = next(body for attrs, body in Page(html).scripts if attrs.get("type") == "application/json")
    files = [json.loads(f) for f in json.loads(data_block)["files"] if f]
    return {f["path"]: f["graph"] for f in files if "graph" in f}


@pytest.mark.slow
def test_graphs_embedded_as_data_uris_within_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sdcscan.reporters import html as html_reporter

    monkeypatch.setattr(html_reporter, "GRAPH_LIMIT", 2_000)
    graphs = _graphs(to_html(build_report(graph_tree(tmp_path / "figures"))))
    assert graphs["fig1.png"] == {"src": "data:image/png;base64," + base64.b64encode(PNG_1x1).decode()}
    assert graphs["fig2.svg"]["src"].startswith("data:image/svg+xml;base64,")
    assert graphs["fig3.png"] == {"note": "Not embedded: the content is not a PNG image."}
    assert graphs["big.jpg"]["note"].startswith("Not embedded: 0.0 MB is over the 0.002 MB limit per graph")
    monkeypatch.setattr(html_reporter, "GRAPHS_TOTAL", 100)  # the total: the first graph in the ranking fits
    graphs = _graphs(to_html(build_report(graph_tree(tmp_path / "more"))))
    assert sum("src" in g for g in graphs.values()) == 1
    assert any("limit for all graphs in one report" in g.get("note", "") for g in graphs.values())
