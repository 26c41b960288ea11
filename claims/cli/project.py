"""``claims init`` and ``claims stats``."""
from __future__ import annotations

import click

from claims.cli import pass_context
from claims.cli.output import emit, format_option


@click.command()
@pass_context
def init(context) -> None:
    """Create a project file (the --db path), or migrate an existing one.

    \b
    Example:
      claims --db news.db init
    """
    from claims.project import Project

    with Project.init(context.db) as project:
        click.echo(f"Project ready at {project.path} (schema version {project.store.version}).")


@click.command()
@format_option()
@pass_context
def stats(context, output_format: str) -> None:
    """Counts of articles, statements, actors, targets and claims.

    --format json prints one object (counts by language, origin and stance
    nested); csv and jsonl print it as one row.

    \b
    Example:
      claims stats --format json
    """
    emit(context.project().stats(), output_format, ["what", "count"])


COMMANDS = [init, stats]
