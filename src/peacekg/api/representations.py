"""The representations of linked-data resources: negotiation (with ``?format=``) and writing.

RDF goes out as Turtle (the default), JSON-LD, N-Triples or RDF/XML; named graphs also as TriG
and N-Quads; browsers get HTML. The ``format`` parameter overrides ``Accept``::

    >>> [offer.media_type for offer in RESOURCE_OFFERS]
    ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml', \
'text/html']
    >>> FORMAT_PARAMETER["ttl"], FORMAT_PARAMETER["html"]
    ('text/turtle', 'text/html')
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from rdflib import Dataset, Graph, URIRef

from peacekg.api.errors import ApiError, NotAcceptable, UnknownFormat
from peacekg.api.negotiation import Offer, choose
from peacekg.namespaces import PREFIXES
from peacekg.store import RdfFormat

HTML = "text/html"
VARY = {"Vary": "Accept"}

TURTLE = Offer(RdfFormat.TURTLE.media_type, ("application/x-turtle",))
JSONLD = Offer(RdfFormat.JSONLD.media_type, ("application/json",))
NTRIPLES = Offer(RdfFormat.NTRIPLES.media_type, ("text/plain",))
RDFXML = Offer(RdfFormat.RDFXML.media_type, ("application/xml", "text/xml"))
TRIG = Offer(RdfFormat.TRIG.media_type)
NQUADS = Offer(RdfFormat.NQUADS.media_type)
HTML_OFFER = Offer(HTML, ("application/xhtml+xml",))
_KEEPS_GRAPHS = (TRIG.media_type, NQUADS.media_type, JSONLD.media_type)

RDF_OFFERS = (TURTLE, JSONLD, NTRIPLES, RDFXML)
RESOURCE_OFFERS = (*RDF_OFFERS, HTML_OFFER)
GRAPH_OFFERS = (TURTLE, TRIG, NQUADS, JSONLD, NTRIPLES, RDFXML, HTML_OFFER)

# Values of the ``format`` parameter (a media type is accepted too).
FORMAT_PARAMETER = {fmt.value: fmt.media_type for fmt in RdfFormat} | {
    "ttl": RdfFormat.TURTLE.media_type,
    "nt": RdfFormat.NTRIPLES.media_type,
    "nq": RdfFormat.NQUADS.media_type,
    "json": RdfFormat.JSONLD.media_type,
    "json-ld": RdfFormat.JSONLD.media_type,
    "xml": RdfFormat.RDFXML.media_type,
    "rdf": RdfFormat.RDFXML.media_type,
    "html": HTML,
}
# The short name shown in links to each representation.
SHORT_NAMES = {
    RdfFormat.TURTLE.media_type: "turtle",
    RdfFormat.JSONLD.media_type: "jsonld",
    RdfFormat.NTRIPLES.media_type: "ntriples",
    RdfFormat.RDFXML.media_type: "rdfxml",
    RdfFormat.TRIG.media_type: "trig",
    RdfFormat.NQUADS.media_type: "nquads",
    HTML: "html",
}
_RDFLIB = {
    RdfFormat.TURTLE.media_type: "turtle",
    RdfFormat.NTRIPLES.media_type: "nt",
    RdfFormat.NQUADS.media_type: "nquads",
    RdfFormat.TRIG.media_type: "trig",
    RdfFormat.JSONLD.media_type: "json-ld",
    RdfFormat.RDFXML.media_type: "xml",
}


def _vary(error: ApiError) -> ApiError:
    error.headers.update(VARY)
    return error


def negotiate(request: Request, offers: Sequence[Offer]) -> str:
    """The media type to answer with: the ``format`` parameter's, else the best for ``Accept``.

    An unknown format name is a 400 (``unknown_format``); a known one this resource cannot be
    given in, or an ``Accept`` nothing here satisfies, a 406 (``not_acceptable``).
    """
    available = tuple(offer.media_type for offer in offers)
    names = request.query_params.getlist("format")
    if names:
        name = names[-1].strip().lower()
        media_type = FORMAT_PARAMETER.get(name, name)
        if media_type not in FORMAT_PARAMETER.values():
            raise _vary(
                UnknownFormat(
                    f"Unknown format {names[-1]!r}; use one of "
                    f"{', '.join(SHORT_NAMES[m] for m in available)}.",
                    available=list(available),
                )
            )
        if media_type not in available:
            raise _vary(NotAcceptable(f"This resource cannot be given as {name!r}.", available))
        return media_type
    offer = choose(request.headers.get("accept"), offers)
    if offer is None:
        raise _vary(
            NotAcceptable(
                "None of the media types accepted can represent this resource; "
                f"available: {', '.join(available)}.",
                available,
            )
        )
    return offer.media_type


def serialize(graph: Graph, media_type: str, graph_name: str | None = None) -> bytes:
    """``graph`` in ``media_type``; TriG, N-Quads and JSON-LD name the graph ``graph_name``."""
    fmt = _RDFLIB[media_type]
    data: Graph = graph
    if graph_name is not None and media_type in _KEEPS_GRAPHS:
        dataset = Dataset()
        named = dataset.graph(URIRef(graph_name))
        named += graph
        data = dataset
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, override=True, replace=True)
    if fmt == "json-ld":
        return data.serialize(
            format=fmt, context=dict(PREFIXES), auto_compact=True, encoding="utf-8"
        )
    return data.serialize(format=fmt, encoding="utf-8")


def rdf_response(
    graph: Graph, media_type: str, graph_name: str | None = None, status_code: int = 200
) -> Response:
    return Response(
        serialize(graph, media_type, graph_name),
        status_code=status_code,
        media_type=media_type,
        headers=VARY,
    )


def format_links(path: str, offers: Sequence[Offer]) -> list[tuple[str, str, str]]:
    """(name, media type, href) of each representation, for a page's links."""
    names = [(SHORT_NAMES[offer.media_type], offer.media_type) for offer in offers]
    return [
        (name, media_type, f"{path}?format={name}")
        for name, media_type in names
        if media_type != HTML
    ]


def add_head_routes(router: APIRouter) -> None:
    """Answer HEAD wherever ``router`` answers GET: same status and headers, no body (the
    server drops it). The HEAD routes stay out of the OpenAPI schema."""
    for route in list(router.routes):
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()):
            router.add_api_route(
                route.path, route.endpoint, methods=["HEAD"], include_in_schema=False
            )
