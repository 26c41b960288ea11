"""The dataset card: ``README.md`` of a built dataset, made with huggingface_hub's
``DatasetCard`` / ``DatasetCardData``.

The YAML metadata (language, licence, tasks, sizes, how annotations were made,
``configs`` with the data files and ``dataset_info`` with the features and
split sizes) is written by the card classes and by ``datasets``' own
``MetadataConfigs`` / ``DatasetInfosDict``, so that ``load_dataset`` reads back
exactly what the card says. The body holds the label definitions and the
guidelines, statistics, agreement figures, the split method and provenance.
Everything here derives from the built rows and the project: nothing is
timestamped, so the same build gives the same card.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from claims.datafolder import COLUMNS
from claims.errors import ClaimsError
from claims.records import SPLITS
from claims.schema import Label

_SPLIT_METHODS = {
    "article": "whole articles are assigned at random (seeded), stratified by each article's "
    "majority stance",
    "random": "whole articles are assigned at random (seeded), without stratification",
    "time": "whole articles are assigned by date: the newest to test, the next newest to "
    "validation (articles without a date count as the oldest)",
    "given": "the splits each imported dataset came with",
}
_CREATORS = {
    "human": "expert-generated", "gold": "expert-generated", "import": "found",
    "model": "machine-generated",
}


@dataclass
class CardInput:
    """What the card is made from (``dataset.build`` gathers it)."""

    pretty_name: str
    config: str
    labels: list[Label]
    guidelines: str
    features: object  # datasets.Features
    stats: object  # dataset.Stats
    marker: dict  # the claims.json content
    license: str | None
    sizes: dict[str, int]  # split → Parquet bytes
    top_actors: list[tuple[str, int]]
    top_targets: list[tuple[str, int]]
    annotators: list[
        dict
    ]  # per annotator (as shown): claims and statements on the dataset's statements
    agreement: (
        object | None
    )  # claims.agreement.Agreement with annotators as shown, when two or more labelled


def make_card(given: CardInput):
    """The ``DatasetCard`` of a built dataset."""
    from datasets.info import DatasetInfo, DatasetInfosDict
    from datasets.splits import SplitDict, SplitInfo
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard, DatasetCardData

    stats = given.stats
    total = sum(stats.rows.values())
    languages = sorted({language for _, language in stats.languages if language not in ("und", "")})
    data = DatasetCardData(
        language=languages or None,
        license=_license(given),
        task_categories=["text-classification"],
        task_ids=["multi-class-classification"],
        size_categories=[_size_category(total)],
        annotations_creators=sorted({_CREATORS.get(kind, "other") for kind in stats.kinds}),
        language_creators=["found"],
        multilinguality="multilingual" if len(languages) > 1 else "monolingual",
        source_datasets=_source_datasets(stats),
        pretty_name=given.pretty_name,
        tags=["stance-detection", "claims", "news"],
    )
    config = {"data_files": [{"split": split, "path": f"data/{split}-*"} for split in stats.rows]}
    if given.config != "default":
        config["default"] = True
    MetadataConfigs({given.config: config}).to_dataset_card_data(data)
    split_infos = SplitDict()
    for split in stats.rows:
        split_infos.add(
            SplitInfo(name=split, num_bytes=stats.num_bytes[split], num_examples=stats.rows[split])
        )
    DatasetInfosDict({given.config: DatasetInfo(
        features=given.features, splits=split_infos, download_size=sum(given.sizes.values()),
        dataset_size=sum(stats.num_bytes.values()),
    )}).to_dataset_card_data(data)
    return DatasetCard(f"---\n{data.to_yaml()}\n---\n\n{_body(given)}")


def check_card(path: Path, shown: str, config: str, expected, rows: dict[str, int]) -> None:
    """Refuse a card whose configs or dataset_info do not match the data."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    if not path.is_file():
        raise ClaimsError(f"{shown}: README.md (the dataset card) is missing.")
    try:
        data = DatasetCard.load(path).data
        configs = MetadataConfigs.from_dataset_card_data(data)
        infos = DatasetInfosDict.from_dataset_card_data(data)
    except Exception as error:  # a card that does not parse is the finding
        raise ClaimsError(
            f"{shown}: the card's metadata does not parse ({str(error).splitlines()[0]})."
        ) from None
    wanted = [{"split": split, "path": f"data/{split}-*"} for split in rows]
    if config not in configs or configs[config].get("data_files") != wanted:
        raise ClaimsError(
            f"{shown}: the card's configs do not list config {config!r} with data/<split>-* for "
            f"{', '.join(rows)}."
        )
    info = infos.get(config)
    if info is None or info.features != expected:
        raise ClaimsError(f"{shown}: the card's dataset_info features are not the dataset's.")
    if {name: split.num_examples for name, split in (info.splits or {}).items()} != rows:
        raise ClaimsError(f"{shown}: the card's split sizes are not the data's ({dict(rows)}).")


# --- metadata ---------------------------------------------------------------------------------


