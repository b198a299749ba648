"""Search: every actor, event, issue, document, version, article and place whose label, alias,
name or title holds every word of ``q`` (ignoring case), best match first. The search page
(``/search``) shows the same hits to people (:mod:`peacekg.api.front.search`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from peacekg.api.deps import StoreDep
from peacekg.api.front.search import search
from peacekg.api.linked_data import LinkedDataDep
from peacekg.api.rest.common import Paging, paging
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.api.rest.terms import slug

router = APIRouter(
    tags=["search"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)
_ID = "https://w3id.org/peacekg/id/"


class Kind(StrEnum):
    """The kinds of thing a search finds."""

    ACTOR = "actor"
    EVENT = "event"
    DOCUMENT = "document"
    ISSUE = "issue"
    PLACE = "place"
    ARTICLE = "article"


class SearchHit(BaseModel):
    """A thing whose name matches: its id and IRI, label, kind and class, the name that
    matched when it is not the label (an alias, another spelling, a title), and its page on
    this server."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "volodymyr-zelensky",
                    "iri": _ID + "volodymyr-zelensky",
                    "label": "Volodymyr Zelensky",
                    "kind": "actor",
                    "type": "Person",
                    "matched": "Zelenskyy",
                    "page": "/id/volodymyr-zelensky",
                }
            ]
        }
    )

    id: str
    iri: str
    label: str
    kind: Kind
    type: str = Field(description="The class, as the ontology names it (pk:Person ...).")
    matched: str | None = Field(
        default=None, description="The name that matched, when it is not the label."
    )
    page: str | None = Field(default=None, description="The thing's page on this server.")


class SearchPage(BaseModel):
    """One page of the hits, best first; ``total`` counts them all."""

    items: list[SearchHit]
    total: int = Field(examples=[3])
    limit: int
    offset: int
    next: str | None = Field(default=None, examples=["/api/v1/search?q=geneva&offset=50"])


@router.get("/search", response_model=SearchPage, summary="Search every name in the graph")
async def search_names(
    request: Request,
    store: StoreDep,
    options: LinkedDataDep,
    paged: Annotated[Paging, Depends(paging)],
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Words that must all be in one name (label, alias, name or title) of "
            "the thing, in any order, ignoring case.",
            examples=["zelenskyy"],
        ),
    ],
    kind: Annotated[
        Kind | None, Query(description="Only things of this kind.", examples=["actor"])
    ] = None,
) -> JSONResponse:
    """Actors, events, issues, documents and their versions, articles and places by any of
    their names: a name equal to ``q`` first, then one that starts with it, then one that
    holds it as a phrase, then one whose words start with its words, then the rest; then
    actors, events, documents, issues, places and articles, the label before an alias, the
    shorter name first. The ranking reads at most 5,000 matching names: a search
    that matches more (a single letter over a large graph) ranks the first 5,000 found."""
    if not q.strip():
        raise Problem.invalid("q", "the search has no word.")
    hits = await run_in_threadpool(search, store, q, [kind.value] if kind else [])
    shown = hits[paged.offset : paged.offset + paged.limit]
    items = [
        SearchHit(
            id=slug(hit.iri),
            iri=hit.iri,
            label=hit.label,
            kind=Kind(hit.kind),
            type=hit.type,
            matched=hit.matched,
            page=options.paths.path(hit.iri),
        )
        for hit in shown
    ]
    next_url = None
    if paged.offset + paged.limit < len(hits):
        next_url = str(
            request.url.include_query_params(limit=paged.limit, offset=paged.offset + paged.limit)
        )
    answer = SearchPage(
        items=items, total=len(hits), limit=paged.limit, offset=paged.offset, next=next_url
    )
    return respond(request, answer)
