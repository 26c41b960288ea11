"""Replacing a folder (a model directory, a dataset folder) so that a kill at any
moment leaves the old one or the new one in place, never neither, and no litter.

The new folder is written complete beside ``out`` under a temporary name. Only
then is the old one renamed aside (``.OUT.old``), the new one renamed in, and
the old one removed. Directories cannot be swapped in one step, so a kill
between the two renames leaves ``out`` missing; the next run that writes ``out``
calls ``recover`` first, which renames the old folder back and removes what
killed runs left (temporary folders, an old folder no longer needed).
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

# Tests only: set to "1" and the process kills itself between the two renames,
# so the one window a kill could leave no folder is exercised deterministically.
STOP_BETWEEN_RENAMES = "CLAIMS_TEST_KILL_BETWEEN_RENAMES"


def aside(out: Path) -> Path:
    """Where the old ``out`` waits while the new one is renamed in."""
    return out.parent / f".{out.name}.old"


def recover(out: Path, temporary_prefix: str) -> list[Path]:
    """Undo what killed runs left beside ``out``: the old folder back in place when
    the new never arrived, the old one removed when it did, and every temporary
    folder named ``temporary_prefix``* removed. Returns the folders removed or restored."""
    touched = []
    old = aside(out)
    if old.is_dir():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(old, out)
        touched.append(old)
    for stale in out.parent.glob(f"{temporary_prefix}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
            touched.append(stale)
    return touched


def replace_folder(new: Path, out: Path) -> None:
    """Put the complete folder ``new`` in place of ``out`` (which may not exist)."""
    if not out.exists():
        os.rename(new, out)
        return
    old = aside(out)
    if old.exists():
        shutil.rmtree(old)
    os.rename(out, old)
    if os.environ.get(STOP_BETWEEN_RENAMES) == "1":
        os.kill(os.getpid(), signal.SIGKILL)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)
