"""``/health``: is the service up, and how much data does its store hold; ``/health/cache``:
the response cache's counters (:mod:`peacekg.api.response_cache`); ``/health/queries``: where
SPARQL queries are answered now (:mod:`peacekg.query.pool`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from peacekg.api.deps import QueryRunnerDep, StoreDep
from peacekg.api.response_cache import CachedResponses

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """``quads`` counts every triple of every graph (a triple in two graphs counts twice)."""

    status: str
    quads: int
    graphs: int


class CacheHealth(BaseModel):
    """The cache's counters since the service started; ``enabled`` is false (and the counters
    absent) when ``response_cache_mb`` is 0. ``hits`` include the 304s (``not_modified``)."""

    enabled: bool
    response_cache: dict[str, int] | None = None


class QueriesHealth(BaseModel):
    """``engine``: ``memory`` (workers over copies of the store in memory), ``disk`` (workers
    over the store on disk: at start-up and just after an ingest, until the copies are ready,
    or for a store too large to copy), ``remote`` (a SPARQL server) or ``threads``. ``slots``:
    queries run at once."""

    engine: str
    slots: int


@router.get("/health")
async def health(store: StoreDep) -> Health:
    """The service is up and its store answers; a closed store gives 503."""
    quads = await run_in_threadpool(store.count)
    graphs = await run_in_threadpool(store.graphs)
    return Health(status="ok", quads=quads, graphs=len(graphs))


@router.get("/health/cache")
async def cache_health(request: Request) -> CacheHealth:
    """Entries, bytes, hits, misses, bypasses, 304s and evictions of the response cache."""
    cache: CachedResponses | None = getattr(request.app.state, "response_cache", None)
    if cache is None:
        return CacheHealth(enabled=False)
    return CacheHealth(enabled=True, response_cache=cache.stats())


@router.get("/health/queries")
async def queries_health(runner: QueryRunnerDep) -> QueriesHealth:
    """Where SPARQL queries are answered now, and how many may run at once."""
    return QueriesHealth(engine=runner.engine, slots=runner.limits.slots)