def _license(given: CardInput) -> str:
    if given.license:
        return given.license
    found = {source.get("license") or "unknown" for source in given.marker["sources"]}
    if set(given.stats.kinds) - {"import"}:
        found.add(
            "unknown"
        )  # the project's own annotations carry no licence unless --license gives one
    return found.pop() if len(found) == 1 else "other"


def _source_datasets(stats) -> list[str]:
    kinds = set(stats.kinds)
    return (["original"] if kinds - {"import"} else []) + (
        ["extended"] if "import" in kinds else []
    )


def _size_category(total: int) -> str:
    for limit, name in (
        (1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
        (10_000_000, "1M<n<10M"),
    ):
        if total < limit:
            return name
    return "10M<n<100M"


# --- body ----------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list]) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _body(given: CardInput) -> str:
    marker, stats = given.marker, given.stats
    total = sum(stats.rows.values())
    parts = [
        f"# {given.pretty_name}",
        "Claims from news: who (the actor) takes which position (the stance) toward what "
        f"(the target), as a statement reports it. {total:,} claims in {len(stats.rows)} "
        "split(s), built with claims "
        f"{marker['claims_version']}.",
        '```python\nfrom datasets import load_dataset\n\ndataset = load_dataset("path/or/hub-id")\n'
        'labels = dataset["train"].features["stance"].names\n```',
        "## Labels",
        _table(
            ["id", "label", "definition"],
            [
                [position, label.name, label.description]
                for position, label in enumerate(given.labels)
            ],
        ),
        "## Annotation guidelines",
        _guidelines(given),
        "## Data fields",
        _table(
            ["field", "type", "meaning"],
            [[column.name, column.type, column.description] for column in COLUMNS],
        ),
        "## Statistics",
        _statistics(given),
    ]
    if given.agreement is not None:
        parts += ["## Agreement", _agreement(given)]
    parts += ["## Splits", _splits(marker, stats.rows)]
    if "leakage" in marker:
        parts += ["## Leakage", _leakage(marker)]
    parts += ["## Provenance", _provenance(marker),
              "## Licence and citation", _licences(given)]
    return "\n\n".join(parts) + "\n"


def _guidelines(given: CardInput) -> str:
    """The project's guidelines, their own title dropped and headings moved under the card's."""
    text = re.sub(r"\A# [^\n]*\n+", "", given.guidelines.strip())
    text = re.sub(
        r"^(#{1,4}) ", lambda match: "#" * (len(match.group(1)) + 2) + " ", text, flags=re.M
    )
    note = (
        (
            "Claims annotated in this project follow the project's guidelines below; imported "
            "claims follow their source's own (see Provenance)."
        )
        if given.marker["sources"]
        else ""
    )
    return "\n\n".join(filter(None, [note, text or "No guidelines were recorded in the project."]))


def _statistics(given: CardInput) -> str:
    stats, labels = given.stats, [label.name for label in given.labels]
    splits = [split for split in SPLITS if split in stats.rows]
    by_stance = _table(
        ["split", *labels, "total"],
        [
            [split, *(stats.stances[split, label] for label in labels), stats.rows[split]]
            for split in splits
        ]
        + [
            [
                "all", *(sum(stats.stances[split, label] for split in splits) for label in labels),
                sum(stats.rows.values()),
            ]
        ],
    )
    languages = sorted({language for _, language in stats.languages})
    by_language = _table(
        ["split", *languages],
        [
            [split, *(stats.languages[split, language] for language in languages)]
            for split in splits
        ],
    )
    parts = ["### Claims per split and stance", by_stance, "### Claims per language", by_language]
    if given.top_actors:
        parts += [
            "### Top actors",
            _table(["actor", "claims"], [list(row) for row in given.top_actors]),
        ]
    parts += [
        "### Top targets",
        _table(["target", "claims"], [list(row) for row in given.top_targets]),
    ]
    origins = _table(
        ["origin", "claims"], [[origin, count] for origin, count in sorted(stats.origins.items())]
    )
    methods = _table(
        ["gold method", "claims"], [list(item) for item in sorted(stats.gold_methods.items())]
    )
    return "\n\n".join(
        [*parts, "### Claims per origin", origins, "### How labels became gold", methods]
    )


def _agreement(given: CardInput) -> str:
    """The figures of ``claims.agreement`` over all the project's annotators, and
    what each labelled on the dataset's statements."""
    found = given.agreement
    parts = [
        f"{len(found.annotators)} annotators labelled statements in the project. Agreement over "
        "all their labels (`claims agreement`): Krippendorff's alpha (nominal) over all "
        "annotators, the observed proportion of agreeing pairs, and Cohen's kappa per pair, on the "
        "stance of each item (statement, actor, target) and on the whole set of claims of each "
        "statement."
    ]
    levels = [("stance of items", found.stance), ("claims of statements", found.claims)]
    parts.append(_table(["level", "units", "labelled by 2+", "observed", "alpha"], [
        [name, level.units, level.coverage["2"] + level.coverage["3+"], _figure(level.observed),
         _figure(level.alpha, level.note)] for name, level in levels]))
    parts.append(
        _table(
            ["annotators", "shared items", "observed", "kappa"],
            [
                [
                    " · ".join(pair.annotators), pair.shared, _figure(pair.observed),
                    _figure(pair.kappa, pair.note),
                ]
                for pair in found.stance.pairs
            ],
        )
    )
    if given.annotators:
        parts.append(
            _table(
                ["annotator", "claims on these statements", "statements"],
                [[row["origin"], row["claims"], row["statements"]] for row in given.annotators],
            )
        )
    return "\n\n".join(parts)


def _figure(value: float | None, note: str | None = None) -> str:
    return f"{value:.3f}" if value is not None else (note or "–")


def _splits(marker: dict, rows: dict[str, int]) -> str:
    split = marker["split"]
    text = f"Method: `{split['method']}`: {_SPLIT_METHODS[split['method']]}."
    if split.get("shared") == "kept":
        text += " They are kept as published, texts found in two splits included (see Leakage)."
    else:
        text += " Splits never share an article"
        text += " nor a target." if split["disjoint_targets"] else "."
    if split["method"] in ("article", "random", "time"):
        lead = " Test" if split["method"] == "time" else f" Seed {split['seed']}; test"
        text += (f"{lead} {split['test_size']:g}, validation {split['dev_size']:g} of the "
                 "claims asked for.")
        missing = [name for name, share in (("test", split["test_size"]),
                                            ("validation", split["dev_size"]))
                   if share > 0 and name not in rows]
        if missing:
            text += (f" Too few {'articles' if split['method'] != 'random' else 'claims'} to "
                     f"hold out: this dataset has no {' and no '.join(missing)} split.")
    elif split["moved_claims"]:
        text += (f" {split['moved_claims']} claim(s) were given in another split than an article "
                 "or a text they share, and moved with it to the more held-out split "
                 "(--move-shared).")
    if marker.get("metric"):
        text += f" The task's evaluation metric: `{marker['metric']}`."
    return text


def _leakage(marker: dict) -> str:
    leakage = marker["leakage"]
    return _shared_texts(leakage) + _shared_claim_targets(leakage)


def _shared_texts(leakage: dict) -> str:
    if not leakage["texts"] and not leakage["articles"]:
        return "No text (case and spacing ignored) and no article is in more than one split."
    pairs = ", ".join(f"{pair}: {count:,}" for pair, count in leakage["pairs"].items())
    return (f"{leakage['texts']:,} text(s) (case and spacing ignored), carried by "
            f"{leakage['claims']:,} claims, are in more than one split ({pairs or 'none'}); "
            f"{leakage['articles']:,} article(s) are in more than one split. A model evaluated "
            "on these splits has seen those texts in training: figures may read higher than on "
            "unseen text.")


def _shared_claim_targets(leakage: dict) -> str:
    shared, every = leakage.get("claim_targets", 0), leakage.get("all_claim_targets", 0)
    if not shared:
        return ""
    return (f" {shared:,} of the {every:,} targets that are claims are in more than one split: "
            "a model evaluated on them is tested on claims it was trained on, which reads "
            "higher than on new claims (build with --disjoint-targets, or --split-by given "
            "where the published splits keep claims apart).")


def _provenance(marker: dict) -> str:
    lines = [
        "Selected claims: origin "
        f"{' or '.join(f'`{pattern}`' for pattern in marker['selection'])}. "
        "Annotators are named by "
        f"{'their names' if marker['annotator_names'] == 'kept' else 'pseudonyms'}."
    ]
    if marker["sources"]:
        lines.append(
            _table(
                ["source", "licence", "url", "description"],
                [
                    [
                        source["name"], source.get("license") or "unknown", source.get("url") or "",
                        source.get("description") or "",
                    ]
                    for source in marker["sources"]
                ],
            )
        )
    if "registry" in marker:
        registry = marker["registry"]
        lines.append(
            f"`{registry['file']}` holds the registry the claims were made with: the labels, the "
            f"guidelines, {registry['actors']:,} actors and {registry['targets']:,} targets with "
            f"their aliases. `claims registry import {registry['file']}` loads it into a project, "
            "and `claims train` carries it into the model, which resolves speakers and targets "
            "with it."
        )
    lines.append(f"Data fingerprint: `{marker['fingerprint']}`.")
    return "\n\n".join(lines)


def _licences(given: CardInput) -> str:
    sources = given.marker["sources"]
    text = f"Licence of this dataset: `{_license(given)}`."
    if sources:
        text += (
            " Imported claims keep their source's licence and terms; cite the sources you use:\n\n"
            + "\n".join(
                f"- **{source['name']}** ({source.get('license') or 'unknown licence'}): "
                f"{source.get('citation') or 'no citation recorded'}"
                for source in sources
            )
        )
    return text
