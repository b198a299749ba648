"""What other articles build on an article: the things it declares that they use.

An article declares entities, events, documents, stances and their claims; a later article may
refer to them (``holder: arvenia``, ``supersedes: [A/stance]``) or say more about them (an event
update). Removing such a thing (retracting the article, or re-ingesting it without it) would
leave the other article pointing at nothing, so both are refused unless forced. Contradiction
links (``pk:contradicts``, ``pk:denies``) are flags, not foundations: they do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from peacekg.ingest.writes import RETRACTIONS_GRAPH
from peacekg.namespaces import BASE, PK
from peacekg.store import Store

GRAPH_BASE = BASE + "graph/article/"


@dataclass(frozen=True)
class Dependency:
    thing: URIRef  # declared by the article
    article: str  # the id of another article that uses it


def dependents(store: Store, graph_iri: str, limit: int = 50) -> list[Dependency]:
    """Things typed in ``graph_iri`` that another graph (other than the retractions) uses, as
    subject or object, other than through a contradiction link."""
    query = f"""SELECT DISTINCT ?x ?g WHERE {{
        GRAPH <{graph_iri}> {{ ?x a ?type }}
        {{ GRAPH ?g {{ ?s ?p ?x }} }} UNION {{ GRAPH ?g {{ ?x ?p ?o }} }}
        FILTER (?g NOT IN (<{graph_iri}>, <{RETRACTIONS_GRAPH}>))
        FILTER (STRSTARTS(STR(?g), "{GRAPH_BASE}"))
        FILTER (!BOUND(?p) || ?p NOT IN (<{PK.contradicts}>, <{PK.denies}>))
    }} ORDER BY ?x ?g LIMIT {limit}"""
    return [
        Dependency(URIRef(str(x)), str(g)[len(GRAPH_BASE) :]) for x, g in store.select(query).rows
    ]


def dropped_dependents(store: Store, graph_iri: str, new_graph: Graph) -> list[Dependency]:
    """The dependents of the stored version of an article on things its new version no longer
    declares."""
    declared = set(new_graph.subjects(RDF.type, None))
    return [d for d in dependents(store, graph_iri) if d.thing not in declared]


def describe(found: list[Dependency]) -> str:
    """``<…/arvenia> (used by 2026-04-03-x, 2026-04-10-y), …``"""
    users: dict[URIRef, list[str]] = {}
    for d in found:
        users.setdefault(d.thing, []).append(d.article)
    return "; ".join(f"<{thing}> (used by {', '.join(a)})" for thing, a in users.items())
