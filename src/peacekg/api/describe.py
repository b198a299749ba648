"""What the server says about one IRI: bounded SPARQL over the :class:`~peacekg.store.Store`.

A resource's description holds its triples as subject, the triples of the blank nodes it
points to, and, for a fact (stance, event, provision, document version, office, mandate) or a
claim, each claim with its target, selectors and attribution steps; then the labels of every
IRI the description links to. Every query is bounded by a LIMIT; IRIs reach the queries only
through :func:`peacekg.api.linked_data.safe_iri`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from peacekg.api.linked_data import ResourceNotFound, safe_iri
from peacekg.namespaces import PREFIXES
from peacekg.store import Store

MAX_TRIPLES = 10_000
MAX_INCOMING = 500
MAX_LABELLED = 2_000
MAX_GRAPH_SUBJECTS = 5_000
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel)

_PREFIXES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("pk", "oa", "prov", "rdfs", "skos"))

_DESCRIBE = (
    _PREFIXES
    + """CONSTRUCT { ?s ?p ?o } WHERE {
  VALUES ?r { <%(iri)s> }
  { ?r ?p ?o BIND(?r AS ?s) }
  UNION { ?r ?q ?s FILTER(isBlank(?s)) ?s ?p ?o }
  UNION {
    { ?r pk:supportedBy|^pk:supports|pk:supportedBy/^pk:denies ?s }
    UNION { ?r a pk:Claim BIND(?r AS ?s) }
    ?s ?p ?o
  }
  UNION {
    { ?r pk:supportedBy|^pk:supports|pk:supportedBy/^pk:denies ?c }
    UNION { ?r a pk:Claim BIND(?r AS ?c) }
    { ?c oa:hasTarget ?s } UNION { ?c oa:hasTarget/oa:hasSelector ?s }
    UNION { ?c prov:qualifiedAttribution ?s }
    ?s ?p ?o
  }
}
LIMIT %(limit)d
"""
)


def sparql_iri(iri: str) -> str:
    return f"<{safe_iri(iri)}>"


def is_known(store: Store, iri: str) -> bool:
    """True if the IRI is the subject or the object of a triple of the store."""
    term = sparql_iri(iri)
    return store.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}")


def describe(store: Store, iri: str) -> Graph:
    """The description of ``iri`` (see the module's docstring), with the labels it links to."""
    graph = store.construct(_DESCRIBE % {"iri": safe_iri(iri), "limit": MAX_TRIPLES})
    linked = {o for o in graph.objects() if isinstance(o, URIRef)}
    graph += labels(store, linked)
    bind_prefixes(graph)
    return graph


def labels(store: Store, iris: Iterable[URIRef]) -> Graph:
    """The ``rdfs:label`` and ``skos:prefLabel`` triples of these IRIs (the first 2,000)."""
    chosen = sorted({str(iri) for iri in iris})[:MAX_LABELLED]
    if not chosen:
        return Graph()
    values = " ".join(sparql_iri(iri) for iri in chosen if _writable(iri))
    predicates = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
    return store.construct(
        f"CONSTRUCT {{ ?x ?p ?l }} WHERE {{ VALUES ?x {{ {values} }} "
        f"VALUES ?p {{ {predicates} }} ?x ?p ?l }}"
    )


def _writable(iri: str) -> bool:
    try:
        safe_iri(iri)
    except ResourceNotFound:
        return False
    return True


@dataclass(frozen=True)
class Incoming:
    """The triples that point at a resource (at most ``MAX_INCOMING``), with their labels."""

    links: list[tuple[URIRef, URIRef]]
    truncated: bool
    labels: Graph


def incoming(store: Store, iri: str) -> Incoming:
    """The subjects and predicates of the triples whose object is ``iri``, in a stable order."""
    result = store.select(
        f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {sparql_iri(iri)} FILTER(isIRI(?s)) }} "
        f"ORDER BY ?p ?s LIMIT {MAX_INCOMING + 1}"
    )
    links = [(s, p) for s, p in result.rows if isinstance(s, URIRef) and isinstance(p, URIRef)]
    shown = links[:MAX_INCOMING]
    found = labels(store, {s for s, _ in shown} | {p for _, p in shown})
    return Incoming(shown, len(links) > MAX_INCOMING, found)


def graph_names(store: Store) -> set[str]:
    return {str(name) for name in store.graphs()}


def named_graph(store: Store, graph_iri: str) -> Graph:
    """Every triple of one named graph."""
    graph = store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_iri(graph_iri)} {{ ?s ?p ?o }} }}"
    )
    bind_prefixes(graph)
    return graph


@dataclass(frozen=True)
class GraphSummary:
    """A named graph's size and its subjects (IRIs, at most ``MAX_GRAPH_SUBJECTS``)."""

    triples: int
    subjects: list[URIRef]
    truncated: bool
    labels: Graph


def summarize_graph(store: Store, graph_iri: str) -> GraphSummary:
    term = sparql_iri(graph_iri)
    counted = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term} {{ ?s ?p ?o }} }}")
    triples = int(counted.rows[0][0] or 0) if counted.rows else 0
    result = store.select(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH {term} {{ ?s ?p ?o }} FILTER(isIRI(?s)) }} "
        f"ORDER BY ?s LIMIT {MAX_GRAPH_SUBJECTS + 1}"
    )
    subjects = [row[0] for row in result.rows if isinstance(row[0], URIRef)]
    shown = subjects[:MAX_GRAPH_SUBJECTS]
    return GraphSummary(triples, shown, len(subjects) > MAX_GRAPH_SUBJECTS, labels(store, shown))


def ontology_graph_name(store: Store, ontology_iri: str) -> str | None:
    """The named graph that declares ``ontology_iri`` an ``owl:Ontology``, if any."""
    result = store.select(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ {sparql_iri(ontology_iri)} a <{OWL.Ontology}> }} }} "
        "ORDER BY ?g LIMIT 1"
    )
    return str(result.rows[0][0]) if result.rows else None


def is_ontology_version(store: Store, ontology_iri: str, iri: str) -> bool:
    """True if ``iri`` is the ``owl:versionIRI`` of the ontology."""
    return store.ask(f"ASK {{ {sparql_iri(ontology_iri)} <{OWL.versionIRI}> {sparql_iri(iri)} }}")


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def best_label(graph: Graph, iri: URIRef, language: str = "en") -> str | None:
    """The label of ``iri`` in ``graph``: English first, then one without a language, then any."""
    found = [
        label
        for predicate in LABEL_PREDICATES
        for label in graph.objects(iri, predicate)
        if isinstance(label, Literal)
    ]
    if not found:
        return None

    def rank(label: Literal) -> tuple[int, str]:
        return (0 if label.language == language else 1 if not label.language else 2, str(label))

    return str(min(found, key=rank))
