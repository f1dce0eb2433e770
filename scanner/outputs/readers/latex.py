"""LaTeX tables: the `tabular` family (`tabular`, `tabular*`, `tabularx`, `longtable`) as esttab/estout,
stargazer, kable, xtable and outreg2 write them. Cells end at `&`, rows at `\\\\`, rules (`\\hline`, booktabs
`\\toprule`/`\\midrule`, `\\cline`) separate the header from the body, `\\multicolumn{n}{spec}{text}` spans `n`
columns. Cell text is shown as a reader sees it: commands and braces dropped, their arguments kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import Cell, Grid, Locator

_BEGIN = re.compile(r"\\begin\{(tabular\*?|tabularx|longtable|tabu)\}")
# Rules across the table separate the header from the body; partial rules (\cmidrule, \cline) and spacing do not.
_RULE = re.compile(r"\\(?:hline|toprule|midrule|bottomrule)(?:\[[^\]]*\])?")
_SKIP = re.compile(
    r"\\(?:cmidrule(?:\[[^\]]*\])?(?:\([^)]*\))?\{[^}]*\}|cline\{[^}]*\}"
    r"|endhead|endfirsthead|endfoot|endlastfoot|addlinespace(?:\[[^\]]*\])?)"
)
_MULTI = re.compile(r"\\multicolumn\{(\d+)\}\{[^}]*\}\{")
_COMMAND = re.compile(r"\\label\{[^}]*\}|\\[A-Za-z]+\*?(?:\[[^\]]*\])?|[{}$]|\\(?=[&%#_ ])")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_CAPTION = re.compile(r"\\caption\{")
# Arguments after \begin{env}: widths and column specs, e.g. {\linewidth}{@{}lcc@{}}.
_ARGS = {"tabular": 1, "tabular*": 2, "tabularx": 2, "longtable": 1, "tabu": 1}


def _group(text: str, start: int) -> int:
    """Offset just past the brace group that opens at `start` (or `start` itself if no group opens there)."""
    while start < len(text) and text[start] in " \t\r\n":
        start += 1
    if start >= len(text) or text[start] not in "{[":
        return start
    opener = text[start]
    closer = "}" if opener == "{" else "]"
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "\\":
            continue
        if text[i] == opener and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == closer and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _arguments(text: str, start: int, count: int) -> int:
    """Offset past `count` brace arguments, with the optional `[...]` ones between them (`[t]`, a position)."""
    while count:
        after = _group(text, start)
        if after == start:
            return start
        if text[start:after].lstrip().startswith("{"):
            count -= 1
        start = after
    return start


def plain(text: str) -> str:
    """The cell as read: `\\textbf{12}` is 12, `0.31\\sym{**}` is 0.31**, `\\multicolumn{2}{c}{Men}` is Men."""
    text = _MULTI.sub("{", _COMMENT.sub("", text))
    return " ".join(_COMMAND.sub("", text).replace("~", " ").split())


def _caption(text: str, before: int) -> str:
    """The last \\caption{...} of the table environment around the tabular, if it stands within 2000 characters."""
    window = text[max(0, before - 2000, text.rfind("\\end{", 0, before)) : before]
    found = list(_CAPTION.finditer(window))
    if not found:
        return ""
    start = found[-1].end() - 1
    return plain(window[start : _group(window, start)])


def _split(body: str, offset: int) -> Iterator[tuple[list[tuple[int, int]], bool]]:
    """(cell spans as offsets, whether a rule precedes the row) per row of a tabular body."""
    depth, start, cells, ruled = 0, 0, [], False
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and body.startswith("\\\\", i) and depth == 0:
            cells.append((start, i))
            yield [(a + offset, b + offset) for a, b in cells], ruled
            cells, ruled = [], False
            i = _group(body, i + 2) if body[i + 2 : i + 3] == "[" else i + 2
            start = i
            continue
        if ch == "\\":
            rule = _RULE.match(body, i) or _SKIP.match(body, i)
            if rule and depth == 0 and not plain(body[start:i]):
                ruled = ruled or rule.re is _RULE
                i = start = rule.end()
                continue
            i += 2
            continue
        if ch == "%":  # a comment runs to the end of its line
            end = body.find("\n", i)
            i = len(body) if end < 0 else end
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "&" and depth == 0:
            cells.append((start, i))
            start = i + 1
        i += 1
    if body[start:].strip() or cells:
        cells.append((start, len(body)))
        yield [(a + offset, b + offset) for a, b in cells], ruled


def tables(text: str) -> Iterator[Grid]:
    at = Locator(text)
    for begin in _BEGIN.finditer(text):
        env = begin.group(1)
        start = begin.end()
        start = _arguments(text, start, _ARGS[env])
        end = text.find(f"\\end{{{env}}}", start)
        end = len(text) if end < 0 else end
        grid = Grid("latex", title=_caption(text, begin.start()))
        rules_seen = 0
        for spans, ruled in _split(text[start:end], start):
            rules_seen += ruled
            # The header is what stands above the first rule below the top rule (booktabs or \hline style).
            if grid.header_rows < 0 and rules_seen >= 2 and grid.rows:
                grid.header_rows = len(grid.rows)
            row: list[Cell] = []
            for a, b in spans:
                raw = text[a:b]
                # the cell starts at its first text, after blank space and comment lines
                lead = len(raw) - len(_COMMENT.sub(lambda c: " " * len(c.group()), raw).lstrip())
                stripped_end = a + len(raw.rstrip())
                cell = at.cell(plain(raw), a + lead, max(a + lead, stripped_end))
                width = _MULTI.search(raw)
                row.append(cell)
                for _ in range(int(width.group(1)) - 1 if width else 0):
                    row.append(Cell(cell.text, cell.line, cell.column, cell.end_line, cell.end_column, spanned=True))
            if any(c.text for c in row):
                grid.rows.append(row)
        if grid.rows:
            for row in grid.rows[: max(grid.header_rows, 0)]:
                for cell in row:
                    cell.header = True
            yield grid
