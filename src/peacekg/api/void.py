"""The VoID description of the dataset (https://www.w3.org/TR/void/), counted from the store.

``void:triples`` counts distinct triples of the union of all graphs (what the Turtle dump
holds); each named graph is a ``void:subset`` with its own count, so the subsets add up to the
store's quads. ``void:entities`` counts the IRIs under ``void:uriSpace`` that are subjects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from peacekg.api.linked_data import safe_iri
from peacekg.api.service_description import FORMATS
from peacekg.namespaces import ONTOLOGY_IRI, PREFIXES, VOID
from peacekg.store import RdfFormat, Store

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = "peacekg: a knowledge graph of peace negotiations"
DESCRIPTION = (
    "Actors, offices, stances, events, documents and provisions of peace negotiations, "
    "each fact supported by claims anchored to a quote of a news article and to its "
    "attribution chain."
)
_FORMAT_IRIS = {
    RdfFormat.TURTLE.media_type: FORMATS.Turtle,
    RdfFormat.NTRIPLES.media_type: FORMATS["N-Triples"],
    RdfFormat.NQUADS.media_type: FORMATS["N-Quads"],
    RdfFormat.TRIG.media_type: FORMATS.TriG,
    RdfFormat.JSONLD.media_type: FORMATS["JSON-LD"],
    RdfFormat.RDFXML.media_type: FORMATS.RDF_XML,
}
_DISTINCT = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


@dataclass(frozen=True)
class Statistics:
    """The counts VoID states, as the store answers them."""

    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_entities: dict[str, int]
    property_triples: dict[str, int]
    graph_triples: dict[str, int]


def _count(store: Store, query: str) -> int:
    rows = store.select(query).rows
    value = rows[0][0] if rows else None
    return int(value) if value is not None else 0


def _grouped(store: Store, query: str) -> dict[str, int]:
    rows = store.select(query).rows
    return {str(key): int(n) for key, n in rows if key is not None and n is not None}


def statistics(store: Store, uri_space: str) -> Statistics:
    """Count the dataset: every number comes from one SPARQL query over the store."""
    space = safe_iri(uri_space).replace("\\", "\\\\").replace('"', '\\"')
    return Statistics(
        triples=_count(store, f"SELECT (COUNT(*) AS ?n) WHERE {_DISTINCT}"),
        entities=_count(
            store,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE "
            f'{{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{space}")) }}',
        ),
        classes=_count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?s <{RDF.type}> ?c }}"),
        properties=_count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_subjects=_count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_objects=_count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        class_entities=_grouped(
            store,
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF.type}> ?c }} GROUP BY ?c",
        ),
        property_triples=_grouped(
            store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {_DISTINCT} GROUP BY ?p"
        ),
        graph_triples=_grouped(
            store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        ),
    )


def _partition(graph: Graph, dataset: URIRef, key: URIRef, value: str) -> BNode:
    node = BNode()
    link = VOID.classPartition if key == VOID["class"] else VOID.propertyPartition
    graph.add((dataset, link, node))
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, key, URIRef(value)))
    return node


def describe_dataset(
    stats: Statistics,
    *,
    dataset: str,
    uri_space: str,
    modified: datetime,
    dumps: Sequence[tuple[str, str]],
    sparql_endpoint: str,
) -> Graph:
    """The VoID graph of the dataset ``dataset``; ``dumps`` are (URL, media type) pairs."""
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    graph.bind("formats", FORMATS)
    graph.bind("foaf", FOAF)
    root = URIRef(dataset)
    integer = XSD.integer
    graph.add((root, RDF.type, VOID.Dataset))
    graph.add((root, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((root, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((root, DCTERMS.license, LICENSE))
    graph.add((root, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
    graph.add((root, VOID.uriSpace, Literal(uri_space)))
    graph.add((root, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    graph.add((root, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    for url, media_type in dumps:
        graph.add((root, VOID.dataDump, URIRef(url)))
        graph.add((URIRef(url), DCTERMS["format"], Literal(media_type)))
        if media_type in _FORMAT_IRIS:
            graph.add((root, VOID.feature, _FORMAT_IRIS[media_type]))
    for predicate, count in (
        (VOID.triples, stats.triples),
        (VOID.entities, stats.entities),
        (VOID.classes, stats.classes),
        (VOID.properties, stats.properties),
        (VOID.distinctSubjects, stats.distinct_subjects),
        (VOID.distinctObjects, stats.distinct_objects),
    ):
        graph.add((root, predicate, Literal(count, datatype=integer)))
    for vocabulary in vocabularies(stats):
        graph.add((root, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in sorted(stats.class_entities.items()):
        node = _partition(graph, root, VOID["class"], cls)
        graph.add((node, VOID.entities, Literal(count, datatype=integer)))
    for prop, count in sorted(stats.property_triples.items()):
        node = _partition(graph, root, VOID.property, prop)
        graph.add((node, VOID.triples, Literal(count, datatype=integer)))
    for name, count in sorted(stats.graph_triples.items()):
        subset = URIRef(name)
        graph.add((root, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, Literal(count, datatype=integer)))
    return graph


def vocabularies(stats: Statistics) -> list[str]:
    """The namespaces (of ``PREFIXES``, ours excepted) the classes and properties come from."""
    terms = [*stats.class_entities, *stats.property_triples]
    ours = ("id", "issue", "value", "role", "evtype", "evstatus", "fate", "pk")
    found = {
        namespace
        for prefix, namespace in PREFIXES.items()
        if prefix not in ours and any(term.startswith(namespace) for term in terms)
    }
    return sorted(found)
