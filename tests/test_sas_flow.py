"""The SAS data flow (`sas_checks._persons`) follows each data set's making once, whatever the paths to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import sas_checks


def test_merges_of_merges_are_followed_once_per_data_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Eight levels, each merging the level below six times: 6**8 paths to the statistics at the bottom.
    lines = ["proc means data=proj.x noprint; output out=d0 mean=; run;"]
    lines += [f"data d{i}; merge {' '.join([f'd{i - 1}'] * 6)}; y = 1; run;" for i in range(1, 9)]
    lines.append("proc print data=d8; run;")
    program = tmp_path / "deep.sas"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = 0
    writers = sas_checks._writers

    def counted(*args: object) -> object:
        nonlocal calls
        calls += 1
        return writers(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sas_checks, "_writers", counted)
    result = scan_file(Task(str(program), program.name, settings_for()))
    assert result.status == "scanned"
    assert not [f for f in result.findings if f.rule == "sas.proc-print"]  # statistics all the way down
    assert 0 < calls < 100
