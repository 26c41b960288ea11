"""``claims articles`` and ``claims statements``: what the project holds."""
from __future__ import annotations

import click

from claims.cli import ID, pass_context
from claims.cli.output import emit, format_option


@click.command()
@click.option("--limit", type=click.IntRange(min=1), help="List only the first N articles.")
@format_option()
@pass_context
def articles(context, limit, output_format) -> None:
    """List articles: id, title, source, date, language, statements.

    \b
    Example:
      claims articles --limit 20
      claims articles --format csv > articles.csv
    """
    emit(context.project().articles(limit), output_format,
         ["id", "title", "source", "published", "language", "statements", "characters"], widths={"title": 50})


@click.command()
@click.option("--article", "article_id", type=ID, help="Only the statements of this article.")
@click.option("--speakers", is_flag=True,
              help="Add who voices each statement: the speaker found in the text, resolved to the registry.")
@format_option()
@pass_context
def statements(context, article_id, speakers, output_format) -> None:
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
    project = context.project()
    if speakers:
        said = project.speakers(article_id)
        listed, by_statement = [row.statement for row in said], {row.statement.id: row for row in said}
    else:
        listed, by_statement = project.statements(article_id), {}
    rows = [_statement_row(project, statement, by_statement.get(statement.id)) for statement in listed]
    columns = ["id", "article", "cue", *(["speaker"] if speakers else []), "actors", "targets", "text"]
    if output_format == "csv":
        columns = ["id", "article", "start", "end", "cue", *(["speaker", "registered"] if speakers else []),
                   "actors", "targets", "text"]
    emit([_flat(row, output_format) for row in rows], output_format,
         columns if output_format in ("table", "csv") else None, widths={"text": 70})


def _statement_row(project, statement, said) -> dict:
    mentions = project.mentions(statement)
    row = {
        "id": statement.id, "article": statement.article_id, "start": statement.start, "end": statement.end,
        "cue": statement.cue,
        "actors": sorted({m.name for m in mentions if m.kind == "actor"}),
        "targets": sorted({m.name for m in mentions if m.kind == "target"}),
        "text": statement.text,
        "mentions": [{"kind": m.kind, "name": m.name, "start": m.start, "end": m.end, "surface": m.surface}
                     for m in mentions],
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
            "parent": speaker.parent, "others": list(speaker.others), "how": found.how,
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


COMMANDS = [articles, statements]
