"""``claims articles`` and ``claims statements``: what the project holds."""
from __future__ import annotations

import click

from claims.cli import ID, ClaimsGroup, Context, pass_context
from claims.cli.output import emit, format_option


@click.group(cls=ClaimsGroup, invoke_without_command=True)
@click.option("--limit", type=click.IntRange(min=1), help="List only the first N articles.")
@format_option()
@click.pass_context
def articles(ctx, limit, output_format) -> None:
    """List articles: id, title, source, date, language, statements; edit or remove one.

    \b
    Examples:
      claims articles --limit 20
      claims articles --format csv > articles.csv
      claims articles edit 3 --published 2021-12-17
    """
    if ctx.invoked_subcommand is not None:
        return
    context = ctx.find_object(Context)
    columns = ["id", "title", "source", "published", "language", "statements", "characters"]
    if output_format != "table":  # the key of a prediction row's article, for scripts
        columns.append("content_hash")
    emit(context.project().articles(limit), output_format, columns, widths={"title": 50})


@click.command()
@click.option("--article", "article_id", type=ID, help="Only the statements of this article.")
@click.option(
    "--speakers", is_flag=True,
    help="Add who voices each statement: the speaker found in the text, resolved to the registry.",
)
@click.option("--speaker-model", type=click.Path(file_okay=False), metavar="DIR",
              help="With --speakers: a speaker model (claims speakers train) beside the rules.")
@format_option()
@pass_context
def statements(context, article_id, speakers, speaker_model, output_format) -> None:
    """List statements with their reporting cue and the actors and targets they mention.

    Offsets are character offsets into the article's stored text. With
    --speakers, a speaker column names the registered actor that voices the
    statement, or the speaker as written followed by "(unregistered)".

    \b
    Examples:
      claims statements --article 1
      claims statements --article 1 --speakers
      claims statements --format jsonl | jq .mentions
    """
    if speaker_model and not speakers:
        raise click.UsageError("--speaker-model goes with --speakers.")
    project = context.project()
    if speakers:
        said = project.speakers(article_id, _speaker_model(speaker_model))
        rows = [_statement_row(project, row.statement, row) for row in said]
    else:
        rows = [_statement_row(project, statement, None)
                for statement in project.statements(article_id)]
    columns = [
        "id", "article", "cue", *(["speaker"] if speakers else []), "actors", "targets", "text",
    ]
    if output_format == "csv":
        columns = [
            "id", "article", "start", "end", "cue",
            *(["speaker", "registered"] if speakers else []), "actors", "targets", "text",
        ]
    emit([_flat(row, output_format) for row in rows], output_format,
         columns if output_format in ("table", "csv") else None, widths={"text": 70})


def _speaker_model(path):
    if path is None:
        return None
    import claims

    return claims.load_speakers(path)


def _statement_row(project, statement, said) -> dict:
    mentions = project.mentions(statement)
    row = {
        "id": statement.id, "article": statement.article_id, "start": statement.start,
        "end": statement.end,
        "cue": statement.cue,
        "actors": sorted({m.name for m in mentions if m.kind == "actor"}),
        "targets": sorted({m.name for m in mentions if m.kind == "target"}),
        "text": statement.text,
        "mentions": [
            {"kind": m.kind, "name": m.name, "start": m.start, "end": m.end, "surface": m.surface}
            for m in mentions
        ],
    }
    if said is not None:
        row["speaker"] = _speaker(said)
    return row


def _speaker(said) -> dict | None:
    """The speaker of a statement as data: the actor (or the words as written), and
    where it was read: speaker and cue offsets into the article, and the rule."""
    found, speaker = said.attribution, said.speaker
    if speaker is None:
        return None
    return {"name": speaker.name, "registered": speaker.registered, "written": speaker.written,
            "parent": speaker.parent, "speaks_for_parent": speaker.speaks_for_parent,
            "others": list(speaker.others), "how": found.how,
            "start": found.speaker_start, "end": found.speaker_end,
            "named_start": found.named_span[0], "named_end": found.named_span[1],
            "cue_start": found.cue_start, "cue_end": found.cue_end}


def _flat(row: dict, output_format: str) -> dict:
    """Tables and CSV show the speaker's name (and CSV whether it is registered)."""
    if output_format not in ("table", "csv") or "speaker" not in row:
        return row
    speaker = row["speaker"] or {}
    name = speaker.get("name")
    if output_format == "table" and name and not speaker["registered"]:
        name = f"{name} (unregistered)"
    return {**row, "speaker": name, "registered": speaker.get("registered")}


@articles.command("edit")
@click.argument("article_id", type=ID)
@click.option("--published", help="The publication date (YYYY-MM-DD).")
@click.option("--source", help="The source (outlet).")
@click.option("--title", help="The title.")
@click.option("--url", help="The address it was read from.")
@pass_context
def edit_article(context, article_id, published, source, title, url) -> None:
    """Correct an article's date, source, title or url.

    \b
    Example:
      claims articles edit 3 --published 2021-12-17 --source "Asharq Al-Awsat"
    """
    article = context.project().edit_article(article_id, published=published, source=source,
                                              title=title, url=url)
    click.echo(f"Article {article.id}: {article.title or '-'} · {article.source or '-'} · "
               f"{article.published or 'undated'}.")


@articles.command("remove")
@click.argument("article_id", type=ID)
@click.option("--force", is_flag=True, help="Remove it even when people annotated it.")
@pass_context
def remove_article(context, article_id, force) -> None:
    """Remove an article with its statements and the claims on them.

    Refused when annotators' or gold claims are on it, unless --force.

    \b
    Example:
      claims articles remove 3
    """
    removed = context.project().remove_article(article_id, force)
    claims = sum(removed.claims.values())
    click.echo(f"Article {article_id} removed with {removed.statements} statements and "
               f"{claims} claims.")


COMMANDS = [articles, statements]
