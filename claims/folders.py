"""Replacing a folder (a model directory, a dataset folder) or a file (an export, a
registry file) so that a kill or a full disk at any moment leaves the old one or the new
one in place, never neither, never half of one, and no litter.

The new folder is written complete beside ``out`` under a temporary name. Only
then is the old one renamed aside (``.OUT.old``), the new one renamed in, and
the old one removed. Directories cannot be swapped in one step, so a kill
between the two renames leaves ``out`` missing; the next run that writes ``out``
calls ``recover`` first, which renames the old folder back and removes what
killed runs left (temporary folders, an old folder no longer needed). A file is
written whole under a temporary name beside it and renamed over it in one step.
"""
from __future__ import annotations

import errno
import glob
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claims.errors import ClaimsError, DiskFull, shown

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


@contextmanager
def staged(out: Path, prefix: str) -> Iterator[Path]:
    """A new folder to write in place of ``out``: made beside it (named ``prefix``*, the
    name ``recover`` clears after a kill), put in place of ``out`` once the block ends
    without error, removed otherwise."""
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; ours are ordinary folders
    try:
        yield staging
        replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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


@contextmanager
def disk_full_names(out: Path, kept: str) -> Iterator[None]:
    """A full disk (or quota) met while writing ``out``, as one line naming it and
    saying what is ``kept``, also when a write inside (a file of a folder being built)
    said it first; other errors pass."""
    try:
        yield
    except (OSError, DiskFull) as error:
        if isinstance(error, OSError) and error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise DiskFull(f"{shown(out)}: disk full; {kept}. Free some space and try "
                       "again.") from None


@contextmanager
def written_whole(out: Path) -> Iterator[Path]:
    """The path to write ``out`` to: a temporary file beside it (same suffix), renamed
    over ``out`` once the block ends without error, removed otherwise, so that ``out``
    is the old file or the new one, never half of one. A device or a pipe given as
    ``out`` (``/dev/stdout``) cannot be replaced: it gets the whole output appended (see
    ``_appended``). A link to a file stays a link: the file it names is replaced."""
    out = Path(out)
    if _stream(out):
        yield from _appended(out)
        return
    if out.is_symlink() and out.is_file():
        out = out.resolve()  # the file the link names is replaced; the link stays
    if not out.parent.is_dir():
        raise ClaimsError(f"Cannot write {shown(out)}: the folder {shown(out.parent)} does "
                          "not exist.")
    _remove_stale(out)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.{os.getpid()}.",
                                         suffix=f".tmp{out.suffix}")
    os.close(handle)
    try:
        with disk_full_names(out, "nothing was written (a file there before is as it was)"):
            yield Path(temporary)
            os.chmod(temporary, _mode(out))
            os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _remove_stale(out: Path) -> None:
    """Remove the temporary files that killed writes of ``out`` left; the writer's pid in
    the name tells them from those of a write still running."""
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*.*.tmp{glob.escape(out.suffix)}"):
        pid = stale.name[len(out.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stream(out: Path) -> bool:
    """A device, a pipe, or a name for one of this process's streams (``/dev/stdout``
    and ``/dev/fd/N`` lead to whatever the shell redirected, maybe a file)."""
    if str(out.absolute()).startswith(("/dev/", "/proc/")):
        return True
    return out.exists() and not out.is_file() and not out.is_dir()


def _appended(out: Path) -> Iterator[Path]:
    """A temporary file whose content, once complete, is appended to the stream ``out``:
    opened for writing by name, ``/dev/stdout`` would truncate a file the shell opened
    for appending (``>> log``)."""
    with tempfile.TemporaryDirectory() as folder:
        temporary = Path(folder) / f"output{out.suffix}"
        with disk_full_names(out, "the output stopped part way"):
            yield temporary
            with open(temporary, "rb") as source, open(out, "ab") as target:
                shutil.copyfileobj(source, target)


def _mode(out: Path) -> int:
    """The permissions of the file replaced, or those a new file gets (the umask's)."""
    if out.is_file():
        return out.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
