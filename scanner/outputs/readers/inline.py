"""Data typed into a program, read as a table: the captured text of an `inline.data` fact (the lines of a SAS
`datalines` block or a Stata `input ... end` block, a string read as CSV, a data frame literal) becomes column
names and rows of values. The fact's `form` says how the text holds the data; its `columns`, when given, is the
statement that names the variables (SAS `input pnr $ alder;`, Stata `input str6 pnr byte koen`).

Only literal syntax shared by SAS, Stata, R and Python is read here (quotes, commas, brackets, `name =` and
`"name":` pairs, `~name` headers); which statements hold such data is known to the query files."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from .delimited import sniff

# Words of an INPUT statement that are not variable names: storage types (Stata), and SAS's `$`, informats
# (`yymmdd10.`, `:$20.`), pointers (`@5`, `+1`) and column ranges (`1-6`) never match a name.
_TYPES = frozenset(("input", "byte", "int", "long", "float", "double", "strl"))
_NAME = re.compile(r"^[A-Za-z_]\w*$")
_STRING = re.compile(r"""^\s*[rRbBuUfF]{0,2}("{3}|'{3}|"|')(.*)\1\s*$""", re.DOTALL)
_PAIR = re.compile(r"""(?:["']([^"']+)["']|([A-Za-z_.][\w.]*))\s*[:=]\s*(?:c\s*)?[(\[]([^()\[\]]*)[)\]]""")
_TILDE = re.compile(r"~\s*`?([A-Za-z_.][\w.]*)`?")
_ROW = re.compile(r"[(\[{]([^()\[\]{}]*)[)\]}]")
_KEYWORD = re.compile(r"""\bcolumns\s*=\s*[(\[]([^()\[\]]*)[)\]]""")


@dataclass
class Data:
    names: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    # the line (0-based, in the fact's text) of each row, for positions
    lines: list[int] = field(default_factory=list)


def names(statement: str) -> list[str]:
    """The variable names of an INPUT statement or an `input` varlist."""
    words = [w.strip(";") for w in statement.split()]
    return [w for w in words if _NAME.match(w) and w.lower() not in _TYPES and not re.match(r"^str\d+$", w.lower())]


def _values(text: str) -> list[str]:
    """Comma-separated literals, quotes removed."""
    fields = next(csv.reader([text.replace("\n", " ")], skipinitialspace=True, quotechar='"'), [])
    return [f.strip().strip("'\"") for f in fields if f.strip()]


def _unquote(text: str) -> str:
    found = _STRING.match(text)
    return found.group(2) if found else text


def _lines(text: str, declared: list[str]) -> Data:
    body = _unquote(text).replace("\\n", "\n").replace("\\t", "\t")
    raw = body.split("\n")
    kept = [(i, line) for i, line in enumerate(raw) if line.strip() and line.strip() not in (";", ";;;;")]
    delimiter = sniff([line for _, line in kept[:20]], "")
    consistent = all(line.count(delimiter) for _, line in kept) if kept else False
    data = Data(list(declared))
    for index, line in kept:
        if consistent:
            fields = next(csv.reader([line], delimiter=delimiter), [])
        else:  # whitespace-separated, as INPUT and read.table read it; quoted values keep their spaces
            fields = re.findall(r'"[^"]*"|\'[^\']*\'|\S+', line)
        data.rows.append([f.strip().strip("'\"") for f in fields])
        data.lines.append(index)
    if not declared and len(data.rows) > 1 and all(_NAME.match(v.replace(".", "_")) for v in data.rows[0]):
        data.names, data.rows, data.lines = data.rows[0], data.rows[1:], data.lines[1:]
    return data


def _columns(text: str) -> Data:
    pairs = [(m.group(1) or m.group(2), _values(m.group(3))) for m in _PAIR.finditer(text)]
    pairs = [(name, values) for name, values in pairs if values]
    height = max((len(values) for _, values in pairs), default=0)
    rows = [[values[i] if i < len(values) else "" for _, values in pairs] for i in range(height)]
    return Data([name for name, _ in pairs], rows, [0] * height)


def _tribble(text: str) -> Data:
    headers = list(_TILDE.finditer(text))
    if not headers:
        return Data()
    after = headers[-1].end()
    inner = text[after:].rstrip().removesuffix(")")
    values = _values(inner)
    width = len(headers)
    rows = [values[i : i + width] for i in range(0, len(values), width)]
    first = after + len(inner) - len(inner.lstrip(" \t\r\n,"))  # the first value, after the headers' comma
    return Data([h.group(1) for h in headers], rows, [text.count("\n", 0, first)] * len(rows))


def _records(text: str) -> Data:
    keyword = _KEYWORD.search(text)
    body = text[: keyword.start()] if keyword else text
    rows, names_ = [], _values(keyword.group(1)) if keyword else []
    for found in _ROW.finditer(body):
        inner = found.group(1)
        if found.group().startswith("{"):  # a record as a dict: its keys name the columns
            pairs = re.findall(r"""["']([^"']+)["']\s*:\s*("[^"]*"|'[^']*'|[^,}]+)""", inner)
            names_ = names_ or [k for k, _ in pairs]
            rows.append([v.strip().strip("'\"") for _, v in pairs])
        else:
            rows.append(_values(inner))
    return Data(names_, rows, [0] * len(rows))


def read(text: str, form: str, columns: str = "") -> Data:
    if form == "columns":
        return _columns(text)
    if form == "rows":
        return _tribble(text)
    if form == "records":
        return _records(text)
    return _lines(text, names(columns))
