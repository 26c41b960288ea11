"""``claims train`` and ``claims evaluate``: the baseline stance and target models."""
from __future__ import annotations

import json
import sys

import click

from claims import TrainConfig
from claims.cli.output import emit, format_option, progress

# train_model, load_model and evaluate_model load scikit-learn: imported inside
# the commands so that every other command starts fast.


@click.command()
@click.argument("dataset", type=click.Path(file_okay=False))
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False),
    help="The model directory to write.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help=f"A TOML file; keys: {', '.join(TrainConfig.keys())}.")
@click.option("--seed", type=int, help="The seed of the choice and the fits; overrides the "
              "configuration's (default 0).")
@click.option(
    "--registry", "registry_file", type=click.Path(dir_okay=False),
    help="The registry file the model carries. Default: DATASET's registry.yaml, else the actors "
    "and targets of the training claims.",
)
@click.option(
    "--name", help="The model's name in model:NAME@VERSION (default: the --out folder's name)."
)
def train(dataset, out, config_path, seed, registry_file, name) -> None:
    """Train the stance and target models on DATASET's train split.

    DATASET is a folder written by 'claims dataset build'. Without --config the
    features, C and class weighting are chosen for the dataset's shape by
    cross-validation on train (and validation, when there is one) by the
    dataset's metric, reported in train.log and model.json; with --config, C is
    tuned on the validation split (or by cross-validation on train). The test
    split is never read. The model directory holds all prediction
    needs: the two models, the registry, the labels and the library versions.
    Progress goes to stderr.

    \b
    Example:
      claims train out/dataset --out out/model --seed 0
      claims train out/dataset --out out/model --config experiments/ans.toml
      claims train out/dataset --out out/model --registry registry.yaml --name ans-svm
    """
    from claims import train_model
    config = TrainConfig.load(config_path, seed) if config_path else None
    with progress("Training") as report:
        log = report if sys.stderr.isatty() else (lambda line: click.echo(line, err=True))
        model = train_model(dataset, out, config, progress=log, registry=registry_file, name=name,
                            seed=seed or 0)
    for warning in model.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if model.card["tuning"].get("method") == "automatic":
        click.echo(f"Chose {model.card['tuning']['chosen']}: {model.card['tuning']['why']}.")
    dev = model.card["dev_metrics"]
    figures = (
        f" Validation: accuracy {dev['accuracy']:.3f}, macro-F1 {dev['macro_f1']:.3f}."
        if dev
        else ""
    )
    click.echo(
        f"Model {model.origin} written to {model.path} "
        f"({model.card['seconds']['total']:.1f}s).{figures}"
    )


@click.command()
@click.argument("model_dir", type=click.Path(file_okay=False))
@click.argument("dataset", type=click.Path(file_okay=False))
@click.option("--split", default="test", show_default=True, help="The split to evaluate on.")
@format_option("table", "json")
@click.option("--report", "report_dir", type=click.Path(file_okay=False),
              help="Also write report.json and confusion.png into this folder.")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the stratified random baseline."
)
def evaluate(model_dir, dataset, split, output_format, report_dir, seed) -> None:
    """Evaluate MODEL_DIR on a split of DATASET beside majority and random baselines.

    Never trains. Prints accuracy, macro-F1, the dataset's task metric when its
    claims.json names one, per-label figures, the confusion matrix and
    per-language and per-target breakdowns.

    \b
    Example:
      claims evaluate out/model out/dataset --split test --report out/report
    """
    from claims import evaluate_model, load_model, write_report

    report = evaluate_model(load_model(model_dir), dataset, split, seed)
    written = write_report(report, report_dir) if report_dir else []
    if output_format == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    for warning in report["warnings"]:
        click.echo(f"Warning: {warning}", err=True)
    for path in written:
        click.echo(f"Wrote {path}", err=True)


def _print_report(report: dict) -> None:
    from claims.evaluate import TASK_METRICS

    title = f"{report['dataset']} ({report['split']}, {report['rows']} rows)"
    if report["task_metric"]:
        title += f"; task metric: {TASK_METRICS[report['task_metric']]}"
    emit(
        [{"system": name, **figures} for name, figures in report["systems"].items()], "table",
        title=title,
    )
    emit(report["per_label"], "table", title="Per label (model)")
    labels = report["confusion"]["labels"]
    emit(
        [
            {"gold \\ predicted": gold, **dict(zip(labels, counts))}
            for gold, counts in zip(labels, report["confusion"]["matrix"])
        ],
        "table",
        title="Confusion matrix",
    )
    for column, rows in report["breakdowns"].items():
        emit(rows, "table", title=f"By {column}")


COMMANDS = [train, evaluate]
