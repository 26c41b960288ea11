"""``claims init`` and ``claims stats``."""
from __future__ import annotations

import click

from claims.cli import pass_context
from claims.cli.output import emit, format_option
from claims.project import Project


@click.command()
@pass_context
def init(context) -> None:
    """Create a project file (the --db path), or migrate an existing one.

    \b
    Example:
      claims --db news.db init
    """
    with Project.init(context.db) as project:
        click.echo(f"Project ready at {project.path} (schema version {project.store.version}).")


@click.command()
@format_option("table", "json")
@pass_context
def stats(context, output_format: str) -> None:
    """Counts of articles, statements, actors, targets and claims.

    \b
    Example:
      claims stats --format json
    """
    counts = context.project().stats()
    if output_format == "json":
        emit([counts], "json")
        return
    rows = [{"what": key, "count": value} for key, value in counts.items() if not isinstance(value, dict)]
    for group, values in counts.items():
        if isinstance(values, dict):
            rows += [{"what": f"{group}: {name}", "count": count} for name, count in values.items()]
    emit(rows, "table", ["what", "count"])


COMMANDS = [init, stats]
