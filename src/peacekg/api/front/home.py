"""``/``: the home page for browsers, and the index of the service for programs.

The same URL answers both, negotiated from ``Accept`` (or named by ``?format=json|html``): a
browser gets the page (what the graph holds, the period it covers, the latest articles, the
parties and issues, a search box and the ways in); a program (``Accept: application/json``,
``*/*`` or none) gets :class:`ServiceIndex`, the same figures and the URL of every entry point.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from peacekg.api.deps import StoreDep
from peacekg.api.front.guide import guide_available
from peacekg.api.front.overview import Overview, overview
from peacekg.api.front.view import FrontPage, render
from peacekg.api.negotiation import Offer, choose
from peacekg.api.representations import HTML_OFFER
from peacekg.api.rest.models import Ref
from peacekg.api.rest.terms import slug

router = APIRouter(tags=["service"])

JSON_OFFER = Offer("application/json")
DUMPS = ("peacekg.nq", "peacekg.trig", "peacekg.ttl", "peacekg.jsonld")
_ID = "https://w3id.org/peacekg/id/"


class Period(BaseModel):
    """The days the graph covers: reports published (``dcterms:issued``) and events begun."""

    first_report: str | None = Field(examples=["2025-11-21"])
    last_report: str | None = Field(examples=["2025-12-24"])
    first_event: str | None = Field(examples=["2025-11-23"])
    last_event: str | None = Field(examples=["2025-12-02"])


class ArticleEntry(Ref):
    """An article: its date, its outlet, and how many claims the graph takes from it."""

    issued: str | None = None
    publisher: Ref | None = None
    claims: int = 0


class CountedRef(Ref):
    """A party or an issue, with the number of stances it holds or that are on it."""

    stances: int


class ServiceIndex(BaseModel):
    """What the service holds and where to ask for it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "peacekg: a knowledge graph of peace negotiations",
                    "counts": {"articles": 77, "stances": 8, "claims": 36},
                    "period": {
                        "first_report": "2025-11-21",
                        "last_report": "2025-12-24",
                        "first_event": "2025-11-23",
                        "last_event": "2025-12-02",
                    },
                    "latest_articles": [],
                    "parties": [
                        {"id": "russia", "iri": _ID + "russia", "label": "Russia", "stances": 4}
                    ],
                    "issues": [],
                    "links": {"sparql": "http://127.0.0.1:8000/sparql"},
                }
            ]
        }
    )

    title: str
    description: str = ""
    counts: dict[str, int]
    period: Period
    latest_articles: list[ArticleEntry]
    parties: list[CountedRef]
    issues: list[CountedRef]
    links: dict[str, Any] = Field(
        description="The entry points: sparql, api, openapi, docs, search, void, dumps, "
        "lists, matrix, timeline, guide (when served), workbench (when enabled)."
    )


TITLE = "peacekg: a knowledge graph of peace negotiations"
DESCRIPTION = (
    "Who negotiates peace, on whose behalf, what each side wants on each issue, what happened "
    "when and where, and for every fact which sentence of which news report says so, and who "
    "said it."
)


def _links(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    links: dict[str, Any] = {
        "sparql": f"{base}/sparql",
        "api": f"{base}/api/v1",
        "openapi": f"{base}/openapi.json",
        "docs": f"{base}/docs",
        "search": f"{base}/api/v1/search",
        "void": f"{base}/.well-known/void",
        "dumps": {name: f"{base}/dumps/{name}" for name in DUMPS},
        "lists": {
            name: f"{base}/{name}"
            for name in ("articles", "actors", "events", "documents", "issues")
        },
        "matrix": f"{base}/matrix",
        "timeline": f"{base}/timeline",
        "ontology": f"{base}/ontology",
    }
    if guide_available():
        links["guide"] = f"{base}/guide"
    if _workbench_enabled(request):
        links["workbench"] = f"{base}/workbench"
    return links


def _workbench_enabled(request: Request) -> bool:
    token = request.app.state.settings.ingest_token
    return bool(token and token.get_secret_value())


def service_index(request: Request, found: Overview) -> ServiceIndex:
    return ServiceIndex(
        title=TITLE,
        description=DESCRIPTION,
        counts=found.counts,
        period=Period(
            first_report=found.period.first_report,
            last_report=found.period.last_report,
            first_event=found.period.first_event,
            last_event=found.period.last_event,
        ),
        latest_articles=[
            ArticleEntry(
                id=slug(row.iri),
                iri=row.iri,
                label=row.title,
                issued=row.issued,
                publisher=Ref(id=slug(row.publisher), iri=row.publisher, label=row.publisher_label)
                if row.publisher
                else None,
                claims=row.claims,
            )
            for row in found.latest_articles
        ],
        parties=[
            CountedRef(id=slug(p.iri), iri=p.iri, label=p.label, stances=p.stances)
            for p in found.parties
        ],
        issues=[
            CountedRef(id=slug(i.iri), iri=i.iri, label=i.label, stances=i.stances)
            for i in found.issues
        ],
        links=_links(request),
    )


def wants_html(request: Request, format_name: str | None) -> bool:
    """A browser's ``Accept`` (HTML before anything else), or ``?format=html``."""
    if format_name:
        return format_name.strip().lower() == "html"
    return choose(request.headers.get("accept"), (JSON_OFFER, HTML_OFFER)) is HTML_OFFER


@router.get(
    "/",
    summary="The home page, or the index of the service",
    response_model=ServiceIndex,
    responses={200: {"content": {"text/html": {}}, "description": "JSON, or HTML to browsers"}},
)
async def home(
    request: Request,
    store: StoreDep,
    format: Annotated[
        str | None,
        Query(
            pattern="^(json|html)$",
            description="json or html, whatever Accept says.",
            examples=["json"],
        ),
    ] = None,
) -> Response:
    """What the graph holds (counts, the period covered, the latest articles, the parties and
    issues) and the URL of every entry point: JSON for programs, the home page for browsers."""
    found = await run_in_threadpool(overview, store)
    vary = {"Vary": "Accept"}
    if wants_html(request, format):
        formats = [("json", "application/json", "/?format=json")]
        return render(
            request,
            "home.html",
            FrontPage("Home", formats=formats, layout="home"),
            overview=found,
            links=_links(request),
            workbench=_workbench_enabled(request),
        )
    body = service_index(request, found).model_dump(mode="json")
    return JSONResponse(body, headers=vary)
