"""The namespaces of the graph: ours and the vocabularies we reuse.

One base IRI carries everything peacekg mints::

    https://w3id.org/peacekg/ontology#   the ontology's terms (prefix ``pk:``)
    https://w3id.org/peacekg/id/...       entities, articles and facts
    https://w3id.org/peacekg/vocab/...    SKOS concepts (issues, stance values, roles, ...)
    https://w3id.org/peacekg/graph/...    named graphs (one per article, one for reference data)
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
)

BASE = "https://w3id.org/peacekg/"

PK = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "pk": str(PK),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "sem": str(SEM),
    "oa": str(OA),
    "time": str(TIME),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "wd": str(WD),
    # Our own identifiers, one prefix per kind of resource (SPARQL local names cannot hold "/").
    "id": BASE + "id/",
    "issue": BASE + "vocab/issue/",
    "value": BASE + "vocab/stance-value/",
    "role": BASE + "vocab/role/",
    "evtype": BASE + "vocab/event-type/",
    "evstatus": BASE + "vocab/event-status/",
    "fate": BASE + "vocab/provision-fate/",
}


def sparql_prefixes() -> str:
    """The PREFIX lines of every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def show_term(term: URIRef | BNode | Literal | None) -> str:
    """A term as a person reads it: ``pk:Event``, ``_:b0``, a literal's text; None as ''.

    >>> show_term(PK.Event), show_term(URIRef("https://example.org/a/b")), show_term(None)
    ('pk:Event', 'https://example.org/a/b', '')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            local = term[len(namespace) :]
            if term.startswith(namespace) and local and not re.search(r"[/#?]", local):
                return f"{prefix}:{local}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
