"""``Project``: the Python API over one project file. The CLI is a thin layer over it.

>>> from claims import Project
>>> project = Project.init("claims.db")                                     # doctest: +SKIP
>>> project.add_actor("Russia", "country", aliases=["موسكو", "Moscow"])      # doctest: +SKIP
>>> project.ingest(["article.txt"])                                         # doctest: +SKIP
"""
from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from claims import schema
from claims.curation import Curation
from claims.errors import ClaimsError
from claims.records import (
    Actor,
    Article,
    Claim,
    Mention,
    Statement,
    Target,
    select_origins,
)
from claims.schema import Label
from claims.store import Store


def _lazy(name: str):
    """The module ``name``, loaded on first use: opening a project (``claims stats``) needs none."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


annotating, resolution = _lazy("claims.annotate"), _lazy("claims.speaker_resolution")
formats, readers = _lazy("claims.formats"), _lazy("claims.readers")
proposals, recipes = _lazy("claims.proposals"), _lazy("claims.recipes")
registry, registry_file = _lazy("claims.registry"), _lazy("claims.registry_file")
ingesting, export = _lazy("claims.ingest"), _lazy("claims.export")
reshape, labelling = _lazy("claims.reshape"), _lazy("claims.label_file")
batching = _lazy("claims.batches")

if TYPE_CHECKING:
    from claims import agreement as agreeing
    from claims.dataset import BuildOptions, BuildReport
    from claims.formats import ImportReport, Mapping, Source
    from claims.mentions import MentionFinder
    from claims.models.directory import TrainedModel
    from claims.reshape import Shape
    from claims.track import Tracking

DEFAULT_DB = "claims.db"


@dataclass
class IngestReport:
    files: int = 0
    articles_new: int = 0
    articles_skipped: int = 0
    articles_updated: int = 0  # already in the project, with a title, source, url or date corrected
    statements: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # articles with no text left, left out


class Project(Curation):
    """A claims project: one SQLite file holding articles, statements,
    registries, the stance schema and claims."""

    def __init__(self, path: str | Path | None = None, create: bool = False):
        self.path = Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)
        self.store = Store(self.path, create=create)
        self._finder: MentionFinder | None = None

    @classmethod
    def init(cls, path: str | Path | None = None) -> Project:
        """Create a project file (or open an existing one, migrating it)."""
        target = Path(path or os.environ.get("CLAIMS_DB") or DEFAULT_DB)
        if target.parent and not target.parent.exists():
            raise ClaimsError(f"Cannot create {target}: the folder {target.parent} does not exist.")
        return cls(target, create=True)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- ingest -----------------------------------------------------------------------------------

    def ingest(self, paths: list[str], format: str = "auto", language: str | None = None,
               source: str | None = None, published: str | None = None,
               columns: readers.Columns | None = None, stdin=None,
               on_article: Callable[[str], None] | None = None) -> IngestReport:
        """Read, clean and split articles into statements. Each file is one
        transaction (up to ``ingest.ARTICLES_PER_COMMIT`` articles; a larger one
        commits in batches of whole articles): a file with a bad row stores nothing
        of that batch (the batches before it stay, and are counted) and its error is
        reported; the other files are stored. An article with no text left after chrome
        removal is left out and named in ``skipped``.
        Articles already in the project (same content hash) are skipped, or updated
        where the title, source, url or date given differs from the stored one."""
        if published:
            published = ingesting.parse_iso_date(published)
        report, sidebars = IngestReport(), ingesting.Sidebars()  # one count for the whole run
        for path in readers.input_files(paths, keep_going=True):
            report.files += 1
            try:
                used, new, skipped, updated, statements = self._ingest_file(
                    path, format, language, source, published, columns, stdin, on_article,
                    report.skipped.append, sidebars)
            except ClaimsError as error:
                report.errors.append(str(error))
                used, (new, skipped, updated, statements) = None, getattr(error, "stored", [0] * 4)
            if used:
                report.formats[used] = report.formats.get(used, 0) + 1
            report.articles_new += new
            report.articles_skipped += skipped - updated
            report.articles_updated += updated
            report.statements += statements
        return report

    def _ingest_file(self, path, format, language, source, published, columns, stdin, on_article,
                     on_skip=None, sidebars=None):
        used, articles = readers.read_articles(path, format, columns, stdin)
        stored = ingesting.store_articles(self.store, articles, "<stdin>" if path == "-" else path,
                                          (language, source, published),
                                          on_article and (lambda: on_article(path)), on_skip,
                                          sidebars)
        return (used, *stored)

    # --- articles and statements ------------------------------------------------------------------

    def article(self, article_id: int) -> Article:
        return self.store.article(article_id)

    def articles(self, limit: int | None = None) -> list[dict]:
        """One summary row per article (the first ``limit``): id, title, source, date,
        language, sizes."""
        return self.store.article_summaries(limit)

    def statements(self, article_id: int | None = None) -> list[Statement]:
        return list(self.store.statements(article_id))

    def statement(self, statement_id: int) -> Statement:
        return self.store.statement(statement_id)

    def mentions(self, text_or_statement: str | Statement) -> list[Mention]:
        """The registered actors and targets named in a statement or a text,
        with spans relative to that text."""
        text = text_or_statement if isinstance(text_or_statement, str) else text_or_statement.text
        return self._mention_finder().find(text)

    def _mention_finder(self) -> MentionFinder:
        if self._finder is None:
            self._finder = registry.mention_finder(self.store)
        return self._finder

    def speakers(self, article_id: int | None = None,
                 speakers=None) -> Iterator[resolution.StatementSpeaker]:
        """Who voices each statement (of one article, or of every article), found in the
        text and resolved to the registered actors (``claims.speaker_resolution``).
        ``speakers``: a learned speaker model (``claims.models.speakers``), or the rules.
        Yielded article by article, so that a caller reads each row while its statement's
        words are still cached (``claims.text.tokens``).

        >>> for row in project.speakers(1):                                   # doctest: +SKIP
        ...     print(row.speaker.name if row.speaker else "-", row.statement.text)
        """
        if article_id is not None:
            articles = [self.article(article_id)]
        else:
            articles = list(self.store.articles())
        actors, finder = self.actors(), self._mention_finder()
        for article in articles:
            statements = self.statements(article.id)
            yield from resolution.statement_speakers(article.text, statements, finder, actors,
                                                      speakers)

    def stats(self) -> dict:
        return self.store.counts()

    # --- registries -------------------------------------------------------------------------------

    def add_actor(self, name: str, kind: str = "organisation", aliases: list[str] = (),
                  parent: str | None = None, exist_ok: bool = False,
                  speaks_for_parent: bool = True) -> Actor:
        """Register an actor with its aliases (and an optional parent actor it speaks for,
        or, ``speaks_for_parent`` false, belongs to); with ``exist_ok`` an actor
        registered already gets the aliases it lacks."""
        registry.add_entity(self.store, "actor", name, kind, list(aliases), parent=parent,
                            exist_ok=exist_ok, speaks_for_parent=speaks_for_parent)
        self._finder = None
        return self.actor(name)

    def add_target(self, name: str, kind: str = "topic", aliases: list[str] = (),
                   description: str | None = None, exist_ok: bool = False) -> Target:
        """Register a target (a topic, a claim or an actor) with its aliases."""
        registry.add_entity(self.store, "target", name, kind, list(aliases),
                            description=description, exist_ok=exist_ok)
        self._finder = None
        return self.target(name)

    def add_aliases(self, kind: str, name: str, aliases: list[str]) -> None:
        """Give more aliases to an actor or a target (``kind``: actor or target)."""
        registry.add_aliases(self.store, kind, name, aliases)
        self._finder = None

    def actor(self, name: str) -> Actor:
        wanted = registry.entity_id(self.store, "actor", name)
        return next(actor for actor in self.store.actors() if actor.id == wanted)

    def target(self, name: str) -> Target:
        wanted = registry.entity_id(self.store, "target", name)
        return next(target for target in self.store.targets() if target.id == wanted)

    def actors(self) -> list[Actor]:
        return self.store.actors()

    def targets(self) -> list[Target]:
        return self.store.targets()

    def export_registry(self, path: str | Path) -> None:
        """Write labels, guidelines, actors and targets to a YAML or TOML file."""
        registry.export_registry(self.store, path)

    # --- schema: stance labels and guidelines -----------------------------------------------------

    def labels(self) -> list[Label]:
        """The stance labels, in the schema's order."""
        return self.store.labels()

    def guidelines(self) -> str:
        return self.store.setting("guidelines") or ""

    def set_labels(self, names: list[str]) -> list[Label]:
        """Make ``names`` the stance labels, in that order; refused when claims use a label
        left out."""
        with self.store.transaction():
            self.store.replace_labels(schema.relabel(self.store.labels(), names))
        return self.labels()

    def set_guidelines(self, path: str | Path) -> str:
        """Make the Markdown file at ``path`` the project's annotation guidelines."""
        text = registry_file.read_guidelines(path)
        with self.store.transaction():
            self.store.set_setting("guidelines", text)
        return text

    # --- annotation -------------------------------------------------------------------------------

    def annotation_session(self, annotator: str, article: int | None = None, order: str = "article",
                           limit: int | None = None, seed: int | None = None) -> annotating.Session:
        """An annotator's session: the statements they have not decided yet, with
        proposals; every decision is saved at once (see ``claims.annotate``)."""
        return annotating.Session(self.store, annotator, article, order, limit, seed,
                                  on_registry_change=self._registry_changed)

    def _registry_changed(self) -> None:
        self._finder = None

    def label(self, statement_id: int, actor: str, target: str, stance: str, annotator: str,
              note: str | None = None) -> list[Claim]:
        """Record one claim of ``annotator`` on a statement (their other claims on it stay).

        >>> project.label(13, "Russia", "Russian invasion of Ukraine", "oppose",
        ...               "ana")   # doctest: +SKIP
        """
        draft = proposals.Draft(actor, target, stance, note)
        return list(annotating.record_claims(self.store, annotator, statement_id, [draft]).claims)

    def label_no_claim(self, statement_id: int, annotator: str) -> None:
        """Record that a statement holds no claim for ``annotator`` (their claims on it go)."""
        annotating.record_no_claim(self.store, annotator, statement_id)

    def label_file(self, path: str | Path, annotator: str | None = None,
                   format: str | None = None) -> labelling.LabelReport:
        """Record the rows of a file as ``label``/``label_no_claim`` would, one transaction a
        row (see ``claims.label_file``); ``annotator`` fills rows without one."""
        return labelling.label_file(self.store, path, annotator, format)

    def decisions(self, annotator: str) -> list[tuple[int, str]]:
        """``(statement id, decision)`` of one annotator, oldest first."""
        return self.store.decisions(annotating.check_annotator(annotator))

    # --- agreement and adjudication ---------------------------------------------------------------
    # claims.agreement is imported in each method: it loads scikit-learn, which other commands
    # need not wait for.

    def agreement(self, annotators: list[str] | None = None,
                  roll_up: bool = False) -> agreeing.Agreement:
        """Cohen's kappa per pair and Krippendorff's alpha over the annotators
        (all when None), on stance per item and on whole claims per statement. With
        ``roll_up`` an actor and its registered parents are one (Ryabkov counts as
        Russia); the adjudication methods take it too."""
        from claims import agreement as agreeing

        with self.store.snapshot():
            return agreeing.agreement(self.store, annotators, roll_up)

    def adjudicate_queue(self, roll_up: bool = False) -> agreeing.Pending:
        """The items awaiting adjudication, largest disagreement first, and
        the unanimous and single items that can become gold at once."""
        from claims import agreement as agreeing

        return agreeing.pending(self.store, roll_up)

    def adjudicate_auto(self, unanimous: bool = True, single: bool = False,
                        roll_up: bool = False) -> dict[str, int]:
        """Gold claims for the unanimous items and, when asked, the single ones;
        returns how many of each became gold."""
        from claims import agreement as agreeing

        return agreeing.accept(self.store, unanimous, single, roll_up)

    def adjudicate_resolve(self, statement_id: int, actor: str | None, target: str,
                           stance: str | None, adjudicator: str,
                           roll_up: bool = False) -> agreeing.Resolution:
        """An adjudicator's ruling on one item: ``stance`` becomes its gold
        claim, or ``stance=None`` rules that it is not a claim."""
        from claims import agreement as agreeing

        return agreeing.resolve(self.store, statement_id, actor, target, stance, adjudicator,
                                roll_up)

    # --- import and export ------------------------------------------------------------------------

    def import_file(self, path: str | Path, mapping: Mapping | None = None,
                    name: str | None = None, format: str | None = None, encoding: str = "utf-8",
                    delimiter: str | None = None, limit: int | None = None,
                    source: Source | None = None, shape: Shape | None = None) -> ImportReport:
        """Import a file (or a folder of files) of labelled rows as claims with
        origin ``import:NAME`` (NAME defaults to the file's stem): a file or folder in one
        transaction a ``formats.ROWS_PER_COMMIT`` rows (an article's consecutive rows in
        one, ``claims.batches``). Without a ``mapping`` (or with one that names no text and
        stance column) the file must be a ``claims export``. ``source``
        (licence, citation) is recorded for the dataset card. ``shape``
        explodes nested lists and joins a second file (``claims.reshape``);
        with a join, the join key names each row's article, so each joined
        text (a body) is stored once.

        >>> project.import_file("stance.csv", Mapping(text="s2", target="s1", stance="stance",
        ...     label_map={"agree": "support", "disagree": "oppose"}),
        ...     name="ans")   # doctest: +SKIP
        """
        inputs = reshape.open_input(Path(path), format, encoding, delimiter, shape)
        rows = inputs[0][0]
        if mapping is None or (mapping.text is None and mapping.stance is None):
            if not formats.is_own_format(rows.header):
                columns = ", ".join(rows.header) or "none"
                raise ClaimsError(f"{rows.name}: name its columns with --text, --stance and "
                                  "--target (it is not a 'claims export' file; its columns are: "
                                  f"{columns}).")
            given = mapping or formats.Mapping()
            mapping = replace(formats.OWN_FORMAT, label_map=given.label_map,
                              add_labels=given.add_labels)
        if shape is not None and shape.on and not mapping.article:
            mapping = replace(mapping, article=shape.on)
        name = registry_file.check_name(name or Path(path).stem, "import name")
        source = replace(source, name=name) if source else formats.Source(name)
        with batching.Batches(self.store, formats.ROWS_PER_COMMIT) as batches:
            report = formats.import_inputs(batches, inputs, mapping, name, limit, str(path))
        with self.store.transaction():
            self.store.add_source(**asdict(source))
        self._finder = None
        return report

    def import_recipe(self, recipe: str, path: str | Path,
                      limit: int | None = None) -> list[ImportReport]:
        """Import a published dataset from its folder with a recipe of
        ``datasets/recipes`` (its official splits, licence and citation), its files in
        transactions of ``formats.ROWS_PER_COMMIT`` rows; ``limit`` reads at most that many
        rows of each file (or folder read as one)."""
        found = recipes.load(recipe)
        reports = []
        with batching.Batches(self.store, formats.ROWS_PER_COMMIT) as batches:
            for file, mapping, shape in found.parts(path):
                if shape is not None and shape.on and not mapping.article:
                    mapping = replace(mapping, article=shape.on)
                relative = file.relative_to(Path(path)).as_posix()
                inputs = reshape.open_input(file, shape=shape)
                if not file.is_dir():  # a file's rows are keyed by its path in the dataset
                    inputs = [(rows, "") for rows, _ in inputs]
                reports.append(formats.import_inputs(batches, inputs, mapping, found.name, limit,
                                                     str(file), relative + "/" * file.is_dir()))
            self.store.add_source(**asdict(found.source))
        self._finder = None
        return reports

    def export_claims(self, output: str | Path | None = None, format: str = "jsonl",
                      origins: Sequence[str] = (), gold: bool = False, stream=None) -> int:
        """Write claims (all, those ``origins`` select, see ``select_origins``, or gold)
        with their statement, article, actor, target, stance, origin and time."""
        patterns = select_origins((["gold"] if gold else []) + list(origins))
        return export.export_claims(self.store, patterns, format, output, stream)

    # --- datasets ---------------------------------------------------------------------------------

    def build_dataset(self, out: str | Path, options: BuildOptions | None = None) -> BuildReport:
        """Build a Hugging Face dataset folder from the gold and imported claims
        (or those ``options`` select), split without leaks, with its card."""
        # Imported here: numpy, pyarrow and datasets are slow to load and only building needs them.
        from claims import dataset, folders

        with folders.disk_full_names(Path(out), "nothing was built (a dataset there before is "
                                                "as it was)"):
            return dataset.build(self.store, out, options or dataset.BuildOptions())

    # --- prediction -------------------------------------------------------------------------------

    def predict_stream(self, model: TrainedModel, paths: list[str], jobs: int = 1,
                       min_confidence: float = 0.0, most: int = 1, progress=None,
                       speakers=None, on_skip=None, language=None, store: bool = False,
                       stdin=None) -> Iterator[list[dict]]:
        """``predict``, the claims yielded a list a chunk of articles as they are made
        (memory flat in the input). Without ``store`` the registry is read now, so the
        stream outlives the project's connection; with it, each chunk comes once its
        articles are stored, and the project must stay open while the stream is read."""
        from claims.predict_store import stored_chunks
        from claims.stream import stream_batches

        args = (model, paths, self._resolver(speakers), jobs, min_confidence, stdin, most,
                model.path, progress, on_skip, language)
        if store:
            return stored_chunks(self.store, self.labels(), model.origin, *args)
        return stream_batches(*args)

    def predict(self, model: TrainedModel, paths: list[str], jobs: int = 1,
                min_confidence: float = 0.0, store: bool = False, stdin=None,
                most: int = 1, progress=None, speakers=None, on_skip=None,
                language=None) -> list[dict]:
        """Predict the claims of new articles with a loaded model (``claims.load_model``),
        up to ``most`` per statement, resolving speakers and targets against this
        project's registry (``predict_claims`` can resolve against the model's own).
        With ``store`` each article is ingested and its claims saved with origin
        ``model:NAME@VERSION`` in one transaction, as it is done. ``speakers``: a learned
        speaker model, or the rules; ``language``: that of articles whose row names none.

        >>> claims = project.predict(load_model("out/model"), ["article.txt"])   # doctest: +SKIP
        """
        from claims import predict as predicting  # here, as in _resolver

        if store:
            return [claim for chunk in self.predict_stream(
                model, paths, jobs, min_confidence, most, progress, speakers, on_skip, language,
                store=True, stdin=stdin) for claim in chunk]
        return predicting.predict_articles(model, paths, self._resolver(speakers), jobs,
                                           min_confidence, stdin, most, model.path, progress,
                                           on_skip, language)

    def _resolver(self, speakers=None):
        """This project's registry as prediction resolves against it."""
        from claims.predict import Resolver  # here: it loads scikit-learn, other commands not

        return Resolver.of(registry.snapshot(self.store), "project", speakers)

    # --- tracking ---------------------------------------------------------------------------------

    def track(self, origin: str | Sequence[str] = "all", actors: Sequence[str] = (),
              targets: Sequence[str] = (), since: str | None = None, until: str | None = None,
              by: str | None = None, roll_up: bool = False, window: int = 1,
              every_origin: bool = False) -> Tracking:
        """Who stands where on what, and how it moves: the claims ``origin`` selects
        (one value or several: all, a kind such as human, ``human:ana``, a GLOB) by
        ``actors`` on ``targets`` (all when empty) published from ``since`` to
        ``until`` (inclusive), aggregated per ``by`` (day, week, month), each
        period summing the ``window`` calendar periods ending there. With
        ``roll_up`` claims count for the actors' topmost registered parents. Each
        statement's target is read by its most authoritative origin kind (gold,
        people, imports, models) unless ``every_origin``.

        The schema's first stance label is the positive position and its second
        the negative one: net position = (first − second) / claims.

        >>> tracking = project.track(origin="human", by="month")      # doctest: +SKIP
        >>> tracking.matrix, tracking.timeline                          # doctest: +SKIP
        >>> tracking.network("congruence")                              # doctest: +SKIP
        >>> project.track(roll_up=True, by="week", window=4).timeline  # doctest: +SKIP
        """
        # Imported here: pandas, networkx and matplotlib are slow to load and only tracking
        # needs them.
        from claims import track as tracking

        return tracking.track(self.store, origin, list(actors), list(targets), since, until, by,
                              roll_up, window, every_origin)
