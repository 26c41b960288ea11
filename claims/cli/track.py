"""``claims track``: the actor × target matrix, its timeline, plots and networks."""
from __future__ import annotations

import click

import claims
from claims.cli import pass_context
from claims.cli.output import emit, format_option
from claims.track import MODES, PERIODS


@click.command()
@click.option(
    "--claims", "shards", multiple=True, metavar="SHARDS",
    help="Track the claim shards that 'claims predict --output' wrote (paths, globs or fsspec "
    "URLs; repeat for more) instead of the project.",
)
@click.option("--origin", "origins", multiple=True, metavar="ORIGIN",
              help="Whose claims: all, a kind (human, model, import, gold), one origin (human:ana) "
                   "or a GLOB ('model:*@2'); repeat for more [all]. See the README's 'Origins'.")
@click.option(
    "--actor", "actors", multiple=True, help="Only this actor (name or alias); repeat for more."
)
@click.option(
    "--target", "targets", multiple=True, help="Only this target (name or alias); repeat for more."
)
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(list(PERIODS)), help="Aggregate per period: the timeline.")
@click.option(
    "--window", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
    help="With --by: each period sums the N calendar periods ending there (itself and the N−1 "
    "before); periods without claims count as empty ones.",
)
@click.option("--roll-up", is_flag=True,
              help="Count each claim for the actor's topmost registered parent (Peskov → Russia); "
                   "--actor Russia then takes in the actors under Russia.")
@format_option()
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Draw a heat map (with --by: lines over time) to FILE.png or FILE.svg.")
@click.option(
    "--network", type=click.Path(dir_okay=False),
    help="Write a network to FILE.graphml, .gexf or .csv.",
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    help="The network: actor–target affiliation (default), "
    "or actors linked by congruence or conflict.",
)
@click.option("--every-origin", is_flag=True,
              help="Count every selected claim on a statement (three annotators and a model: "
                   "four claims). By default a statement's target is read by the most "
                   "authoritative kind of origin that coded it: gold, else people, else "
                   "imports, else models.")
@pass_context
def track(
    context, shards, origins, actors, targets, since, until, by, window, roll_up, output_format,
    plot, network, mode, every_origin,
) -> None:
    """Who stands where on what, and how it moves.

    Prints, for each actor and target, the claims per stance and the net
    position ((first label − second label) / claims, from −1 to 1); with --by,
    the same per day, week or month of the articles' dates. --window N
    smooths the timeline: the row of a period counts the claims of that period
    and the N−1 calendar periods before it (with claims or not), and the net
    position is computed from those sums (a period is listed while its window
    holds claims, up to the last period of the selection). With --roll-up the
    claims of an actor count for its topmost registered parent. With --plot or
    --network the files are written instead. Claims of undated articles are
    left out of timelines and time windows (a note on stderr says how many).

    \b
    Examples:
      claims track
      claims track --origin gold --actor Russia --target "NATO eastward expansion" --by month
      claims track --since 2015-09-01 --until 2015-12-31 --format csv > matrix.csv
      claims track --plot matrix.png
      claims track --by month --target "NATO eastward expansion" --plot timeline.svg
      claims track --roll-up --by week --window 4 --actor Russia
      claims track --network actors.graphml --mode congruence
      claims track --claims 'claims/*.parquet' --by month --roll-up
    """
    if mode and not network:
        raise click.UsageError("--mode goes with --network.")
    if window > 1 and not by:
        raise click.UsageError("--window goes with --by: it counts periods.")
    for path, kind in ((plot, "plot"), (network, "network")):
        if path:
            claims.Tracking.check_path(path, kind)
    if shards:
        tracking = claims.track_shards(shards, list(origins) or "all", actors, targets, since,
                                       until, by, roll_up, window)
    else:
        tracking = context.project().track(
            list(origins) or "all", actors, targets, since, until, by, roll_up, window,
            every_origin,
        )
    for note in tracking.notes:
        click.echo(note, err=True)
    if plot:
        for note in tracking.plot(plot):
            click.echo(note, err=True)
        click.echo(f"{'Timeline' if by else 'Heat map'} written to {plot}.")
    if network:
        graph = tracking.write_network(network, mode or "affiliation")
        click.echo(
            f"{(mode or 'affiliation').capitalize()} network of {graph.number_of_nodes()} nodes "
            f"and {graph.number_of_edges()} edges written to {network}."
        )
    if not (plot or network):
        emit(tracking.records(), output_format, title=f"Claims per stance ({tracking.selection})")


COMMANDS = [track]
