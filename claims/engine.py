"""Running shard tasks on Dask (``claims[dask]``): one task a shard, retried where a worker dies.

Dask is imported here only, so that the core install does without it. A task
gets a ``claims.archive.Task`` (paths and the model's version, never the model)
and runs ``claims.archive.predict_shard`` in a worker process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

from claims.archive import ShardResult, Task, predict_shard
from claims.errors import ClaimsError


def run_on_dask(
    tasks: list[Task], client, scheduler: str | None, workers: int | None
) -> Iterator[ShardResult]:
    """Run the tasks on Dask, one a shard, yielding results as they come; a task
    whose worker died is retried by Dask, one that still fails is named."""
    try:
        from distributed import as_completed
    except ImportError:
        raise ClaimsError("--engine dask needs Dask: pip install 'claims[dask]'.") from None
    if not tasks:
        return
    owned = client is None
    client = client or connect(scheduler, workers)
    try:
        futures = {
            client.submit(predict_shard, task, key=f"claims-shard-{uuid.uuid4().hex}"): task
            for task in tasks
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - any failure of a task is reported by shard
                yield ShardResult(
                    futures[future].shard,
                    error=f"{futures[future].shard}: {type(error).__name__}: {error}",
                )
    finally:
        if owned:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()


def connect(scheduler: str | None = None, workers: int | None = None):
    """A Dask client: to the scheduler at ``scheduler`` (or ``DASK_SCHEDULER_ADDRESS``),
    else to a new LocalCluster of ``workers`` single-threaded processes (default: one a core).
    Dask's config key ``claims.connect-timeout`` (DASK_CLAIMS__CONNECT_TIMEOUT) bounds the wait."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    scheduler = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if scheduler:
        try:
            return Client(scheduler, timeout=dask.config.get("claims.connect-timeout", "10s"))
        except (OSError, TimeoutError, ValueError) as error:
            raise ClaimsError(
                f"Cannot reach the Dask scheduler at {scheduler} ({error}); start one with "
                "'dask scheduler', or leave --scheduler out to run on this machine."
            ) from None
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)
