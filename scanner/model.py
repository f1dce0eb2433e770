"""The few value types that flow through the pipeline: files become facts, facts become findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the table model imports Fact; a fact only carries a table
    from .outputs.table import Table

from . import mask

# The vocabularies live in a leaf module (the detectors use them too); re-exported here, where they always were.
from .vocab import CATEGORIES as CATEGORIES
from .vocab import KINDS as KINDS
from .vocab import LEVELS as LEVELS
from .vocab import SEVERITIES as SEVERITIES
from .vocab import BaselineMark, Category, Kind, Level, Severity, Status

LANGUAGES = ("sas", "r", "stata", "python")


@dataclass(slots=True)
class Fact:
    """One language-neutral observation about a file, produced by a front end.

    Positions are 1-based lines and columns in the file as stored on disk; `attrs` holds optional hints
    (e.g. `name` for the variable a literal is compared with, `rule` for the catalogue id a query assigns);
    `table` holds the recognised table of a `table` fact (scanner/outputs/table.py).
    """

    kind: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    attrs: dict[str, str] = field(default_factory=dict)
    table: Table | None = None
    # Code echoed into a log (scanner/frontends/embedded.py): a statement that prints is no finding there, what it
    # printed is.
    echo: bool = False
    # A Stata command under `quietly`: it prints nothing, which a log reader must know (scanner/outputs/echo.py).
    quiet: bool = False


def lines_of(fact: Fact) -> Iterator[tuple[int, str]]:
    """The lines of a `text.lines` fact (grammars/facts.toml): the number and text of each that is not blank."""
    for number, text in enumerate(fact.text.split("\n"), start=fact.line):
        if text:
            yield number, text


def lines_fact(first: int, lines: list[str]) -> Fact:
    """The `text.lines` fact of consecutive lines from line `first` on (blank ones empty)."""
    return Fact("text.lines", first, 1, first + len(lines) - 1, len(lines[-1]) + 1, "\n".join(lines))


def line_fact(number: int, text: str) -> Fact:
    """The `text` fact of one whole line of a `text.lines` fact."""
    return Fact("text", number, 1, number, len(text) + 1, text)


def counts(suppressed: str | None, baseline: str | None) -> bool:
    """Whether a finding counts towards risk scores, the verdict and the exit code: one suppressed inline (with its
    reason) or accepted in the reviewed baseline does not."""
    return suppressed is None and baseline != "accepted"


@dataclass(slots=True)
class Finding:
    """A rule's verdict on one place in a file. `evidence` is already masked when the finding is created."""

    rule: str
    category: Category
    severity: Severity
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    evidence: str
    id: str = ""
    context: dict[str, Any] | None = None
    suppressed: str | None = None  # the reason of the inline suppression that covers it
    baseline: BaselineMark | None = None  # when scanned against a baseline
    review: dict[str, str] | None = None  # the baseline's reviewer, reason and date for a known finding
    # The evidence in clear, kept only in memory: shown instead of `evidence` under --unmask, never fingerprinted.
    clear: str = ""
    # The program statement that made what this finding is in (scanner/provenance.py): (path, line).
    source: tuple[str, int] | None = None
    # Where in a file that has no lines of its own the position lies (a workbook's sheet), masked; else empty.
    where: str = ""

    def __post_init__(self) -> None:
        # Messages quote what rules saw (a CSV header, a sheet name, a listing's header words, a rule name typed
        # in a suppression comment): every one is masked here, where every finding is made, whatever made it.
        # They stay masked under --unmask, which shows the evidence in clear.
        self.message = mask.message(self.message)

    @property
    def counts(self) -> bool:
        return counts(self.suppressed, self.baseline)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
            "evidence": self.evidence,
        }
        if self.where:
            data["where"] = self.where
        if self.suppressed is not None:
            data["suppressed"] = self.suppressed
        if self.baseline is not None:
            data["baseline"] = self.baseline
        if self.review is not None:
            data["review"] = self.review
        if self.context is not None:
            data["context"] = self.context
        if self.source is not None:
            data["source"] = {"path": self.source[0], "line": self.source[1]}
        return data


@dataclass(slots=True)
class FileResult:
    """Everything the report says about one file."""

    path: str
    kind: Kind
    language: str | None
    status: Status
    reason: str | None = None
    encoding: str | None = None
    size: int = 0
    findings: list[Finding] = field(default_factory=list)
    score: int = 0
    level: Level = "none"
    # Files a program writes, as written (path literal, line): from the worker, for the provenance step.
    writes: list[tuple[str, int]] = field(default_factory=list)
    # The scanned files it was found to make (path, line), set by the provenance step.
    outputs: list[tuple[str, int]] = field(default_factory=list)
    # Its tables' row margins, from the worker, for the cross-file comparison (scanner/crossfile.py).
    margins: list[tuple[str, int, list[tuple[str, int, int, int, int]]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "language": self.language,
            "status": self.status,
            "reason": self.reason,
            "encoding": self.encoding,
            "size": self.size,
            "risk": {"score": self.score, "level": self.level},
            "findings": [f.to_dict() for f in self.findings],
        } | ({"outputs": [{"path": path, "line": line} for path, line in self.outputs]} if self.outputs else {})
