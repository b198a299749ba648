"""Dereferenceable IRIs: ``/id/...``, ``/vocab/...``, ``/graph/...`` and ``/ontology`` stand for
the same paths under the public base (``https://w3id.org/peacekg/``).

Each answers in Turtle, JSON-LD, N-Triples, RDF/XML or HTML, negotiated from ``Accept`` (or
named by ``?format=``), with ``Vary: Accept``. An IRI the store does not know is a 404 (an HTML
page for browsers, a JSON error otherwise). Ontology terms (``.../ontology#Term``) reach the
server as ``/ontology``, which gives the whole ontology; named graphs give their triples, also
as TriG and N-Quads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import unquote

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import Graph, URIRef

from peacekg.api import describe, pages
from peacekg.api.deps import StoreDep
from peacekg.api.linked_data import LinkedDataDep, LinkedDataOptions, ResourceNotFound
from peacekg.api.representations import (
    GRAPH_OFFERS,
    HTML,
    RESOURCE_OFFERS,
    VARY,
    add_head_routes,
    format_links,
    negotiate,
    rdf_response,
)
from peacekg.store import Store

router = APIRouter(tags=["linked data"])

T = TypeVar("T")
_STYLESHEET = pages.STYLESHEET.read_bytes()


async def _threaded(function: Callable[..., T], *args: object) -> T:
    return await run_in_threadpool(function, *args)


def _candidate_iris(request: Request, options: LinkedDataOptions) -> list[str]:
    """The IRIs the request path may stand for: as sent, then percent-decoded if different."""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) else request.url.path
    root = request.scope.get("root_path", "")
    path = path.removeprefix(root) if root else path
    candidates = [options.paths.iri(path)]
    if "%" in path:
        candidates.append(options.paths.iri(unquote(path)))
    return candidates


def _not_found(request: Request, iri: str, media_type: str) -> Response:
    if media_type == HTML:
        page = pages.Page(title="Not found", iri=iri, formats=[])
        return pages.templates().TemplateResponse(
            request, "not_found.html", {"page": page}, status_code=404, headers=VARY
        )
    error = ResourceNotFound(f"The graph holds nothing about <{iri}>.", iri=iri)
    error.headers.update(VARY)
    raise error


def _html(request: Request, template: str, page: pages.Page) -> Response:
    return pages.templates().TemplateResponse(request, template, {"page": page}, headers=VARY)


# -- resources ---------------------------------------------------------------------------------


def _find(store: Store, candidates: list[str]) -> str | None:
    for candidate in candidates:
        try:
            if describe.is_known(store, candidate):
                return candidate
        except ResourceNotFound:  # not writable as an IRI
            continue
    return None


def _resource_page(store: Store, iri: str, options: LinkedDataOptions, path: str) -> pages.Page:
    description = describe.describe(store, iri)
    predicates = {p for p in description.predicates() if isinstance(p, URIRef)}
    extra = describe.labels(store, predicates)
    incoming = describe.incoming(store, iri)
    formats = format_links(path, RESOURCE_OFFERS)
    return pages.resource_page(iri, description, extra, incoming, options.paths, formats)


async def _resource(request: Request, store: Store, options: LinkedDataOptions) -> Response:
    media_type = negotiate(request, RESOURCE_OFFERS)
    candidates = _candidate_iris(request, options)
    iri = await _threaded(_find, store, candidates)
    if iri is None:
        return _not_found(request, candidates[0], media_type)
    if media_type == HTML:
        page = await _threaded(_resource_page, store, iri, options, request.url.path)
        return _html(request, "resource.html", page)
    graph = await _threaded(describe.describe, store, iri)
    return rdf_response(graph, media_type)


@router.get("/id/{rest:path}", summary="An entity, article, fact or claim")
async def entity(request: Request, store: StoreDep, options: LinkedDataDep, rest: str) -> Response:
    """``https://w3id.org/peacekg/id/{rest}``: its triples, its claims, the labels it links to."""
    return await _resource(request, store, options)


@router.get("/vocab/{rest:path}", summary="A concept or concept scheme")
async def concept(request: Request, store: StoreDep, options: LinkedDataDep, rest: str) -> Response:
    """``https://w3id.org/peacekg/vocab/{rest}``: a SKOS concept or scheme."""
    return await _resource(request, store, options)


# -- the ontology ------------------------------------------------------------------------------


def _ontology(store: Store, ontology_iri: str) -> Graph | None:
    name = describe.ontology_graph_name(store, ontology_iri)
    return None if name is None else describe.named_graph(store, name)


async def _ontology_response(
    request: Request, store: Store, options: LinkedDataOptions, ontology_iri: str
) -> Response:
    media_type = negotiate(request, RESOURCE_OFFERS)
    graph = await _threaded(_ontology, store, ontology_iri)
    if graph is None:
        return _not_found(request, ontology_iri, media_type)
    if media_type == HTML:
        formats = format_links(request.url.path, RESOURCE_OFFERS)
        return _html(
            request,
            "ontology.html",
            pages.ontology_page(ontology_iri, graph, options.paths, formats),
        )
    return rdf_response(graph, media_type)


@router.get("/ontology", summary="The ontology (each term ontology#Term resolves here)")
async def ontology(request: Request, store: StoreDep, options: LinkedDataDep) -> Response:
    """The whole ontology graph; an HTML page anchors each term by its fragment."""
    return await _ontology_response(request, store, options, options.paths.iri("/ontology"))


@router.get("/ontology/{rest:path}", summary="A version of the ontology")
async def ontology_version(
    request: Request, store: StoreDep, options: LinkedDataDep, rest: str
) -> Response:
    """The ontology's ``owl:versionIRI`` gives the ontology; anything else is a resource."""
    ontology_iri = options.paths.iri("/ontology")
    iri = _candidate_iris(request, options)[0]
    try:
        is_version = await _threaded(describe.is_ontology_version, store, ontology_iri, iri)
    except ResourceNotFound:
        is_version = False
    if is_version:
        return await _ontology_response(request, store, options, ontology_iri)
    return await _resource(request, store, options)


# -- named graphs ------------------------------------------------------------------------------


def _find_graph(store: Store, candidates: list[str]) -> str | None:
    names = describe.graph_names(store)
    return next((candidate for candidate in candidates if candidate in names), None)


def _graph_page(store: Store, iri: str, options: LinkedDataOptions, path: str) -> pages.Page:
    summary = describe.summarize_graph(store, iri)
    return pages.graph_page(iri, summary, options.paths, format_links(path, GRAPH_OFFERS))


@router.get("/graph/{rest:path}", summary="A named graph (one per article, reference, ontology)")
async def named_graph(
    request: Request, store: StoreDep, options: LinkedDataDep, rest: str
) -> Response:
    """Every triple of the graph; TriG, N-Quads and JSON-LD keep its name."""
    media_type = negotiate(request, GRAPH_OFFERS)
    candidates = _candidate_iris(request, options)
    iri = await _threaded(_find_graph, store, candidates)
    if iri is None:
        return _not_found(request, candidates[0], media_type)
    if media_type == HTML:
        page = await _threaded(_graph_page, store, iri, options, request.url.path)
        return _html(request, "graph.html", page)
    graph = await _threaded(describe.named_graph, store, iri)
    return rdf_response(graph, media_type, graph_name=iri)


@router.get("/static/peacekg.css", include_in_schema=False)
async def stylesheet() -> Response:
    return Response(
        _STYLESHEET, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


add_head_routes(router)
