"""Personal-data detectors (names, addresses, phones, e-mails, birth dates), masking, and the prefilter contract
(both engines find exactly what the precise checks find without it). All data are synthetic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan import mask
from sdcscan.detectors import cpr, personal, scan
from sdcscan.detectors.prefilter import Prefilter, default_engine

ENGINES = ("hyperscan", "regex")


def prefilter(engine: str) -> Prefilter:
    return Prefilter(personal.patterns().loose, engine)


def found(text: str, rule: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [h.text for h in personal.find(text, extra) if h.rule == f"personal-data.{rule}"]


# --- names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("/* Udtræk for Jens Hansen, 2021 */", "Jens Hansen"),
        ("Data from Lars Olsen.", "Lars Olsen"),
        ("title 'Anne Marie Mortensen';", "Anne Marie Mortensen"),
        ("Jens P. Hansen skrev", "Jens P. Hansen"),
        ("NAVN: JENS P. HANSEN", "JENS P. HANSEN"),
        ("kontakt Søren Østergaard", "Søren Østergaard"),
        ("Mette Vinther-free", "Mette Vinther"),
        ("Kim Kjærsgaard", "Kim Kjærsgaard"),  # surname by shape (-gaard), not in the list
        ("Per Abildgaard", "Per Abildgaard"),
    ],
)
def test_names_are_found(text: str, name: str) -> None:
    assert found(text, "name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Hansen",  # a lone surname
        "Jens",  # a lone first name
        "jens hansen",  # lower case: variable names, words
        "first_name last_name",
        "Jens_Hansen = 1;",
        "work.Jens Hansen",  # glued to a dataset reference
        "Per Capita income",
        "SAS Institute",
        "Hans Christian Andersen wrote tales",  # on the not-names list
        "Enterprise Guide",
        "Region Hovedstaden",
        "Max Hansen and Mean Jensen",  # Max/Mean: statistics words on the not-names list
        "JENS hansen",  # mixed case
        "The Data Step",
    ],
)
def test_non_names_stay_quiet(text: str) -> None:
    assert found(text, "name") == []


def test_project_names_extend_the_lists() -> None:
    assert found("Xylia Quorn", "name") == []
    assert found("Xylia Quorn", "name", ("Xylia", "Quorn")) == ["Xylia Quorn"]


# --- addresses ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("bor på Vesterbrogade 12, 2. th., 1620 København V", "Vesterbrogade 12, 2. th., 1620 København V"),
        ("Nørre Allé 14", "Nørre Allé 14"),
        ("H.C. Andersens Boulevard 27", "H.C. Andersens Boulevard 27"),
        ("Store Kongensgade 1A, st.", "Store Kongensgade 1A, st."),
        ("Skovvej 3, 8000 Aarhus C", "Skovvej 3, 8000 Aarhus C"),
        ("Amagertorv 9", "Amagertorv 9"),
    ],
)
def test_addresses_are_found(text: str, address: str) -> None:
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Table 2 and Figure 3",
        "Vesterbrogade",  # no house number
        "vej 12",  # no street name
        "Vesterbrogade 12.5",  # a decimal, not a house number
        "Vesterbrogade 2020-01-01",
        "Skovvej12",
    ],
)
def test_non_addresses_stay_quiet(text: str) -> None:
    assert found(text, "address") == []


# --- phones ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("ring +45 20 12 34 56", "+45 20 12 34 56"),
        ("+4520123456", "+4520123456"),
        ("0045 2012 3456", "0045 2012 3456"),
        ("+45 20-12-34-56", "+45 20-12-34-56"),
        ("tlf. 20 12 34 56", "20 12 34 56"),
        ("Telefon: 20123456", "20123456"),
        ("mobil nr. 2012 3456", "2012 3456"),
    ],
)
def test_phones_are_found(text: str, phone: str) -> None:
    assert found(text, "phone") == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "12 34 56 78",  # eight digits without +45 or a phone word: a table row
        "20123456",
        "n = 20123456",
        "+45 2012345",  # seven digits
        "1004520123456",  # 0045 inside a longer number
        "tlf 12345678",  # Danish numbers do not start with 0 or 1
    ],
)
def test_non_phones_stay_quiet(text: str) -> None:
    assert found(text, "phone") == []


# --- e-mail ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("skriv til jens.hansen@example.dk", "jens.hansen@example.dk"),
        ("<a.b-c+d@sub.example.org>", "a.b-c+d@sub.example.org"),
        # non-ASCII local parts and Danish letters in the domain: the whole address, not its ASCII tail
        ("kontakt: søren.nielsen@example.dk", "søren.nielsen@example.dk"),
        ("ÆRØ.Østergård@region.dk;", "ÆRØ.Østergård@region.dk"),
        ("bo@blåbær.dk", "bo@blåbær.dk"),
    ],
)
def test_emails_are_found(text: str, address: str) -> None:
    assert found(text, "email") == [address]


@pytest.mark.parametrize("text", ["obj@slot", "x@y", "%let a=b@c;", "user@localhost", "@decorator.method"])
def test_non_emails_stay_quiet(text: str) -> None:
    assert found(text, "email") == []


# --- birth dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("født 12.03.1956", "født 12.03.1956"),
        ("f. 12/3-56", "f. 12/3-56"),
        ("patient born 1956-03-12.", "born 1956-03-12"),
        ("født den 12. marts 1956", "født den 12. marts 1956"),
        ("FØDT 12-03-1956", "FØDT 12-03-1956"),
        ("Date of birth: 12.03.1956", "Date of birth: 12.03.1956"),
        ("DOB 12/03/1956", "DOB 12/03/1956"),
        ("fødselsdato: 29-02-1956", "fødselsdato: 29-02-1956"),
    ],
)
def test_birth_dates_are_found(text: str, date: str) -> None:
    assert found(text, "birth-date") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "12.03.1956",  # a date without a birth word
        "født 31.02.1956",  # not a date
        "fødselsdato: 29-02-1957",  # not a leap year
        "født i 1956",  # a year only
        "born in Denmark 1956-03-12",  # the date is not tied to the word
        "ref. 12/3-56",
    ],
)
def test_non_birth_dates_stay_quiet(text: str) -> None:
    assert found(text, "birth-date") == []


# --- masking -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("Patient Jens P. Hansen", "Patient J. P. H."),
        ("Vesterbrogade 12, 2. th., 1620 København V", "Vesterbrogade ##, #. th., #### København V"),
        ("tlf +45 20 12 34 56", "tlf +## ## ## ## ##"),
        ("mail jens.hansen@example.dk", "mail ***@example.dk"),
        ("født 12.03.1956", "født ##.##.####"),
        ("pnr 010190-1235, Jens Hansen", "pnr DDMMYY-XXXX, J. H."),
        ("nothing personal here 42", "nothing personal here 42"),
    ],
)
def test_mask_text(line: str, masked: str) -> None:
    assert mask.text(line) == masked


# --- the prefilter contract --------------------------------------------------------------------------------------


def _precise(text: str) -> list[tuple[int, int, str]]:
    """The precise checks on every line, no prefilter: what `scan` must return."""
    out: list[tuple[int, int, str]] = []
    known = personal.patterns()
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        out.extend((h.start, h.end, h.rule) for h in cpr.find_in(text, start, end))
        tags = frozenset({"name", "address", "phone", "email", "birth"})
        out.extend((h.start, h.end, h.rule) for h in personal.find_in(text, start, end, tags, known))
        start = end + 1
    return sorted(out)


SAMPLE = """NOTE: 12 obs; pnr 0101901235 and Jens Hansen
Æblegade 3, 2. tv. — født 12.03.1956 · tlf 20 12 34 56
ÅSE ØSTERGAARD <jens@example.dk> +45 20123456
plain line 1,234,567 and 2020-01-01"""


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_agree_with_the_precise_checks(engine: str) -> None:
    got = sorted((h.start, h.end, h.rule) for h in scan(SAMPLE, engine=engine))
    assert got == _precise(SAMPLE)
    assert {r for _, _, r in got} == {
        "cpr.number",
        "personal-data.name",
        "personal-data.address",
        "personal-data.birth-date",
        "personal-data.phone",
        "personal-data.email",
    }


_PIECES = st.sampled_from(
    [
        "Jens ", "Hansen ", "JENS ", "HANSEN ", "P. ", "Søren ", "Østergaard ", "Vesterbrogade ", "Allé ", "12",
        ", ", "2. th.", "1620 ", "København ", "+45 ", "20 12 34 56", "tlf. ", "@", "a.b", "example.dk", "søren.n",
        "blåbær.dk", "født ", "12.03.1956", "f. ", "12/3-56", "0101901235", "010190-1235", "pnr ", "\n", "æ", "ø",
        " ", "-", ".", "1", "\r\n", "\t", "  ", "|", ",", "—", "Obs    pnr  ",
        "den ", "d. ", "on ", ":", "Born", "DOB", "b.", "conf. ", "FØDT ", "2020-01-01", "3 marts 1950",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_prefilter_never_hides_a_hit(text: str) -> None:
    expected = _precise(text)
    for engine in ENGINES:
        assert sorted((h.start, h.end, h.rule) for h in scan(text, engine=engine)) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_birth_word_marks_a_line_only_before_a_date(engine: str) -> None:
    # every date form starts with a digit: Stata's "[95% conf. interval]" (`f.`) is no line to look at
    header = "        diab | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]"
    lines = [header, "født den 12.03.1956", "DOB: 1956-03-12", "b. 3 marts 1950", "conf. 12/3-56"]
    marked = {line for line in lines if list(prefilter(engine).spans(line))}
    assert marked == set(lines[1:])


def test_hyperscan_is_the_default_where_installed() -> None:
    pytest.importorskip("hyperscan")
    assert default_engine() == "hyperscan"


# --- who wrote it, clinicians, institutions and ordinary words (issue 12) -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "* @author Jens Hansen <jens.hansen@example.dk>",
        "* Author: Mette Frederiksen, tlf 20123456",
        "Authors: Jens Hansen and Lars Olsen",
        '__author__ = "Jens Hansen"',
        "/* Skrevet af Jens Hansen, 2021 */",
        "Opprettet 2021-03-01 av Ola Nordmann",
        "Program written by Jens Hansen, jens.hansen@example.dk",
        "Copyright (c) 2020 Søren Østergaard",
        "Stata banner: service@stata.com",
        "git clone git@github.com:example/study.git",
        "reviewed with Dr. Jens Hansen",
        "overlæge Anne Marie Mortensen",
        "Treated at Jens Hansen Hospital",
        "Sandal 1",
        "arm Skov 2 vs Have 3",
        "Dose 75 mg/m2 day 1",
    ],
)
def test_credits_titles_and_ordinary_words_are_no_personal_data(text: str) -> None:
    assert list(personal.find(text)) == []


@pytest.mark.parametrize(
    ("text", "rule", "hit"),
    [
        ('title "Patient Jens Hansen";', "name", "Jens Hansen"),
        ("Åboulevarden 12, 8000 Aarhus C", "address", "Åboulevarden 12, 8000 Aarhus C"),
        ("Rosendal 3, 8000 Aarhus C", "address", "Rosendal 3, 8000 Aarhus C"),
        ("bor på Rosendal 3", "address", "Rosendal 3"),
        ("Jens Hansen (555) 123-4567", "phone", "(555) 123-4567"),
        ("Kontakt: Jens Hansen", "name", "Jens Hansen"),  # a contact is not an author
    ],
)
def test_patient_names_danish_addresses_and_foreign_phones_are_found(text: str, rule: str, hit: str) -> None:
    assert found(text, rule) == [hit]
