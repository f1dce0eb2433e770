"""The CPR detector: each written form, the century rules, the severity scheme, and each negative that must stay
quiet. All numbers are synthetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sdcscan import frontends, mask
from sdcscan.detectors import cpr


def hits(text: str, extra: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    return [(h.text, h.severity) for h in cpr.find(text, extra)]


# --- forms -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("selected 010190-1235 today", "010190-1235"),
        ("selected 0101901235 today", "0101901235"),
        ("selected 010190 1235 today", "010190 1235"),
        ("where x = '0101901235';", "0101901235"),
        ('filter(x == "010190-1235")', "010190-1235"),
        ("keep if x==0101901235", "0101901235"),
        ("a,0101901235,b", "0101901235"),
        ("a;0101901235;b", "0101901235"),
        ("(0101901235)", "0101901235"),
        ("end of sentence 0101901235.", "0101901235"),
        ("\t0101901235\n", "0101901235"),
    ],
)
def test_forms_are_found(text: str, number: str) -> None:
    assert [h[0] for h in hits(text)] == [number]


def test_offsets_point_at_the_number() -> None:
    text = "first line\nid: 010190-1235 here"
    (hit,) = cpr.find(text)
    assert text[hit.start : hit.end] == "010190-1235"


# --- dates and centuries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("0101901235", dt.date(1990, 1, 1)),  # 7th digit 0-3: 1900s
        ("0101363235", dt.date(1936, 1, 1)),
        ("0101104235", dt.date(2010, 1, 1)),  # 4: 2000-2036 if YY <= 36
        ("0101374235", dt.date(1937, 1, 1)),  # 4 with YY > 36: 1900s
        ("0101369235", dt.date(2036, 1, 1)),  # 9 like 4
        ("0101379235", dt.date(1937, 1, 1)),
        ("0101575235", dt.date(2057, 1, 1)),  # 5-8: 2000-2057 if YY <= 57
        ("0101588235", dt.date(1858, 1, 1)),  # 5-8 with YY > 57: 1858-1899
        ("0101996235", dt.date(1899, 1, 1)),
    ],
)
def test_century_from_seventh_digit(digits: str, born: dt.date) -> None:
    reading = cpr.read(digits)
    assert reading is not None
    assert reading.born == born


def test_29_february_only_in_leap_years() -> None:
    assert cpr.read("2902004235") is not None  # 2000 (7th digit 4, YY 00): leap
    assert cpr.read("2902001235") is None  # 1900: not a leap year
    assert cpr.read("2902921235") is not None  # 1992
    assert cpr.read("2902931235") is None  # 1993
    assert hits("x 2902931235 y") == []


def test_replacement_numbers_are_found_at_lower_severity() -> None:
    reading = cpr.read("6101901234")
    assert reading is not None and reading.replacement and reading.born == dt.date(1990, 1, 1)
    assert hits("pnr 6101901234") == [("6101901234", "high")]
    assert hits("x 6101901234") == [("6101901234", "medium")]


def test_modulus11() -> None:
    assert cpr.modulus11("0101901239") is False
    assert cpr.modulus11("0707614285") is True  # 4*0+3*7+2*0+7*7+6*6+5*1+4*4+3*2+2*8+1*5 = 154 = 14*11


# --- severity scheme ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "pnr 010190-1235",
        "v_pnr='0101901235'",
        "k_cpr=0101901235",
        "CPR-nr.: 010190 1235",
        "cprnr 0101901235",
        "personnummer: 0101901235",
        "if PNR20 = '0101901235' then",
    ],
)
def test_context_word_makes_it_critical(text: str) -> None:
    assert [h[1] for h in hits(text)] == ["critical"]


def test_column_header_of_a_listing_is_context() -> None:
    lst = "   Obs    pnr          koen\n\n     1    0101901235      2\n     2    0202901235      1"
    assert hits(lst) == [("0101901235", "critical"), ("0202901235", "critical")]
    stata = "     |        v_pnr   koen |\n     |-------------------|\n  1. | 010190-1235      2 |"
    assert hits(stata) == [("010190-1235", "critical")]
    other = "   Obs    id           koen\n     1    0101901235      2"
    assert hits(other) == [("0101901235", "high")]
    prose = "the cpr numbers below were checked\n          0101901235      2"
    assert hits(prose) == [("0101901235", "high")]


def test_field_header_of_delimited_text_is_context() -> None:
    assert hits("id;pnr;koen\n1;0101901235;2") == [("0101901235", "critical")]
    assert hits('"id","cpr_nr"\n1,"010190-1235"') == [("010190-1235", "critical")]
    assert hits("id,nr,koen\n1,0101901235,2") == [("0101901235", "high")]
    assert hits("pnr and more, words\n1,0101901235,2") == [("0101901235", "high")]  # unequal field counts


def test_project_key_names_count_as_context() -> None:
    assert hits("lbnr 0101901235") == [("0101901235", "high")]
    assert hits("lbnr 0101901235", ("lbnr",)) == [("0101901235", "critical")]


def test_bare_valid_number_is_high() -> None:
    assert hits("found 0101901235 somewhere") == [("0101901235", "high")]


@pytest.mark.parametrize(
    "text",
    [
        "faktura 0101901235",
        "invoice no 0101901235",
        "order 0101901235",
        "tlf 0101901235",
        "fax: 0101901235",
        "x = as.POSIXct(0101901235)",
        "latitude 0101901235",
        "File Size (bytes)=0101901235",
        "sagsnr. 0101901235",
    ],
)
def test_negative_context_lowers_it(text: str) -> None:
    # 0101901235 fails modulus-11, so nothing raises it back
    assert hits(text) == [("0101901235", "low")]


def test_modulus11_raises_a_lowered_number() -> None:
    assert hits("tlf 0707614285") == [("0707614285", "medium")]


# --- negatives that stay quiet -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # ten digits whose first six are no date
        "3213991234",
        "0100901234",
        "3204901234",
        "4101901234",
        # ISO dates and timestamps
        "2020-01-01T12:34:56Z",
        "2021-03-15 10:22:01.123456",
        "20210315102201",
        "run at 2021-03-15 1022",
        # SAS date and datetime literals and epoch-second constants
        "if dato >= '01JAN2020'd;",
        'if t >= "01jan2020:00:00"dt;',
        "x = 1609459200",
        "where t > 1893456000",
        "SAS datetime 1704067200",
        # version strings
        "R version 4.3.1 (2023-06-16)",
        "sdcscan 1.0101901235",
        "v2.3.0101901235",
        # phone numbers
        "+45 20 12 34 56",
        "tlf. 20123456",
        "+4520123456",
        # large totals in aggregated tables
        "Hovedstaden      183456301      2101201234",
        "Region  Persons  Income\nA  1834563  4512345678\nB  834563  1101201234",
        "Total          1.234.567.890",
        "I alt   2101201234   1101201234   3202402468",
        "sum 12,101,901,235",
        # numbers inside longer digit runs
        "12010190123599",
        "id 00101901235",
        "hash a0101901235f",
        "9f86d0101901235e2c",
        # digits after a decimal point
        "p = 0.0101901235",
        "est 3,0101901235",
        "mean 0101901235.5",
        "mean 0101901235,5",
        # coordinates
        "55.6761012345, 12.5683012345",
        "lat=55.0101901235 lon=12.0101901235",
        # numbered codes in format catalogues
        "value kode 1010101234 = 'Kategori A'",
        "  1010101234 = 'Kategori A'",
        'label define kode 1010101234 "Kategori A"',
        # date and time pieces
        "12:0101901235",
        "2020/0101901235",
        "0101901235-0101901299",
        # signed numbers and URL slugs
        "0   -2001747478",
        "x = -0101901235",
        "see issues/12120#issuecomment-2106349096",
        # a label of its own saying it is something else (issue 12)
        "serienr 0101901235",
        "version 0101901235",
        "timestamp 0101901235",
        "set.seed(0101901235)",
        "Stata/MP 17.0 for Unix (build 2105551740)",
        "revision: 2105551740",
        "2012010101 ; serial",
        "2012010101       ; Serial",
        'duns = "0101901235"',
        # a count of what follows it, and one of a list of codes most of which are no CPR numbers (round 17)
        "NOTE: There were 0101901235 observations read",
        "'12345678901', '1299551234', '23456789012', '0101901235', '34567890123', '9913551234', '45678901234'",
        # identifiers with an underscore-glued number (provider ids, temp folders)
        "provider CLI_0101801234",
        'x = "REC_2105551740"',
        "/tmp/tmp_0101801234/run.py",
        "/tmp/tmp0101801234.py",
        # seconds in date-time variables
        "%let enddt=2005011234;",
        "start_dttm = 2005016789",
        "stamp=2012011234",
    ],
)
def test_negative_stays_quiet(text: str) -> None:
    assert hits(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a lone comma between digits is a delimiter when the neighbouring line has as many (issue 14)
        ("2105551740,44\n0303601234,51\n", ["2105551740", "0303601234"]),
        ("a\n2105551740,44\nb", []),  # a decimal comma on its own
        # an integer printed as a float
        ("0    2105551740.0\n1    0303601234.0", ["2105551740", "0303601234"]),
        ("mean 2105551740.05", []),
        ("x <- c(2105551740, 1)", ["2105551740"]),
        # beside a nine-digit number on a listing row (a total needs a row label)
        ("  1    2105551740    123456789", ["2105551740"]),
        ("Hovedstaden      183456301      2101201234", []),
        # a quoted key of a format catalogue is a value of the data, a bare numeric key a category code
        ("value $grp '0303601234' = 'x';", ["0303601234"]),
        ("invalue $k '1010101234' = 1", ["1010101234"]),
        ("value kode 1010101234 = 'Kategori A'", []),
        # an underscore-glued number is found when the identifier is a CPR word
        ("pnr_0303601234", ["0303601234"]),
        ("cpr.nr.0205881667", ["0205881667"]),
    ],
)
def test_recall_and_precision_cases(text: str, found: list[str]) -> None:
    assert [h[0] for h in hits(text)] == found


def test_listing_rows_beside_large_values_are_found() -> None:
    listing = "1  0101901235  1  1234567\n2  1503857712  2  287000\n3  2811924431  2  31"
    assert [h[0] for h in hits(listing)] == ["0101901235", "1503857712", "2811924431"]


def test_a_column_of_totals_only_counts_in_tables() -> None:
    assert hits("bare number 3112991234 in text\nnot a date 3213991234 here") == [("3112991234", "high")]


def test_context_word_overrides_format_and_epoch_exemptions() -> None:
    assert hits("value $pnrfmt '0101901235' = 'x'") == [("0101901235", "critical")]
    assert hits("pnr 1609459200") == [("1609459200", "critical")]


def test_dashed_number_is_never_taken_for_an_epoch() -> None:
    assert hits("x 160945-9200") == [("160945-9200", "high")]


# --- masking -----------------------------------------------------------------------------------------------------


def test_mask_hides_a_number_after_a_dot_or_underscore() -> None:
    assert mask.text("cpr.nr.0205881667") == "cpr.nr.DDMMYY-XXXX"
    assert mask.text("x_0205881667.csv") == "x_DDMMYY-XXXX.csv"
    assert mask.text("030477-9999 and 3.0101901235") == "DDMMYY-XXXX and 3.DDMMYY-XXXX"


def test_mask_hides_every_cpr_shape() -> None:
    line = "pnr 010190-1235 and 0101901235 and 010190 1235"
    masked = mask.text(line)
    assert "1235" not in masked and "010190" not in masked
    assert masked == "pnr DDMMYY-XXXX and DDMMYY-XXXX and DDMMYY-XXXX"


# --- streaming: a CPR number across the cut of an over-long line (issue 14) ---------------------------------------


@pytest.mark.parametrize("gap", [" ", ",", ";", "\t"])
def test_a_number_across_a_piece_boundary_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: str) -> None:
    monkeypatch.setattr(frontends, "READ_BLOCK", 64)
    monkeypatch.setattr(frontends, "MAX_LINE", 100)
    numbers = ["0101901235", "010190-1235", "010190 1235"]
    for shift in range(12):
        # no newline at all; the pieces used to be cut at 128 characters, right through the number
        text = "x" * (120 + shift) + gap + gap.join(numbers) + gap + "y" * 300
        path = tmp_path / "one_line.txt"
        path.write_text(text, encoding="utf-8")
        pieces = list(frontends.LineStream(str(path), "utf-8"))
        assert "".join(pieces) == text and len(pieces) > 1
        assert [h.text for piece in pieces for h in cpr.find(piece)] == numbers, shift
