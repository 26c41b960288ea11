"""``claims annotate`` (the terminal session) and ``claims label`` (the same decision, scripted)."""
from __future__ import annotations

import sys

import click

from claims.annotate import ORDERS
from claims.cli import pass_context

annotator_option = click.option("--annotator", required=True, envvar="CLAIMS_ANNOTATOR",
                                help="Who annotates; claims get origin human:NAME (env CLAIMS_ANNOTATOR).")


@click.command()
@annotator_option
@click.option("--article", "article_id", type=int, help="Only the statements of this article.")
@click.option("--order", type=click.Choice(ORDERS), default="article", show_default=True,
              help="article: reading order; random: shuffled (--seed); uncertain: least confident model "
                   "predictions first.")
@click.option("--limit", type=click.IntRange(min=1), help="Offer at most this many undecided statements.")
@click.option("--seed", type=int, help="Seed of the random order.")
@pass_context
def annotate(context, annotator, article_id, order, limit, seed) -> None:
    """Annotate claims in the terminal, keyboard only.

    Shows each statement with the sentences around it, the registered actors
    and targets it mentions highlighted, the reporting cue marked, and a
    proposed claim (actor · target · stance). Every decision is saved at once;
    a new session goes on where the annotator stopped. Others' claims are never
    shown. Keys: Enter accept · 1-9 stance (saves) · a actor · t target · n new
    actor/target · + one more claim · 0/x no claim · s skip · u undo · b back ·
    g guidelines · q quit.

    \b
    Examples:
      claims annotate --annotator ana
      claims annotate --annotator ana --article 3 --order uncertain --limit 50
    """
    from claims.cli import annotate_ui  # prompt_toolkit is loaded only for a session

    annotate_ui.check_terminal(sys.stdin, sys.stdout)
    session = context.project().annotation_session(annotator, article_id, order, limit, seed)
    click.echo(annotate_ui.run(session))


@click.command()
@click.argument("statement_id", type=int)
@click.option("--actor", required=True, help="Actor name or alias.")
@click.option("--target", required=True, help="Target name or alias.")
@click.option("--stance", required=True, help="A stance label of the schema ('claims schema show').")
@annotator_option
@click.option("--note", help="A note kept with the claim.")
@pass_context
def label(context, statement_id, actor, target, stance, annotator, note) -> None:
    """Record one claim on a statement, as 'claims annotate' would.

    The annotator's other claims on the statement stay; the same actor and
    target again replace the earlier stance.

    \b
    Example:
      claims label 13 --actor Russia --target "Russian invasion of Ukraine" --stance oppose --annotator ana
    """
    for claim in context.project().label(statement_id, actor, target, stance, annotator, note):
        click.echo(f"Saved #{claim.statement_id}: {claim.actor} · {claim.target} · {claim.stance} ({claim.origin}).")


COMMANDS = [annotate, label]
