"""``claims annotate`` (the terminal session) and ``claims label`` (the same decision, scripted)."""
from __future__ import annotations

import sys

import click

from claims.annotate import ORDERS
from claims.cli import ID, pass_context
from claims.records import Origin

annotator_option = click.option(
    "--annotator", required=True, envvar="CLAIMS_ANNOTATOR",
    help="Who annotates; claims get origin human:NAME (env CLAIMS_ANNOTATOR).",
)


@click.command()
@annotator_option
@click.option("--article", "article_id", type=ID, help="Only the statements of this article.")
@click.option(
    "--order", type=click.Choice(ORDERS), default="article", show_default=True,
    help="article: reading order; random: shuffled (--seed); uncertain: least confident model "
    "predictions first.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), help="Offer at most this many undecided statements."
)
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
    g guidelines · q quit; Escape or Ctrl-C leaves a prompt without a change.

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
@click.argument("statement_id", type=ID, required=False)
@click.option("--actor", help="Actor name or alias.")
@click.option("--target", help="Target name or alias.")
@click.option("--stance", help="A stance label of the schema ('claims schema show').")
@click.option(
    "--no-claim",
    is_flag=True,
    help="Record that the statement holds no claim (the annotator's claims "
    "on it go), as 0/x does in 'claims annotate'.",
)
@click.option("--annotator", envvar="CLAIMS_ANNOTATOR",
              help="Who annotates; claims get origin human:NAME (env CLAIMS_ANNOTATOR). "
                   "With --file: for rows without an annotator.")
@click.option("--note", help="A note kept with the claim.")
@click.option("--file", "path", type=click.Path(dir_okay=False),
              help="Many decisions in one run: a CSV, TSV, JSON Lines, JSON or Parquet file "
                   "with the columns statement, actor, target, stance, annotator, note "
                   "(stance no_claim: the statement holds none).")
@pass_context
def label(context, statement_id, actor, target, stance, no_claim, annotator, note, path) -> None:
    """Record one claim on a statement, or that it holds none, as 'claims annotate' would.

    The annotator's other claims on the statement stay; the same actor and
    target again replace the earlier stance. With --no-claim, give no actor,
    target or stance. With --file, every row is one such decision, saved in its
    own transaction: a bad row stops the run with the rows before it saved.

    \b
    Examples:
      claims label 13 --actor Russia --target "Russian invasion of Ukraine" --stance oppose \\
          --annotator ana
      claims label 14 --no-claim --annotator ana
      claims label --file decisions.csv --annotator ana
    """
    if path is not None:
        options = (("STATEMENT_ID", statement_id), ("--actor", actor), ("--target", target),
                   ("--stance", stance), ("--no-claim", no_claim), ("--note", note))
        given = [name for name, value in options if value]
        _label_file(context, path, annotator, given)
        return
    if statement_id is None:
        raise click.UsageError("Missing argument 'STATEMENT_ID' (or --file FILE).")
    if not annotator:
        raise click.UsageError("Missing option '--annotator' (or set CLAIMS_ANNOTATOR).")
    given = [
        f"--{name}"
        for name, value in (("actor", actor), ("target", target), ("stance", stance))
        if value
    ]
    if no_claim:
        if given or note:
            raise click.UsageError(
                f"--no-claim takes no {', '.join(given + (['--note'] if note else []))}."
            )
        context.project().label_no_claim(statement_id, annotator)
        click.echo(f"Saved #{statement_id}: no claim ({Origin.human(annotator.strip())}).")
        return
    if len(given) < 3:
        missing = [
            f"--{name}" for name in ("actor", "target", "stance") if f"--{name}" not in given
        ]
        raise click.UsageError(f"Missing {', '.join(missing)} (or --no-claim).")
    for claim in context.project().label(statement_id, actor, target, stance, annotator, note):
        click.echo(
            f"Saved #{claim.statement_id}: {claim.actor} · {claim.target} · {claim.stance} "
            f"({claim.origin})."
        )


def _label_file(context, path: str, annotator: str | None, given: list[str]) -> None:
    if given:
        raise click.UsageError(f"--file takes no {', '.join(given)}: the file's columns give them.")
    report = context.project().label_file(path, annotator)
    counts = report.annotators.items()
    who = ", ".join(f"{Origin.human(name)}" + (f" {rows}" if len(counts) > 1 else "")
                    for name, rows in counts)
    same = f"; {report.unchanged} as recorded already" if report.unchanged else ""
    click.echo(f"Saved {report.rows} rows of {report.file}{f' ({who})' if who else ''}: "
               f"{report.claims} claims, {report.no_claims} no claim{same}.")


COMMANDS = [annotate, label]
