"""The listing, hardcoded-id and parse-error rules: messages, masking, settings and echo handling."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdcscan.config import Settings
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.registry import front_end
from sdcscan.model import Fact
from sdcscan.rules import Context, hardcoded_id, listing


def scan(tmp_path: Path, name: str, text: str, **overrides: object):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan_file(Task(str(path), name, Settings(**overrides)))  # type: ignore[arg-type]


def test_hardcoded_id_evidence_hides_the_value(tmp_path: Path) -> None:
    result = scan(tmp_path, "a.R", 'x <- d[d[["pnr"]] == "QX4711ZZ", ]\nkeep <- filter(d, lbnr == 918273)\n')
    found = [f for f in result.findings if f.rule == "hardcoded-id.selection"]
    assert [(f.line, f.column) for f in found] == [(1, 8), (2, 19)]
    assert found[0].evidence == 'd[["pnr"]] == "xx9999xx"'
    assert found[1].evidence == "lbnr == 999999"
    for finding in found:
        assert "QX4711ZZ" not in finding.evidence + finding.message
        assert "918273" not in finding.evidence + finding.message


def test_listing_evidence_hides_literals(tmp_path: Path) -> None:
    result = scan(tmp_path, "a.sas", "proc print data=d; where lbnr = 918273; run;\n")
    printed = [f for f in result.findings if f.rule == "sas.proc-print"]
    assert printed and "918273" not in printed[0].evidence


def test_extra_identifiers_are_person_keys(tmp_path: Path) -> None:
    text = "keep if studynr == 12\n"
    assert not [f for f in scan(tmp_path, "a.do", text).findings if f.category == "hardcoded-id"]
    found = scan(tmp_path, "b.do", text, extra_identifiers=("StudyNr",)).findings
    assert [(f.rule, f.line, f.column) for f in found] == [("hardcoded-id.selection", 1, 9)]


def test_identifier_names() -> None:
    assert hardcoded_id.is_identifier("PNR")
    assert hardcoded_id.is_identifier("mor_pnr_krypt")
    assert hardcoded_id.is_identifier("id")
    assert not hardcoded_id.is_identifier("idx")
    assert not hardcoded_id.is_identifier("region_id")
    assert not hardcoded_id.is_identifier("spnr")


def test_listing_skips_code_echoed_in_a_log() -> None:
    doc = Document("x.log", "log", "sas", "", "utf-8")
    ctx = Context(doc, Settings())
    fact = Fact("output.print", 3, 1, 3, 10, "proc print; run;", {"rule": "sas.proc-print"})
    assert [f.rule for f in listing.check(fact, ctx)] == ["sas.proc-print"]
    fact.echo = True
    assert not list(listing.check(fact, ctx))


def test_parse_gap_is_a_low_coverage_note_once_per_region_naming_its_lines(tmp_path: Path) -> None:
    result = scan(tmp_path, "a.py", "import pandas as pd\nx = = 1\nd = pd.read_csv('x')\nd.head()\n")
    notes = [f for f in result.findings if f.rule == "coverage.parse-gap"]
    assert [(f.line, f.severity, f.category) for f in notes] == [(2, "low", "coverage")]
    assert "line 2;" in notes[0].message
    assert [f.line for f in result.findings if f.rule == "python.head"] == [4]
    missing = scan(tmp_path, "b.py", "def f(:\n    return 1\n").findings
    assert [(f.rule, f.line) for f in missing] == [("coverage.parse-gap", 1)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # An unclosed quote turns the code after it into strings, up to the next quote the grammar trips on.
        (
            "a.R",
            'd <- read.csv("c.csv")\nlines(d$age, col="blue,lty="dotted")\nlegend("top", "a")\n\nhead(d)\nprint(d)\n',
        ),
        # ... or up to the end of the file, where the parser assumes the closing quote.
        ("b.R", 'd <- read.csv("c.csv")\nx <- "note\n\nhead(d)\nprint(d)\n'),
    ],
)
def test_an_r_parse_gap_covers_what_lies_between_its_errors(tmp_path: Path, name: str, text: str) -> None:
    """R re-reads no statement after an error: the lines from the first error to the end of the last (the whole of
    a construct the parser had to close itself) are one gap, so a print the grammar took for a string is inside it
    (round 11: the gap was on the line of each error only, and the prints between them on none)."""
    notes = [f for f in scan(tmp_path, name, text).findings if f.rule == "coverage.parse-gap"]
    assert [f.line for f in notes] == [2]
    assert notes[0].end_line >= len(text.splitlines())


def test_a_sas_quote_left_open_is_a_gap_to_the_end_of_the_file(tmp_path: Path) -> None:
    """An unclosed quote takes every statement after it (SAS runs none of them until the quote is closed); the
    statement it starts in was excused when it never prints (a `label`), so the prints after it were on no gap's
    lines (round 11)."""
    text = "data x;\n  set sasdata.cohort;\n  label a = 'it''s;\n  put pnr=;\nrun;\nproc print data=x;\nrun;\n"
    notes = [f for f in scan(tmp_path, "a.sas", text).findings if f.rule == "coverage.parse-gap"]
    assert [f.line for f in notes] == [1]
    assert notes[0].end_line >= 6  # the proc print's line


def test_a_python_quote_left_open_is_read_past(tmp_path: Path) -> None:
    """Python's grammar confines an open quote to its line, and an open triple quote to an error: the code after
    either is still read."""
    found = scan(
        tmp_path,
        "a.py",
        'import pandas as pd\nd = pd.read_csv("c.csv")\nplot(d, label="a,ls="--")\nx = """note\nd.head()\n',
    ).findings
    assert [(f.rule, f.line) for f in found] == [("coverage.parse-gap", 3), ("python.head", 5)]


