"""R post-checks: what a pipe or a data.table subset prints."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property, lru_cache

import regex
import tree_sitter as ts

from ..identifiers import is_identifier, names_identifier
from ..model import Fact
from ..resources import load_toml
from .tokens import Positions
from .tsquery import Candidate, Check, Scope, looks_ahead, parser, root_of, words

_R_PIPES = ("%>%", "|>")
# The node types of a literal value.
_R_LITERALS = ("string", "float", "integer", "true", "false", "null")
# data.table's `dt[i, j, by = g]` with a summary in j (grammars/r/results.toml `group_summaries`) prints one row
# per group.
_R_BY = regex.compile(r"\b(?:by|keyby)\s*=")


def _r_results(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a pipe whose source or some step makes a results table (grammars/r/results.toml), nor one that nests the
    rows per group without unnesting them again, nor a per-group summary of a data.table."""
    node: ts.Node | None = c.node
    if node is not None and node.type == "subset":
        quoted = _r_quoted(node, scope, c.start - node.start_byte, c.start)
        if not (_R_BY.search(c.fact.text) and _r_group_summary().search(c.fact.text)) and not _r_summary_j(
            node, quoted
        ):
            yield c.fact
        return
    while node is not None and _r_operator(node) in _R_PIPES:
        verb = _r_call_name(node.child_by_field_name("rhs"))
        if verb in _r_words("functions") or verb in ("nest", "nest_by"):
            return  # walking from the last verb back: a nest met before any unnest is not undone
        if verb == "unnest":
            break
        node = node.child_by_field_name("lhs")
    while node is not None and _r_operator(node) in _R_PIPES:
        node = node.child_by_field_name("lhs")
    if node is not None and node.type == "identifier" and node.text is not None:
        if scope.kind(node.text.decode(), c.start) == "other":
            return
        if _Tree(root_of(node), scope, c.start - c.node.start_byte).made_of_tables(node, set()):
            return
    elif _r_makes_results(_r_call_name(node), scope, c.start) or (
        node is not None and (_r_typed_table(node) or _r_made_of_results(node, scope, c.start))
    ):
        return
    yield c.fact


def _r_made_of_results(node: ts.Node, scope: Scope, start: int) -> bool:
    """A table made (grammars/r/results.toml `made_tables`: `cbind(cases, pred$x)`, `enframe(fa$uniquenesses)`)
    only of names that hold no frame, through calls of that list, vectors of literals, rounding or a model's parts:
    the program's own values or results."""
    if _r_call_name(node) not in _r_words("made_tables"):
        return False
    allowed = _r_words("made_tables") | _r_words("literal_vectors") | _r_words("rounding") | {"coef", "confint"}
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "call" and _r_call_name(current) not in allowed:
            return False
        # an argument's value, not its name; a part's object, not the part's name (`pred$x`)
        inner = {"argument": "value", "extract_operator": "lhs"}.get(current.type)
        if inner is not None:
            child = current.child_by_field_name(inner)
            stack.extend([child] if child is not None else [])
            continue
        if current.type == "identifier" and current.text is not None:
            names.add(current.text.decode())
        if current.type != "call":
            stack.extend(current.named_children)
        else:
            stack.extend(_r_arguments(current))
    return bool(names) and all(scope.kind(name, start) == "other" for name in names)


def _r_quoted(subset: ts.Node, scope: Scope, shift: int, start: int) -> dict[str, ts.Node]:
    """The names of the file assigned a quoted call (`cl <- quote(.(m = mean(x)))`), each with that call's
    argument, as they stand before this subset: what `dt[, eval(cl)]` evaluates."""
    root = root_of(subset)
    out: dict[str, ts.Node] = {}
    for name in _r_names(subset):
        earlier = [at for at, _k in scope.defs.get(name, ()) if at < start]
        if not earlier:
            continue
        at = earlier[-1] - shift
        target = root.descendant_for_byte_range(at, at + len(name.encode())) if at >= 0 else None
        if target is None or _r_text(target) != name:
            continue  # assigned in another chunk of the document
        value = _r_assigned_value(target)
        arguments = _r_arguments(value) if _r_call_name(value) == "quote" else []
        quoted = arguments[0].child_by_field_name("value") if len(arguments) == 1 else None
        if quoted is not None:
            out[name] = quoted
    return out


def _r_makes_results(name: str, scope: Scope, start: int) -> bool:
    """A function that returns results: R's (grammars/r/results.toml `functions`) or the file's own whose value is
    results (frames.scm's `maker`)."""
    return name in _r_words("functions") or (bool(name) and scope.kind(name, start) == "maker")


@cache
def _r_words(key: str) -> frozenset[str]:
    """A list of R function names in grammars/r/results.toml."""
    return frozenset(load_toml("grammars", "r", "results.toml")[key])


def _r_typed_table(node: ts.Node) -> bool:
    """A table typed into the program at the start of a pipe (`tibble(k = 2:20) %>% mutate(...)`): every argument
    a literal, a range or a vector of literals. The inline-data rule judges typed-in rows."""
    if _r_call_name(node) not in _r_words("typed_tables"):
        return False
    values = [a.child_by_field_name("value") for a in _r_arguments(node)]
    return bool(values) and all(v is not None and _r_literal(v) for v in values)


def _r_literal(node: ts.Node) -> bool:
    if node.type in _R_LITERALS:
        return True
    if node.type == "unary_operator":
        return all(_r_literal(child) for child in node.named_children)
    if node.type == "binary_operator":
        operator = node.child_by_field_name("operator")
        return operator is not None and operator.text == b":" and all(_r_literal(c) for c in node.named_children)
    if node.type == "call" and _r_call_name(node) in _r_words("literal_vectors"):
        values = [a.child_by_field_name("value") for a in _r_arguments(node)]
        return all(v is None or _r_literal(v) for v in values)
    return False


@cache
def _r_group_summary() -> regex.Pattern[str]:
    """A call of a summary function, data.table's `.N`, or a summary function applied to every column
    (`lapply(.SD, mean)`)."""
    names = words("r", "group_summaries")
    return regex.compile(rf"(?:\b{names}\s*\(|\.N\b|\blapply\s*\(\s*\.SD\s*,\s*{names}\b)")


def _r_summary_j(subset: ts.Node, quoted: dict[str, ts.Node] | None = None) -> bool:
    """A data.table `dt[i, j]` whose j is only summaries: `.N`, `sum(x)`, `.(n = .N, m = mean(x))`,
    `lapply(.SD, mean)`, also `eval(cl)` or `cl, env = list(cl = cl)` of a name `quoted` maps to such a call: one
    row (per group), whether or not it has a `by`."""
    arguments = subset.child_by_field_name("arguments")
    parts = arguments.named_children if arguments is not None else []
    commas = [i for i, part in enumerate(parts) if part.type == "comma"]
    following = parts[commas[0] + 1] if commas and commas[0] + 1 < len(parts) else None
    j = following.child_by_field_name("value") if following is not None and following.type == "argument" else None
    if j is None or following is None or following.child_by_field_name("name") is not None:
        return False
    env = _r_env(parts)
    if _r_call_name(j) == "eval" and quoted:
        values = [v for a in _r_arguments(j) if (v := a.child_by_field_name("value")) is not None]
        target = quoted.get(_r_text(values[0])) if len(values) == 1 and values[0].type == "identifier" else None
        return target is not None and _r_summary(target, env)
    if j.type == "identifier" and _r_text(j) in env and quoted:
        # `dt[, cl, env = list(cl = cl)]`: data.table substitutes the quoted call a name holds
        target = quoted.get(env[_r_text(j)])
        return target is not None and _r_summary(target, env)
    return _r_summary(j, env)


