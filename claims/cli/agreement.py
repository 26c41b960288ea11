"""``claims agreement`` and ``claims adjudicate``: how far annotators agree, and gold claims
from their work."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import sys
from typing import TYPE_CHECKING

import click

from claims.cli import ID, ClaimsGroup, pass_context
from claims.cli.output import ESCAPE_SEQUENCE, emit, format_option, key_name, visual
from claims.decisions import check_stance
from claims.errors import NotFound, counted, did_you_mean

if TYPE_CHECKING:
    from claims.agreement import Agreement, LevelAgreement, QueueItem

_LEVELS = {"item": "stance (items)", "statement": "claims (statements)"}
roll_up_option = click.option(
    "--roll-up", is_flag=True,
    help="Count an actor and its registered parents as one (Ryabkov as Russia).")
_SKIP, _QUIT = object(), object()
_SCRIPTED = ("claims adjudicate resolve STATEMENT_ID --actor A --target T --stance S "
             "--annotator NAME (list the items with 'claims adjudicate queue')")


@click.command()
@click.option(
    "--annotators", help="Compare only these annotators (comma-separated names); default: all."
)
@roll_up_option
@format_option("table", "json")
@pass_context
def agreement(context, annotators, roll_up, output_format) -> None:
    """Agreement between annotators on stance and on whole claims.

    \b
    Stance on items. An item is a (statement, actor, target); aliases are
    resolved, an actor's parent is not merged (with --roll-up it is). For each pair of annotators,
    Cohen's kappa (scikit-learn) on the items both labelled; over all of
    them, Krippendorff's alpha (nominal; a label an annotator did not give
    is a missing value). "observed" is the share of agreeing pairs of
    annotators on the items two or more labelled.

    \b
    Per label: how many items each annotator gave the label; the proportion
    of specific agreement (of the pairs of annotators on a shared item where
    one gave the label, the share where the other gave it too; Uebersax 1982);
    and alpha of the label against all the others (one-vs-rest).

    \b
    Whole claims on statements. For a statement several annotators decided
    (claims or no claim), each annotator's category is the set of
    (actor, target, stance) they gave, the empty set for "no claim". Two
    annotators agree only when the sets are equal: strict, so a claim one
    of them missed counts as a disagreement. Kappa and alpha as above,
    each distinct set being one category.

    \b
    Units with 1, 2 and 3+ annotators are counted. A figure that cannot be
    computed (no item labelled by two annotators, or one label only) is
    shown as "-" with the reason ("null" and a note in JSON).

    \b
    Examples:
      claims agreement
      claims agreement --annotators alice,bob --format json
      claims agreement --roll-up
    """
    names = annotators.split(",") if annotators is not None else None
    result = context.project().agreement(names, roll_up)
    if output_format == "json":
        click.echo(json.dumps(_rounded(dataclasses.asdict(result)), ensure_ascii=False, indent=2))
        return
    _agreement_tables(result)


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _agreement_tables(result: Agreement) -> None:
    """Three tables (levels, pairs, labels); the reasons for figures that
    cannot be computed go under each table, where they do not widen it."""
    levels: list[LevelAgreement] = [result.stance, result.claims]
    _table(
        [
            {
                "level": _LEVELS[level.unit], "units": level.units,
                **{f"by {count}": value for count, value in level.coverage.items()},
                "observed": _figure(level.observed), "alpha": _figure(level.alpha),
                "note": level.note,
            }
            for level in levels
        ],
        f"Agreement of {', '.join(result.annotators) or 'no annotators'}",
        1,
    )
    pairs = [
        {
            "level": _LEVELS[level.unit], "pair": " · ".join(pair.annotators),
            "shared": pair.shared, "observed": _figure(pair.observed), "kappa": _figure(pair.kappa),
            "note": pair.note,
        }
        for level in levels
        for pair in level.pairs
    ]
    if pairs:
        _table(pairs, "Cohen's kappa by pair", 2)
    # Without shared items every label has the stance level's note: say it once.
    _table(
        [
            {
                "label": row.label, "specific": _figure(row.specific),
                "alpha vs rest": _figure(row.alpha), **row.counts,
                "note": row.note if row.note != result.stance.note else None,
            }
            for row in result.per_label
        ],
        "Per label (stance on items)",
        1,
    )


def _table(rows: list[dict], title: str, key: int) -> None:
    """A table of ``rows`` and under it their notes, each named by its first ``key`` cells."""
    columns = [column for column in rows[0] if column != "note"]
    emit(rows, "table", columns, title=title)
    for row in rows:
        if row["note"]:
            click.echo(
                f"  {', '.join(str(row[column]) for column in columns[:key])}: {row['note']}"
            )


@click.group(cls=ClaimsGroup, invoke_without_command=True)
@click.pass_context
def adjudicate(ctx) -> None:
    """Turn the annotators' claims into gold claims.

    An item is a (statement, actor, target) some annotator gave a stance.
    It is unanimous when two or more annotators decided its statement and
    all gave it the same stance; single when only one annotator decided its
    statement. An annotator who decided the statement without giving the
    item answers "no claim" on it. The other items form the queue, largest
    disagreement first (most distinct answers, then most annotators).
    Rulings already made stay: running a command again changes nothing.
    Without a subcommand, 'status'.

    \b
    Examples:
      claims adjudicate status
      claims adjudicate auto --single
      claims adjudicate queue --format json
      claims adjudicate work --annotator carol
      claims adjudicate resolve 9 --actor Russia --target "NATO eastward expansion" \\
          --stance oppose --annotator carol
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(status)


