"""The ``claims`` command: click commands that parse options, call ``Project`` and print.

No logic lives here. Library errors (``ClaimsError``) become one line on stderr
and exit status 1; usage errors exit with 2, as click does.
"""
from __future__ import annotations

import errno
from functools import partial

import click

from claims import __version__
from claims.errors import ClaimsError
from claims.project import DEFAULT_DB, Project

# An id as SQLite stores it: a 64-bit integer; a larger one is a usage error, not a crash.
ID = click.IntRange(0, 2 ** 63 - 1)


class ClaimsGroup(click.Group):
    """Turns the library's errors into ``Error: …`` and exit status 1, once, for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ClaimsError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:  # the disk, not the input: full, read-only, not permitted
            if error.errno not in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM,
                                   errno.EDQUOT):
                raise
            where = repr(str(error.filename))[1:-1] if error.filename else "a file"
            problem = "disk full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else error.strerror
            raise click.ClickException(f"{where}: {problem}; nothing of the unit in progress "
                                       "was kept.") from None


class Context:
    """What every command gets: the chosen project path, opened on first use."""

    def __init__(self, db: str):
        self.db = db
        self._project: Project | None = None

    def project(self) -> Project:
        if self._project is None:
            self._project = Project(self.db)
            self._project.store.on_wait = partial(click.echo, err=True)
        return self._project

    def close(self) -> None:
        if self._project is not None:
            self._project.close()


@click.group(cls=ClaimsGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMS_DB", type=click.Path(dir_okay=False),
              help="The project file (env CLAIMS_DB).")
@click.version_option(__version__, prog_name="claims")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """claims: who said what about what, and when.

    Ingest news articles, register actors and targets, annotate claims
    (actor, target, stance), build a Hugging Face dataset, train and evaluate
    a stance model, predict on new articles and track stances over time.

    \b
    Example:
      claims init
      claims ingest article.txt
      claims statements
    """
    ctx.obj = Context(db)
    ctx.call_on_close(ctx.obj.close)


pass_context = click.make_pass_decorator(Context)


def _register_commands() -> None:
    from claims.cli import (agreement, annotate, browse, data, dataset, ingest, model, predict, project, registry,
                            schema, track)

    for module in (project, ingest, registry, browse, annotate, schema, agreement, data, dataset, model, predict,
                   track):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_commands()
