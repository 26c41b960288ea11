"""``claims speakers``: a learned speaker model, trained by the user from PolNeAR-format data."""
from __future__ import annotations

import click

from claims.cli.output import progress


@click.group()
def speakers() -> None:
    """Speakers beyond the rules: train a speaker model from PolNeAR-format data.

    The rules find speakers with no model. A speaker model, trained here from a
    folder of articles (text/) and brat attribution files (attributions/), such
    as a split of PolNeAR, adds the speakers of cue words it learnt and keeps those
    its classifier trusts; pass it with --speaker-model to 'claims predict' and
    'claims statements --speakers'. No model trained on PolNeAR ships with claims.
    """


@speakers.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--out", required=True, type=click.Path(),
              help="The speaker model directory to write.")
@click.option("--precision", type=click.FloatRange(0.5, 0.99), default=0.85, show_default=True,
              help="The precision its threshold is set for, in cross-validation on FOLDER: "
                   "higher keeps fewer speakers, more of them right.")
@click.option("--syntax", is_flag=True,
              help="Also read spaCy's English parse (pip install 'claims[syntax]' && python -m "
                   "spacy download en_core_web_sm): more speakers found (PolNeAR dev F1 0.784 "
                   "-> 0.794), training about 2.5x and prediction far slower.")
def train(folder, out, precision, syntax) -> None:
    """Train a speaker model on FOLDER (text/NAME.txt, attributions/NAME_ANNOTATOR.ann).

    \b
    Example:
      claims speakers train ../polnear/data/train -o out/speakers
      claims predict out/model article.txt --speaker-model out/speakers
    """
    import claims

    with progress("Training the speaker model") as report:
        model = claims.train_speakers(folder, precision, progress=report, syntax=syntax)
        claims.save_speakers(model, out)
    card = model.card
    click.echo(f"Speaker model {card['version']} written to {out}: {card['cue_words']} cue words, "
               f"threshold {model.threshold:.3f} (cross-validated precision "
               f"{card['cv_precision']:.3f}), trained on {card['articles']} articles in "
               f"{card['train_cpu_seconds']} CPU seconds.")


COMMANDS = [speakers]
