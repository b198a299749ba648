"""How the SPARQL endpoint runs queries: the runner and its limits, made from the settings.

Over the built store on disk (the service), each query runs in a worker process that is killed
when the time limit passes (:class:`~peacekg.query.pool.WorkerPool`). Over a store object given
to :func:`~peacekg.api.app.create_app` (an in-memory store in tests), queries run in threads
(:class:`~peacekg.query.runner.ThreadRunner`): the same limits, but a query past the time limit
runs on to its end. Over a remote SPARQL server (``settings.store_url``) queries run in threads
too: the server does the work, and the HTTP client gives up after ``query_timeout`` seconds
(:class:`~peacekg.store.remote.RemoteStore`), so the thread ends with the query.

>>> from peacekg.config import Settings
>>> runner_limits(Settings(query_timeout=2, max_result_rows=5, _env_file=None)).max_results
5
"""

from __future__ import annotations

from peacekg.config import Settings
from peacekg.query.pool import WorkerPool
from peacekg.query.runner import QueryRunner, RunnerLimits, ThreadRunner
from peacekg.store import Store, open_store


def runner_limits(settings: Settings) -> RunnerLimits:
    return RunnerLimits(
        timeout=settings.query_timeout,
        slots=settings.max_concurrent_queries,
        queue_timeout=settings.query_queue_timeout,
        max_results=settings.max_result_rows,
    )


class RemoteRunner(ThreadRunner):
    """Threads over a remote store of its own, opened read-only and closed with the runner."""

    def __init__(self, settings: Settings, limits: RunnerLimits) -> None:
        super().__init__(open_store(settings, read_only=True), limits)

    @property
    def engine(self) -> str:
        return "remote"

    async def close(self) -> None:
        await super().close()
        self.store.close()


def make_query_runner(settings: Settings, store: Store | None = None) -> QueryRunner:
    """Threads over ``store`` if given; else threads over the SPARQL server at
    ``settings.store_url`` if set; else worker processes over ``settings.store_path``, which
    copy it into memory as ``settings.query_engine`` says."""
    limits = runner_limits(settings)
    if store is not None:
        return ThreadRunner(store, limits)
    if settings.store_url:
        return RemoteRunner(settings, limits)
    return WorkerPool(
        settings.store_path,
        limits,
        base_iri=settings.base_iri,
        engine="disk" if settings.query_engine == "disk" else "memory",
        max_memory_quads=(
            settings.memory_engine_max_quads if settings.query_engine == "auto" else None
        ),
    )
