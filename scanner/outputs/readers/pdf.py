"""PDF documents (graphs saved as PDF, knitted reports, ODS PDF): their text layer, page by page, through pypdf
(pure Python). The drawing itself (points, bars, curves, embedded images) cannot be judged from text, so a PDF is
always also a graph to look at; its text is read for what it can tell: CPR numbers and personal data, `n = 3`
labels, the numbers at risk under a survival curve, printed tables.

Bounded: at most `MAX_PAGES` pages and `MAX_TEXT` characters of text are read (beyond them the file is
unscanned); a file above `MAX_BYTES` is not opened by pypdf at all. The per-file time limit of the scan bounds the
time. An encrypted PDF, or one pypdf cannot parse, is unscanned with its reason, never passed as clean."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from ...discover import NotText
from ...fileio import open_regular

MAX_PAGES = 500
MAX_TEXT = 8 * 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024

# pypdf reports what it repairs through logging; on a console that would be noise about scanned files.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Page:
    number: int
    lines: list[str]


def pages(path: str) -> Iterator[Page]:
    """The text of each page, as lines (layout order as pypdf extracts it)."""
    import pypdf  # imported here: only scans that meet a PDF pay for it

    with open_regular(path) as raw:
        size = raw.seek(0, 2)
        if size > MAX_BYTES:
            raise NotText("unscanned.too-large", f"PDF of {size:,} bytes: its text was not read; check it by hand")
        raw.seek(0)
        try:
            reader = pypdf.PdfReader(raw, strict=False)
            if reader.is_encrypted:
                raise NotText("unscanned.invalid", "encrypted PDF: its text cannot be read; check it by hand")
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise NotText("unscanned.too-large", f"PDF of {count:,} pages (over {MAX_PAGES}); check it by hand")
            read = 0
            for index in range(count):
                text = reader.pages[index].extract_text() or ""
                read += len(text)
                if read > MAX_TEXT:
                    raise NotText("unscanned.too-large", f"PDF text over {MAX_TEXT:,} characters; check it by hand")
                lines = text.replace("\r\n", "\n").split("\n")
                yield Page(index + 1, lines[:-1] if lines[-1] == "" else lines)
        except NotText:
            raise
        except Exception as err:  # pypdf raises many kinds on a broken file: each means "unreadable"
            raise NotText("unscanned.invalid", f"not a readable PDF ({type(err).__name__})") from None
