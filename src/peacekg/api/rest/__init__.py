"""The REST API under ``/api/v1``: JSON lookups over the store, for those who do not write SPARQL.

Every endpoint is SPARQL over the :class:`~peacekg.store.Store` interface (the texts are in
:mod:`peacekg.sparql`), so it works over any backend. One router per resource family; errors are
RFC 9457 problem details (:mod:`.problems`); JSON-LD on ``Accept: application/ld+json``
(:mod:`.jsonld`).

>>> from fastapi import FastAPI
>>> app = FastAPI()
>>> app.include_router(router)
>>> sorted(app.openapi()["paths"])[:4]
['/api/v1/actors', '/api/v1/actors/{actor_id}', '/api/v1/articles', '/api/v1/claims']
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from peacekg.api.rest import (
    actors,
    articles,
    claims,
    documents,
    events,
    issues,
    search,
    stances,
    stored_queries,
)
from peacekg.api.rest.jsonld import CONTEXT, CONTEXT_PATH
from peacekg.api.rest.problems import Problem, ProblemRoute

router = APIRouter(prefix="/api/v1", route_class=ProblemRoute)
for module in (
    stances,
    actors,
    issues,
    events,
    documents,
    claims,
    stored_queries,
    articles,
    search,
):
    router.include_router(module.router)


@router.get(
    CONTEXT_PATH.removeprefix("/api/v1"),
    tags=["json-ld"],
    summary="The JSON-LD context of the API's answers",
    response_class=JSONResponse,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def jsonld_context() -> JSONResponse:
    """The ``@context`` that turns every JSON answer of ``/api/v1`` into JSON-LD."""
    body: dict[str, Any] = CONTEXT
    return JSONResponse(body, media_type="application/ld+json")


@router.get("/{rest:path}", include_in_schema=False)
def unknown(rest: str) -> None:
    """Any other path under /api/v1: a 404 problem."""
    raise Problem(404, "not_found", "Not found", f"There is no resource at /api/v1/{rest}.")


__all__ = ["router"]