SOURCE = st.text(alphabet=st.sampled_from(list("abcdeilnprstu _=;*/\\\"'`(){}[]#%&$.,:\n\t19æ|>-")), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=SOURCE, language=st.sampled_from(["sas", "r", "python", "stata"]))
def test_front_ends_never_crash_and_stay_inside_the_text(text: str, language: str) -> None:
    doc = Document("f", "program", language, text, "utf-8")
    lines = text.split("\n")
    for fact in front_end("program", language)(doc, Settings()):
        assert 1 <= fact.line <= fact.end_line <= len(lines)
        assert 1 <= fact.column <= len(lines[fact.line - 1]) + 1


def test_r_table_uses_are_read_once_per_file(tmp_path: Path) -> None:
    """A file that prints a frame hundreds of times, then uses it as a distance matrix, is walked for its table
    uses once, not once per print (the check was quadratic); every print is still judged by the use after it."""
    from sdcscan.frontends import r_checks

    path = tmp_path / "many_prints.R"
    path.write_text('d <- read.csv("distances.csv")\n' + "d\n" * 300 + "dd <- as.dist(d)\n", encoding="utf-8")
    r_checks._r_table_uses.cache_clear()
    result = scan_file(Task(str(path), path.name, Settings()))
    info = r_checks._r_table_uses.cache_info()
    assert result.status == "scanned"
    assert [f for f in result.findings if f.rule == "r.autoprint"] == []
    assert (info.misses, info.hits) == (1, 299)


def _autoprinted(path: Path) -> list[int]:
    """The lines of the file's `r.autoprint` findings."""
    result = scan_file(Task(str(path), path.name, Settings()))
    return [f.line for f in result.findings if f.rule == "r.autoprint"]


def test_rmd_later_chunks_only_within_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A print in one R Markdown chunk of a frame a later chunk makes a distance object of is no finding; in a
    document past the limits of what chunks are given of the code after them, it stays one (fail closed)."""
    from sdcscan.frontends.logs import rmd

    text = '```{r}\nroads <- read.csv("roads.csv")\nroads\n```\n\n```{r}\nroads_d <- as.dist(roads[, -1])\n```\n'
    path = tmp_path / "roads.Rmd"
    path.write_text(text, encoding="utf-8")

    assert _autoprinted(path) == []
    monkeypatch.setattr(rmd, "LATER_CHUNKS", 1)
    assert _autoprinted(path) == [3]


def test_rmd_earlier_chunks_only_within_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases made in one R Markdown chunk from a table an earlier chunk reads and reshapes as counts are no rows; in
    a document past the limits of what chunks are given of the code around them, they stay a finding (fail closed)."""
    from sdcscan.frontends.logs import rmd

    chunks = [
        'freqs <- read.csv("counts.csv")',
        "freqs_long <- freqs %>% gather(severity, frequency, low:high)",
        "cases <- tibble(exposure = freqs$exposure)\ncases",
    ]
    path = tmp_path / "cases.Rmd"
    path.write_text("".join(f"```{{r}}\n{code}\n```\n\n" for code in chunks), encoding="utf-8")

    assert _autoprinted(path) == []
    monkeypatch.setattr(rmd, "LATER_CHUNKS", 2)
    assert _autoprinted(path) == [11]


def test_rmd_code_around_a_chunk_is_parsed_once(tmp_path: Path) -> None:
    """Chunks that each print cases made from a table of counts read in the first chunk are checked against the
    document's code parsed once for all of them, not once per chunk (a parse of the code before each chunk was
    quadratic: 35 CPU-s for 500 such chunks); every print is still judged by the first chunk's table."""
    from sdcscan.frontends import r_checks

    chunks = ['grades <- read.csv("grade-counts-once.csv")\ngrades %>% gather(grade, frequency, low:high)']
    chunks += [f"cases{i} <- tibble(exposure = grades$exposure)\ncases{i}" for i in range(40)]
    path = tmp_path / "many_chunks.Rmd"
    path.write_text("".join(f"```{{r}}\n{code}\n```\n\n" for code in chunks), encoding="utf-8")
    r_checks._r_parsed.cache_clear()
    result = scan_file(Task(str(path), path.name, Settings()))
    assert result.status == "scanned"
    assert [f for f in result.findings if f.rule == "r.autoprint"] == []
    assert r_checks._r_parsed.cache_info().misses == 1