@adjudicate.command()
@roll_up_option
@pass_context
def status(context, roll_up) -> None:
    """How many items await an adjudicator, and how many can become gold at once.

    \b
    Example:
      claims adjudicate status
    """
    _summary(context.project().adjudicate_queue(roll_up))


@adjudicate.command()
@roll_up_option
@click.option("--unanimous/--no-unanimous", default=True, show_default=True,
              help="Make gold claims (gold_method unanimous) of the items all their annotators "
                   "(two or more) agree on.")
@click.option("--single", is_flag=True,
              help="Also make gold claims (gold_method single) of the items on statements only "
                   "one annotator decided.")
@pass_context
def auto(context, roll_up, unanimous, single) -> None:
    """Make gold claims of the unanimous items (and, when asked, the single ones).

    \b
    Examples:
      claims adjudicate auto
      claims adjudicate auto --single
    """
    project = context.project()
    made = project.adjudicate_auto(unanimous, single, roll_up)
    click.echo(f"Gold claims made: {made['unanimous']} unanimous, {made['single']} single.")
    _summary(project.adjudicate_queue(roll_up))


@adjudicate.command()
@roll_up_option
@format_option("table", "json")
@pass_context
def queue(context, roll_up, output_format) -> None:
    """Print the queue: the items awaiting an adjudicator, largest disagreement first.

    \b
    Examples:
      claims adjudicate queue
      claims adjudicate queue --format json
      claims adjudicate queue --roll-up
    """
    project = context.project()
    _print_queue(project, project.adjudicate_queue(roll_up).queue, output_format)


@adjudicate.command()
@click.option("--annotator", "adjudicator", required=True,
              help="You, the adjudicator: your name goes into each ruling's note.")
@roll_up_option
@pass_context
def work(context, adjudicator, roll_up) -> None:
    """Work through the queue in the terminal.

    For each item, pick one of the numbered answers, type a stance label,
    s to skip or q to quit; each ruling is saved at once as a gold claim
    (gold_method adjudicated, note "adjudicator: NAME") or, for "no claim",
    as a rejected item. Without a terminal, use 'claims adjudicate resolve'.

    \b
    Example:
      claims adjudicate work --annotator carol
    """
    if not sys.stdin.isatty():
        raise click.ClickException("The adjudication queue needs a terminal; without one, use "
                                   f"{_SCRIPTED}.")
    project = context.project()
    _work_through(project, project.adjudicate_queue(roll_up).queue, adjudicator, roll_up)


@adjudicate.command()
@click.argument("statement_id", type=ID)
@click.option("--actor", help="The item's actor (leave out for a claim without actor).")
@click.option("--target", required=True, help="The item's target.")
@click.option("--stance", help="The gold stance.")
@click.option("--no-claim", is_flag=True, help="Rule that the item is not a claim.")
@click.option("--annotator", "adjudicator", required=True,
              help="You, the adjudicator: your name goes into the ruling's note.")
@roll_up_option
@pass_context
def resolve(context, statement_id, actor, target, stance, no_claim, adjudicator, roll_up) -> None:
    """Rule on one item of statement STATEMENT_ID: its gold stance, or --no-claim.

    \b
    Examples:
      claims adjudicate resolve 9 --actor Russia --target "NATO eastward expansion" \\
          --stance oppose --annotator carol
      claims adjudicate resolve 9 --actor Russia --target "NATO eastward expansion" --no-claim \\
          --annotator carol
    """
    if (stance is None) == (not no_claim):
        raise click.UsageError("Give one of --stance or --no-claim.")
    stance = None if no_claim else stance
    ruling = context.project().adjudicate_resolve(statement_id, actor, target, stance, adjudicator,
                                                  roll_up)
    outcome = f"gold {ruling.stance}" if ruling.stance else "not a claim"
    click.echo(
        f"Statement {ruling.statement_id} · {ruling.claim}: {outcome}"
        f"{'' if ruling.changed else ' (unchanged)'}."
    )


