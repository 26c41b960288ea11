"""``claims actors``, ``claims targets`` and ``claims registry``: who and what claims are about."""
from __future__ import annotations

import click

from claims.cli import ClaimsGroup, pass_context
from claims.cli.output import emit, format_option
from claims.records import ACTOR_KINDS, TARGET_KINDS


@click.group(cls=ClaimsGroup)
def actors() -> None:
    """Register and list actors (who takes positions) and their aliases."""


@actors.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default="organisation", show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another name in any language; repeat for more.")
@click.option("--parent", help="The actor this one speaks for (Ryabkov → Russia).")
@pass_context
def add_actor(context, name, kind, aliases, parent) -> None:
    """Register an actor with its aliases.

    \b
    Examples:
      claims actors add Russia --kind country --alias روسيا --alias موسكو --alias الكرملين --alias Moscow
      claims actors add "Sergei Ryabkov" --kind person --alias ريابكوف --parent Russia
    """
    actor = context.project().add_actor(name, kind, list(aliases), parent)
    click.echo(f"Actor {actor.name!r} ({actor.kind}) with {len(actor.aliases)} aliases.")


@actors.command("alias")
@click.argument("name")
@click.argument("aliases", nargs=-1, required=True)
@pass_context
def alias_actor(context, name, aliases) -> None:
    """Give an actor more aliases.

    \b
    Example:
      claims actors alias Russia Kremlin "الجانب الروسي"
    """
    context.project().add_aliases("actor", name, list(aliases))
    click.echo(f"Actor {name!r}: {len(aliases)} aliases added.")


@actors.command("list")
@format_option()
@pass_context
def list_actors(context, output_format) -> None:
    """List actors with their kind, parent and aliases.

    \b
    Example:
      claims actors list --format csv
    """
    emit(context.project().actors(), output_format, ["id", "name", "kind", "parent", "aliases"])


@click.group(cls=ClaimsGroup)
def targets() -> None:
    """Register and list targets (what positions are about) and their aliases."""


@targets.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(TARGET_KINDS), default="topic", show_default=True)
@click.option("--description", help="What the target means, for annotators and the dataset card.")
@click.option("--alias", "aliases", multiple=True, help="Another way of naming it; repeat for more.")
@pass_context
def add_target(context, name, kind, description, aliases) -> None:
    """Register a target: a topic, a claim or an actor.

    \b
    Example:
      claims targets add "Russian invasion of Ukraine" --kind claim --alias "غزو أوكرانيا"
    """
    target = context.project().add_target(name, kind, list(aliases), description)
    click.echo(f"Target {target.name!r} ({target.kind}) with {len(target.aliases)} aliases.")


@targets.command("alias")
@click.argument("name")
@click.argument("aliases", nargs=-1, required=True)
@pass_context
def alias_target(context, name, aliases) -> None:
    """Give a target more aliases.

    \b
    Example:
      claims targets alias "NATO eastward expansion" "توسع الناتو"
    """
    context.project().add_aliases("target", name, list(aliases))
    click.echo(f"Target {name!r}: {len(aliases)} aliases added.")


@targets.command("list")
@format_option()
@pass_context
def list_targets(context, output_format) -> None:
    """List targets with their kind, description and aliases.

    \b
    Example:
      claims targets list
    """
    emit(context.project().targets(), output_format, ["id", "name", "kind", "description", "aliases"])


@click.group(cls=ClaimsGroup)
def registry() -> None:
    """Keep actors, targets, labels and guidelines in a YAML or TOML file (under version control)."""


@registry.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def export_registry(context, file) -> None:
    """Write labels, guidelines, actors and targets to FILE (.yaml, .yml or .toml).

    \b
    Example:
      claims registry export registry.yaml
    """
    context.project().export_registry(file)
    click.echo(f"Registry written to {file}.")


@registry.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def import_registry(context, file) -> None:
    """Add (or update) what FILE holds; all or nothing.

    \b
    Example:
      claims registry import registry.yaml
    """
    counts = context.project().import_registry(file)
    click.echo(f"Read {counts['actors']} actors, {counts['targets']} targets and {counts['labels']} labels "
               f"from {file}.")


COMMANDS = [actors, targets, registry]
