"""How peacekg mints IRIs: stable, readable, all under one base."""

from __future__ import annotations

from rdflib import URIRef

from peacekg.namespaces import BASE

REFERENCE_GRAPH = URIRef(BASE + "graph/reference")
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")


def entity_iri(slug: str) -> URIRef:
    """Parties, persons, outlets, places, events, documents and their versions."""
    return URIRef(f"{BASE}id/{slug}")


def scheme_iri(scheme: str) -> URIRef:
    return URIRef(f"{BASE}vocab/{scheme}")


def concept_iri(scheme: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}vocab/{scheme}/{slug}")


# Under it: articles (``ARTICLE-ID``) and the facts that belong to one (``ARTICLE-ID/FACT-ID``).
ARTICLE_FACT_BASE = f"{BASE}id/article/"


def article_iri(article_id: str) -> URIRef:
    return URIRef(f"{BASE}id/article/{article_id}")


def article_graph_iri(article_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/article/{article_id}")


def local_iri(article_id: str, local: str) -> URIRef:
    """Facts that belong to one article: stances, offices, mandates, provisions, sources."""
    return URIRef(f"{BASE}id/article/{article_id}/{local}")
