"""``claims actors|targets rename|remove|merge|merges``: fixing the registries.

The same four commands for actors and for targets, added to their groups by
``add_commands`` (called by ``claims.cli.registry``)."""
from __future__ import annotations

import click

from claims.cli import pass_context
from claims.cli.output import emit, format_option

_EXAMPLES = {
    "actor": {"rename": 'claims actors rename Rusia Russia',
              "remove": 'claims actors remove "Moscow city"\n'
                        '  claims actors remove Kremlin --merge-into Russia',
              "merge": 'claims actors merge Kremlin Russia',
              "merges": 'claims actors merges --into Russia'},
    "target": {"rename": 'claims targets rename "NATO expansion" "NATO eastward expansion"',
               "remove": 'claims targets remove "Ukraine crisis"\n'
                         '  claims targets remove invasion --merge-into "NATO eastward expansion"',
               "merge": 'claims targets merge "invasion" "Russian invasion of Ukraine"',
               "merges": 'claims targets merges'},
}


def _help(text: str, example: str) -> str:
    return f"{text}\n\n\b\nExample:\n  {example}\n"


def add_commands(group: click.Group, kind: str) -> None:
    """Add rename, remove, merge and merges for ``kind`` (actor or target) to ``group``."""
    examples = _EXAMPLES[kind]

    @group.command("rename", help=_help(
        f"Rename the {kind} NAME to NEW_NAME; its claims follow. The old name stops "
        "being an alias (add it back with alias if it should stay one).", examples["rename"]))
    @click.argument("name")
    @click.argument("new_name")
    @pass_context
    def rename(context, name, new_name) -> None:
        context.project().rename(kind, name, new_name)
        click.echo(f"{kind.capitalize()} {name!r} is now {new_name!r}.")

    @group.command("remove", help=_help(
        f"Remove the {kind} NAME with its aliases. One that claims use is refused unless "
        "--merge-into names the one that takes them over.", examples["remove"]))
    @click.argument("name")
    @click.option("--merge-into", metavar="NAME", help=f"The {kind} that takes over its claims.")
    @pass_context
    def remove(context, name, merge_into) -> None:
        merged = context.project().remove(kind, name, merge_into)
        if merged is None:
            click.echo(f"{kind.capitalize()} {name!r} removed.")
        else:
            _merged(merged)

    @group.command("merge", help=_help(
        f"Merge the {kind} NAME into INTO: its claims, aliases (its name too)"
        f"{' and child actors' if kind == 'actor' else ''} move, and the merge is "
        "recorded (see merges).", examples["merge"]))
    @click.argument("name")
    @click.argument("into")
    @pass_context
    def merge(context, name, into) -> None:
        _merged(context.project().merge(kind, name, into))

    @group.command("merges", help=_help(
        f"List the {kind}s merged into others: what moved, and when.", examples["merges"]))
    @click.option("--into", metavar="NAME", help=f"Only the merges into this {kind}.")
    @format_option()
    @pass_context
    def merges(context, into, output_format) -> None:
        emit(context.project().merges(kind, into), output_format,
             ["name", "into", "claims", "duplicates", "aliases", "children", "merged_at"])


def _merged(merge) -> None:
    duplicates = f" ({merge.duplicates} duplicates dropped)" if merge.duplicates else ""
    children = f", {merge.children} child actors" if merge.kind == "actor" else ""
    click.echo(f"Merged {merge.kind} {merge.name!r} into {merge.into!r}: {merge.claims} claims"
               f"{duplicates}, {merge.aliases} aliases{children}.")

