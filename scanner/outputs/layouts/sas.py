"""SAS output in any text file: the SAS listing reader (PROC PRINT, FREQ, MEANS, UNIVARIATE, SQL tables; see
scanner/frontends/logs/sas_listing.py) run as a recogniser."""

from __future__ import annotations

from ...config import Settings
from ...frontends.logs.sas_listing import ListingParser
from ..table import Medium

ORDER = 10


def recogniser(settings: Settings, medium: Medium) -> ListingParser:
    # SAS output is a listing whatever file it was printed into
    return ListingParser(settings)
