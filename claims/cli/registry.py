"""``claims actors``, ``claims targets`` and ``claims registry``: who and what claims are about."""
from __future__ import annotations

import dataclasses

import click

from claims.cli import ClaimsGroup, pass_context
from claims.cli.curation import add_commands
from claims.cli.output import emit, format_option
from claims.errors import counted
from claims.records import ACTOR_KINDS, TARGET_KINDS, kind_named
from claims.registry_sync import ACTIONS


@click.group(cls=ClaimsGroup)
def actors() -> None:
    """Register and list actors (who takes positions) and their aliases."""


class ActorKind(click.Choice):
    """An actor kind, in either spelling ("organization" is the organisation kind)."""

    def convert(self, value, param, ctx):
        return super().convert(kind_named(value), param, ctx)


@actors.command("add")
@click.argument("name")
@click.option("--kind", type=ActorKind(ACTOR_KINDS), default="organisation", show_default=True)
@click.option(
    "--alias", "aliases", multiple=True, help="Another name in any language; repeat for more."
)
@click.option("--parent", help="The actor this one speaks for (Ryabkov → Russia): annotation "
                                "proposes its claims as the parent's.")
@click.option("--member-of", metavar="PARENT",
              help="The actor this one belongs to without speaking for it (a party's member): "
                   "its claims stay its own, and roll up to PARENT all the same.")
@pass_context
def add_actor(context, name, kind, aliases, parent, member_of) -> None:
    """Register an actor with its aliases.

    \b
    Examples:
      claims actors add Russia --kind country --alias روسيا --alias موسكو --alias الكرملين \\
          --alias Moscow
      claims actors add "Sergei Ryabkov" --kind person --alias ريابكوف --parent Russia
      claims actors add "Donald Trump" --kind person --member-of "Republican Party"
    """
    if parent and member_of:
        raise click.UsageError("Give --parent (whom the actor speaks for) or --member-of (what "
                               "it belongs to), not both.")
    actor = context.project().add_actor(name, kind, list(aliases), parent or member_of,
                                        speaks_for_parent=not member_of)
    click.echo(f"Actor {actor.name!r} ({actor.kind}) with {_aliases(actor)}.")


@actors.command("alias")
@click.argument("name")
@click.argument("aliases", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take these aliases away instead.")
@pass_context
def alias_actor(context, name, aliases, remove) -> None:
    """Give an actor more aliases, or take some away with --remove.

    \b
    Examples:
      claims actors alias Russia Kremlin "الجانب الروسي"
      claims actors alias Russia --remove Kremlin
    """
    _alias(context, "actor", name, aliases, remove)


@actors.command("list")
@format_option()
@pass_context
def list_actors(context, output_format) -> None:
    """List actors with their kind, parent (and whether they speak for it) and aliases.

    \b
    Example:
      claims actors list --format csv
    """
    rows = [{**dataclasses.asdict(actor),
             "speaks_for_parent": actor.speaks_for_parent if actor.parent else None}
            for actor in context.project().actors()]
    if output_format == "table":  # a column of its own would crowd the aliases out
        for row in rows:
            if row["speaks_for_parent"] is False:
                row["parent"] += " (member)"
        emit(rows, output_format, ["id", "name", "kind", "parent", "aliases"])
        return
    emit(rows, output_format, ["id", "name", "kind", "parent", "aliases", "speaks_for_parent"])


@click.group(cls=ClaimsGroup)
def targets() -> None:
    """Register and list targets (what positions are about) and their aliases."""


@targets.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(TARGET_KINDS), default="topic", show_default=True)
@click.option("--description", help="What the target means, for annotators and the dataset card.")
@click.option(
    "--alias", "aliases", multiple=True, help="Another way of naming it; repeat for more."
)
@pass_context
def add_target(context, name, kind, description, aliases) -> None:
    """Register a target: a topic, a claim or an actor.

    \b
    Example:
      claims targets add "Russian invasion of Ukraine" --kind claim --alias "غزو أوكرانيا"
    """
    target = context.project().add_target(name, kind, list(aliases), description)
    click.echo(f"Target {target.name!r} ({target.kind}) with {_aliases(target)}.")


@targets.command("alias")
@click.argument("name")
@click.argument("aliases", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take these aliases away instead.")
@pass_context
def alias_target(context, name, aliases, remove) -> None:
    """Give a target more aliases, or take some away with --remove.

    \b
    Examples:
      claims targets alias "NATO eastward expansion" "توسع الناتو"
      claims targets alias "NATO eastward expansion" --remove "توسع الناتو"
    """
    _alias(context, "target", name, aliases, remove)


@targets.command("list")
@format_option()
@pass_context
def list_targets(context, output_format) -> None:
    """List targets with their kind, description and aliases.

    \b
    Example:
      claims targets list
    """
    emit(
        context.project().targets(), output_format, ["id", "name", "kind", "description", "aliases"]
    )


@click.group(cls=ClaimsGroup)
def registry() -> None:
    """Keep actors, targets, labels and guidelines in a YAML or TOML file (under version
    control)."""


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
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
@click.option("--remove-used", is_flag=True,
              help="Also remove actors and targets that claims use, with those claims.")
@pass_context
def import_registry(context, file, dry_run, remove_used) -> None:
    """Make the project's registry match FILE: what it adds, changes and leaves out.

    Every change is listed; all or nothing. An actor or target that the file
    leaves out but claims use is only removed with --remove-used (merge it into
    another first to keep its claims; rename rather than edit a name in the file).

    \b
    Examples:
      claims registry import registry.yaml --dry-run
      claims registry import registry.yaml
    """
    report = context.project().import_registry(file, dry_run=dry_run, remove_used=remove_used)
    for change in report.changes:
        detail = f": {change.detail}" if change.detail else ""
        click.echo(f"{change.action:8} {change.kind} {change.name}{detail}")
    counts = ", ".join(f"{report.count(action)} {action}" for action in ACTIONS)
    suffix = " (dry run: nothing changed)" if dry_run else ""
    click.echo(f"{file}: {counts}{suffix}.")


def _alias(context, kind: str, name: str, aliases: tuple[str, ...], remove: bool) -> None:
    project = context.project()
    if remove:
        for alias in aliases:
            project.remove_alias(kind, name, alias)
    else:
        project.add_aliases(kind, name, list(aliases))
    done = "removed" if remove else "added"
    click.echo(f"{kind.capitalize()} {name!r}: {counted(len(aliases), 'alias')} {done}.")


def _aliases(entity) -> str:
    """Its aliases counted without its name, which is one of them in the registry."""
    return counted(len([alias for alias in entity.aliases if alias != entity.name]), "alias")


add_commands(actors, "actor")  # rename, remove, merge, merges
add_commands(targets, "target")
COMMANDS = [actors, targets, registry]
