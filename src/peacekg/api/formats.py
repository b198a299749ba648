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


# Other names clients send for the same formats (SPARQLWrapper sends ``json-ld`` and ``n3``;
# Turtle is a subset of N3, so an N3 reader reads it).
_ALIASES = {
    "json-ld": "jsonld",
    "n3": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "srj": "json",
    "srx": "xml",
    "application/x-json+ld": RdfFormat.JSONLD.media_type,
    "text/n3": RdfFormat.TURTLE.media_type,
}


def _candidates(value: str) -> list[str]:
    """The names in a ``format`` value: one name, or a comma-separated list of media types
    (as some clients send), each without parameters, lower-cased, aliases resolved."""
    names = []
    for part in value.split(","):
        name = part.split(";", 1)[0].strip().lower()
        if name:
            names.append(_ALIASES.get(name, name))
    return names


def is_format_name(name: str) -> bool:
    """True if ``name`` names a value of the ``format`` parameter or a media type we write.

    >>> is_format_name("json-ld"), is_format_name("application/ld+json,application/x-json+ld")
    (True, True)
    """
    known = {*FORMAT_NAMES, *_RESULTS_FORMATS.values(), *_GRAPH_FORMATS.values()}
    return any(candidate in known for candidate in _candidates(name))


def format_media_type(name: str, form: QueryForm) -> str | None:
    """The media type a ``format`` value asks for, for a query of this form; None if none.

    The value is a short name (``json``, ``turtle`` ...), one of the media types offered, or a
    comma-separated list of them (the first that fits wins).

    >>> format_media_type("n3", QueryForm.CONSTRUCT)
    'text/turtle'
    """
    names = _GRAPH_FORMATS if form.returns_graph else _RESULTS_FORMATS
    offered = {offer.media_type for offer in offers_for(form)}
    for candidate in _candidates(name):
        if candidate in names:
            return names[candidate]
        if candidate in offered:
            return candidate
    return None
