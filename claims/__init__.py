"""claims: who said what about what, and when — claim and stance tracking in news.

The Python API is ``Project`` and the model functions beside it (``train_model``,
``load_model``, ``evaluate_model``, ``predict_claims``, ``train_speakers``…); the
``claims`` command is a thin layer over them. Names that load the store or scikit-learn are imported
on first use, so ``import claims`` (and any ``claims.x`` module) stays light.
"""
__version__ = "0.1.0"  # before the imports: modules below read it while the package loads

from importlib import import_module

from claims.errors import ClaimsError, Conflict, InputError, NotFound
from claims.records import Actor, Article, Claim, Mention, Origin, Statement, Target, select_origins

_LAZY = {
    "IngestReport": "claims.project", "Prediction": "claims.prediction",
    "Project": "claims.project", "predict_claims": "claims.prediction",
    "TrainConfig": "claims.models.config", "TrainedModel": "claims.models.directory",
    "load_model": "claims.models.directory", "train_model": "claims.models.train",
    "evaluate_model": "claims.evaluate", "write_report": "claims.evaluate",
    "check_dataset": "claims.dataset_check",
    "publish_dataset": "claims.dataset_check",
    "Tracking": "claims.track",
    "track_shards": "claims.track_parquet",
    "ArticleColumns": "claims.archive",
    "predict_archive": "claims.archive",
    "train_speakers": "claims.models.speakers",
    "save_speakers": "claims.models.speakers",
    "load_speakers": "claims.models.speakers",
}

__all__ = [
    "Actor", "Article", "ArticleColumns", "Claim", "ClaimsError", "Conflict", "IngestReport",
    "InputError", "Mention", "NotFound", "Origin", "Prediction", "Project", "Statement", "Target",
    "Tracking", "TrainConfig", "TrainedModel", "__version__", "check_dataset", "evaluate_model",
    "load_model", "load_speakers", "predict_archive", "predict_claims", "publish_dataset",
    "save_speakers", "select_origins", "track_shards", "train_model", "train_speakers",
    "write_report",
]


def __getattr__(name: str):
    """The names in ``_LAZY``, imported on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'claims' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
