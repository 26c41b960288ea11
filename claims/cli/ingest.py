"""``claims ingest``: articles in, statements out."""
from __future__ import annotations

import itertools
import sys

import click

from claims.cli import pass_context
from claims.cli.output import progress
from claims.readers import ARTICLE_FORMATS, Columns


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "input_format", type=click.Choice(("auto", *ARTICLE_FORMATS)),
              default="auto", show_default=True,
              help="Input format; auto goes by the file suffix (or, for stdin, the content).")
@click.option(
    "--lang", type=click.Choice(("auto", "ar", "en", "de", "fr", "es")), default="auto",
    show_default=True, help="Language of the articles, when a row does not say.",
)
@click.option("--source", help="Source (outlet) of the articles, when a row does not say.")
@click.option("--published", help="Publication date (YYYY-MM-DD), when a row does not say.")
@click.option("--text-column", help="JSONL/CSV column with the article text [text, body, content].")
@click.option("--title-column", help="Column with the title [title, headline].")
@click.option("--url-column", help="Column with the URL [url, link].")
@click.option("--date-column", help="Column with the publication date [published, date].")
@click.option("--source-column", help="Column with the source [source, outlet].")
@click.option("--lang-column", help="Column with the language [language, lang].")
@pass_context
def ingest(
    context, paths, input_format, lang, source, published, text_column, title_column, url_column,
    date_column, source_column, lang_column,
) -> None:
    """Read articles, drop page chrome, split them into statements.

    PATHS are files, folders (read recursively) or - for stdin. txt and md
    files are one article each (a headline-like first line becomes the
    title); JSONL and CSV files hold one article per row. Articles already in
    the project are skipped, and so are articles with no text left after
    page chrome is removed (a warning names them).

    \b
    Examples:
      claims ingest article.txt
      claims ingest corpus/ --source Reuters
      claims ingest news.csv --text-column body --date-column day
      cat article.txt | claims ingest - --lang ar
    """
    columns = Columns(
        text_column, title_column, url_column, date_column, source_column, lang_column
    )
    project = context.project()
    counted = itertools.count(1)
    with progress("Ingesting articles") as shown:
        report = project.ingest(list(paths), input_format, lang, source, published, columns,
                                on_article=lambda path: shown("Ingesting articles", next(counted)))
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    for warning in skipped_lines(report.skipped, "no text left after removing page chrome"):
        click.echo(f"Warning: {warning}", err=True)
    updated = f"{report.articles_updated} updated, " if report.articles_updated else ""
    click.echo(
        f"{report.articles_new} new articles, {updated}"
        f"{report.articles_skipped} already in the project, "
        f"{f'{len(report.skipped)} with no text left, ' if report.skipped else ''}"
        f"{report.statements} statements, from {report.files - len(report.errors)} of "
        f"{report.files} files."
    )
    if report.errors:
        sys.exit(1)


def skipped_lines(skipped: list[str], why: str, named: int = 5) -> list[str]:
    """The articles left out, one line each for the first ``named``, then a count."""
    lines = [f"skipped {message}" for message in skipped[:named]]
    if len(skipped) > named:
        lines.append(f"skipped {len(skipped) - named:,} more articles ({why})")
    return lines


COMMANDS = [ingest]
