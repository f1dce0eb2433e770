"""The SAS macros the scanned files define and the library tables they write: facts about the project, so that the
data flow of a SAS program follows a call of a macro defined in another file of the scan (a `macros/` folder, an
autocall library, an `%include`d file) as it follows one of its own (`_macro_output` in
scanner/frontends/sas_checks.py), and reads a library table another program of the scan writes (`01_cohort.sas`
makes `out.cohort`, `03_tables.sas` prints it) as that program makes it (`_other_programs`).

Built once before the workers start, from the scanned `.sas` files only (the user's scan roots, never an autocall
path of the machine). Each name maps to the files that define it and the SHA-256 of their bytes: a worker reads such
a file only when a program calls a macro it does not define itself, and only in the state indexed (another digest:
unknown, rows). The digest of the whole index is part of the cache key of SAS programs (scanner/cache.py): a
program's result depends on the macro files it calls.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .fileio import NotRegularFile, open_regular

# A definition's head (`%macro mfreq(mfdata=, ...)`); a name that only looks defined (in a comment) is found by the
# data flow not to be when it reads the file, so the index may hold too many names, never too few.
_DEFINED = re.compile(rb"%macro\s+([A-Za-z_]\w*)", re.IGNORECASE)
# The library tables a program writes: the names of a DATA statement, a `create table`, a procedure's `out=` (also
# `outest=`, `outstat=`...) or `base=`. The index may hold a name a statement only seems to write; the data flow reads
# the program to tell what it holds there.
_DATA_STATEMENT = re.compile(rb"(?:^|;)\s*data\s+([^;]*);", re.IGNORECASE)
_NAMED_WRITE = re.compile(rb"\b(?:create\s+table|out\w*\s*=|base\s*=)\s*([A-Za-z_]\w*\.[A-Za-z_]\w*)", re.IGNORECASE)
_TWO_LEVEL = re.compile(rb"(?<![\w&.])([A-Za-z_]\w*\.[A-Za-z_]\w*)(?![\w&.])")
# Librefs whose tables are no project's: a session's own (`work`) and SAS's.
_NOT_SHARED = frozenset({"work", "sashelp", "sasuser"})
# A table more programs write is a scratch table of many (`out.temp`): which one wrote it last is not told, and
# following them all would make each program's part of the index the size of the project. Not listed: unknown, rows.
MAX_WRITERS = 8
# ... and a program is given at most so many tables, the nearest first (its own reads, then its writers' reads): a
# chain of programs each reading the last one's table would otherwise give each the whole chain.
MAX_TABLES = 16


def _tables(data: bytes) -> set[str]:
    """The library tables `data` (a SAS program) may write, lower case."""
    names = {m.group(1) for m in _NAMED_WRITE.finditer(data)}
    names.update(
        t for m in _DATA_STATEMENT.finditer(data) for t in _TWO_LEVEL.findall(re.sub(rb"\([^)]*\)", b" ", m[1]))
    )
    return {n for n in (name.decode().lower() for name in names) if n.partition(".")[0] not in _NOT_SHARED}


@dataclass(frozen=True, slots=True)
class SasIndex:
    """The part of the index one program may use: per macro name (lower case), the (path, SHA-256 of its bytes) of
    each other scanned file that defines it, sorted; per library table (`lib.name`, lower case), those of each other
    scanned program that may write it; `digest`: of the whole index (what tells two indexes apart)."""

    where: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    digest: str
    tables: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def files(self, name: str) -> tuple[tuple[str, str], ...]:
        """The (path, digest) of the files that define the macro `name`."""
        return next((files for defined, files in self.where if defined == name), ())

    def writers(self, table: str) -> tuple[tuple[str, str], ...]:
        """The (path, digest) of the other programs that may write the library table `table`."""
        return next((files for written, files in self.tables if written == table), ())

    def without(self, table: str) -> SasIndex:
        """The same part without the writers of `table`."""
        return replace(self, tables=tuple(entry for entry in self.tables if entry[0] != table))


# A macro's call or any other `%word`: the names a file may call (macro statements such as `%if` match too; they are
# in no index, so they cost nothing).
_CALLED = re.compile(rb"%([A-Za-z_]\w*)")


def index(paths: Iterable[str]) -> dict[str, SasIndex]:
    """Per SAS file at `paths`: the macros of the others it may call and the library tables it names that the others
    may write, directly or through what those files call and read in turn. Each file gets only its own part, so what
    goes to a worker stays the size of what the file uses, not of the project; `digest` is of the whole index,
    which is what tells two indexes apart. A file that cannot be read defines and writes none (a call of its macros,
    a table only it writes: unknown, rows)."""
    where: dict[str, set[tuple[str, str]]] = {}
    written: dict[str, set[tuple[str, str]]] = {}
    calls: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}  # per file: the library tables it names (reads, or writes)
    for path in sorted(set(paths)):
        try:
            with open_regular(path) as raw:
                data = raw.read()
        except (OSError, NotRegularFile):
            continue
        digest = hashlib.sha256(data).hexdigest()
        for name in _DEFINED.findall(data):
            where.setdefault(name.decode().lower(), set()).add((path, digest))
        for table in _tables(data):
            written.setdefault(table, set()).add((path, digest))
        calls[path] = {name.decode().lower() for name in _CALLED.findall(data)}
        names[path] = {name.decode().lower() for name in _TWO_LEVEL.findall(data)}
    listed = {name: tuple(sorted(files)) for name, files in sorted(where.items())}
    tables = {name: tuple(sorted(files)) for name, files in sorted(written.items()) if len(files) <= MAX_WRITERS}
    lines = "".join(
        f"{kind}\0{name}\0{path}\0{digest}\n"
        for kind, found in (("macro", listed), ("table", tables))
        for name, files in found.items()
        for path, digest in files
    )
    digest = hashlib.sha256(lines.encode("utf-8", errors="surrogatepass")).hexdigest()
    parts: dict[str, SasIndex] = {}
    for path in calls:
        macros: set[str] = set()
        read: set[str] = set()
        todo = deque([path])  # the files whose calls and tables the program's data flow may follow, nearest first
        seen: set[str] = set()
        while todo:
            file = todo.popleft()
            if file in seen:
                continue
            seen.add(file)
            for name in sorted((calls.get(file, set()) & listed.keys()) - macros):
                macros.add(name)
                todo += [other for other, _digest in listed[name] if other != path]
            for table in sorted((names.get(file, set()) & tables.keys()) - read):
                writers = [other for other, _digest in tables[table] if other != path]
                if writers and len(read) < MAX_TABLES:
                    read.add(table)
                    todo += writers
        parts[path] = SasIndex(
            tuple((name, listed[name]) for name in sorted(macros)),
            digest,
            # the program's own writes are its data flow's: only the other programs are listed
            tuple(
                (table, others)
                for table in sorted(read)
                if (others := tuple(file for file in tables[table] if file[0] != path))
            ),
        )
    return parts
