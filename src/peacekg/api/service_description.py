"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

>>> graph = describe_service("http://127.0.0.1:8000/sparql", [])
>>> (None, SD.endpoint, URIRef("http://127.0.0.1:8000/sparql")) in graph
True
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from peacekg.store import CSV, SPARQL_JSON, SPARQL_XML, TSV, RdfFormat

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# The W3C format IRI of each media type the endpoint writes.
_FORMAT_IRIS = {
    SPARQL_JSON: FORMATS.SPARQL_Results_JSON,
    SPARQL_XML: FORMATS.SPARQL_Results_XML,
    CSV: FORMATS.SPARQL_Results_CSV,
    TSV: FORMATS.SPARQL_Results_TSV,
    RdfFormat.TURTLE.media_type: FORMATS.Turtle,
    RdfFormat.NTRIPLES.media_type: FORMATS["N-Triples"],
    RdfFormat.NQUADS.media_type: FORMATS["N-Quads"],
    RdfFormat.TRIG.media_type: FORMATS.TriG,
    RdfFormat.JSONLD.media_type: FORMATS["JSON-LD"],
    RdfFormat.RDFXML.media_type: FORMATS.RDF_XML,
}
# rdflib's name for each RDF media type, to write the description itself.
RDFLIB_FORMATS = {
    RdfFormat.TURTLE.media_type: "turtle",
    RdfFormat.NTRIPLES.media_type: "nt",
    RdfFormat.NQUADS.media_type: "nquads",
    RdfFormat.TRIG.media_type: "trig",
    RdfFormat.JSONLD.media_type: "json-ld",
    RdfFormat.RDFXML.media_type: "xml",
}


def describe_service(endpoint: str, graphs: Sequence[URIRef | BNode]) -> Graph:
    """The description of the endpoint at ``endpoint`` over a dataset with these named graphs.

    The default graph is the union of all graphs (``sd:UnionDefaultGraph``); SERVICE is
    refused, so ``sd:BasicFederatedQuery`` is not declared.
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service, dataset, default_graph = BNode(), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for format_iri in _FORMAT_IRIS.values():
        graph.add((service, SD.resultFormat, format_iri))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for name in graphs:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, name))
    return graph


def serialize_description(description: Graph, rdflib_format: str) -> bytes:
    """The description in an rdflib format; for the quad formats (TriG, N-Quads) its triples
    go in the default graph, as a client reading a service description expects.

    >>> g = describe_service("http://127.0.0.1:8000/sparql", [])
    >>> serialize_description(g, "nquads").decode().count(" .\\n") == len(g)
    True
    """
    if rdflib_format in ("trig", "nquads"):
        dataset = Dataset()
        for triple in description:
            dataset.add(triple)
        for prefix, namespace in description.namespaces():
            dataset.bind(prefix, namespace)
        return dataset.serialize(format=rdflib_format, encoding="utf-8")
    return description.serialize(format=rdflib_format, encoding="utf-8")
