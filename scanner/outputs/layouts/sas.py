"""SAS output in any text file: the SAS listing reader (PROC PRINT, FREQ, MEANS, UNIVARIATE, SQL tables; see
scanner/frontends/logs/sas_listing.py) run as a recogniser."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from ...config import Settings
from ...frontends.logs.sas_listing import ListingParser
from ...model import Fact

ORDER = 10


class Sas:
    def __init__(self, settings: Settings) -> None:
        self.parser = ListingParser(settings, text_lines=False)

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        return (yield from self.parser.read(number, line))

    def skip(self, number: int) -> Iterator[Fact]:
        return self.parser.skip(number)

    def close(self) -> Iterator[Fact]:
        return self.parser.close()


def recogniser(settings: Settings) -> Sas:
    return Sas(settings)
