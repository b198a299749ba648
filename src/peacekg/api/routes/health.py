"""``/health``: is the service up, and how much data does its store hold."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from peacekg.api.deps import StoreDep

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    """``quads`` counts every triple of every graph (a triple in two graphs counts twice)."""

    status: str
    quads: int
    graphs: int


@router.get("/health")
async def health(store: StoreDep) -> Health:
    """The service is up and its store answers; a closed store gives 503."""
    quads = await run_in_threadpool(store.count)
    graphs = await run_in_threadpool(store.graphs)
    return Health(status="ok", quads=quads, graphs=len(graphs))
