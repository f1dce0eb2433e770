"""The JSON report: the contract other tools read (schema in scanner/schema/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any, TextIO


def render(report: dict[str, Any], out: TextIO) -> None:
    json.dump(report, out, indent=2, ensure_ascii=False)
    out.write("\n")
