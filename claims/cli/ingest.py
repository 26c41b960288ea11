"""``claims ingest``: articles in, statements out."""
from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING

import click

from claims.cli import pass_context
from claims.cli.output import progress
from claims.errors import counted
from claims.readers import ARTICLE_FORMATS, Columns

LANGUAGES = ("auto", "ar", "en", "de", "fr", "es")  # what --lang accepts, at ingest and predict

if TYPE_CHECKING:
    from claims.project import IngestReport


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "input_format", type=click.Choice(("auto", *ARTICLE_FORMATS)),
              default="auto", show_default=True,
              help="Input format; auto goes by the file suffix, or for stdin (or a file with no "
                   "suffix) by the content: JSON Lines, a JSON array, a CSV or TSV header "
                   "naming the text column, else plain text.")
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="auto",
    show_default=True, help="Language of the articles, when a row does not say.",
)
@click.option("--source", help="Source (outlet) of the articles, when a row does not say.")
@click.option("--published", help="Publication date (YYYY-MM-DD), when a row does not say.")
@click.option("--text-column",
              help="JSON/CSV column with the article text [text, body, content, article].")
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
    title); JSONL, CSV and TSV files hold one article per row, and a .json
    file an array of article objects. Articles already in the project are
    skipped, and so are articles with no text left after page chrome is
    removed (a warning names them). A file that cannot be read is named and
    the others are ingested; the exit status is then 1.

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
    numbered = itertools.count(1)
    with progress("Ingesting articles") as shown:
        report = project.ingest(list(paths), input_format, lang, source, published, columns,
                                on_article=lambda path: shown("Ingesting articles", next(numbered)))
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    for warning in skipped_lines(report.skipped, "no text left after removing page chrome"):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(summary(report))
    if report.errors:
        sys.exit(1)


def summary(report: IngestReport) -> str:
    """One line: what was stored, skipped and corrected, out of how many files."""
    parts = [counted(report.articles_new, "new article")]
    if report.articles_updated:
        parts.append(f"{report.articles_updated:,} updated")
    parts.append(f"{report.articles_skipped:,} already in the project")
    if report.skipped:
        parts.append(f"{len(report.skipped):,} with no text left")
    parts.append(counted(report.statements, "statement"))
    read = report.files - len(report.errors)
    return f"{', '.join(parts)}, from {read:,} of {counted(report.files, 'file')}."


def skipped_lines(skipped: list[str], why: str, named: int = 5) -> list[str]:
    """The articles left out, one line each for the first ``named``, then a count."""
    lines = [f"skipped {message}" for message in skipped[:named]]
    if len(skipped) > named:
        lines.append(f"skipped {counted(len(skipped) - named, 'more article')} ({why})")
    return lines


COMMANDS = [ingest]