def _r_env(parts: list[ts.Node]) -> dict[str, str]:
    """What data.table's `env = list(fun = "mean")` substitutes: name -> function name."""
    env = next((p.child_by_field_name("value") for p in parts if _r_argument_name(p) == "env"), None)
    if _r_call_name(env) != "list" or env is None:
        return {}
    return {
        _r_argument_name(a): _r_text(a.child_by_field_name("value")).strip("\"'")
        for a in _r_arguments(env)
        if _r_argument_name(a)
    }


def _r_summary(node: ts.Node, env: dict[str, str]) -> bool:
    """A summary (grammars/r/results.toml `group_summaries`, `.N`), a list of them, a summary applied to every
    column, or the sorted distinct values of a column that is not a person key (`sort(unique(hour))`); `env` names
    what data.table substitutes (`fun(x), env = list(fun = "mean")`)."""
    summaries = _r_words("group_summaries")
    if node.type == "identifier":
        return node.text == b".N"
    name = _r_call_name(node)
    name = env.get(name, name)
    values = [v for a in _r_arguments(node) if (v := a.child_by_field_name("value")) is not None]
    if name in (".", "list"):
        return bool(values) and all(_r_summary(v, env) for v in values)
    if name in ("lapply", "sapply"):
        return len(values) >= 2 and values[1].type == "identifier" and _r_text(values[1]) in summaries
    if name == "sort":
        return bool(values) and _r_summary(values[0], env)
    if name == "unique":
        # As base R's `unique(d$x)`, which no rule flags; the distinct person keys are a list of persons.
        return len(values) == 1 and values[0].type == "identifier" and not is_identifier(_r_text(values[0]))
    return name in summaries


def _r_pipe_results(c: Candidate, scope: Scope, p: Positions, e: bool) -> Iterator[Fact]:
    """A pipe whose source or some step makes results: what `r-results` keeps out of the prints of rows."""
    if next(_r_results(c, scope, p, e), None) is None:
        yield c.fact


