"""``claims predict``: claims of new articles from a trained model."""
from __future__ import annotations

from pathlib import Path

import click

from claims import predict_claims
from claims.cli import pass_context
from claims.cli.output import emit, format_option, progress
from claims.registry_file import SNAPSHOT_FILE

TABLE_COLUMNS = ["file", "start", "actor", "target", "stance", "text"]  # each part with its confidence


@click.command()
@click.argument("model_dir", type=click.Path(file_okay=False))
@click.argument("articles", nargs=-1, required=True)
@format_option()
@click.option("--registry", "registry_source", metavar="SOURCE",
              help="What speakers and targets resolve against: 'project' (the project at --db), 'model' (the "
                   "registry MODEL_DIR was trained with) or a registry file. Default: project if --db exists, "
                   "else model.")
@click.option("--store", is_flag=True, help="Ingest the articles and save the claims with origin model:NAME@VERSION.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Keep claims whose stance confidence is at least this.")
@click.option("--max-targets", type=click.IntRange(1), default=1, show_default=True,
              help="Claims per statement at most: one for each target that fits well enough, best first.")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True, help="Processes to predict in.")
@pass_context
def predict(context, model_dir, articles, output_format, registry_source, store, min_confidence, max_targets,
            jobs) -> None:
    """Predict who claims what about which target, with which stance, in ARTICLES.

    ARTICLES are files, folders or - (stdin) in the ingest formats; each is
    cleaned and split as at ingest. Speakers and targets resolve against a
    registry (see --registry): a speaker it does not hold is kept as written and
    marked unregistered. One row per claim, with the actor's span and a
    confidence for the actor, the target and the stance, and the stance's
    source: the reporting verb (cue), the model, or both (cue+model); below the
    abstain threshold the stance is 'undecided' (not stored). The model directory
    holds all it needs, the registry it was trained with included. MODEL_DIR
    'cues' predicts with no trained model: targets where their aliases are
    written, the stance from the reporting verb alone.

    \b
    Example:
      claims predict out/model datasets/demo/articles --format jsonl
      claims predict out/model article.txt --registry model --max-targets 2
      claims predict out/model article.txt --store --min-confidence 0.6
      claims predict cues article.txt --registry datasets/demo/registry.yaml

    With --store, a table format prints a summary of what was stored
    (articles, statements, claims by stance); --format jsonl the claims.
    """
    if store and registry_source not in (None, "project"):
        raise click.UsageError(f"--store saves claims about the project's actors and targets, so it resolves "
                               f"against the project's registry, not {registry_source!r}. To use the model's, "
                               f"import it first: claims registry import {Path(model_dir) / SNAPSHOT_FILE}")
    with progress("Loading the model") as report:
        result = predict_claims(model_dir, list(articles), registry_source, context.db, store, jobs,
                                min_confidence, most=max_targets, progress=report)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    claims = result.claims
    if store and output_format == "table":
        click.echo(stored_summary(claims))
        return
    if output_format == "table":  # the file's name, a confidence beside each part
        claims = [_table_row(claim) for claim in claims]
    emit(claims, output_format, columns=TABLE_COLUMNS if output_format == "table" else None,
         widths={"text": 60})
    if store:
        from claims.cuestance import (
            UNDECIDED,  # here: the text engine is not for --help
        )

        stored = sum(claim["stance"] != UNDECIDED for claim in result.claims)
        undecided = len(result.claims) - stored
        click.echo(f"Stored {stored} claims ({undecided} undecided, not stored).", err=True)


def stored_summary(claims: list[dict]) -> str:
    """What --store saved, in a few lines: a table of thousands of rows tells a person nothing.
    Undecided stances are not stored: they are counted apart."""
    from claims.cuestance import UNDECIDED  # here: the text engine is not for --help

    undecided = sum(claim["stance"] == UNDECIDED for claim in claims)
    claims = [claim for claim in claims if claim["stance"] != UNDECIDED]
    articles = {claim["article"] for claim in claims}
    statements = {(claim["article"], claim["start"]) for claim in claims}
    stances: dict[str, int] = {}
    for claim in claims:
        stances[claim["stance"]] = stances.get(claim["stance"], 0) + 1
    ranked = sorted(stances.items(), key=lambda item: -item[1])
    listed = ", ".join(f"{label} {count:,}" for label, count in ranked)
    by_stance = f" ({listed})" if listed else ""
    left = f" {undecided:,} undecided, not stored." if undecided else ""
    return (f"Stored {len(claims):,} claims on {len(statements):,} statements of {len(articles):,} "
            f"articles{by_stance}.{left}\nSee them with: claims track --origin model, or claims export "
            "--origin 'model:*'")


def _table_row(claim: dict) -> dict:
    def part(value, confidence, source: str | None = None) -> str:
        if value is None or confidence is None:
            return value
        return f"{value} ({confidence:.2f}, {source})" if source else f"{value} ({confidence:.2f})"

    return {"file": Path(claim["article"]).name, "start": claim["start"], "text": claim["text"],
            "actor": part(claim["actor"], claim["actor_confidence"]),
            "target": part(claim["target"], claim["target_confidence"]),
            "stance": part(claim["stance"], claim["stance_confidence"], claim.get("stance_source"))}


COMMANDS = [predict]
