"""The fixture harness must be able to fail: each kind of disagreement is reported."""

from __future__ import annotations

from pathlib import Path

from annotations import problems, read


def _expect(tmp_path: Path, text: str) -> object:
    path = tmp_path / "f.sas"
    path.write_text(text, encoding="utf-8")
    return read(path)


def test_each_disagreement_is_reported(tmp_path: Path) -> None:
    expected = _expect(
        tmp_path,
        "* ruleid: a.x;\nline2;\n* ok: b.y;\nline4;\n* todoruleid: c.z;\nline6;\n* todook: d.w;\nline8;\nline9;\n",
    )
    found = {("b.y", "cat", 4), ("c.z", "cat", 6), ("e.v", "cat", 9)}
    assert problems(expected, found) == [
        "line 2: expected a.x, not found",
        "line 8: todook d.w no longer found; make it `ok:`",
        "line 4: ok b.y, but found ['b.y']",
        "line 6: todoruleid c.z is found now; make it `ruleid:`",
        "line 9: unannotated finding e.v",
    ]


def test_category_matches_and_sidecar(tmp_path: Path) -> None:
    (tmp_path / "out.lst.expect").write_text("# comment\nruleid: small-cell @ 3\n", encoding="utf-8")
    (tmp_path / "out.lst").write_text("a\nb\nc\n", encoding="utf-8")
    expected = read(tmp_path / "out.lst")
    assert problems(expected, {("small-cell.count", "small-cell", 3)}) == []
    assert problems(expected, set()) == ["line 3: expected small-cell, not found"]
