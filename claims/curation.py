"""Fixing what was coded wrong: the ``Project`` methods that rename, remove and merge
actors and targets, make the registry match a file, and edit or remove articles.

Kept apart from ``claims.project`` (which mixes ``Curation`` in) so that each stays
short; the work is done by ``claims.registry``, ``claims.registry_sync`` and the store.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import ClaimsError, Conflict
from claims.records import Article, Merge
from claims.store import Store

if TYPE_CHECKING:
    from claims.registry_sync import RegistryImport

# claims.registry, registry_sync, registry_file and ingest are imported in the methods:
# opening a project (claims stats) needs none of them.

_EDITABLE = ("title", "source", "url", "published")


@dataclass(frozen=True)
class ArticleRemoval:
    """What removing an article took with it."""

    article_id: int
    statements: int
    claims: dict[str, int]  # by kind of origin: human, gold, model, import


class Curation:
    """Registry and article curation, mixed into ``Project``."""

    store: Store
    _registry_changed: Callable[[], None]  # Project's: drops the mention finder

    # --- actors and targets -------------------------------------------------------------------

    def rename(self, kind: str, name: str, new_name: str) -> None:
        """Rename an actor or a target (``kind``); its claims follow.

        >>> project.rename("actor", "Rusia", "Russia")                   # doctest: +SKIP
        """
        from claims import registry

        registry.rename(self.store, kind, name, new_name)
        self._registry_changed()

    def remove_alias(self, kind: str, name: str, alias: str) -> None:
        """Take an alias away from an actor or a target."""
        from claims import registry

        registry.remove_alias(self.store, kind, name, alias)
        self._registry_changed()

    def remove(self, kind: str, name: str, merge_into: str | None = None) -> Merge | None:
        """Remove an actor or a target; one that claims use is refused unless
        ``merge_into`` names the one that takes them over."""
        from claims import registry

        merged = registry.remove(self.store, kind, name, merge_into)
        self._registry_changed()
        return merged

    def merge(self, kind: str, name: str, into: str) -> Merge:
        """Merge one actor (or target) into another: claims, aliases and children move,
        and the merge is recorded.

        >>> project.merge("actor", "Moscow", "Russia").claims              # doctest: +SKIP
        """
        from claims import registry

        merged = registry.merge(self.store, kind, name, into)
        self._registry_changed()
        return merged

    def merges(self, kind: str, into: str | None = None) -> list[Merge]:
        """The merges recorded for actors (or targets), oldest first."""
        from claims import registry

        return registry.merges(self.store, kind, into)

    def import_registry(self, path: str | Path, dry_run: bool = False,
                        remove_used: bool = False) -> RegistryImport:
        """Make the project's labels, guidelines, actors and targets match a YAML or TOML
        file, all or nothing: what the file adds, changes and leaves out. Removing what
        claims use needs ``remove_used``; ``dry_run`` only lists the changes."""
        from claims import registry_sync
        from claims.registry_file import Registry

        report = registry_sync.apply(self.store, Registry.read(path), str(path), remove_used,
                                     dry_run)
        self._registry_changed()
        return report

    # --- articles -----------------------------------------------------------------------------

    def edit_article(self, article_id: int, **values: str | None) -> Article:
        """Correct an article's title, source, url or publication date.

        >>> project.edit_article(1, published="2021-12-17")               # doctest: +SKIP
        """
        unknown = set(values) - set(_EDITABLE)
        if unknown:
            raise ClaimsError(f"Cannot edit {', '.join(sorted(unknown))}; an article's "
                              f"{', '.join(_EDITABLE)} can be edited.")
        given = {key: value for key, value in values.items() if value is not None}
        if not given:
            raise ClaimsError("Nothing to change: give a new title, source, url or date.")
        from claims.ingest import parse_date
        from claims.registry_file import check_name

        if "published" in given:
            given["published"] = parse_date(given["published"])
        for key in ("title", "source"):
            if key in given:
                given[key] = check_name(given[key], key)
        with self.store.transaction():
            self.store.article(article_id)
            self.store.update_article(article_id, given)
        return self.store.article(article_id)

    def remove_article(self, article_id: int, force: bool = False) -> ArticleRemoval:
        """Remove an article with its statements and every claim on them. When people
        annotated it (human or gold claims) it is refused unless ``force``."""
        with self.store.transaction():
            self.store.article(article_id)
            usage = self.store.article_usage(article_id)
            statements = usage.pop("statements")
            people = usage.get("human", 0) + usage.get("gold", 0)
            if people and not force:
                raise Conflict(f"Article {article_id} holds {people} claims that people made "
                               f"({usage.get('human', 0)} by annotators, {usage.get('gold', 0)} "
                               "gold); remove it with them using --force.")
            self.store.delete_article(article_id)
        return ArticleRemoval(article_id, statements, usage)
