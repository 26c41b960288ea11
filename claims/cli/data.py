"""``claims import``, ``claims import-recipe`` and ``claims export``: labelled data in and out."""
from __future__ import annotations

import click

from claims.cli import pass_context
from claims.cli.output import progress
from claims.cli.registry import ActorKind
from claims.errors import counted
from claims.export import EXPORT_FORMATS
from claims.formats import ImportReport, Mapping, Source
from claims.readers import ROW_FORMATS
from claims.records import ACTOR_KINDS, SPLITS, TARGET_KINDS
from claims.reshape import Shape


def _describe(report: ImportReport) -> str:
    skipped = sum(report.skipped.values())
    why = (
        f" ({', '.join(f'{count} {reason}' for reason, count in sorted(report.skipped.items()))})"
        if skipped
        else ""
    )
    origins = (f"as {report.origin}" if set(report.origins) <= {report.origin} else
               "with the origins its rows give (" + ", ".join(
                   f"{origin} {count:,}" for origin, count in sorted(report.origins.items())) + ")")
    there = f", {report.claims_unchanged:,} already there" if report.claims_unchanged else ""
    line = (f"{report.file} ({report.format}) {origins}: {counted(report.rows, 'row')} read, "
            f"{counted(report.claims_added, 'claim')} added, {report.claims_updated:,} updated"
            f"{there}, {counted(report.articles_added, 'article')} and "
            f"{counted(report.statements_added, 'statement')} added, "
            f"{counted(skipped, 'row')} skipped{why}.")
    if report.labels_added:
        line += f" Labels added to the schema: {', '.join(report.labels_added)}."
    if report.merged:
        line += (f" --dedupe merged {report.merged:,} rows into the claims of earlier rows (or "
                 f"imports) of the same text, {len(report.conflicts):,} of them with a conflicting "
                 "label or split (the later one kept)")
        shown = "".join(f"\n  {conflict}" for conflict in report.conflicts[:10])
        more = len(report.conflicts) - 10
        line += (":" + shown + (f"\n  … and {more:,} more" if more > 0 else "")) if shown else "."
    return line


@click.command("import")
@click.argument("file", type=click.Path())
@click.option("--format", "input_format", type=click.Choice(ROW_FORMATS),
              help="File format [by the file's suffix].")
@click.option("--text", help="Column with the statement's text (one statement per row).")
@click.option(
    "--target",
    help="Column with the target: a topic, or the claim the text responds to (a list "
    "gives one claim each).",
)
@click.option("--target-value", help="One target for every row, instead of --target.")
@click.option("--target-kind", type=click.Choice(TARGET_KINDS), default="topic", show_default=True,
              help="Kind of new targets.")
@click.option("--actor", help="Column with the actor (who takes the position).")
@click.option(
    "--actor-kind", type=ActorKind(ACTOR_KINDS), default="organisation", show_default=True,
    help="Kind of new actors.",
)
@click.option("--stance", help="Column with the stance label.")
@click.option("--label-map", help="FROM=TO pairs mapping the file's labels to the schema's, e.g. "
                                  "'agree=support,disagree=oppose,other=neutral'.")
@click.option(
    "--add-labels", is_flag=True, help="Let --label-map add labels the schema does not have."
)
@click.option("--article", help="Column grouping rows into articles [one article per row].")
@click.option("--id-column",
              help="Column with each row's id, its key when imported again [file and line].")
@click.option("--dedupe", is_flag=True,
              help="Merge rows of identical text into one statement (and rows giving the same "
                   "claim into one), reporting conflicting labels.")
@click.option("--explode", help="FIELD,... of one JSON object holding parallel lists: item i of "
                                "each becomes row i (e.g. article,stance,url).")
@click.option("--join", "join_file", type=click.Path(dir_okay=False),
              help="A second file whose row of the same --on key completes each row (e.g. bodies).")
@click.option("--on", help="The column FILE and --join share (e.g. 'Body ID'); it names the "
                           "article, so each joined text is stored once.")
@click.option("--title", help="Column with the article's title.")
@click.option("--date", help="Column with the publication date.")
@click.option(
    "--split",
    help="Column with the split the dataset gives each row (train, dev/validation, test).",
)
@click.option("--split-value", type=click.Choice((*SPLITS, "dev")),
              help="One split for every row (a dataset published as one file per split).")
@click.option("--source", "name", metavar="NAME",
              help="Name of the source: claims get origin import:NAME [the file's name].")
