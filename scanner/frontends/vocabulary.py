"""The grammars checked when they load: a typo in a query or a command table is an error naming its file and line, not a
KeyError on every file scanned or a pattern that silently never fires.

In `grammars/<lang>/*.scm`, every capture is a fact kind, an attribute that the pattern's fact kinds declare
(`attributes` in grammars/facts.toml), or a helper (`_name`; of the `_defines.*` helpers only those the data flow
reads); every predicate is one the Python bindings honour; every `#set!` key is `check`, `defines`, `via`, `calls`,
`constants`, `fetches` or a declared attribute; every check exists; every rule id is in the catalogue (a `{callee}` id
for each name `#any-of? @callee` allows). In `grammars/stata/commands.toml`, every key and value is one the Stata
front end reads and every rule exists; every abbreviation (prefixes, `#delimit`) is a prefix of its word. In
`grammars/sas/statements.toml`, every key is one the SAS reader knows, every keyword lower case and every inline-data
terminator `;` or `;;;;`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import regex

from ..registry import catalogue
from ..resources import list_dir, load_toml, read_text
from .tsquery import DRAWN, HELPERS, QUERY_TOKEN, VIA, GrammarError, expand

# `#set!` keys that steer the query engine rather than set an attribute.
_ENGINE_KEYS = frozenset(
    {"check", "defines", "via", "calls", "constants", "fetches", "no-keys", "keys-in", "not-own", "summarised"}
)
# Not `#not-any-of?`: the Python bindings ignore it when it lists several names (every node matches); say
# `#not-match? @x "^(a|b)$"` instead.
_PREDICATES = frozenset({"#eq?", "#not-eq?", "#any-eq?", "#match?", "#not-match?", "#any-match?", "#any-of?", "#set!"})


@dataclass(slots=True)
class _Node:
    line: int
    items: list[_Node | tuple[str, int]] = field(default_factory=list)


def _parse(source: str) -> list[_Node]:
    """The top-level patterns of a query, as nested lists of (token, line)."""
    stack = [_Node(0)]
    line, at = 1, 0
    for m in QUERY_TOKEN.finditer(source):
        line += source.count("\n", at, m.start())
        at = m.start()
        token = m.group()
        if token.startswith(";"):
            continue
        if token in "([":
            node = _Node(line)
            stack[-1].items.append(node)
            stack.append(node)
        elif token in ")]":
            if len(stack) > 1:
                stack.pop()
        elif len(stack) == 1 and stack[0].items and isinstance(stack[0].items[-1], _Node):
            # `(node ...) @capture` at top level: the capture belongs to the pattern before it
            stack[0].items[-1].items.append((token, line))
        else:
            stack[-1].items.append((token, line))
    return [item for item in stack[0].items if isinstance(item, _Node)]


def _walk(node: _Node) -> Iterator[_Node | tuple[str, int]]:
    for item in node.items:
        yield item
        if isinstance(item, _Node):
            yield from _walk(item)


def _string(token: str) -> str:
    return token[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def _kinds() -> dict[str, frozenset[str]]:
    return {kind: frozenset(meta.get("attributes", ())) for kind, meta in load_toml("grammars", "facts.toml").items()}


def check_query(label: str, source: str, checks: Collection[str]) -> None:
    """Raise GrammarError at the first name in this query source (`label`: its file, for the message) that nobody
    defined."""
    kinds, rules = _kinds(), catalogue()
    for pattern in _parse(source):
        items = list(_walk(pattern))
        captures = [(token[1:], line) for token, line in (i for i in items if isinstance(i, tuple)) if token[0] == "@"]
        predicates = [n for n in items if isinstance(n, _Node) and n.items and isinstance(n.items[0], tuple)]
        predicates = [n for n in predicates if n.items[0][0].startswith("#")]  # type: ignore[index]
        declared = frozenset().union(*(kinds[name] for name, _ in captures if name in kinds))
        # A misspelt fact kind first: it leaves the pattern's attributes without a fact to belong to.
        for name, line in sorted(captures, key=lambda c: "." not in c[0]):
            if name in kinds or name in declared or (name.startswith("_") and not name.startswith("_defines")):
                continue
            if name in HELPERS or name == DRAWN:
                continue
            raise GrammarError(
                f"{label}:{line}: unknown capture @{name}: not a fact kind (grammars/facts.toml), an attribute its "
                f"fact declares ({', '.join(sorted(declared)) or 'none'}), or a helper (@_name)"
            )
        for predicate in predicates:
            name, line = predicate.items[0]  # type: ignore[misc]
            args = [item[0] for item in predicate.items[1:] if isinstance(item, tuple)]
            if name not in _PREDICATES:
                raise GrammarError(f"{label}:{line}: unknown predicate {name}")
            if name == "#set!":
                _check_setting(label, line, args, declared, checks, rules, _allowed(predicates, "callee"))


def _allowed(predicates: list[_Node], capture: str) -> list[str]:
    """The names `#any-of? @capture ...` allows in a pattern."""
    for predicate in predicates:
        tokens = [item[0] for item in predicate.items if isinstance(item, tuple)]
        if tokens[:2] == ["#any-of?", f"@{capture}"]:
            return [_string(t) for t in tokens[2:]]
    return []


def _check_setting(
    label: str,
    line: int,
    args: list[str],
    declared: frozenset[str],
    checks: Collection[str],
    rules: Collection[str],
    callees: list[str],
) -> None:
    if len(args) != 2 or not args[1].startswith('"'):
        raise GrammarError(f'{label}:{line}: #set! takes a key and a "value"')
    key, value = args[0], _string(args[1])
    if key not in _ENGINE_KEYS and key not in declared:
        known = ", ".join(sorted(_ENGINE_KEYS | declared))
        raise GrammarError(f"{label}:{line}: unknown #set! key {key!r} (known here: {known})")
    if key == "check":
        for name in value.split(","):
            if name not in checks:
                raise GrammarError(f"{label}:{line}: unknown check {name!r} (known: {', '.join(sorted(checks))})")
    elif key == "via" and value not in VIA:
        raise GrammarError(f"{label}:{line}: unknown via kind {value!r} (known: {', '.join(sorted(VIA))})")
    elif key == "defines":
        try:
            regex.compile(value)
        except regex.error as err:
            raise GrammarError(f"{label}:{line}: #set! defines is not a regular expression: {err}") from None
    elif key in ("rule", "keyed"):
        ids = [value.replace("{callee}", callee.lower()) for callee in callees] if "{callee}" in value else [value]
        if not ids:
            raise GrammarError(f"{label}:{line}: rule {value!r} needs the names from #any-of? @callee")
        for rule_id in ids:
            if rule_id not in rules:
                raise GrammarError(f"{label}:{line}: no rule {rule_id!r} in the catalogue (patterns/rules/)")


# The keys of a Stata command entry the front end reads, with the values it understands (None: any text; a regex
# for `when`/`unless`; `true` for a switch).
_COMMAND_KEYS: dict[str, frozenset[str | bool] | None] = {
    "min": None,
    "rule": None,
    "needs": frozenset({"subscript"}),
    "unless_empty": frozenset({True}),
    "data": None,
    "block": None,
    "output": frozenset({"table", "extreme", "results"}),
    "state": frozenset({"aggregates", "rows", "push", "pop", "empty"}),
    "when_option": None,
    "when": None,
    "unless": None,
    "program_unless": None,
    "program_option": None,
    "estimate_names": None,
    "lower_limit": None,
    "upper_limit": None,
    "unless_added": frozenset({True}),
    "program_lower": None,
    "program_upper": None,
    "marks_added": None,
    "brings_rows": None,
    "renames": frozenset({True}),
    "grows": frozenset({True}),
    "writes": frozenset({"using", "first"}),
    "file": frozenset({"using", "first", "second"}),
    "holds": frozenset({"aggregates", "memory", "read"}),
    "results": frozenset({"adds", "keeps"}),
    "over_aggregates": frozenset({"table"}),
    "frames": frozenset({"create", "switch", "copy", "put"}),
    "groups": None,
    "defines": None,
    "subcommands": None,
    "outputs": None,
}
# The keys whose value is a regular expression.
_PATTERN_KEYS = frozenset(
    {
        "when",
        "unless",
        "program_unless",
        "estimate_names",
        "lower_limit",
        "upper_limit",
        "program_lower",
        "program_upper",
        "marks_added",
        "brings_rows",
        "groups",
    }
)
# The keys of one case of `outputs` (the first whose `when` matches the arguments types the output).
_OUTPUT_CASE_KEYS: dict[str, frozenset[str] | None] = {
    "when": None,
    "output": frozenset({"table", "extreme"}),
    "statistic": None,
}


def check_commands(label: str, source: str, table: dict[str, Any]) -> None:
    """Raise GrammarError at the first entry of the Stata command table with an unknown key, value or rule."""
    rules = catalogue()

    def line_of(parents: tuple[str, ...], name: str, key: str) -> int:
        """The line of `key` in the entry of command `name` (under `parents`), or of the entry itself."""
        path = ".".join(f"{p}.subcommands" for p in parents)
        header = rf"^\[commands\.{regex.escape(path + '.' if path else '')}{regex.escape(name)}\]"
        if parents:
            section = rf"^\[commands\.{regex.escape(path)}\][^\[]*?^{regex.escape(name)}\s*=\s*\{{"
            header = rf"(?:{header}|{section})"
        entry = regex.search(rf"(?ms){header}", source)
        if entry is None:
            return 0
        end = source.find("\n[", entry.end())
        within = regex.compile(rf"(?m)(?:^|\{{|,)\s*{regex.escape(key)}\s*=")
        at = within.search(source, entry.end() - (1 if parents else 0), end if end != -1 else len(source))
        return source.count("\n", 0, at.start() if at else entry.end()) + 1

    def walk(commands: dict[str, Any], parents: tuple[str, ...] = ()) -> None:
        for name, spec in commands.items():
            if not isinstance(spec, dict) or not spec.get("min") or not name.startswith(spec["min"]):
                at = f"{label}:{line_of(parents, name, 'min')}: {name}"
                raise GrammarError(f"{at}: `min` must be the command's shortest abbreviation")
            for key, value in spec.items():
                where = _Where(label, name, partial(line_of, parents, name, key))
                if key not in _COMMAND_KEYS:
                    raise GrammarError(f"{where}: unknown key {key!r} (known: {', '.join(_COMMAND_KEYS)})")
                allowed = _COMMAND_KEYS[key]
                if allowed is not None and value not in allowed:
                    raise GrammarError(f"{where}: {key} = {value!r}; known: {', '.join(sorted(map(str, allowed)))}")
                if key == "rule" and value not in rules:
                    raise GrammarError(f"{where}: no rule {value!r} in the catalogue (patterns/rules/)")
                if key in _PATTERN_KEYS:
                    _pattern(where, key, value)
                if key == "outputs":
                    for case in value:
                        _case(where, case)
            walk(spec.get("subcommands", {}), (*parents, name))

    walk(table["commands"])
    files = table.get("results_files")
    if files is not None:  # the patterns that type a file by its name or its writer (`use`, `saving()`), all required
        for key in ("says", "whose", "installed", "saving"):
            if not isinstance(files.get(key), str):
                raise GrammarError(f"{label}: [results_files] needs `{key}` (a pattern)")
            _pattern(f"{label}: results_files", key, files[key])
    _check_abbreviations(label, source, table)


# Besides `commands`, the Stata table holds word -> shortest abbreviation tables, with the words the front end
# asks for by name.
_ABBREVIATIONS: dict[str, dict[str, frozenset[str]]] = {
    "prefixes": {"words": frozenset({"quietly", "noisily"}), "by": frozenset()},
    "directives": {"delimit": frozenset({"#delimit"})},
}


def _check_abbreviations(label: str, source: str, table: dict[str, Any]) -> None:
    def line_of(text: str) -> int:
        return source.count("\n", 0, max(source.find(text), 0)) + 1

    for name in table:
        if name not in ("commands", "results_files") and name not in _ABBREVIATIONS:
            raise GrammarError(f"{label}:{line_of(f'[{name}')}: unknown table [{name}]")
    for name, groups in _ABBREVIATIONS.items():
        for group, needed in groups.items():
            words = table.get(name, {}).get(group)
            if not isinstance(words, dict) or not needed <= words.keys():
                wanted = f" with {', '.join(sorted(needed))}" if needed else ""
                raise GrammarError(f"{label}: [{name}] needs `{group}` (word = abbreviation){wanted}")
            for word, short in words.items():
                if not isinstance(short, str) or not short or not word.startswith(short):
                    where = f"{label}:{line_of(word)}: [{name}] {group}.{word}"
                    raise GrammarError(f"{where}: {short!r} must be the word's shortest abbreviation")


# grammars/sas/statements.toml: lists of SAS keywords (lower case, as the reader compares them) and the inline data
# statements with the line that ends their data.
_SAS_LISTS = (
    "plain",
    "reads",
    "raw",
    "step_end",
    "conditions",
    "summarise",
    "passes",
    "observation_models",
    "results",
    "observation_names",
    "lists_observations",
    "result_statements",
    "statistics_options",
    "metadata_names",
    "metadata_procedures",
    "statistics_types",
    "result_types",
    "model_statistics",
    "result_columns",
    "sample_statistics",
    "frequency_weights",
    "total_weights",
    "web_procedures",
    "web_access",
    "answer_engines",
    "report_summaries",
    "sql_summaries",
    "read_options",
    "read_variables",
    "per_category_plots",
)
# ... and lists of lower-case words or phrases that are no SAS keywords: what the reader looks for within a
# variable's label, the commands that print a file and the endings of files of program text.
_SAS_PHRASES = ("statistics_labels", "observation_labels", "file_readers", "program_files")
_SAS_KEYWORD = regex.compile(r"%?[a-z_][a-z0-9_]*")
_SAS_PHRASE = regex.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")
_SAS_TERMINATORS = frozenset({";", ";;;;"})


def check_statements(label: str, table: dict[str, Any]) -> None:
    """Raise GrammarError at the first key or keyword of the SAS statement table the reader would not understand."""
    known = (*_SAS_LISTS, *_SAS_PHRASES, "datalines")
    for key in table:
        if key not in known:
            raise GrammarError(f"{label}: unknown key {key!r} (known: {', '.join(known)})")
    for keys, pattern, kind in ((_SAS_LISTS, _SAS_KEYWORD, "SAS keyword"), (_SAS_PHRASES, _SAS_PHRASE, "phrase")):
        for key in keys:
            words = table.get(key)
            if not isinstance(words, list) or not words:
                raise GrammarError(f"{label}: {key} must be a list of lower-case {kind}s")
            for word in words:
                if not isinstance(word, str) or not pattern.fullmatch(word):
                    raise GrammarError(f"{label}: {key}: {word!r} is not a lower-case {kind}")
    datalines = table.get("datalines")
    if not isinstance(datalines, dict) or not datalines:
        raise GrammarError(f"{label}: [datalines] must map statements to the line that ends their data")
    for word, terminator in datalines.items():
        if not _SAS_KEYWORD.fullmatch(word) or terminator not in _SAS_TERMINATORS:
            raise GrammarError(
                f"{label}: datalines.{word} = {terminator!r}; known terminators: {', '.join(sorted(_SAS_TERMINATORS))}"
            )


class _Where:
    """`label:line: name` of an entry of the Stata command table, for an error message: the line is searched for only
    when one is written (a search of the table per key checked cost every scan 30 ms)."""

    def __init__(self, label: str, name: str, line: Callable[[], int]) -> None:
        self.label, self.name, self.line = label, name, line

    def __str__(self) -> str:
        return f"{self.label}:{self.line()}: {self.name}"


def _pattern(where: str | _Where, key: str, value: str) -> None:
    try:
        regex.compile(value)
    except regex.error as err:
        raise GrammarError(f"{where}: {key} is not a regular expression: {err}") from None


def _case(where: str | _Where, case: dict[str, Any]) -> None:
    if "when" not in case or "output" not in case:
        raise GrammarError(f"{where}: each of `outputs` needs `when` and `output`")
    for key, value in case.items():
        if key not in _OUTPUT_CASE_KEYS:
            raise GrammarError(f"{where}: outputs: unknown key {key!r} (known: {', '.join(_OUTPUT_CASE_KEYS)})")
        allowed = _OUTPUT_CASE_KEYS[key]
        if allowed is not None and value not in allowed:
            raise GrammarError(f"{where}: outputs: {key} = {value!r}; known: {', '.join(sorted(map(str, allowed)))}")
    _pattern(where, "outputs: when", case["when"])


def check_grammars(languages: Collection[str], checks: Collection[str]) -> None:
    """Check every shipped query and the Stata command table."""
    for language in languages:
        for entry in list_dir("grammars", language):
            if entry.name.endswith(".scm"):
                check_query(
                    f"grammars/{language}/{entry.name}", expand(language, entry.read_text(encoding="utf-8")), checks
                )
    source = read_text("grammars", "stata", "commands.toml")
    check_commands("grammars/stata/commands.toml", source, load_toml("grammars", "stata", "commands.toml"))
    check_statements("grammars/sas/statements.toml", load_toml("grammars", "sas", "statements.toml"))
