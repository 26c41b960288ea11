"""``claims predict --store``: predicted claims saved as they are made, one transaction
per article (the article ingested and its claims saved together), so that an
interrupted run keeps every article it finished. A rerun stores no article twice (same
content hash) and replaces the model's claims on each (its origin's), so it completes the
run without duplicates, and a speaker registered since gets its actor.

Articles are stored as ``claims ingest`` stores them: cleaned and split alike,
sentences repeated across the articles of a site (``ingest.Sidebars``, one for the whole
run, as ingest has) no statements.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from claims.errors import counted
from claims.ingest import EmptyArticle, Sidebars, prepare
from claims.prediction import check_stances, store_predictions

if TYPE_CHECKING:
    from claims.readers import RawArticle
    from claims.store import Store


def stored_chunks(store: Store, labels: list, origin: str, model, paths: list[str],
                  *args) -> Iterator[list[dict]]:
    """The claims of ``claims.stream.predicted_chunks(model, paths, *args)``, a list for
    each chunk once each article of it is stored with its claims (``store_predictions``)
    under ``origin``, in one transaction an article; the schema's ``labels`` must hold
    every stance of a chunk before any of its articles is stored."""
    from claims.stream import predicted_chunks

    check_stances(labels, model.labels, origin)
    stored, sidebars = 0, Sidebars()
    for articles, found in predicted_chunks(model, paths, *args):
        kept = (f"the {counted(stored, 'article')} before {articles[0].where} "
                f"{'is' if stored == 1 else 'are'} stored") if stored else None
        check_stances(labels, [claim["stance"] for claim in found], origin,
                      kept or "nothing stored")
        by_article: dict[str, list[dict]] = {}
        for claim in found:
            by_article.setdefault(claim["article"], []).append(claim)
        for raw in articles:
            with store.transaction():
                article_id = _ingest(store, raw, sidebars)
                if article_id is None:
                    continue
                # a rerun of the model replaces its claims (a speaker registered since
                # gets its actor, not a second claim beside the one without)
                store.delete_article_claims(article_id, origin)
                store_predictions(store, by_article.get(raw.where, []), origin)
            stored += 1
        yield found


def _ingest(store: Store, raw: RawArticle, sidebars: Sidebars) -> int | None:
    """Store ``raw`` as ingest does, unless it is stored already (same content hash); its
    id, None for an article with no text (prediction left it out)."""
    try:
        prepared = prepare(raw)
    except EmptyArticle:
        return None
    content_hash = prepared.fields["content_hash"]
    if store.article_fields(content_hash) is None:
        return store.add_article(prepared.fields,
                                 sidebars.kept(prepared.fields, prepared.statements))
    return store.article_id_by_hash(content_hash)
