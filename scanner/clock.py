"""The time a report is stamped with (`generated_at`). One definition for the report and for replay, which finds
the stamp in a rendered report and renews it (scanner/replay.py); its own module so that neither imports the
other."""

from __future__ import annotations


def now() -> str:
    """UTC, to the second, ISO 8601."""
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
