"""``claims predict``: claims of new articles from a trained model."""
from __future__ import annotations

from pathlib import Path

import click

from claims.cli import pass_context
from claims.cli.output import emit, format_option

# claims.model and claims.predict load scikit-learn: imported inside the command
# so that every other command starts fast.
TABLE_COLUMNS = ["start", "end", "actor", "target", "stance", "stance_confidence", "text"]


@click.command()
@click.argument("model_dir", type=click.Path(file_okay=False))
@click.argument("articles", nargs=-1, required=True)
@format_option("table", "jsonl", "csv")
@click.option("--store", is_flag=True, help="Ingest the articles and save the claims with origin model:NAME@VERSION.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Keep claims whose stance confidence is at least this.")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True, help="Processes to predict in.")
@pass_context
def predict(context, model_dir, articles, output_format, store, min_confidence, jobs) -> None:
    """Predict who claims what about which target, with which stance, in ARTICLES.

    ARTICLES are files, folders or - (stdin) in the ingest formats; each is
    cleaned and split as at ingest. Speakers and targets are resolved against the
    project's registry (--db); without a project, speakers stay as written and the
    targets are those the model was trained on. One row per claim.

    \b
    Example:
      claims predict out/model datasets/demo/articles --format jsonl
      claims predict out/model article.txt --store --min-confidence 0.6
    """
    from claims.model import load_model
    from claims.predict import model_resolver, predict_articles

    model = load_model(model_dir)
    paths = list(articles)
    if store or Path(context.db).exists():
        claims = context.project().predict(model, paths, jobs, min_confidence, store)
    else:
        claims = predict_articles(model, paths, model_resolver(model), jobs, min_confidence)
    emit(claims, output_format, columns=TABLE_COLUMNS if output_format == "table" else None,
         widths={"text": 60})
    if store:
        click.echo(f"Stored {len(claims)} claims.", err=True)


COMMANDS = [predict]
