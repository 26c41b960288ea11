"""The transactions of a long import: rows are committed in batches, so that
annotators are not held off for the whole of a big file, folder or recipe.

A batch ends after about ``size`` rows, where an article ends (the rows of one
article stay in one batch). An error rolls back the open batch only; the message
then says how many rows the earlier batches stored. Importing again adds none of
them twice, because imported rows are keyed by file and line (``claims.formats``).
"""
from __future__ import annotations

from contextlib import ExitStack

from claims.errors import ClaimsError
from claims.store import Store


class Batches:
    """One open transaction at a time over the rows of one or more files. Inside a
    transaction the caller holds, everything joins it: one unit, no batch committed."""

    def __init__(self, store: Store, size: int | None):
        self.store = store
        self.size = None if store.conn.in_transaction else size
        self.rows = 0  # rows in the open batch
        self.kept = 0  # rows of the batches committed
        self.article: str | None = None
        self._open = ExitStack()

    def __enter__(self) -> Batches:
        self._open.enter_context(self.store.transaction())
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        given = error
        try:
            self._open.__exit__(kind, error, traceback)  # commit, or roll back the open batch
        except ClaimsError as raised:  # the store's own words: disk full, locked, …
            error = raised
        if isinstance(error, ClaimsError) and self.kept:  # the same type: callers catch it
            error.args = (f"{error} (the {self.kept:,} rows before its batch are stored; fix "
                          "it and import again: those are not added twice)",)
            raise error from None
        if error is not given:
            raise error
        return False

    def next_row(self, article: str | None) -> None:
        """Before storing a row of ``article`` (None: the row is an article of its own):
        commit the open batch if it is full and the row begins another article."""
        if (self.size and self.rows >= self.size
                and (article is None or article != self.article)):
            self._open.close()  # COMMIT
            self.kept, self.rows = self.kept + self.rows, 0
            self._open.enter_context(self.store.transaction())
        self.rows += 1
        self.article = article
