"""How the SPARQL endpoint runs queries: the runner and its limits, made from the settings.

Over the built store on disk (the service), each query runs in a worker process that is killed
when the time limit passes (:class:`~peacekg.store.pool.WorkerPool`). Over a store object given
to :func:`~peacekg.api.app.create_app` (an in-memory store in tests), queries run in threads
(:class:`~peacekg.store.runner.ThreadRunner`): the same limits, but a query past the time limit
runs on to its end.

>>> from peacekg.config import Settings
>>> runner_limits(Settings(query_timeout=2, max_result_rows=5, _env_file=None)).max_results
5
"""

from __future__ import annotations

from peacekg.config import Settings
from peacekg.store import Store
from peacekg.store.pool import WorkerPool
from peacekg.store.runner import QueryRunner, RunnerLimits, ThreadRunner


def runner_limits(settings: Settings) -> RunnerLimits:
    return RunnerLimits(
        timeout=settings.query_timeout,
        slots=settings.max_concurrent_queries,
        queue_timeout=settings.query_queue_timeout,
        max_results=settings.max_result_rows,
    )


def make_query_runner(settings: Settings, store: Store | None = None) -> QueryRunner:
    """Worker processes over ``settings.store_path``, or threads over ``store`` if given."""
    limits = runner_limits(settings)
    if store is None:
        return WorkerPool(settings.store_path, limits, base_iri=settings.base_iri)
    return ThreadRunner(store, limits)