@click.option("--origin", "deprecated_name", hidden=True, help="Deprecated: use --source.")
@click.option("--annotator", help="Column naming who labelled each row (origin human:NAME).")
@click.option("--lang", help="Language of the rows (ar, en, …) [detected per article].")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the file.")
@click.option("--delimiter", help="CSV field delimiter (one character; \\t for tab).")
@click.option(
    "--license", "license_", help="Licence of the data, for the dataset card (e.g. cc-by-4.0)."
)
@click.option("--citation", help="How to cite the data, for the dataset card.")
@click.option("--limit", type=click.IntRange(min=1), help="Read at most N rows.")
@pass_context
def import_(
    context, file, input_format, text, target, target_value, target_kind, actor, actor_kind, stance,
    label_map, add_labels, article, id_column, dedupe, title, date, split, split_value, name,
    deprecated_name, annotator, lang, encoding, delimiter, license_, citation, limit, explode,
    join_file, on,
) -> None:
    """Import labelled rows of a published dataset (CSV, TSV, JSONL, JSON, Parquet) as claims.

    FILE may be a folder: its files of one format are read as one input.

    Each row's text becomes one statement (of its own article, or of the
    article named by --article), with a claim (actor, target, stance) of
    origin import:NAME (NAME from --source). Actors and targets are registered,
    or reused when a name or alias matches. Labels not in the schema must be mapped with
    --label-map. Every row is kept, duplicates included, so the claims
    number the file's rows; --dedupe merges identical texts instead. A file
    or folder is stored in batches of 5,000 rows (an article's rows in one), each whole or
    not at all; importing it again after an error adds no row twice. A file
    written by 'claims export' needs no column options.

    \b
    Examples:
      claims import stance.csv --text s2 --target s1 --target-kind claim --stance stance \\
          --label-map 'agree=support,disagree=oppose,other=neutral' --split-value train --source ans
      claims import claims.jsonl --text quote --actor name --target-value migration --stance cpos \\
          --label-map '+1=support,-1=oppose' --article doc_id --date cdate
      claims import train_stances.csv --join train_bodies.csv --on 'Body ID' \\
          --text articleBody --target Headline --target-kind claim --stance Stance --add-labels \\
          --label-map 'agree=support,disagree=oppose,discuss=neutral,unrelated=unrelated'
      claims import dataset/ --explode article,stance,url --text article --target claim \\
          --target-kind claim --stance stance --add-labels \\
          --label-map 'agree=support,disagree=oppose,discuss=neutral,unrelated=unrelated'
      claims import exported.jsonl
    """
    if deprecated_name is not None:
        click.echo("Warning: 'claims import --origin' is deprecated; use --source.", err=True)
        name = name or deprecated_name
    mapping = Mapping(
        text=text, stance=stance, target=target, target_value=target_value, target_kind=target_kind,
        actor=actor, actor_kind=actor_kind, label_map=label_map or {},
        add_labels=add_labels, article=article, id_column=id_column, dedupe=dedupe, title=title,
        date=date, split=split, split_value=split_value, annotator=annotator, language_value=lang,
    )
    source = Source(name or "", license=license_, citation=citation)
    shape = Shape(explode or [], join_file, on)
    with progress(f"Importing {file}"):
        report = context.project().import_file(file, mapping, name, input_format, encoding,
                                               delimiter, limit, source, shape)
    click.echo(f"Imported {_describe(report)}")


@click.command("import-recipe")
@click.argument("recipe")
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--limit", type=click.IntRange(min=1),
              help="Read at most N rows of each file or folder (a slice, for trials).")
@pass_context
def import_recipe(context, recipe, path, limit) -> None:
    """Import a published dataset from its folder PATH with its official splits.

    RECIPE is a recipe of the repository's datasets/recipes (ans,
    arabicstancex, baly2018, debatenet-migr15, emergent, ibm-claim-stance) or
    the path of a recipe .py file; each records the dataset's licence and
    citation for the dataset card. Its files are stored in batches of 5,000
    rows, each whole or not at all; importing again after an error adds no
    row twice.

    \b
    Examples:
      claims import-recipe ans ../shared/data/ans
      claims import-recipe debatenet-migr15 ../shared/data/debatenet-migr15 --limit 200
    """
    with progress(f"Importing {recipe} from {path}"):
        reports = context.project().import_recipe(recipe, path, limit)
    for report in reports:
        click.echo(f"Imported {_describe(report)}")


@click.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--origin",
    "origins",
    multiple=True,
    help="Only claims of this origin: all, a kind (human, model, import, gold), one "
    "origin (human:ana) or a GLOB ('model:*@2'); repeat for more. See the README's "
    "'Origins'.",
)
@click.option("--gold", is_flag=True, help="Only gold claims.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write to FILE [standard output].")
@pass_context
def export(context, output_format, origins, gold, output) -> None:
    """Export claims with their statement, offsets, article, actor, target, stance, origin and time.

    'claims import FILE' reads the file back (into this or another project)
    with the same claims.

    \b
    Examples:
      claims export > claims.jsonl
      claims export --origin human --format csv --output annotations.csv
      claims export --gold --format parquet --output gold.parquet
    """
    count = context.project().export_claims(output, output_format, list(origins), gold)
    if not count:
        chosen = ", ".join(origins + (("gold",) if gold else ())) or "all"
        click.echo(
            f"No claims selected (origin {chosen}); see what the project holds with "
            "'claims stats'.",
            err=True,
        )
    elif output:
        # on stderr: the output may be stdout by another name (/dev/stdout)
        click.echo(f"Exported {counted(count, 'claim')} to {output}.", err=True)


COMMANDS = [import_, import_recipe, export]
