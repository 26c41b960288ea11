"""``claims articles`` and ``claims statements``: what the project holds."""
from __future__ import annotations

import click

from claims.cli import pass_context
from claims.cli.output import emit, format_option


@click.command()
@format_option()
@pass_context
def articles(context, output_format) -> None:
    """List articles: id, title, source, date, language, statements.

    \b
    Example:
      claims articles --format csv > articles.csv
    """
    emit(context.project().articles(), output_format,
         ["id", "title", "source", "published", "language", "statements", "characters"], widths={"title": 50})


@click.command()
@click.option("--article", "article_id", type=int, help="Only the statements of this article.")
@format_option()
@pass_context
def statements(context, article_id, output_format) -> None:
    """List statements with their reporting cue and the actors and targets they mention.

    Offsets are character offsets into the article's stored text.

    \b
    Examples:
      claims statements --article 1
      claims statements --format jsonl | jq .mentions
    """
    project = context.project()
    rows = []
    for statement in project.statements(article_id):
        mentions = project.mentions(statement)
        rows.append({
            "id": statement.id, "article": statement.article_id, "start": statement.start, "end": statement.end,
            "cue": statement.cue,
            "actors": sorted({m.name for m in mentions if m.kind == "actor"}),
            "targets": sorted({m.name for m in mentions if m.kind == "target"}),
            "text": statement.text,
            "mentions": [{"kind": m.kind, "name": m.name, "start": m.start, "end": m.end, "surface": m.surface}
                         for m in mentions],
        })
    columns = ["id", "article", "cue", "actors", "targets", "text"]
    if output_format == "csv":
        columns = ["id", "article", "start", "end", "cue", "actors", "targets", "text"]
    emit(rows, output_format, columns if output_format in ("table", "csv") else None, widths={"text": 70})


COMMANDS = [articles, statements]
