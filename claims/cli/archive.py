"""``claims predict --input SHARDS --output DIR``: an archive's Parquet articles, on Dask or here.

The options live here, added to ``claims predict`` by ``archive_options``, so
that the command itself only hands over to ``run`` when ``--input`` is given.
"""

from __future__ import annotations

import functools
import sys

import click

import claims
from claims.errors import counted

ENGINES = ("local", "dask")


def archive_options(command):
    """The options of prediction over Parquet shards, added to ``claims predict``."""
    options = [
        click.option(
            "--input",
            "inputs",
            multiple=True,
            metavar="SHARDS",
            help="Parquet shards of articles (paths, globs or fsspec URLs; repeat for more), "
            "one row an article; with --output instead of ARTICLES.",
        ),
        click.option(
            "--output",
            metavar="DIR",
            help="With --input: the folder for one Parquet file of claims "
            "per input shard (a path or an fsspec URL).",
        ),
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="local",
            show_default=True,
            help="With --input: predict the shards in this process, or on Dask (claims[dask]).",
        ),
        click.option(
            "--scheduler",
            envvar="DASK_SCHEDULER_ADDRESS",
            metavar="tcp://HOST:PORT",
            help="With --engine dask: a running Dask scheduler (env DASK_SCHEDULER_ADDRESS); "
            "default a local cluster of --workers processes.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1),
            help="With --engine dask and no scheduler: local worker processes [one a core].",
        ),
        click.option("--overwrite", is_flag=True, help="With --input: redo shards already done."),
        click.option(
            "--id-column", help="Column of the shards with the article id [id, article_id, doc_id]."
        ),
        click.option(
            "--text-column", help="Column with the article text [text, body, content, article]."
        ),
        click.option("--title-column", help="Column with the title [title, headline]."),
        click.option("--date-column", help="Column with the publication date [published, date]."),
        click.option("--source-column", help="Column with the source [source, outlet]."),
    ]
    return functools.reduce(lambda wrapped, option: option(wrapped), reversed(options), command)


def run(
    model_dir: str, articles: tuple[str, ...], options: dict, most: int, min_confidence: float,
    speaker_model: str | None = None,
) -> None:
    """Predict the shards of ``--input`` into ``--output`` and report; exit 1 if a shard failed."""
    if articles or not options["output"]:
        raise click.UsageError(
            "--input goes with --output DIR and without ARTICLES: "
            "claims predict MODEL --input 'archive/*.parquet' --output claims/"
        )
    columns = claims.ArticleColumns(
        options["id_column"],
        options["text_column"],
        options["title_column"],
        options["date_column"],
        options["source_column"],
    )

    def progress(result) -> None:
        if sys.stderr.isatty() and not result.error:
            click.echo(f"{result.shard}: {result.claims} claims", err=True)

    report = claims.predict_archive(
        model_dir,
        list(options["inputs"]),
        options["output"],
        columns,
        options["engine"],
        options["scheduler"],
        options["workers"],
        options["overwrite"],
        most,
        min_confidence,
        on_shard=progress,
        speaker_model=speaker_model,
    )
    for result in report.done:
        if result.skipped_articles:
            click.echo(
                f"{result.shard}: {result.skipped_articles} articles without statements skipped.",
                err=True,
            )
    for result in report.failed:
        click.echo(f"Error: {result.error}", err=True)
    click.echo(
        f"{counted(report.claims, 'claim')} from {counted(len(report.done), 'shard')} written "
        f"to {options['output']}; {len(report.skipped):,} already done, "
        f"{len(report.failed):,} failed."
    )
    if report.failed:
        sys.exit(1)


def archive_arguments(kwargs: dict) -> dict:
    """Take the archive options out of a command's keyword arguments."""
    names = (
        "inputs",
        "output",
        "engine",
        "scheduler",
        "workers",
        "overwrite",
        "id_column",
        "text_column",
        "title_column",
        "date_column",
        "source_column",
    )
    return {name: kwargs.pop(name) for name in names}
