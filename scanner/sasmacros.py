"""The SAS macros the scanned files define: a fact about the project, so that the data flow of a SAS program follows
a call of a macro defined in another file of the scan (a `macros/` folder, an autocall library, an `%include`d file)
as it follows one of its own (`_macro_output` in scanner/frontends/sas_checks.py).

Built once before the workers start, from the scanned `.sas` files only (the user's scan roots, never an autocall
path of the machine). Each name maps to the files that define it and the SHA-256 of their bytes: a worker reads such
a file only when a program calls a macro it does not define itself, and only in the state indexed (another digest:
unknown, rows). The digest of the whole index is part of the cache key of SAS programs (scanner/cache.py): a
program's result depends on the macro files it calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .fileio import NotRegularFile, open_regular

# A definition's head (`%macro mfreq(mfdata=, ...)`); a name that only looks defined (in a comment) is found by the
# data flow not to be when it reads the file, so the index may hold too many names, never too few.
_DEFINED = re.compile(rb"%macro\s+([A-Za-z_]\w*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Macros:
    """The part of the index one program may use: per macro name (lower case), the (path, SHA-256 of its bytes) of
    each other scanned file that defines it, sorted; `digest`: of the whole index (what tells two indexes apart)."""

    where: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    digest: str

    def files(self, name: str) -> tuple[tuple[str, str], ...]:
        """The (path, digest) of the files that define the macro `name`."""
        return next((files for defined, files in self.where if defined == name), ())


# A macro's call or any other `%word`: the names a file may call (macro statements such as `%if` match too; they are
# in no index, so they cost nothing).
_CALLED = re.compile(rb"%([A-Za-z_]\w*)")


def index(paths: Iterable[str]) -> dict[str, Macros]:
    """Per SAS file at `paths`: the macros of the others it may call, directly or through the macros it calls (every
    `%name` it holds that another file defines, and so on in those files). Each file gets only its own part, so what
    goes to a worker stays the size of what the file calls, not of the project; `digest` is of the whole index,
    which is what tells two indexes apart. A file that cannot be read defines none (a call of its macros is unknown:
    rows)."""
    where: dict[str, set[tuple[str, str]]] = {}
    calls: dict[str, set[str]] = {}
    for path in sorted(set(paths)):
        try:
            with open_regular(path) as raw:
                data = raw.read()
        except (OSError, NotRegularFile):
            continue
        digest = hashlib.sha256(data).hexdigest()
        for name in _DEFINED.findall(data):
            where.setdefault(name.decode().lower(), set()).add((path, digest))
        calls[path] = {name.decode().lower() for name in _CALLED.findall(data)}
    listed = {name: tuple(sorted(files)) for name, files in sorted(where.items())}
    lines = "".join(f"{name}\0{path}\0{digest}\n" for name, files in listed.items() for path, digest in files)
    digest = hashlib.sha256(lines.encode("utf-8", errors="surrogatepass")).hexdigest()
    parts: dict[str, Macros] = {}
    for path, called in calls.items():
        wanted: set[str] = set()
        todo = sorted(called & listed.keys())
        while todo:
            name = todo.pop()
            if name in wanted:
                continue
            wanted.add(name)
            for other, _digest in listed[name]:
                if other != path:  # what the macro's own file calls may be needed to follow its body
                    todo += sorted(calls.get(other, set()) & listed.keys() - wanted)
        parts[path] = Macros(tuple((name, listed[name]) for name in sorted(wanted)), digest)
    return parts