def _r_results_call(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A call of a function that returns results (grammars/r/results.toml `functions`), or `predict()` for new
    data the program made (a name known to hold no data frame: `expand.grid(...)`, `data.frame(x = c(1, 2))`);
    through `round()` and the like, what is rounded decides (`round(svyby(...), 4)`)."""
    if _r_returns_results(c.node, scope, c.start):
        yield c.fact


def _r_returns_results(call: ts.Node, scope: Scope, start: int) -> bool:
    name = _r_call_name(call)
    values = _r_arguments(call)
    if name in _r_words("rounding"):
        first = values[0].child_by_field_name("value") if values else None
        return first is not None and first.type == "call" and _r_returns_results(first, scope, start)
    if name == "predict":
        named = [a for a in values if _r_argument_name(a) == "newdata"]
        positional = [a for a in values if _r_argument_name(a) == ""]
        new = (named or positional[1:2])[:1]
        value = new[0].child_by_field_name("value") if new else None
        return value is not None and value.type == "identifier" and scope.kind(_r_text(value), start) == "other"
    return _r_makes_results(name, scope, start) or _r_on_typed_values(call, scope, start)


def _r_on_typed_values(call: ts.Node, scope: Scope, start: int) -> bool:
    """A call whose data, its first argument, are typed into the program (grammars/r/results.toml `typed_values`),
    its other arguments such values or names the file never assigned (a function passed: `colSums`); not a read
    (`read.table(text = ...)`, `lapply(files, read.csv)`) nor a call that brings data in (`merge(data.frame(id =
    1:3), cohort)`, `mget(c("cohort"))`)."""
    name = _r_call_name(call)
    if not name or _r_data_call(name):
        return False
    arguments = _r_arguments(call)
    values = [a.child_by_field_name("value") for a in arguments]
    # data: a vector or a table made of literals, not a setting or a name (`library("zoo")`, `options(prompt =
    # "R> ")`)
    data = values[0] if arguments and not _r_argument_name(arguments[0]) else None
    if data is None or not (_r_operator(data) == ":" or data.type == "call") or not _r_typed_value(data):
        return False
    return all(
        v is None
        or _r_typed_value(v)
        or (
            v.type == "identifier"
            and scope.kind(_r_text(v), start) is None
            and not is_identifier(_r_text(v))
            and not _r_data_call(_r_text(v))
        )
        for v in values[1:]
    )


def _r_data_call(name: str) -> bool:
    """A function that reads data or brings it in (grammars/r/results.toml `reads`, `brings`)."""
    return bool(_r_values("reads").fullmatch(name) or _r_values("brings").search(name))


def _r_typed_value(node: ts.Node) -> bool:
    """A literal, or a value made of literals only through calls that make values of what they are given."""
    if _r_literal(node):
        return True
    makers = _r_words("typed_values") | _r_words("literal_vectors") | _r_words("made_tables") | _r_words("typed_tables")
    if node.type != "call" or _r_call_name(node) not in makers:
        return False
    values = [a.child_by_field_name("value") for a in _r_arguments(node)]
    return all(v is not None and _r_typed_value(v) for v in values)


def _r_text(node: ts.Node | None) -> str:
    return node.text.decode() if node is not None and node.text is not None else ""


def _r_arguments(call: ts.Node | None) -> list[ts.Node]:
    """A call's arguments: its `argument` nodes, not the commas and comments between them."""
    arguments = call.child_by_field_name("arguments") if call is not None else None
    return [a for a in arguments.named_children if a.type == "argument"] if arguments is not None else []


def _r_argument_name(argument: ts.Node) -> str:
    name = argument.child_by_field_name("name")
    return _r_text(name) if name is not None else ""


def _r_not_method(c: Candidate, _s: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not inside a method of a generic that displays its own object (grammars/r/results.toml `methods`):
    `print.survfit <- function(x, ...)` or `setMethod("show", "dgCMatrix", function(object) ...)` prints its
    results object, not the file's data."""
    node = c.node.parent
    while node is not None:
        if node.type == "function_definition" and _r_method(node):
            return
        node = node.parent
    yield c.fact


def _r_not_saved(c: Candidate, _s: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a table printer (`gt`, `kable`, ...; `print` always prints) whose result goes straight into a file writer
    (grammars/r/results.toml `table_writers`), piped on (`d %>% gt() %>% cols_label(...) %>% gtsave(f)`) or as its
    argument (`gtsave(gt(d), f)`): it writes a file, scanned on its own when it goes home, and shows nothing; unless
    a `print()` on the way shows it (`d %>% gt() %>% print() %>% gtsave(f)`)."""
    printer = c.node if c.node.type == "call" else c.node.child_by_field_name("rhs")
    if _r_call_name(printer) != "print":
        node = c.node
        while (parent := node.parent) is not None:
            if parent.type == "binary_operator" and parent.child_by_field_name("lhs") == node:
                step = _r_call_name(parent.child_by_field_name("rhs"))
                if _r_operator(parent) not in _R_PIPES or step == "print":  # printed on the way
                    break
                if step in _r_words("table_writers"):
                    return
            elif parent.type == "argument" and parent.parent is not None:
                if _r_call_name(parent.parent.parent) in _r_words("table_writers"):
                    return
                break
            else:
                break
            node = parent
    yield c.fact


def _r_not_called(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a name the file never assigns and calls as a function (`str(gSim)`, then `gSim(n = 10)`, of a function
    a sourced file defines): what str() shows of it is the function. A name the file assigns (`data <- read.csv(f)`)
    keeps what it was assigned, whatever function of that name is called (`data("iris")`)."""
    name = c.fact.attrs.get("frame", "").encode()
    if scope.kind(name.decode(), c.start) is not None:
        yield c.fact
        return
    root = root_of(c.node)
    stack = [root] if name + b"(" in (root.text or b"") else []
    while stack:
        node = stack.pop()
        if node.type == "call":
            function = node.child_by_field_name("function")
            if function is not None and function.type == "identifier" and function.text == name:
                return
        stack.extend(node.named_children)
    yield c.fact


def _r_not_tables(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a frame the code uses as a table rather than rows, between the name's assignment and its next one: as a
    distance matrix (`as.dist(x)`, `x %>% select(-1) %>% as.dist()`), a covariance matrix (`princomp(covmat = x)`,
    also through `m <- as.matrix(x)`), counts per group bound as a binomial model's response (`glm(cbind(lived,
    died) ~ dose, family = binomial, data = x)`, also through `attach(x)` or `r <- with(x, cbind(lived, died))`),
    counts reshaped or summed as such (`gather(x, grade, frequency, low:high)`, `xtabs(count ~ a + b, data = x)`,
    grammars/r/results.toml `count_values`, `distance_values`) or turned into shares per row
    (`prop.table(as.matrix(x[, -1]), 1)`); of a part of it (`x[, 1]`, `x$place`), only a use as counts: a distance
    matrix's first column names its units;
    nor such a response itself (`r` printed before `glm(r ~ dose, family = binomial)`). Distances computed from rows
    (`dist(x)`), a 0/1 response, a cross-table of weights and a reshape naming a person key do not tell. Nor cases
    and predictions made from such counts (`_Tree.made_of_tables`), nor a table of one row per model
    (`_r_per_model`). `head(x)` and `tail(x)` print rows of the whole of `x`. The code read is that of its tree and,
    in R Markdown, of the chunks before and after it."""
    name = c.fact.attrs.get("frame", "")
    made = _r_last_value(c, scope, name)
    if _r_per_model(made, scope, c.start) or _r_per_label(made):
        return
    root = root_of(c.node)
    tree = _Tree(root, scope, c.start - c.node.start_byte)
    node = c.node
    if _r_call_name(node) in _r_words("first_rows") and (arguments := _r_arguments(node)):
        node = arguments[0].child_by_field_name("value") or node  # the first rows of the whole table
    # a part of a distance matrix (`roads[, 1]`, `roads$place`) may be the names of its units; of counts, categories
    whole = node.type == "identifier"
    if _r_keyed(root, scope, name) or (
        not tree.used_as_table(name, node.start_byte, counts=not whole) and not tree.made_of_tables(node, set())
    ):
        yield c.fact


def _r_keyed(root: ts.Node, scope: Scope, name: str) -> bool:
    """Whether the code names a person key as a column of the frame (`lpr$pnr`, `ind[["cpr"]]`, `d[, "pnr"]`), in
    its tree or, in R Markdown, the chunks before and after it: a frame of persons, whatever it is reshaped or
    summed as (a person's contacts per year `values_to = "count"`)."""
    code = "\n".join(((root.text or b"").decode("utf-8", errors="replace"), scope.earlier, scope.later))
    return bool(name) and name in _r_keyed_frames(code)


_R_COLUMN = regex.compile(r"(?<![\w.])([A-Za-z.][\w.]*)\s*(?:\$\s*`?([\w.]+)|\[\[?[^\]\n]*?[\"']([\w.]+)[\"'])")


@lru_cache(maxsize=4)  # the prints of one tree are checked together
def _r_keyed_frames(code: str) -> frozenset[str]:
    """The names whose person-key column the code names."""
    return frozenset(m[1] for m in _R_COLUMN.finditer(code) if is_identifier(m[2] or m[3]))


class _Tree:
    """The code of one tree (a file, a chunk) around a print, with the data flow's definitions in its offsets; in R
    Markdown, also the code of the chunks before it (`Scope.earlier`, definitions found by walking it) and after it
    (`Scope.later`)."""

    def __init__(self, root: ts.Node, scope: Scope, shift: int) -> None:
        self.root, self.scope, self.shift = root, scope, shift
        # (in the earlier chunks, an assignment's offset) -> whether its value is made of tables
        self.known: dict[tuple[bool, int], bool] = {}

    @cached_property
    def around(self) -> tuple[ts.Node | None, int, int]:
        """The document's code of this language, the chunks before, this one and the chunks after joined as rmd.py
        joins them: the same text for every chunk, parsed once for all of them (a parse per chunk of the code before
        it was quadratic); with the offsets where this chunk and the later chunks start in it."""
        earlier, later = self.scope.earlier, self.scope.later
        if not earlier and not later:
            return None, 0, 0
        own = (self.root.text or b"").decode("utf-8", errors="surrogatepass")
        whole = "\n".join([*([earlier] if earlier else []), own, *([later] if later else [])])
        start = len(earlier.encode("utf-8", errors="surrogatepass")) + 1 if earlier else 0
        return _r_parsed(whole).root_node, start, start + len(own.encode("utf-8", errors="surrogatepass")) + 1

    def _before(self, name: str) -> list[ts.Node]:
        """Where the earlier chunks assign `name`, in order."""
        whole, start, _later = self.around
        return [t for t in _r_assigned(whole).get(name, ()) if t.start_byte < start] if whole is not None else []

    def used_as_table(self, name: str, at: int, counts: bool = False) -> bool:
        """Whether the code uses what `name` holds at `at` as a table (`_TableUses`; with `counts`, as counts): read
        from just after its last assignment before `at` (a use before the print tells as well; in R Markdown, also
        one in an earlier chunk) to its next one, through the later chunks (`Scope.later`)."""
        before = [pos for pos in self._defs(name) if pos < at]
        if not before and self._before(name):
            return self._used_from_before(name, self._before(name)[-1], counts)
        start = before[-1] + len(name.encode()) if before else 0
        uses = _TableUses(name)
        return bool(self._used_here(uses, max(0, start), at)) and (uses.counts or not counts)

    def _defs(self, name: str) -> list[int]:
        return [pos - self.shift for pos, _k in self.scope.defs.get(name, ())]

    def _used_here(self, uses: _TableUses, start: int, at: int) -> bool | None:
        later = [pos for pos in self._defs(uses.name) if pos > at]
        told = uses.read(_r_table_uses(self.root), start, min(later) if later else None)
        whole, _start, after = self.around
        if told is None and not later and whole is not None and self.scope.later:
            told = uses.read(_r_table_uses(whole), after, None)
        return told

    def _used_from_before(self, name: str, target: ts.Node, counts: bool) -> bool:
        """... for a name assigned at `target` in an earlier chunk: its uses there, then in this chunk and after."""
        whole, start, _after = self.around
        again = [t.start_byte for t in self._before(name) if t.start_byte > target.start_byte]
        uses = _TableUses(name)
        told = uses.read(_r_table_uses(whole), target.end_byte, min(again) if again else start) if whole else None
        if told is False and not again:
            told = None  # the end of the earlier chunks, not an assignment
        if told is None and not again:
            told = self._used_here(uses, 0, -1)
        return bool(told) and (uses.counts or not counts)

    def made_of_tables(self, node: ts.Node | None, seen: set[str], earlier: bool = False) -> bool:
        """Whether a value is made only of literals, names that hold no frame and frames the code uses as tables,
        through cases made of their columns (`tibble(exposure = grades$exposure)`), predictions for such cases
        (`predict(fit, new)`), tables bound of them (`cbind(new, pr)`) and verbs that bring no other data in
        (grammars/r/results.toml `frame_verbs`: `gather()`, `select()`, also piped): the exposures of a frequency
        table and the predicted probabilities per exposure are no rows. Only tables used as counts: a distance
        matrix's first column names its units (`tibble(place = roads$place)`).
        The values are followed in this tree, then in the earlier chunks (`earlier`: `node` is in them)."""
        if node is None:
            return False
        if node.type in _R_LITERALS:
            return True
        if node.type in ("extract_operator", "subset", "subset2"):
            return self.made_of_tables(_r_base(node), seen, earlier)
        if node.type == "identifier":
            return self._name_of_tables(_r_text(node), node.start_byte, seen, earlier)
        if _r_operator(node) in _R_PIPES:
            verbs: list[str] = []
            source: ts.Node | None = node
            while source is not None and _r_operator(source) in _R_PIPES:
                verbs.append(_r_call_name(source.child_by_field_name("rhs")))
                source = source.child_by_field_name("lhs")
            verbs_keep = all(verb in _r_words("frame_verbs") for verb in verbs)
            return verbs_keep and self.made_of_tables(source, seen, earlier)
        function = _r_call_name(node)
        values = [a.child_by_field_name("value") for a in _r_arguments(node)]
        if function == "predict":
            newdata = _r_value(node, "newdata") or (values[1] if len(values) > 1 else None)
            return self.made_of_tables(newdata, seen, earlier)
        if function in _r_words("frame_verbs"):
            return bool(values) and self.made_of_tables(values[0], seen, earlier)
        bound = _r_words("made_tables") | _r_words("typed_tables") | _r_words("literal_vectors")
        return function in bound and all(self.made_of_tables(value, seen, earlier) for value in values)

    def _name_of_tables(self, name: str, at: int, seen: set[str], earlier: bool) -> bool:
        if name in seen:  # a name made of itself (`x <- rbind(x, y)`)
            return False
        seen = seen | {name}
        target: ts.Node | None = None
        if not earlier:
            if self.scope.kind(name, at + self.shift) == "other":
                return True
            defs = [pos for pos in self._defs(name) if pos < at]
            if defs:
                target = self.root.descendant_for_byte_range(defs[-1], defs[-1] + len(name.encode()))
                if target is None or defs[-1] < 0 or _r_text(target) != name:
                    return False
            else:  # assigned in an earlier chunk, if anywhere
                earlier, at = True, self.around[1]
        if earlier:
            found = [t for t in self._before(name) if t.start_byte < at]
            target = found[-1] if found else None
        if target is None:
            return False
        key = (earlier, target.start_byte)
        if key not in self.known:  # a value used twice is followed once (`cbind(new, predict(fit, new))`)
            value = _r_assigned_value(target)
            if not _r_values("reads").fullmatch(_r_call_name(value)):
                self.known[key] = self.made_of_tables(value, seen, earlier)
            elif earlier:
                self.known[key] = self._used_from_before(name, target, True)
            else:
                self.known[key] = self.used_as_table(name, target.end_byte, True)
        return self.known[key]


@lru_cache(maxsize=4)
def _r_assigned(root: ts.Node) -> dict[str, list[ts.Node]]:
    """The names a tree assigns (`x <- value`, `value -> x`), each with its targets in the order of the code."""
    out: dict[str, list[ts.Node]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.named_children))
        operator = _r_operator(node)
        if operator in ("<-", "=", "<<-", "->", "->>"):
            target = node.child_by_field_name("rhs" if operator in ("->", "->>") else "lhs")
            if target is not None and target.type == "identifier":
                out.setdefault(_r_text(target), []).append(target)
    return out


def _r_per_model(value: ts.Node | None, scope: Scope, start: int) -> bool:
    """A table made (grammars/r/results.toml `made_tables`) with a column of a model criterion or of the file's own
    results function mapped over a list (`data.frame(AIC = sapply(fits, AIC))`, also piped on): one row per model.
    Not over a list that names a person key (`split(d, d$pnr)`)."""
    while value is not None and _r_operator(value) in _R_PIPES:
        value = value.child_by_field_name("lhs")
    if value is None or _r_call_name(value) not in _r_words("made_tables"):
        return False
    for argument in _r_arguments(value):
        mapped = argument.child_by_field_name("value")
        over = [a.child_by_field_name("value") for a in _r_arguments(mapped)] if mapped is not None else []
        if _r_call_name(mapped) not in _r_words("maps") or len(over) < 2 or names_identifier(_r_text(over[0])):
            continue
        function = _r_text(over[1]) if over[1] is not None and over[1].type == "identifier" else ""
        if function in _r_words("criteria") or (function and scope.kind(function, start) == "maker"):
            return True
    return False


def _r_per_label(value: ts.Node | None) -> bool:
    """A table made (grammars/r/results.toml `made_tables`) of `c()` columns of one length, two or more, one of them
    labels typed in and another naming values one by one (`data.frame(metric = c("Se", "Sp", "PPV"), result =
    c(se, sp, ppv))`): one row per label, results the program lists. Vectors so listed would be strung together,
    not put beside their labels. Not of literals only (data typed in: the inline-data rule's), nor with a column
    named as a person key."""
    if value is None or _r_call_name(value) not in _r_words("made_tables"):
        return False
    columns = []
    for argument in _r_arguments(value):
        column = argument.child_by_field_name("value")
        items = [a.child_by_field_name("value") for a in _r_arguments(column)] if column is not None else []
        if (
            _r_call_name(column) != "c"
            or names_identifier(_r_argument_name(argument) or "")
            or not all(item is not None and item.type in _R_LISTED for item in items)
        ):
            return False
        columns.append([item.type for item in items if item is not None])
    return (
        len(columns) >= 2
        and len({len(types) for types in columns}) == 1
        and len(columns[0]) >= 2
        and any(all(t == "string" for t in types) for types in columns)
        and any("identifier" in types for types in columns)
    )


# What a `c()` of values listed one by one holds: names and literals.
_R_LISTED = frozenset({"identifier", "string", "float", "integer", "true", "false", "na"})


class _TableUses:
    """What `_r_not_tables` learns reading the code after a print of `name`, in order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.names = {name}  # the name and its copies as a matrix (`m <- as.matrix(x)`)
        self.responses: dict[str, str] = {}  # a name bound `cbind(...)` of columns -> the frame they come from
        self.attached = ""
        # the use found is as counts (cross-tabulated, shares per row, a binomial response, a reshape naming counts):
        # the frame's columns are then categories, not the names of units as a distance matrix's are
        self.counts = False

    def read(self, nodes: tuple[ts.Node, ...], start: int, end: int | None) -> bool | None:
        """True when a node from `start` on (and before `end`) uses the frame as a table; False when the name is
        assigned again first; None when neither."""
        for node in nodes:
            if node.start_byte < start:
                continue
            if end is not None and node.start_byte >= end:
                return False
            if _r_operator(node) in ("<-", "=", "<<-", "->", "->>"):
                if not self._assignment(node):
                    return False
            elif self._call(node):
                return True
        return None

    def _assignment(self, node: ts.Node) -> bool:
        """Records a response bound from columns; False when it assigns the name again."""
        right = _r_operator(node) in ("->", "->>")
        value = node.child_by_field_name("lhs" if right else "rhs")
        bound = _r_text(node.child_by_field_name("rhs" if right else "lhs"))
        if bound == self.name:
            return False
        if _r_call_name(value) == "cbind":
            self.responses[bound] = self.attached
        elif _r_call_name(value) == "with" and "cbind" in _r_text(value):
            first = next(iter(_r_arguments(value)), None)
            self.responses[bound] = _r_text(first.child_by_field_name("value") if first is not None else None)
        return True

    def _call(self, node: ts.Node) -> bool:
        values = {_r_argument_name(a): a.child_by_field_name("value") for a in reversed(_r_arguments(node))}
        function = _r_call_name(node)
        self.counts = False
        if function == "attach":
            self.attached = _r_text(values.get(""))
        elif function == "as.dist":
            return _r_text(_r_base(values.get("") or _r_pipe_source(node))) in self.names
        elif "covmat" in values:
            given = values["covmat"]
            if _r_text(given) == ".":  # `x %>% as.matrix() %>% princomp(covmat = .)`
                given = _r_pipe_source(node)
            elif _r_call_name(given) == "as.matrix":
                given = next(iter(_r_arguments(given)), None)
                given = given.child_by_field_name("value") if given is not None else None
            return _r_text(given) in self.names
        elif function == "as.matrix" and _r_text(values.get("")) in self.names:
            target = node.parent  # `m <- as.matrix(x)`: m holds the same values
            if target is not None and _r_operator(target) in ("<-", "="):
                self.names.add(_r_text(target.child_by_field_name("lhs")))
        elif function in _RESHAPES:
            return self._reshaped(node, values)
        elif function == "xtabs":
            formula = values.get("formula") or values.get("")
            tilde = formula is not None and _r_operator(formula) == "~"
            counted = formula.child_by_field_name("lhs") if formula is not None and tilde else None
            self.counts = _r_values("count_values").fullmatch(_r_text(counted)) is not None
            return self.counts and _r_text(values.get("data")) in self.names
        elif function == "prop.table":
            given = values.get("x") or values.get("")
            if given is not None and _r_call_name(given) == "as.matrix":
                given = _r_value(given, "x") or _r_value(given, "")
            self.counts = _r_text(_r_base(given)) in self.names
            return self.counts
        elif function == "glm" and "binomial" in _r_text(values.get("family")):
            self.counts = True  # what it tells is counts, when it tells
            formula = values.get("formula") or values.get("")
            if formula is None or _r_operator(formula) != "~":
                return False
            response = formula.child_by_field_name("lhs")
            if _r_call_name(response) == "cbind":
                return (_r_text(values.get("data")) or self.attached) in self.names
            if _r_text(response) == self.name:
                return True
            return self.responses.get(_r_text(response), "") in self.names
        return False

    def _reshaped(self, node: ts.Node, values: dict[str, ts.Node | None]) -> bool:
        """A reshape of the frame that names its values as counts, frequencies or distances, and no person key."""
        positional = [a.child_by_field_name("value") for a in _r_arguments(node) if _r_argument_name(a) == ""]
        source = _r_pipe_source(node)
        if source is None:
            source, positional = (positional[0], positional[1:]) if positional else (None, [])
        named = values.get(_RESHAPES[_r_call_name(node)])
        if named is None and _r_call_name(node) == "gather" and len(positional) > 1:
            named = positional[1]  # gather(key, value, ...)
        value = _r_text(named).strip("\"'")
        self.counts = _r_values("count_values").fullmatch(value) is not None
        return (
            _r_text(_r_base(source)) in self.names
            and (self.counts or _r_values("distance_values").fullmatch(value) is not None)
            and not names_identifier(_r_text(node))
        )


# The reshapes `_TableUses` reads, each with the argument that names the values, and every call it reads.
_RESHAPES = {"gather": "value", "pivot_longer": "values_to", "melt": "value.name", "reshape": "v.names"}
_R_USES = frozenset({"attach", "as.dist", "as.matrix", "glm", "xtabs", "prop.table", *_RESHAPES})


@cache
def _r_values(key: str) -> regex.Pattern[str]:
    """A pattern of grammars/r/results.toml: the names of values that say what a table holds (`count_values`,
    `distance_values`), the calls that read data from a file or a database (`reads`, matched whole) or bring it
    in (`brings`, searched for in a name)."""
    return regex.compile(words("r", key))


@lru_cache(maxsize=4)
def _r_parsed(code: str) -> ts.Tree:
    """The later or earlier code of an R Markdown chunk, parsed once for all its prints."""
    return parser("r").parse(code.encode("utf-8", errors="surrogatepass"))


@lru_cache(maxsize=4)  # the candidates of one tree are checked together; a kept tree stays in memory
def _r_table_uses(root: ts.Node) -> tuple[ts.Node, ...]:
    """The nodes of a tree `_r_not_tables` reads, in the order of the code, found once per tree (a file may print
    a frame thousands of times): assignments, and calls of `attach`, `as.dist`, `as.matrix`, `glm`, `xtabs`,
    `prop.table`, a reshape or with a `covmat` argument. None when the tree has none of the words that could make a
    use."""
    if not looks_ahead("r", (root.text or b"").decode("utf-8", errors="replace")):
        return ()
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.named_children))
        assigns = _r_operator(node) in ("<-", "=", "<<-", "->", "->>")
        covmat = node.type == "call" and any(_r_argument_name(a) == "covmat" for a in _r_arguments(node))
        if assigns or covmat or _r_call_name(node) in _R_USES:
            found.append(node)
    return tuple(found)


def _r_method(function: ts.Node) -> bool:
    parent = function.parent
    if parent is not None and parent.type == "binary_operator":
        name = parent.child_by_field_name("lhs")
        text = _r_text(name) if name is not None and name.type == "identifier" else ""
        return any(text.startswith(f"{generic}.") and len(text) > len(generic) + 1 for generic in _r_words("methods"))
    if parent is None or parent.type != "argument" or parent.parent is None:
        return False
    arguments = parent.parent
    first = arguments.named_children[0].child_by_field_name("value") if arguments.named_children else None
    if first is None or first.type != "string" or first.text is None:
        return False
    return _r_call_name(arguments.parent) == "setMethod" and first.text.decode().strip("\"'") in _r_words("methods")


def _r_frame(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """A name last assigned a data frame, unless inside a function that takes it as a parameter and has not
    assigned it since, or last assigned there from its parameters (`population <- population[!zz]`, `history <-
    rbind(old$history, ...)`): there it is the caller's object (a print method's results object, a function's
    input), not the file's frame. A frame read there from a file a parameter names (`read.csv(file)`) is read data."""
    name = c.fact.attrs.get("frame", "")
    if scope.kind(name, c.start) == "frame" and not _r_callers(c, scope, {name}):
        yield c.fact


def _r_callers(c: Candidate, scope: Scope, names: set[str]) -> bool:
    """Whether, inside a function, every one of the names is a parameter not assigned since, or was last assigned
    there from its parameters: the caller's values."""
    function = c.node.parent
    while function is not None and function.type != "function_definition":
        function = function.parent
    if function is None or not names:
        return False
    shift = c.start - c.node.start_byte
    parameters = _r_parameters(function)
    for name in names:
        if _r_loop_index(c.node, function, name):  # a position, whatever else defines it (frames.scm's loops)
            continue
        inside = [at for at, _k in scope.defs.get(name, ()) if function.start_byte + shift <= at < c.start]
        if not inside and name not in parameters:
            return False
        if inside and not _r_from_parameters(function, shift, scope, name, c.start, parameters):
            return False
    return True


def _r_loop_index(node: ts.Node, function: ts.Node, name: str) -> bool:
    """Whether `name` is the variable of a `for` loop around `node` inside `function` that counts over numbers
    (`for (i in 1:M)`, `seq_len(p)`): a position into the caller's values, no value of its own."""
    loop = node.parent
    while loop is not None and loop != function:
        if loop.type == "for_statement" and _r_text(loop.child_by_field_name("variable")) == name:
            return (
                _r_call_name(loop.child_by_field_name("sequence")) in _r_words("positions")
                or _r_operator(loop.child_by_field_name("sequence") or loop) == ":"
            )
        loop = loop.parent
    return False


def _r_from_parameters(
    function: ts.Node, shift: int, scope: Scope, name: str, before: int, parameters: set[str], depth: int = 0
) -> bool:
    """Whether the function's last assignment of `name` before `before` (file offsets; `shift` maps the tree's
    to them) computes from the function's parameters, directly or through its other locals (`both <- merge(tab,
    population)`, then `both <- both[keep, ]`), not by reading a file."""
    inside = [at for at, _k in scope.defs.get(name, ()) if function.start_byte + shift <= at < before]
    if not inside or depth > 5:
        return False
    at = inside[-1] - shift
    target = function.descendant_for_byte_range(at, at + len(name.encode()))
    value = _r_assigned_value(target)
    if value is None or _r_values("reads").fullmatch(_r_call_name(value)):
        return False
    names = _r_names(value)
    if not names:  # a constant (`eps <- 1e-7`), or a container filled element by element (`fd <- list()`)
        own = value.type in _R_LITERALS or _r_call_name(value) in (_r_words("literal_vectors") | _r_words("containers"))
        return own and _r_filled(function, shift, scope, name, before, parameters, depth)
    return bool(parameters & names) or any(
        _r_from_parameters(function, shift, scope, local, inside[-1], parameters, depth + 1) for local in sorted(names)
    )


def _r_filled(
    function: ts.Node, shift: int, scope: Scope, name: str, before: int, parameters: set[str], depth: int
) -> bool:
    """Whether every value the function puts into `name` element by element before `before` (`fd[[k]] <- (b1 -
    b0) / eps`) computes from its parameters or its own constants; True when it puts none."""
    stack = [function]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        target = node.child_by_field_name("lhs") if _r_operator(node) in ("<-", "=") else None
        if target is None or target.type not in ("subset", "subset2") or node.start_byte + shift >= before:
            continue
        if _r_text(target.child_by_field_name("function")) != name:
            continue
        value = node.child_by_field_name("rhs")
        used = _r_names(value) if value is not None else set()
        if not used <= parameters and not all(
            local in parameters
            or _r_from_parameters(function, shift, scope, local, node.start_byte + shift, parameters, depth + 1)
            for local in sorted(used)
        ):
            return False
    return True


def _r_names(node: ts.Node) -> set[str]:
    """The names a piece of code uses as values (not called functions, not `$` members)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        parent = current.parent
        if current.type == "identifier" and current.text is not None and parent is not None:
            called = parent.type == "call" and parent.child_by_field_name("function") == current
            member = parent.type == "extract_operator" and parent.child_by_field_name("rhs") == current
            if not called and not member:
                names.add(current.text.decode())
        stack.extend(current.named_children)
    return names


def _r_parameters(function: ts.Node) -> set[str]:
    parameters = function.child_by_field_name("parameters")
    names = (p.child_by_field_name("name") for p in parameters.named_children) if parameters is not None else ()
    return {n.text.decode() for n in names if n is not None and n.text is not None}


def _r_plot_points(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not points of values the program made: a plot whose x, or whose data, is a name known to hold no data
    (`xx <- seq(...)`, predictions for a grid: frames.scm's `other`), nor a ggplot point layer whose x, its own or
    else the plot's (the `ggplot()` call its `+` chain starts from), is a calendar column: a curve or a series;
    nor, inside a function, a plot of only its parameters and what it computed from them (as `_r_frame`)."""
    call = c.node
    x: ts.Node | None = None
    if _r_call_name(call) == "plot":
        sources = [_r_base(_r_value(call, "")), _r_value(call, "data")]
        # a model plotted with a formula (`plot(fit, resid(.) ~ age)`): its residuals, one per observation
        unnamed = [a for a in _r_arguments(call) if not _r_argument_name(a)]
        if unnamed[1:] and all(_r_text(a) == "..." for a in unnamed[1:]):
            return  # one object and the caller's arguments (`plot(x$smooth[[i]], P = p, ...)`): a plot of it
        observed = any(_R_FORMULA.match(_r_text(a)) for a in unnamed[1:])
        drawn = [a for a in [*unnamed[:2], _r_value(call, "data")] if a is not None]
    else:
        x = _r_aes_x(call)
        sources = [_r_value(call, "data")]
        start = call
        while start.parent is not None and _r_operator(start.parent) == "+":
            start = start.parent
        while _r_operator(start) == "+" and (lhs := start.child_by_field_name("lhs")) is not None:
            start = lhs
        if _r_operator(start) in _R_PIPES:  # `d %>% summarise(...) %>% ggplot(aes(...))`: the pipe feeds the plot
            fed = start.child_by_field_name("lhs")
            start = start.child_by_field_name("rhs") or start
            if _r_summarised(fed) and not _r_by_person(fed):
                return
            while fed is not None and _r_operator(fed) in _R_PIPES:
                fed = fed.child_by_field_name("lhs")
            sources.append(fed)
        if start.type == "identifier":  # `p <- ggplot(weekly, aes(x = Weeks))`, then `p + geom_point(...)`
            start = _r_layered_on(c, scope, start) or start
        if _r_call_name(start) == "ggplot" and start != call:
            x = x if x is not None else _r_aes_x(start)
            sources.append(_r_value(start, "data") or _r_value(start, ""))
        if _r_with_intervals(call):
            return
        # a model's columns per observation (`aes(.fitted, .resid)` of a fitted model, as fortify() adds them)
        observed = _R_AUGMENTED.search(_r_text(call) + _r_text(start)) is not None
        drawn = [s for s in sources if s is not None]
    if x is not None and (
        _r_calendar().fullmatch(_r_text(x))
        or (_r_text(x) in _r_words("unit_days") and any(_r_one_unit(s) for s in drawn))
    ):
        return
    made = [m for s in sources if (m := _r_table_of(s)) is not None and m.type == "identifier"]
    if not observed and any(
        (scope.kind(_r_text(s), c.start) == "other" and not _r_by_person(_r_last_value(c, scope, _r_text(s))))
        or _r_labelled_rows(c, scope, s)
        for s in made
    ):
        return
    # inside a function, what it computes from its parameters is the caller's (a package's numerical checks)
    if not _r_callers(c, scope, set().union(*(_r_names(d) for d in drawn))):
        yield c.fact


def _r_layered_on(c: Candidate, scope: Scope, name: ts.Node) -> ts.Node | None:
    """The `ggplot()` call a plot held in `name` was made with (`p <- ggplot(d, aes(x = Weeks))`), also through
    layers added to it (`p <- p + geom_line()` in a loop, `q <- p + ...`); None when not seen."""
    shift = c.start - c.node.start_byte
    before = name.start_byte + shift
    for _step in range(8):
        value = _r_last_value(c, scope, _r_text(name), before)
        if value is None or value.parent is None:
            return None
        if value.start_byte <= name.start_byte < value.end_byte:  # `p <- p + geom_point()` around the use
            before = value.parent.start_byte + shift
            continue
        while _r_operator(value) == "+" and (lhs := value.child_by_field_name("lhs")) is not None:
            value = lhs
        if value.type != "identifier":
            return value if _r_call_name(value) == "ggplot" else None
        name, before = value, value.start_byte + shift
    return None


def _r_labelled_rows(c: Candidate, scope: Scope, source: ts.Node) -> bool:
    """A tibble made with a column of labels typed in (`tibble(Age = ages, est = pars$m)` of `ages <- c("0-4",
    "5-11", ...)`): a tibble's columns all have one length (only a single value is recycled), so it holds one row
    per label, a group. Not `data.frame()` or `data.table()`, which repeat two labels over a thousand persons' rows;
    nor a column named as a person key (`pnr = c(...)`: persons typed in, the inline-data rule's)."""
    value = _r_last_value(c, scope, _r_text(source)) if source.type == "identifier" else None
    if _r_call_name(value) not in _r_words("strict_tables"):
        return False
    for argument in _r_arguments(value):
        labels = argument.child_by_field_name("value")
        if labels is not None and labels.type == "identifier":
            labels = _r_last_value(c, scope, _r_text(labels))
        strings = [a.child_by_field_name("value") for a in _r_arguments(labels)]
        if (
            _r_call_name(labels) == "c"
            and len(strings) > 1
            and all(v is not None and v.type == "string" for v in strings)
            and not names_identifier(_r_argument_name(argument) or "")
        ):
            return True
    return False


def _r_table_of(node: ts.Node | None) -> ts.Node | None:
    """The value a table is made of when it is made of one alone (`diagram` of `as.data.frame(diagram)`:
    grammars/r/results.toml `made_tables`), else the node itself."""
    if _r_call_name(node) in _r_words("made_tables"):
        arguments = _r_arguments(node)
        if len(arguments) == 1 and not _r_argument_name(arguments[0]):
            return arguments[0].child_by_field_name("value")
    return node


_R_FORMULA = regex.compile(r"[^~]*~")
_R_AUGMENTED = regex.compile(r"aes\([^)]*(?<![\w.])\.(?:fitted|resid|std\.?resid|hat|cooksd)\b")


def _r_with_intervals(call: ts.Node) -> bool:
    """A point layer without data of its own in a `+` chain with an interval layer without any either
    (grammars/r/results.toml `interval_layers`): estimates drawn with their intervals, from the same rows."""
    if _r_value(call, "data") is not None:
        return False
    top = call
    while top.parent is not None and _r_operator(top.parent) == "+":
        top = top.parent
    layers: list[ts.Node | None] = []
    node: ts.Node | None = top
    while node is not None and _r_operator(node) == "+":
        layers.append(node.child_by_field_name("rhs"))
        node = node.child_by_field_name("lhs")
    intervals = _r_words("interval_layers")
    return any(
        layer is not None and _r_call_name(layer) in intervals and _r_value(layer, "data") is None for layer in layers
    )


def _r_summarised(node: ts.Node | None) -> bool:
    """Whether a pipe passes through a call that returns results (`group_by(g) %>% summarise(m = mean(x))`)."""
    while node is not None and _r_operator(node) in _R_PIPES:
        if _r_call_name(node.child_by_field_name("rhs")) in _r_words("functions"):
            return True
        node = node.child_by_field_name("lhs")
    return _r_call_name(node) in _r_words("functions")


def _r_by_person(node: ts.Node | None) -> bool:
    """Whether a pipe groups by a person key on the way (`group_by(pnr) %>% summarise(...)`, `count(pnr)`): its
    summary holds a row per person."""
    while node is not None and _r_operator(node) in _R_PIPES:
        step = node.child_by_field_name("rhs")
        grouping = _r_arguments(step) if _r_call_name(step) in _r_words("groupings") else []
        if any(names_identifier(_r_text(a)) for a in grouping):
            return True
        node = node.child_by_field_name("lhs")
    return False


def _r_operator(node: ts.Node) -> str:
    """The operator of a binary operation (`+` of a ggplot chain, not the `<-` it is assigned with), else ""."""
    operator = node.child_by_field_name("operator") if node.type == "binary_operator" else None
    return _r_text(operator) if operator is not None else ""


def _r_value(call: ts.Node, name: str) -> ts.Node | None:
    """The value of a call's argument of that name, or with "" its first unnamed one."""
    for argument in _r_arguments(call):
        if _r_argument_name(argument) == name:
            return argument.child_by_field_name("value")
    return None


def _r_base(node: ts.Node | None) -> ts.Node | None:
    """The name a value is taken from: `xx` of `xx[-1]`, `d` of `d$x`."""
    while node is not None and node.type in ("subset", "subset2", "extract_operator"):
        node = node.child_by_field_name("function" if node.type != "extract_operator" else "lhs")
    return node


def _r_aes_x(call: ts.Node | None) -> ts.Node | None:
    """The x of a call's `aes()` mapping (`aes(x = d)`, `aes(d, n)`, `mapping = aes(...)`), if it has one."""
    for argument in _r_arguments(call):
        value = argument.child_by_field_name("value")
        if _r_call_name(value) != "aes" or value is None:
            continue
        mapped = _r_arguments(value)
        x = [a for a in mapped if _r_argument_name(a) == "x"] or [a for a in mapped if _r_argument_name(a) == ""][:1]
        return x[0].child_by_field_name("value") if x else None
    return None


def _r_one_unit(source: ts.Node) -> bool:
    """Rows of one unit picked by a value typed in (`m[stn %in% c("TIV") & year == 2008, ]`, `m[stn == "TIV"]`): a
    series of one entity. Not by a person key: one person's values are their records."""
    if source.type != "subset":
        return False
    picked = _R_ONE_VALUE.search(_r_text(source))
    return picked is not None and not names_identifier(picked[1])


# A column compared with one string typed in: `stn %in% c("TIV")`, `stn == "TIV"`.
_R_ONE_VALUE = regex.compile(
    r"""\[\s*(?:\w+\$)?([A-Za-z_.][\w.]*)\s*(?:%in%\s*c\(\s*("[^"]*"|'[^']*')\s*\)|==\s*("[^"]*"|'[^']*'))"""
)


@cache
def _r_calendar() -> regex.Pattern[str]:
    return regex.compile(rf"{words('r', 'calendar_columns')}s?[a-z0-9]?", regex.IGNORECASE)


def _r_own_rows(c: Candidate, scope: Scope, _p: Positions, _e: bool) -> Iterator[Fact]:
    """Not a selection from a name that holds no frame (`parts %>% filter(id == 2)`, `filter(parts, id == 2)`,
    `parts[parts$id == 2, ]` of `parts <- data.frame(id = part_id, ...)` typed into the program): its ids are the
    program's own, not persons'."""
    node, source = c.node, None
    while node.parent is not None and source is None:
        parent = node.parent
        if parent.type == "subset" and node != parent.child_by_field_name("function"):
            source = parent.child_by_field_name("function")
        elif parent.type == "arguments" and _r_call_name(parent.parent) in _r_words("selects"):
            first = parent.named_children[0].child_by_field_name("value") if parent.named_children else None
            source = first if first is not None and first != node.child_by_field_name("value") else None
            if source is None and parent.parent is not None:
                source = _r_pipe_source(parent.parent)
        node = parent
    if _r_numbered(c.node):
        return
    if source is None or source.type != "identifier" or not _r_typed_in(c, scope, _r_text(source)):
        yield c.fact


def _r_numbered(compare: ts.Node) -> bool:
    """The compared name is a number the program gives groups or rows in an earlier argument of a call around the
    comparison (`mutate(id = cur_group_id(), max = case_when(id == 1 ~ 20, ...))`: grammars/r/results.toml
    `counters`)."""
    name = compare.child_by_field_name("lhs")
    if name is None or name.type != "identifier":
        return False
    node = compare
    while node.parent is not None:
        if node.parent.type == "arguments":
            for argument in node.parent.named_children:
                if argument.start_byte >= node.start_byte:
                    break
                value = argument.child_by_field_name("value")
                if _r_argument_name(argument) == _r_text(name) and _r_call_name(value) in _r_words("counters"):
                    return True
        node = node.parent
    return False


def _r_typed_in(c: Candidate, scope: Scope, name: str) -> bool:
    """Whether `name` was last assigned a table typed into the program: a table-making call (grammars/r/results.toml
    `typed_tables`) of values that hold no frame (frames.scm's data flow then says `other`). A summary per person
    also holds `other`, and is not typed in."""
    if scope.kind(name, c.start) != "other":
        return False
    return _r_call_name(_r_last_value(c, scope, name)) in _r_words("typed_tables")


def _r_last_value(c: Candidate, scope: Scope, name: str, before: int | None = None) -> ts.Node | None:
    """The value `name` was last assigned before the candidate (or the file offset `before`), when that assignment
    is in the candidate's tree."""
    shift = c.start - c.node.start_byte
    limit = c.start if before is None else before
    earlier = [at for at, _k in scope.defs.get(name, ()) if at < limit]
    root = root_of(c.node)
    at = earlier[-1] - shift if earlier else -1
    target = root.descendant_for_byte_range(at, at + len(name.encode())) if at >= 0 else None
    return _r_assigned_value(target) if target is not None and _r_text(target) == name else None


def _r_assigned_value(target: ts.Node | None) -> ts.Node | None:
    """The value assigned to the name `target`: the other side of its assignment (`x <- value`, `value -> x`)."""
    assignment = target.parent if target is not None else None
    if assignment is None or assignment.type != "binary_operator":
        return None
    side = "lhs" if _r_text(assignment.child_by_field_name("operator")) in ("->", "->>") else "rhs"
    return assignment.child_by_field_name(side)


def _r_pipe_source(call: ts.Node) -> ts.Node | None:
    """What a pipe feeds into this call (`parts %>% filter(...)`): the leftmost name of the chain."""
    node = call
    while (
        node.parent is not None
        and _r_operator(node.parent) in _R_PIPES
        and node.parent.child_by_field_name("rhs") == node
    ):
        node = node.parent
    while _r_operator(node) in _R_PIPES:
        lhs = node.child_by_field_name("lhs")
        if lhs is None:
            return None
        node = lhs
    return node if node != call else None


def _r_call_name(node: ts.Node | None) -> str:
    if node is None or node.type != "call":
        return ""
    function = node.child_by_field_name("function")
    if function is not None and function.type == "namespace_operator":
        function = function.child_by_field_name("rhs")
    return function.text.decode() if function is not None and function.text is not None else ""


CHECKS: dict[str, Check] = {
    "r-results": _r_results,
    "r-frame": _r_frame,
    "r-not-method": _r_not_method,
    "r-not-saved": _r_not_saved,
    "r-not-called": _r_not_called,
    "r-not-tables": _r_not_tables,
    "r-results-call": _r_results_call,
    "r-pipe-results": _r_pipe_results,
    "r-plot-points": _r_plot_points,
    "r-own-rows": _r_own_rows,
}
