"""``claims annotate`` (the terminal session) and ``claims label`` (the same decision, scripted)."""
from __future__ import annotations

import sys

import click

from claims.annotate import ORDERS
from claims.cli import ID, pass_context
from claims.records import Origin

annotator_option = click.option("--annotator", required=True, envvar="CLAIMS_ANNOTATOR",
                                help="Who annotates; claims get origin human:NAME (env CLAIMS_ANNOTATOR).")


@click.command()
@annotator_option
@click.option("--article", "article_id", type=ID, help="Only the statements of this article.")
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
@click.argument("statement_id", type=ID)
@click.option("--actor", help="Actor name or alias.")
@click.option("--target", help="Target name or alias.")
@click.option("--stance", help="A stance label of the schema ('claims schema show').")
@click.option("--no-claim", is_flag=True, help="Record that the statement holds no claim (the annotator's claims "
                                                "on it go), as 0/x does in 'claims annotate'.")
@annotator_option
@click.option("--note", help="A note kept with the claim.")
@pass_context
def label(context, statement_id, actor, target, stance, no_claim, annotator, note) -> None:
    """Record one claim on a statement, or that it holds none, as 'claims annotate' would.

    The annotator's other claims on the statement stay; the same actor and
    target again replace the earlier stance. With --no-claim, give no actor,
    target or stance.

    \b
    Examples:
      claims label 13 --actor Russia --target "Russian invasion of Ukraine" --stance oppose --annotator ana
      claims label 14 --no-claim --annotator ana
    """
    given = [f"--{name}" for name, value in (("actor", actor), ("target", target), ("stance", stance)) if value]
    if no_claim:
        if given or note:
            raise click.UsageError(f"--no-claim takes no {', '.join(given + (['--note'] if note else []))}.")
        context.project().label_no_claim(statement_id, annotator)
        click.echo(f"Saved #{statement_id}: no claim ({Origin.human(annotator.strip())}).")
        return
    if len(given) < 3:
        missing = [f"--{name}" for name in ("actor", "target", "stance") if f"--{name}" not in given]
        raise click.UsageError(f"Missing {', '.join(missing)} (or --no-claim).")
    for claim in context.project().label(statement_id, actor, target, stance, annotator, note):
        click.echo(f"Saved #{claim.statement_id}: {claim.actor} · {claim.target} · {claim.stance} ({claim.origin}).")


COMMANDS = [annotate, label]
