"""``claims predict``: claims of new articles from a trained model."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from claims import Prediction, predict_claims
from claims.cli import pass_context
from claims.cli.archive import archive_arguments, archive_options
from claims.cli.archive import run as run_archive
from claims.cli.ingest import LANGUAGES, skipped_lines
from claims.cli.output import emit, emit_batches, format_option, progress
from claims.errors import counted
from claims.prediction import distinct_claims, is_mention
from claims.registry_file import SNAPSHOT_FILE

STREAMED = ("jsonl", "csv")  # formats printed as claims are made, never held in memory
# each part with its confidence
TABLE_COLUMNS = ["file", "start", "actor", "target", "stance", "text"]
VERDICT_COLUMNS = ["file", "title", "stance", "evidence"]  # --claim: one row an article


@click.command()
@click.argument("model_dir", type=click.Path(file_okay=False))
@click.argument("articles", nargs=-1)
@format_option()
@click.option("--registry", "registry_source", metavar="SOURCE",
              help="What speakers and targets resolve against: 'project' (the project at --db), "
                   "'model' (the registry MODEL_DIR was trained with) or a registry file. "
                   "Default: project if --db exists, else model.")
@click.option("--store", is_flag=True,
              help="Ingest the articles and save the claims with origin model:NAME@VERSION.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Keep claims whose stance confidence is at least this.")
@click.option("--max-targets", type=click.IntRange(1), default=1, show_default=True,
              help="Claims per statement at most: one for each target that fits well enough, "
                   "best first.")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Processes to predict in (an input too small to pay for starting them "
                   "runs in one).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True,
              help="Language of the ARTICLES, when a row does not say (as at ingest).")
@click.option("--speaker-model", type=click.Path(file_okay=False), metavar="DIR",
              help="A speaker model (claims speakers train) to find speakers with the rules.")
@click.option("--mentions", is_flag=True,
              help="Also print statements that name a target with no speaker and no decided "
                   "stance: mentions of it, not claims (left out of printed rows by default, "
                   "and counted; never stored; Parquet shards keep them).")
@click.option("--claim", metavar="TEXT",
              help="A claim–article model's verdict on each of ARTICLES toward this claim "
                   "(agrees, denies, discusses, ignores it), one row an article, with the "
                   "sentences it read.")
@archive_options
@pass_context
def predict(context, model_dir, articles, output_format, registry_source, store, min_confidence,
            max_targets, jobs, lang, speaker_model, mentions, claim, **archive) -> None:
    """Predict who claims what about which target, with which stance, in ARTICLES.

    ARTICLES are files, folders or - (stdin) in the ingest formats; each is
    cleaned and split as at ingest. Speakers and targets resolve against a
    registry (see --registry): a speaker it does not hold is kept as written and
    marked unregistered. A statement voiced by several speakers gives a claim
    for each (--store keeps one per actor and target, the unregistered speakers
    of a statement together). One row per claim, with the actor's span and a
    confidence for the actor, the target and the stance, and the stance's
    source: the reporting verb (cue), the model, or both (cue+model); below the
    abstain threshold the stance is 'undecided' (not stored). The model directory
    holds all it needs, the registry it was trained with included. MODEL_DIR
    'cues' predicts with no trained model: targets where their aliases are
    written, the stance from the reporting verb alone. JSON Lines and CSV rows
    are printed as they are made, and --store saves each article with its claims
    in one transaction as it is done: an interrupted run keeps the articles it
    finished, and running it again completes it without duplicates. A
    statement that names a target with no speaker and no decided stance is a
    mention, not a claim: it is counted, and printed with --mentions.

    With --input SHARDS --output DIR instead of ARTICLES: Parquet shards of
    articles, one Parquet file of claims per shard in DIR (resolved against the
    model's registry), here or with --engine dask on a Dask cluster; a rerun
    skips the shards done by the same model (and the same --speaker-model).

    \b
    Example:
      claims predict out/model datasets/demo/articles --format jsonl
      claims predict out/model article.txt --registry model --max-targets 2
      claims predict out/model article.txt --store --min-confidence 0.6
      claims predict cues article.txt --registry datasets/demo/registry.yaml
      cat article.txt | claims predict out/model - --lang ar --format jsonl
      claims predict out/model --input 'archive/*.parquet' --output claims/ --engine dask

    With --store, a table format prints a summary of what was stored
    (articles, statements, claims by stance); --format jsonl the claims.

    With --claim TEXT and a model trained on claim–article pairs (the baly2018
    recipe's): one row an article, its stance toward the claim as the model reads
    the article whole, and the sentences most related to the claim.

    \b
      claims predict out/baly new-articles/ --claim "إيران أغلقت مضيق هرمز"
    """
    archive = archive_arguments(archive)
    if claim is not None:
        return _claim_verdicts(model_dir, claim, articles, output_format, lang,
                               store or archive["inputs"])
    if archive["inputs"]:
        if lang != "auto":
            raise click.UsageError("--lang is for ARTICLES: the language of archive shards is "
                                   "detected article by article.")
        return run_archive(model_dir, articles, archive, max_targets, min_confidence,
                           speaker_model)
    if not articles:
        raise click.UsageError("Name the ARTICLES to predict, or Parquet shards with --input.")
    if store and registry_source not in (None, "project"):
        raise click.UsageError(
            f"--store saves claims about the project's actors and targets, so it resolves "
            f"against the project's registry, not {registry_source!r}. To use the model's, "
            f"import it first: claims registry import {Path(model_dir) / SNAPSHOT_FILE}")
    streamed, shown = output_format in STREAMED, Shown(mentions)
    with progress("Loading the model") as report:
        result = predict_claims(model_dir, list(articles), registry_source, context.db, store,
                                jobs, min_confidence, most=max_targets, progress=report,
                                stream=streamed, speaker_model=speaker_model, language=lang)
        if streamed:
            for warning in result.warnings:
                click.echo(f"Warning: {warning}", err=True)
            tally = Tally()
            emit_batches(map(shown.kept, map(tally.read, result.batches)), output_format)
            _tell_skipped(result.skipped)
            shown.tell()
            if store:
                _tell_stored(tally, result.stored_new)
            return
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    _tell_skipped(result.skipped)
    if store and output_format == "table":
        click.echo(stored_summary(result))
        return
    claims = shown.kept(result.claims)
    if output_format == "table":  # the file's name, a confidence beside each part
        claims = [_table_row(claim) for claim in claims]
    emit(claims, output_format, columns=TABLE_COLUMNS if output_format == "table" else None,
         widths={"text": 60})
    shown.tell()
    if store:
        tally = Tally()
        tally.read(result.claims)
        _tell_stored(tally, result.stored_new)


class Tally:
    """What --store kept of the claims read: one per statement, actor and target with a
    decided stance (``Prediction.stored``), the undecided counted apart, and the speakers
    of those kept without a registered actor."""

    def __init__(self) -> None:
        self.stored = self.undecided = self.unregistered = 0
        self.speakers: Counter = Counter()

    def read(self, claims: list[dict]) -> list[dict]:
        from claims.cuestance import UNDECIDED  # here: --help loads no text engine

        kept = distinct_claims(claims)  # an article is in one chunk
        self.stored += len(kept)
        self.undecided += sum(claim["stance"] == UNDECIDED for claim in claims)
        without = [claim for claim in kept if not claim.get("actor_registered")]
        self.unregistered += len(without)
        self.speakers.update(name.strip() for claim in without
                             for name in (claim.get("actor_written") or "").split("; ")
                             if name.strip())
        return claims

    def stored_line(self, new: int | None) -> str:
        return (f"Stored {counted(self.stored, 'claim')}{_new(self.stored, new)} "
                f"({self.undecided} undecided, not stored).")

    def unregistered_line(self, most: int = 5) -> str:
        """Those claims have no actor (the speaker is in their note), so tracking leaves
        them out until a rerun of --store replaces them."""
        if not self.unregistered:
            return ""
        named = ", ".join(f"{name} ({count})" for name, count in self.speakers.most_common(most))
        return (f"{self.unregistered:,} of them {'has' if self.unregistered == 1 else 'have'} "
                f"no registered actor, so tracking leaves them out"
                f"{f'; their speakers, most frequent first: {named}' if named else ''}. "
                "Register them (claims actors add) and store again to give those claims their "
                "actor.\n")


def _tell_stored(tally: Tally, new: int | None) -> None:
    click.echo(tally.stored_line(new), err=True)
    click.echo(tally.unregistered_line(), err=True, nl=False)


class Shown:
    """Which rows are printed: every claim, and the mentions (``is_mention``) only when
    asked for; the others are counted, and told on stderr."""

    def __init__(self, mentions: bool) -> None:
        self.mentions, self.left_out = mentions, 0

    def kept(self, claims: list[dict]) -> list[dict]:
        if self.mentions:
            return claims
        kept = [claim for claim in claims if not is_mention(claim)]
        self.left_out += len(claims) - len(kept)
        return kept

    def tell(self) -> None:
        if self.left_out:
            click.echo(f"Left out {counted(self.left_out, 'mention')} (a statement naming a "
                       f"target with no speaker and no decided stance); --mentions prints "
                       f"them.", err=True)


def _claim_verdicts(model_dir: str, claim: str, articles: tuple[str, ...], output_format: str,
                    lang: str, storing) -> None:
    """``claims predict --claim``: a verdict an article (``claims.claim_verdicts``)."""
    from claims.claim_verdicts import claim_verdicts

    if storing:
        raise click.UsageError("--claim gives a verdict an article; it is not stored, and reads "
                               "ARTICLES, not --input shards.")
    if not articles:
        raise click.UsageError("Name the ARTICLES to read toward the claim.")
    skipped: list[str] = []
    with progress("Reading the articles toward the claim"):
        rows = claim_verdicts(model_dir, claim, list(articles), language=lang,
                              on_skip=skipped.append)
        if output_format in STREAMED:
            emit_batches(([row] for row in rows), output_format)
        else:
            rows = list(rows)
            if output_format == "table":
                rows = [{**row, "file": Path(row["article"]).name,
                         "stance": f"{row['stance']} ({row['stance_confidence']:.2f})"}
                        for row in rows]
            emit(rows, output_format, widths={"evidence": 60},
                 columns=VERDICT_COLUMNS if output_format == "table" else None)
    _tell_skipped(skipped)


def _tell_skipped(skipped: list[str]) -> None:
    for line in skipped_lines(skipped, "no text left after removing page chrome, or no "
                                       "statements"):
        click.echo(f"Warning: {line}", err=True)


def _new(stored: int, new: int | None) -> str:
    return "" if new is None else f": {new:,} new, {stored - new:,} already there"


def stored_summary(result: Prediction) -> str:
    """What --store saved, in a few lines: a table of thousands of rows tells a person nothing.
    Undecided stances are not stored: they are counted apart."""
    undecided, claims = result.undecided, result.stored
    tally = Tally()
    tally.read(claims)
    articles = {claim["article"] for claim in claims}
    statements = {(claim["article"], claim["start"]) for claim in claims}
    stances: dict[str, int] = {}
    for claim in claims:
        stances[claim["stance"]] = stances.get(claim["stance"], 0) + 1
    ranked = sorted(stances.items(), key=lambda item: -item[1])
    listed = ", ".join(f"{label} {count:,}" for label, count in ranked)
    by_stance = f" ({listed})" if listed else ""
    left = f" {undecided:,} undecided, not stored." if undecided else ""
    return (
        f"Stored {counted(len(claims), 'claim')} on {counted(len(statements), 'statement')} "
        f"of {counted(len(articles), 'article')}{by_stance}"
        f"{_new(len(claims), result.stored_new)}.{left}\n{tally.unregistered_line()}"
        "See them with: claims track --origin model, or claims export --origin 'model:*'"
    )


def _table_row(claim: dict) -> dict:
    def part(value, confidence, source: str | None = None) -> str:
        if value is None or confidence is None:
            return value
        return f"{value} ({confidence:.2f}, {source})" if source else f"{value} ({confidence:.2f})"

    return {
        "file": Path(claim["article"]).name,
        "start": claim["start"],
        "text": claim["text"],
        "actor": part(claim["actor"], claim["actor_confidence"]),
        "target": part(claim["target"], claim["target_confidence"]),
        "stance": part(claim["stance"], claim["stance_confidence"], claim.get("stance_source")),
    }


COMMANDS = [predict]
