"""What the endpoint can send for each query form, and the names of the ``format`` parameter.

SELECT and ASK results go out as SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE results
as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML. The first offer of each list is the
default when the client accepts anything.

>>> format_media_type("csv", QueryForm.SELECT)
'text/csv'
>>> format_media_type("json", QueryForm.CONSTRUCT)
'application/ld+json'
>>> format_media_type("turtle", QueryForm.ASK) is None
True
"""

from __future__ import annotations

from peacekg.api.negotiation import Offer
from peacekg.store import CSV, SPARQL_JSON, SPARQL_XML, TSV, QueryForm, RdfFormat

RESULTS_OFFERS = (
    Offer(SPARQL_JSON, ("application/json",)),
    Offer(SPARQL_XML, ("application/xml", "text/xml")),
    Offer(CSV),
    Offer(TSV),
)
GRAPH_OFFERS = (
    Offer(RdfFormat.TURTLE.media_type, ("application/x-turtle",)),
    Offer(RdfFormat.NTRIPLES.media_type, ("text/plain",)),
    Offer(RdfFormat.NQUADS.media_type),
    Offer(RdfFormat.TRIG.media_type),
    Offer(RdfFormat.JSONLD.media_type, ("application/json",)),
    Offer(RdfFormat.RDFXML.media_type, ("application/xml", "text/xml")),
)

# The names the ``format`` parameter takes, per kind of result.
_RESULTS_FORMATS = {"json": SPARQL_JSON, "xml": SPARQL_XML, "csv": CSV, "tsv": TSV}
_GRAPH_FORMATS = {fmt.value: fmt.media_type for fmt in RdfFormat} | {
    "json": RdfFormat.JSONLD.media_type,
    "xml": RdfFormat.RDFXML.media_type,
}
FORMAT_NAMES = tuple(dict.fromkeys([*_RESULTS_FORMATS, *(fmt.value for fmt in RdfFormat)]))


def offers_for(form: QueryForm) -> tuple[Offer, ...]:
    """The representations the results of a query of this form can be sent in."""
    return GRAPH_OFFERS if form.returns_graph else RESULTS_OFFERS


def is_format_name(name: str) -> bool:
    """True if ``name`` is a value of the ``format`` parameter or a media type we write."""
    return name in FORMAT_NAMES or name in (*_RESULTS_FORMATS.values(), *_GRAPH_FORMATS.values())


def format_media_type(name: str, form: QueryForm) -> str | None:
    """The media type a ``format`` value asks for, for a query of this form; None if none.

    The value is a short name (``json``, ``turtle`` ...) or one of the media types offered.
    """
    names = _GRAPH_FORMATS if form.returns_graph else _RESULTS_FORMATS
    if name in names:
        return names[name]
    offered = {offer.media_type for offer in offers_for(form)}
    return name if name in offered else None
