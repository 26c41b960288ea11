"""``claims dataset build``, ``check`` and ``publish``: the Hugging Face dataset."""
from __future__ import annotations

import click

from claims.cli import ClaimsGroup, pass_context
from claims.cli.output import progress
from claims.errors import counted
from claims.records import SPLIT_METHODS

# claims.dataset is imported in each command: numpy, pyarrow and datasets take a second to load.


@click.group(cls=ClaimsGroup)
def dataset() -> None:
    """Build, check and publish a Hugging Face dataset of claims."""


def _rows(rows: dict[str, int]) -> str:
    return ", ".join(f"{split} {count:,}" for split, count in rows.items())


@dataset.command("build")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--gold", is_flag=True, help="Only gold claims (not imported ones).")
@click.option("--origin", "origins", multiple=True,
              help="Claims of this origin: a kind (human, model, import, gold), one origin "
                   "(import:ans) or a GLOB ('model:*'); repeat for more [gold, import]. See the "
                   "README's 'Origins'.")
@click.option("--split-by", type=click.Choice(SPLIT_METHODS), default="article", show_default=True,
              help="article: seeded, stratified by stance; random: seeded; time: newest in test; "
                   "given: the imported splits.")
@click.option(
    "--test-size", type=float, default=0.2, show_default=True, help="Share of the claims in test."
)
@click.option(
    "--dev-size", type=float, default=0.1, show_default=True, help="Share in validation (0: none)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--disjoint-targets", is_flag=True, help="Splits never share a target either (claim-pair data)."
)
@click.option("--move-shared", is_flag=True,
              help="With --split-by given: move texts (and articles) found in two splits to the "
                   "more held-out one [kept, and reported].")
@click.option(
    "--config", default="default", show_default=True, help="Name of the dataset's config."
)
@click.option(
    "--keep-annotator-names", is_flag=True,
    help="Name annotators instead of annotator-1, annotator-2, …",
)
@click.option(
    "--license", "license_", help="Licence id for the card (e.g. cc-by-4.0) [from the sources]."
)
@click.option("--pretty-name", help="The dataset's name in its card [OUT's folder name].")
@click.option("--metric", help="The task's metric, recorded for 'claims evaluate' (f_avg, fnc).")
@pass_context
def build(context, out, gold, origins, split_by, test_size, dev_size, seed, disjoint_targets,
          move_shared, config, keep_annotator_names, license_, pretty_name, metric) -> None:
    """Build a dataset folder OUT: data/<split>-*.parquet, a README.md card, claims.json.

    By default it takes the gold claims and the imported ones (never model
    predictions unless --origin asks). Splits never share an article, except
    given splits, kept as published: texts in two splits are reported. The
    same project and seed give the same bytes. The folder is checked before
    it replaces OUT; an OUT that exists and was not built by claims is refused.

    \b
    Examples:
      claims dataset build out/ans --split-by given
      claims dataset build out/emergent --origin import:emergent --split-by given --metric fnc
      claims dataset build out/debatenet --split-by time --test-size 0.2 --dev-size 0.1
      claims dataset build out/gold --gold --seed 13 --license cc-by-4.0
    """
    from claims import select_origins
    from claims.dataset import DEFAULT_SELECTION, BuildOptions

    patterns = select_origins((["gold"] if gold else []) + list(origins), DEFAULT_SELECTION)
    options = BuildOptions(
        patterns, split_by, test_size, dev_size, seed, config, keep_annotator_names,
        disjoint_targets, license_, pretty_name, metric, move_shared,
    )
    with progress(f"Building the dataset in {out}"):
        report = context.project().build_dataset(out, options)
    moved = (f" {report.moved:,} claims moved out of their given split (--move-shared)."
             if report.moved else "")
    click.echo(
        f"Built {report.path} ({report.split_by} split): {_rows(report.rows)} claims; "
        f"checked.{moved}"
    )
    leakage = report.leakage
    if leakage.get("texts") or leakage.get("articles"):
        pairs = ", ".join(f"{pair} {count:,}" for pair, count in leakage["pairs"].items())
        click.echo(f"Warning: {leakage['texts']:,} texts ({leakage['claims']:,} claims) and "
                   f"{leakage['articles']:,} articles are in more than one split "
                   f"({pairs or 'none'}); the card's Leakage section says so."
                   + (" --move-shared moves them." if split_by == "given" and not move_shared
                      else ""),
                   err=True)
    if leakage.get("claim_targets"):
        fix = ("the published splits share them" if split_by == "given"
               else "--disjoint-targets keeps each claim in one split")
        click.echo(f"Warning: {leakage['claim_targets']:,} of the {leakage['all_claim_targets']:,}"
                   f" targets that are claims are in more than one split: figures on them read "
                   f"higher than on new claims; {fix}.", err=True)
    if report.conflicts:
        click.echo(f"Warning: the origins chosen give {counted(report.conflicts, 'item')} "
                   "(statement, actor, target) two stances or more, each a row of its own; "
                   "build from one origin (--origin gold after 'claims adjudicate') for one "
                   "stance an item.", err=True)
    if report.left_out:
        no_test = ", and there is no test split to evaluate on" if "test" in report.left_out else ""
        left_out = " or ".join(report.left_out)
        click.echo(f"No {left_out} split: too few annotated articles, and splits "
                   "never share one. Annotate more articles; until then 'claims train' tunes by "
                   f"cross-validation on train{no_test}.", err=True)


@dataset.command("check")
@click.argument("out", type=click.Path(file_okay=False))
def check(out) -> None:
    """Check a dataset folder: card metadata, data files, loading with datasets, splits apart.

    \b
    Example:
      claims dataset check out/ans
    """
    from claims import check_dataset

    report = check_dataset(out)
    click.echo(
        f"{report.path}: config {report.config}, labels {', '.join(report.labels)}; "
        f"{_rows(report.rows)} claims; loads with datasets; no article in two splits."
    )


@dataset.command("publish")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--repo-id", required=True, help="The dataset's repository on the Hub: ORG/NAME.")
@click.option("--private", is_flag=True, help="Create the repository as private.")
@click.option(
    "--token", help="A Hugging Face token with write access [HF_TOKEN, or 'hf auth login']."
)
def publish(out, repo_id, private, token) -> None:
    """Upload a checked dataset folder to the Hugging Face Hub.

    \b
    Example:
      claims dataset publish out/ans --repo-id my-org/ans-claims --private
    """
    from claims import publish_dataset

    url = publish_dataset(out, repo_id, private, token)
    click.echo(f"Published {out} to {url}.")


COMMANDS = [dataset]
