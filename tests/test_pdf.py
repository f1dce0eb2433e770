"""PDF text layers (issue 16): a graph saved as PDF stays a picture to look at, but its text is read for CPR numbers,
personal data, `n =` labels and the numbers at risk. The PDFs are written here in PDF syntax by hand (no binary is
committed); broken, encrypted and oversized ones are unscanned with their reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.model import FileResult
from sdcscan.outputs.readers import pdf


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[list[str]], trailer: str = "") -> Path:
    """A minimal PDF: one Helvetica text line per entry, top to bottom, on each page; a correct cross-reference
    table, so pypdf reads it without repairs."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for lines in pages:
        stream = "BT /F1 10 Tf 14 TL 50 760 Td " + " ".join(f"({_escape(line)}) Tj T*" for line in lines) + " ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R"
            " /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def scan(path: Path) -> FileResult:
    return scan_file(Task(str(path), path.name, settings_for()))


def rules(result: FileResult) -> list[tuple[str, int, str]]:
    return sorted((f.rule, f.line, f.where) for f in result.findings)


KM_PAGE = [
    "Kaplan-Meier survival by treatment",
    "Number at risk",
    "Placebo 120 64 3 1",
    "Active 118 70 41 22",
    "Time (months)",
]


def test_a_pdf_graph_is_looked_at_and_its_text_layer_read(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "km.pdf", [["Cohort 2019, pnr 010190-1235", "Ebbe Kjaersgaard"], KM_PAGE])
    result = scan(path)
    assert result.status == "scanned", result.reason
    found = rules(result)
    assert ("unscanned.image", 1, "") in found  # the drawing: a person must look
    assert ("cpr.number", 1, "page 1") in found
    assert ("small-cell.count", 5, "page 2") in found  # Placebo 3 and 1 at risk
    assert not any(rule == "small-cell.count" and line == 6 for rule, line, _ in found)  # Active: none below 5
    evidence = " ".join(f.evidence for f in result.findings)
    assert "010190" not in evidence and "1235" not in evidence


def test_n_labels_count_and_large_ones_are_quiet(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "bars.pdf", [["Men, n = 3", "Women, n = 120", "All (N = 1204)"]])
    found = rules(scan(path))
    assert [(r, line) for r, line, _ in found if r.startswith("small-cell")] == [("small-cell.count", 1)]


def test_a_pdf_with_only_harmless_text_is_still_a_picture_to_look_at(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "plot.pdf", [["Mean blood pressure by year", "2010 2012 2014 2016"]])
    assert rules(scan(path)) == [("unscanned.image", 1, "")]


def test_an_encrypted_pdf_is_unscanned(tmp_path: Path) -> None:
    encrypt = "/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> /ID [<00> <00>] "
    result = scan(write_pdf(tmp_path / "locked.pdf", [["pnr 010190-1235"]], trailer=encrypt))
    assert result.status == "unscanned"
    assert rules(result) == [("unscanned.invalid", 1, "")] and "encrypted" in (result.reason or "")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.7\n\x00\xff\xfe" * 50, b""])
def test_a_broken_pdf_is_unscanned_with_its_reason(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    result = scan(path)
    assert result.status == "unscanned" and result.findings[0].rule == "unscanned.invalid", rules(result)
    assert "PDF" in (result.reason or "")


def test_too_many_pages_or_too_much_text_is_unscanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_pdf(tmp_path / "long.pdf", [["page one"], ["page two"], ["page three"]])
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    result = scan(path)
    assert result.status == "unscanned" and "3 pages" in (result.reason or "")
    monkeypatch.setattr(pdf, "MAX_PAGES", 10)
    monkeypatch.setattr(pdf, "MAX_TEXT", 12)
    assert "text over" in (scan(path).reason or "")


def test_a_binary_html_file_is_still_unscanned(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"\x00\x01\x02<html>" * 100)
    result = scan(path)
    assert result.status == "unscanned" and result.findings[0].rule == "unscanned.binary"