def _summary(pending) -> None:
    if not (pending.queue or pending.unanimous or pending.single):
        click.echo("No item awaits adjudication.")
        return
    click.echo(f"Queue: {_items(len(pending.queue))} for an adjudicator; work through them with "
               "'claims adjudicate work --annotator NAME', or list them with "
               "'claims adjudicate queue'.")
    if pending.unanimous:
        click.echo(f"{_items(len(pending.unanimous), 'unanimous ')} can become gold with "
                   "'claims adjudicate auto'.")
    if pending.single:
        click.echo(f"{_items(len(pending.single))} with a single annotator can become gold with "
                   "'claims adjudicate auto --single'.")


def _items(count: int, kind: str = "") -> str:
    return counted(count, f"{kind}item")


def _answer(stance: str | None) -> str:
    return stance or "no claim"


def _print_queue(project, queue: list[QueueItem], output_format: str) -> None:
    rows = [
        {**dataclasses.asdict(item), "text": project.statement(item.statement_id).text}
        for item in queue
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No item awaits adjudication.")
        return
    # The statements' text is left to JSON and to the terminal queue: a fifth column leaves no
    # room on 80 columns.
    emit(
        [
            {
                "statement": item.statement_id, "actor": item.actor, "target": item.target,
                "answers": "; ".join(
                    f"{_answer(option.stance)}: {', '.join(option.annotators)}"
                    for option in item.options
                ),
            }
            for item in queue
        ],
        "table",
        title="Adjudication queue, largest disagreement first",
    )


def _work_through(project, queue: list[QueueItem], adjudicator: str, roll_up: bool) -> None:
    """The terminal loop: show each queued item, read the ruling, save it at once."""
    if not queue:
        click.echo("No item awaits adjudication.")
        return
    labels = [label.name for label in project.labels()]
    ruled = 0
    for number, item in enumerate(queue, 1):
        _show(project, item, number, len(queue))
        choice = _ask(item, labels)
        if choice is _QUIT:
            break
        if choice is _SKIP:
            continue
        project.adjudicate_resolve(item.statement_id, item.actor, item.target, choice, adjudicator,
                                   roll_up)
        click.echo(f"  Saved: {_answer(choice)}.")
        ruled += 1
    left = len(project.adjudicate_queue(roll_up).queue)
    click.echo(f"{ruled} ruled; {_items(left)} left in the queue.")


def _show(project, item: QueueItem, number: int, total: int) -> None:
    width = max(40, shutil.get_terminal_size().columns - 4)
    statement = project.statement(item.statement_id)
    title = project.article(statement.article_id).title or ""
    click.echo(
        f"\n[{number}/{total}] statement {statement.id} · article {statement.article_id} "
        f"{visual(title)}"
    )
    shown = (("  before: ", item.before), ("> ", statement.text), ("  after:  ", item.after))
    for marker, text in shown:
        lines = visual(text, width - len(marker)).splitlines() if text else []
        for place, line in enumerate(lines):
            click.echo(f"  {marker if place == 0 else ' ' * len(marker)}{line}")
    click.echo(f"  {item.claim}")
    for index, option in enumerate(item.options, 1):
        click.echo(f"    {index}  {_answer(option.stance):<10} {', '.join(option.annotators)}")


def _ask(item: QueueItem, labels: list[str]):
    """The ruling: a stance (or None for "no claim"), or _SKIP or _QUIT."""
    prompt = f"Choose 1-{len(item.options)}, a label ({', '.join(labels)}), s to skip, q to quit"
    while True:
        try:
            typed = click.prompt(prompt, default="", show_default=False)
        except click.Abort:
            return _QUIT
        answer = ESCAPE_SEQUENCE.sub("", typed).strip()  # Escape then Enter: as if nothing typed
        if answer.isdigit() and 1 <= int(answer) <= len(item.options):
            return item.options[int(answer) - 1].stance
        with contextlib.suppress(NotFound):  # "Support" is support, as wherever one is typed
            return check_stance(answer, labels)
        if answer in ("s", "q"):
            return _SKIP if answer == "s" else _QUIT
        hint = did_you_mean(answer, labels) if answer else ""
        click.echo(f"  {key_name(answer)} is not a choice.{hint} Type a number, a label, s or q."
                   if answer else "  Nothing typed: type a number, a label, s or q.")


COMMANDS = [agreement, adjudicate]
