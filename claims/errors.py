"""The exceptions the library raises for problems a user can fix.

The library never prints and never exits: it raises one of these, and the CLI
turns it into a one-line message and exit status 1 (see ``claims.cli``).
"""
from __future__ import annotations

import difflib
from pathlib import Path


class ClaimsError(Exception):
    """Base class: a problem with the user's input, project or request."""


class InputError(ClaimsError):
    """A file (or stdin) that cannot be read as asked; names the place and the problem."""

    def __init__(self, source: str, problem: str, line: int | None = None, row: int | None = None):
        self.source, self.problem, self.line, self.row = source, problem, line, row
        where = source
        if line is not None:
            where += f":{line}"
        elif row is not None:
            where += f": row {row}"
        super().__init__(f"{where}: {problem}")


def require_file(path: str | Path, missing: str | None = None) -> None:
    """Refuse a FIFO or a device as "not a regular file": reading one would hang or never
    end, and "no such file" would mislead. With ``missing``, anything else that is not a
    file (absent, a folder) is refused with that problem."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        raise InputError(str(path), "not a regular file (a pipe or a device); give a file")
    if missing is not None and not path.is_file():
        raise InputError(str(path), missing)


def shown(path: str | Path) -> str:
    """A path fit for a one-line message: control characters (a newline) escaped."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


class DiskFull(ClaimsError):
    """A full disk (or quota) met while writing a file or folder."""


class CueTableError(ClaimsError):
    """A cue table (``claims.cues``) with an entry whose effect is unknown or ambiguous."""


class NotFound(ClaimsError):
    """A named thing (actor, target, article, label, project) that does not exist."""


class StoreError(ClaimsError):
    """The project file cannot be written now: disk full, read-only, held by another writer."""


class Conflict(ClaimsError):
    """A request that would contradict what the project already holds."""


def did_you_mean(given: str, choices: list[str], listing: str | None = None) -> str:
    """A hint for a name that was not found: the nearest choices, then where to list them all."""
    nearest = difflib.get_close_matches(given, list(dict.fromkeys(choices)), n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(name) for name in nearest)}?" if nearest else ""
    if listing:
        hint += f" List them with '{listing}'."
    return hint


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 alias``, ``2 aliases``, ``1,200 targets``: one rule for every message that counts.

    >>> counted(1, "alias"), counted(2, "alias"), counted(0, "target")
    ('1 alias', '2 aliases', '0 targets')
    >>> counted(3, "entry", "entries")
    '3 entries'
    """
    if count == 1:
        return f"1 {noun}"
    regular = noun + "es" if noun.endswith(("s", "x", "sh", "ch")) else noun + "s"
    return f"{count:,} {plural or regular}"
