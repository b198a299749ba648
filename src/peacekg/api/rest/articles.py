"""Articles: the news reports the graph is built from, newest first, with their outlet, date,
language, URL and the number of claims the graph takes from each (0 while a report's facts are
not coded). The list page ``/articles`` shows the same rows to people."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal, URIRef

from peacekg.api.deps import StoreDep
from peacekg.api.front.lists import article_rows
from peacekg.api.rest import terms
from peacekg.api.rest.common import Paging, id_query, page, paging
from peacekg.api.rest.jsonld import JSONLD_RESPONSE, respond
from peacekg.api.rest.models import Page, Ref
from peacekg.api.rest.problems import PROBLEM_RESPONSES, Problem, ProblemRoute
from peacekg.store import Store

router = APIRouter(
    tags=["articles"], responses=PROBLEM_RESPONSES | JSONLD_RESPONSE, route_class=ProblemRoute
)
_ID = "https://w3id.org/peacekg/id/"


class Article(BaseModel):
    """A news report: its title, publication date (``issued``), outlet, language and URL, and
    how many claims the graph takes from it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2025-12-03-moscow-talks",
                    "iri": _ID + "article/2025-12-03-moscow-talks",
                    "label": "US and Russian delegations hold talks in Moscow on a peace plan "
                    "for Ukraine",
                    "issued": "2025-12-03",
                    "publisher": None,
                    "language": "en",
                    "url": None,
                    "claims": 36,
                }
            ]
        }
    )

    id: str
    iri: str
    label: str | None = None
    issued: str | None = Field(default=None, description="The publication date.")
    publisher: Ref | None = None
    language: str | None = None
    url: str | None = None
    claims: int = Field(description="The claims the graph takes from it (0: not coded yet).")


def _page(store: Store, values: dict[str, list[URIRef | Literal]], paged: Paging) -> list[Article]:
    rows = article_rows(store, values, limit=paged.limit + 1, offset=paged.offset)
    return [
        Article(
            id=terms.slug(row.iri),
            iri=row.iri,
            label=row.title,
            issued=row.issued,
            publisher=Ref(
                id=terms.slug(row.publisher), iri=row.publisher, label=row.publisher_label
            )
            if row.publisher
            else None,
            language=row.language,
            url=row.url,
            claims=row.claims,
        )
        for row in rows
    ]


@router.get("/articles", response_model=Page[Article], summary="The articles, newest first")
async def list_articles(
    request: Request,
    store: StoreDep,
    paged: Annotated[Paging, Depends(paging)],
    from_: Annotated[
        date | None,
        Query(
            alias="from", description="Published on or after this date.", examples=["2025-12-01"]
        ),
    ] = None,
    to: Annotated[
        date | None, Query(description="Published on or before this date.", examples=["2025-12-03"])
    ] = None,
    publisher: Annotated[str | None, id_query("The outlet that published it.", "nbc")] = None,
) -> JSONResponse:
    """The articles by publication date, newest first (then by id), with the number of claims
    taken from each."""
    if from_ is not None and to is not None and to < from_:
        raise Problem.invalid("to", "the end of the period is before its beginning.")
    values: dict[str, list[URIRef | Literal]] = {}
    if from_ is not None:
        values["from"] = [Literal(from_.isoformat())]
    if to is not None:
        values["to"] = [Literal(to.isoformat())]
    if publisher is not None:
        iri = terms.entity(publisher)
        assert iri is not None  # the pattern of the parameter makes it a slug
        values["publisher"] = [iri]
    items = await run_in_threadpool(_page, store, values, paged)
    return respond(request, page(request, items, paged, len(items) > paged.limit))
