"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium), driven over the DevTools protocol.

Skipped, with the reason shown, where Chromium is not installed; .ci/run installs it.
"""

from __future__ import annotations

import copy
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdcscan import baseline
from sdcscan.reporters import renderer

from cdp import CHROMIUM, Browser, available
from reviewer import SCRIPT_PATH, big_report, build_report, make_tree
from workflow import cli

pytestmark = [
    pytest.mark.skipif(
        not available(), reason=f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
    ),
    pytest.mark.slow,  # drives a real browser
]

PATHS = "Array.from(document.querySelectorAll('#files tbody tr:not([hidden])'), r => r.dataset.path)"


def write_html(data: dict[str, Any], target: Path) -> Path:
    out = io.StringIO()
    renderer("html")(data, out)
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("browser")
    data = build_report(make_tree(folder / "project"))
    return data, write_html(data, folder / "review.html")


def test_ranking_lists_every_file(browser: Browser, report: tuple[dict[str, Any], Path]) -> None:
    data, page = report
    browser.open(page.as_uri())
    assert browser.evaluate(PATHS) == [f["path"] for f in data["files"]]
    assert browser.evaluate("document.getElementById('shown').value") == f"{len(data['files'])} of 6 files shown"
    badge = "getComputedStyle(document.querySelector('tr[data-level=critical] .badge')).backgroundColor"
    assert browser.evaluate(badge) == "rgb(165, 29, 45)"


def test_sorting_by_clicking_headers(browser: Browser, report: tuple[dict[str, Any], Path]) -> None:
    data, page = report
    browser.open(page.as_uri())
    paths = sorted(f["path"] for f in data["files"])
    browser.click("th[data-sort=path]")
    assert browser.evaluate(PATHS) == paths
    assert browser.evaluate("location.hash") == "#sort=path"
    browser.click("th[data-sort=path]")
    assert browser.evaluate(PATHS) == paths[::-1]
    browser.click("th[data-sort=findings]")
    counts = browser.evaluate("Array.from(document.querySelectorAll('#files tbody tr'), r => +r.dataset.findings)")
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    # the findings sections follow the table's order
    sections = browser.evaluate("Array.from(document.querySelectorAll('#file-list > details'), d => +d.dataset.i)")
    rows = browser.evaluate("Array.from(document.querySelectorAll('#files tbody tr'), r => +r.dataset.i)")
    assert sections == [i for i in rows if i in sections]


def test_sorting_and_filtering_from_the_url(browser: Browser, report: tuple[dict[str, Any], Path]) -> None:
    data, page = report
    browser.open(page.as_uri() + "?sort=kind&dir=asc")
    kinds = browser.evaluate("Array.from(document.querySelectorAll('#files tbody tr'), r => r.dataset.kind)")
    assert kinds == sorted(f["kind"] for f in data["files"])
    browser.open(page.as_uri() + "#status=unscanned")
    assert browser.evaluate(PATHS) == ["output/graph.png"]
    assert browser.evaluate("document.getElementById('status').value") == "unscanned"
    browser.open(page.as_uri() + "#cat=cpr&level=critical")
    expected = [f["path"] for f in data["files"] if f["risk"]["level"] == "critical"]
    assert expected and browser.evaluate(PATHS) == expected


def test_filtering_by_typing_and_choosing(browser: Browser, report: tuple[dict[str, Any], Path]) -> None:
    page = report[1]
    browser.open(page.as_uri())
    browser.type_into("#q", "COHORT")
    assert browser.evaluate(PATHS) == ["logs/01_cohort.log"]
    assert "q=COHORT" in browser.evaluate("location.hash")
    browser.click("#reset")
    assert len(browser.evaluate(PATHS)) == 6
    browser.evaluate(
        "const s = document.getElementById('cat'); s.value = 'unscanned'; s.dispatchEvent(new Event('input'))"
    )
    assert browser.evaluate(PATHS) == ["output/graph.png"]
    browser.type_into("#q", "nothing matches this")
    assert browser.evaluate(PATHS) == []
    assert browser.evaluate("document.getElementById('none-shown').hidden") is False
    # a chip at the top is a preset filter
    browser.click("#reset")
    browser.click("a[data-filter-status=excluded]")
    browser.wait_for("document.getElementById('status').value === 'excluded'")  # hashchange fires asynchronously
    assert browser.evaluate(PATHS) == ["scratch/tmp.txt"]


def test_no_network_request_and_no_errors(tmp_path: Path, report: tuple[dict[str, Any], Path]) -> None:
    page = report[1]
    chromium = Browser(tmp_path / "profile")
    try:
        chromium.open(page.as_uri() + "?open=all")
        chromium.click("th[data-sort=path]")
        chromium.evaluate("1")  # collect the events that arrived meanwhile
        assert chromium.requested_urls() == [page.as_uri() + "?open=all"]
        assert chromium.problems() == []  # a CSP violation or a script error would be logged here
    finally:
        chromium.close()


def test_markup_in_a_file_name_and_a_line_shows_as_text(
    browser: Browser, report: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    data, page = report
    index = next(i for i, f in enumerate(data["files"]) if f["path"] == SCRIPT_PATH)
    browser.open(page.as_uri() + f"#file-{index}")
    assert browser.evaluate(f"document.querySelector('tr[data-i=\"{index}\"] .path').textContent") == SCRIPT_PATH
    assert browser.evaluate("document.querySelectorAll('script').length") == 3
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate(f"document.querySelectorAll('#file-{index} b').length") == 0
    evidence = browser.evaluate(f"document.querySelector('#file-{index} .ev code').textContent")
    assert evidence.startswith("<b>bold</b> & DDMMYY-XXXX <img src=x onerror=alert(9)>")  # a log line: digits masked
    assert not [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]
    browser.screenshot(tmp_path / "script-name.png")


def test_findings_drawn_with_highlight_and_explanation(
    browser: Browser, report: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    data, page = report
    index = next(i for i, f in enumerate(data["files"]) if f["path"] == "logs/01_cohort.log")
    browser.open(page.as_uri() + f"#file-{index}")
    section = f"#file-{index}"
    assert browser.evaluate(f"document.querySelector('{section}').open") is True
    hit = browser.evaluate(f"Array.from(document.querySelectorAll('{section} .hit'), l => l.textContent)")
    assert hit == ["3pnr DDMMYY-XXXX was selected"]  # line number, then the masked line
    assert browser.evaluate(f"document.querySelector('{section} .hit mark').textContent") == "DDMMYY-XXXX"
    assert browser.evaluate(f"document.querySelector('{section} .why').open") is False
    browser.click(f"{section} .why summary")
    why = browser.evaluate(f"document.querySelector('{section} .why').innerText")
    assert data["rules"]["cpr.number"]["remedy"][:40] in why
    browser.screenshot(tmp_path / "findings.png")
    browser.screenshot(tmp_path / "report.png", full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 20_000


def choose(browser: Browser, selector: str, value: str, event: str = "input") -> None:
    browser.evaluate(
        f"{{ const s = document.querySelector({json.dumps(selector)}); s.value = {json.dumps(value)};"
        f" s.dispatchEvent(new Event({json.dumps(event)}, {{bubbles: true}})) }}"
    )


def test_large_project_opens_fast_with_folding_and_the_rule_filter(browser: Browser, tmp_path: Path) -> None:
    page = write_html(big_report(), tmp_path / "big.html")
    # From the start of the navigation to the end of the page's script (it runs before DOMContentLoaded ends), as
    # the browser timed it: our polling and the blank page before it do not count. The better of two loads: the
    # machine that runs the tests is shared, and one load can lose a second to another process.
    timing = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
    loads = []
    for _ in range(2):
        started = time.perf_counter()
        browser.open(page.as_uri())
        loads.append((browser.evaluate(timing) / 1000, time.perf_counter() - started))
    opened, waited = min(loads)
    assert browser.evaluate("document.querySelectorAll('#files tbody tr').length") == 5_000
    assert browser.evaluate("document.querySelectorAll('#files tbody tr:not([hidden])').length") == 500
    # the rule filter, next to the category filter: one file in four has small cells
    choose(browser, "#rule", "small-cell.count")
    assert (
        browser.evaluate("document.getElementById('shown').value") == "500 of 1250 matching files shown (5000 in all)"
    )
    assert "rule=small-cell.count" in browser.evaluate("location.hash")
    first = browser.evaluate("document.querySelector('#files tbody tr:not([hidden])').dataset.path")
    assert first == "project/part01/output_00001.log"
    browser.click("#reset")
    started = time.perf_counter()
    browser.click("th[data-sort=path]")
    first = browser.evaluate("document.querySelector('#files tbody tr').dataset.path")
    sorted_in = time.perf_counter() - started
    assert first == "project/part00/output_00000.log"
    # eight CPR findings in one entry, the two of another rule each on its own; unfolded on click
    browser.evaluate("location.hash = '#file-4999'")
    browser.wait_for("document.querySelectorAll('#file-4999 .fold').length === 1")
    fold = "#file-4999 .fold"
    assert browser.evaluate(f"document.querySelector('{fold} > summary .msg').textContent") == (
        "CPR number: 8 places, lines 10-59"
    )
    assert browser.evaluate("document.querySelectorAll('#file-4999 .body > article.finding').length") == 2
    assert browser.evaluate(f"document.querySelectorAll('{fold} .finding').length") == 0  # drawn when opened
    browser.click(f"{fold} > summary")
    browser.wait_for(f"document.querySelectorAll('{fold} .finding').length === 8")
    print(
        f"\n5,000 files / 50,000 findings: opened in {opened:.2f} s ({waited:.2f} s waited), "
        f"sorted in {sorted_in:.2f} s"
    )
    assert opened < 3 and sorted_in < 10


def test_decisions_round_trip_from_the_report_to_the_baseline(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "project")
    target = tmp_path / "baseline.json"
    options = ("--exclude", "scratch/", "--jobs", "1")
    assert cli("baseline", root, "-o", target, "--reviewer", "A. Recorder", *options).returncode == 0
    html = tmp_path / "review.html"
    assert cli("scan", root, "--baseline", target, "--html", html, "--quiet", *options).returncode == 1
    entries = baseline.load(target).entries
    graph = next(e for e in entries.values() if e.rule == "unscanned.binary")
    cpr = next(e for e in entries.values() if e.path == "logs/01_cohort.log")
    downloads = tmp_path / "downloads"
    chromium = Browser(tmp_path / "profile")
    try:
        session, chromium.session = chromium.session, ""  # a browser-wide setting, not one of the page
        chromium.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        chromium.session = session
        chromium.open(html.as_uri() + "?open=all")
        assert chromium.evaluate("document.getElementById('download-decisions').disabled") is True
        graph_box = f'article[data-id="{graph.id}"] .decide'
        choose(chromium, f"{graph_box} select", "accepted", "change")
        chromium.type_into(f"{graph_box} input", "looked at it: bars of counts above 5")
        cpr_box = f'article[data-id="{cpr.id}"] .decide'
        # a CPR number can be rejected, never accepted
        assert chromium.evaluate(f"Array.from(document.querySelector('{cpr_box} select').options, o => o.value)") == [
            "",
            "rejected",
        ]
        choose(chromium, f"{cpr_box} select", "rejected", "change")
        chromium.type_into(f"{cpr_box} input", "remove the number")
        assert chromium.evaluate("document.getElementById('download-decisions').textContent") == (
            "Download decisions (2)"
        )
        chromium.click("#download-decisions")
        saved = downloads / "sdcscan-decisions.json"
        deadline = time.monotonic() + 20
        while not saved.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert chromium.problems() == []
    finally:
        chromium.close()
    marked = json.loads(saved.read_text(encoding="utf-8"))
    assert {d["id"]: d["status"] for d in marked["decisions"]} == {graph.id: "accepted", cpr.id: "rejected"}
    done = cli("review", target, "--import", saved, "--reviewer", "B. Checker")
    assert done.returncode == 0, done.stderr
    after = baseline.load(target).entries
    assert (after[graph.id].status, after[graph.id].reason, after[graph.id].reviewer) == (
        "accepted",
        "looked at it: bars of counts above 5",
        "B. Checker",
    )
    assert after[cpr.id].status == "rejected" and after[cpr.id].history[-1].status == "pending"
    # the accepted graph no longer counts in the next scan
    rescanned = cli("scan", root, "--baseline", target, "--json", "-", "--quiet", *options)
    files = {f["path"]: f for f in json.loads(rescanned.stdout)["files"]}
    assert files["output/graph.png"]["findings"][0]["baseline"] == "accepted"


def test_suppressed_and_accepted_findings_are_collapsed(
    browser: Browser, report: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    data = copy.deepcopy(report[0])
    index = next(i for i, f in enumerate(data["files"]) if f["path"] == SCRIPT_PATH)
    data["files"][index]["findings"][0]["suppressed"] = "synthetic number in a test log"
    cohort = next(i for i, f in enumerate(data["files"]) if f["path"] == "logs/01_cohort.log")
    data["files"][cohort]["findings"][0]["baseline"] = "new"
    page = write_html(data, tmp_path / "review.html")
    browser.open(page.as_uri() + f"?open={index},{cohort}")
    aside = f"#file-{index} details.set-aside"
    assert browser.evaluate(f"document.querySelector('{aside}').open") is False
    assert browser.evaluate(f"document.querySelector('{aside} > summary').textContent").startswith(
        "suppressed: synthetic number in a test log"
    )
    # its only finding is suppressed: nothing is drawn open, one collapsed entry holds it
    assert browser.evaluate(f"document.querySelectorAll('#file-{index} .body > article.finding').length") == 0
    assert browser.evaluate(f"document.querySelectorAll('#file-{index} .body > details.set-aside').length") == 1
    assert browser.evaluate(f"document.querySelector('#file-{cohort} .tag').textContent") == "baseline: new"


def test_without_javascript_the_ranking_still_shows(tmp_path: Path, report: tuple[dict[str, Any], Path]) -> None:
    data, page = report
    chromium = Browser(tmp_path / "profile")
    try:
        chromium.send("Emulation.setScriptExecutionDisabled", {"value": True})
        chromium.send("Page.navigate", {"url": page.as_uri()})
        chromium.wait_for("document.readyState === 'complete'")  # evaluated by CDP, which still runs
        assert chromium.evaluate("document.documentElement.dataset.ready") is None  # the page's script did not
        visible = "Array.from(document.querySelectorAll('#files tbody tr'), r => r.offsetParent ? r.dataset.path : '')"
        assert chromium.evaluate(visible) == [f["path"] for f in data["files"]]
        assert chromium.evaluate("document.getElementById('filters').offsetParent") is None  # controls need JS
        chromium.screenshot(tmp_path / "no-javascript.png", full_page=True)
    finally:
        chromium.close()


def test_a_graph_is_shown_when_asked_for(tmp_path: Path) -> None:
    from test_html import graph_tree

    data = build_report(graph_tree(tmp_path / "figures"))
    page = write_html(data, tmp_path / "graphs.html")
    index = next(i for i, f in enumerate(data["files"]) if f["path"] == "fig1.png")
    chromium = Browser(tmp_path / "profile")
    try:
        chromium.open(page.as_uri() + f"#file-{index}")
        graph = f"#file-{index} .graph"
        assert chromium.evaluate("document.querySelectorAll('img').length") == 0  # not decoded until asked
        chromium.click(f"{graph} button")
        chromium.wait_for(f"document.querySelector('{graph} img')?.complete")
        assert chromium.evaluate(f"document.querySelector('{graph} img').naturalWidth") == 1
        assert chromium.problems() == []  # the policy lets a data: image in, nothing else
        assert [url for url in chromium.requested_urls() if not url.startswith("data:image/png;base64,")] == [
            page.as_uri()
        ]
    finally:
        chromium.close()


def test_parse_gaps_have_their_own_filter(
    browser: Browser, report: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    from test_html import _with_gap

    page = write_html(_with_gap(report[0]), tmp_path / "gaps.html")
    browser.open(page.as_uri())
    browser.click("a[data-filter-status=gaps]")
    browser.wait_for("document.getElementById('status').value === 'gaps'")
    assert browser.evaluate(PATHS) == ["programs/02_tables.sas"]


def test_highlight_covers_the_masked_text_of_each_finding(browser: Browser, tmp_path: Path) -> None:
    # A name masked to its initials shortens the line: the address after it must still be highlighted exactly.
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.sas").write_text("/* Patient Jens Hansen, Vestergade 12, 8000 Aarhus C */\n", encoding="utf-8")
    html = tmp_path / "review.html"
    assert cli("scan", tmp_path / "p", "--html", html, "--quiet", "--no-cache").returncode == 1
    browser.open(html.as_uri() + "?open=all")
    marks = browser.evaluate("Array.from(document.querySelectorAll('article.finding .ctx mark'), m => m.textContent)")
    assert sorted(marks) == ["J. H.", "Vestergade ##, #### Aarhus C"]


def test_programs_and_their_outputs_link_to_each_other(browser: Browser, tmp_path: Path) -> None:
    """Provenance in the page (issue 16): a program's section lists the outputs it makes, a finding on the statement
    that writes one links to it, and a finding in the output links back to the program; each link opens the
    other file's section."""
    root = tmp_path / "project"
    (root / "programs").mkdir(parents=True)
    (root / "out").mkdir()
    (root / "programs" / "03_tables.do").write_text(
        "use cohort, clear\nlist pnr koen in 1/5\n"
        'export delimited using "out/tab1.csv", replace // pnr 010190-1235 checked\n',
        encoding="utf-8",
    )
    (root / "out" / "tab1.csv").write_text("region,n\nNord,3\nSyd,120\n", encoding="utf-8")
    data = build_report(root)
    page = write_html(data, tmp_path / "review.html")
    index = {f["path"]: i for i, f in enumerate(data["files"])}
    program, output = index["programs/03_tables.do"], index["out/tab1.csv"]
    browser.open(page.as_uri() + f"#file-{program}")
    listed = browser.evaluate(
        f"Array.from(document.querySelectorAll('#file-{program} .outputs a'), a => [a.textContent, a.hash])"
    )
    assert listed == [["out/tab1.csv", f"#file-{output}"]]
    assert "(line 3)" in browser.evaluate(f"document.querySelector('#file-{program} .outputs').textContent")
    writes = browser.evaluate(f"Array.from(document.querySelectorAll('#file-{program} .finding .made a'), a => a.hash)")
    assert writes == [f"#file-{output}"]  # the CPR finding on line 3, the statement that writes the file
    browser.click(f"#file-{program} .outputs a")
    browser.wait_for(f"document.querySelector('#file-{output}').open && location.hash === '#file-{output}'")
    back = browser.evaluate(f"document.querySelector('#file-{output} .finding .src a').hash")
    assert back == f"#file-{program}"
