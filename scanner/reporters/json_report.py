"""The JSON report: the contract other tools read (schema in scanner/schema/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any, TextIO


def render(report: dict[str, Any], out: TextIO) -> None:
    # One string, one write: `json.dump` writes each of the encoder's ~100 pieces per finding separately. (The C
    # encoder would be faster still, but it has no `indent`: the report would no longer be the same bytes.)
    out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
