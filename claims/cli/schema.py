"""``claims schema``: the stance labels and the annotation guidelines."""
from __future__ import annotations

import shutil
import sys

import click

from claims.cli import ClaimsGroup, pass_context
from claims.cli.output import bidi_enabled, emit, format_option
from claims.errors import counted


@click.group(cls=ClaimsGroup)
def schema() -> None:
    """The stance labels (ordered, with definitions) and the annotation guidelines."""


@schema.command("show")
@format_option("table", "json")
@pass_context
def show(context, output_format) -> None:
    """Print the stance labels with their definitions, then the guidelines.

    \b
    Example:
      claims schema show
    """
    project = context.project()
    labels = [{"label": label.name, "definition": label.description} for label in project.labels()]
    if output_format == "json":
        emit([{"labels": labels, "guidelines": project.guidelines()}], "json")
        return
    emit(labels, "table", ["label", "definition"], widths={"definition": 80})
    if not sys.stdout.isatty():  # the Markdown as written, for files and pipes
        click.echo(project.guidelines())
        return
    from claims.cli.painter import Painter, guideline_lines, palette

    painter = Painter(shutil.get_terminal_size().columns, bidi_enabled(), palette())
    click.echo("\n".join(guideline_lines(project.guidelines(), painter)))


@schema.command("set-labels")
@click.argument("labels")
@pass_context
def set_labels(context, labels) -> None:
    """Make LABELS (comma-separated, in order) the stance labels.

    Labels that stay keep their definitions. Removing a label that claims use
    is refused.

    \b
    Example:
      claims schema set-labels support,oppose,neutral,unrelated
    """
    names = [label.name for label in context.project().set_labels(labels.split(","))]
    click.echo(f"Stance labels: {', '.join(names)}.")


@schema.command("guidelines")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def guidelines(context, file) -> None:
    """Make the Markdown FILE the project's annotation guidelines.

    Annotators see them with 'g' in 'claims annotate'; the dataset card
    carries them.

    \b
    Example:
      claims schema guidelines guidelines.md
    """
    text = context.project().set_guidelines(file)
    click.echo(f"Guidelines set from {file} ({counted(len(text.splitlines()), 'line')}).")


COMMANDS = [schema]
