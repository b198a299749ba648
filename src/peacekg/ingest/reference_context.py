"""The reference data an article's graph uses, fetched from the store for its SHACL check.

The shapes look one step beyond the node they check: a stance's holder must be typed as an
actor, its value must be in the stance-value scheme, a superseded stance must have the same
holder and issue, an updated event must still have its type and a claim. So the check needs,
for every IRI the article mentions that it does not mint itself, that IRI's own triples (from
every graph but the article's and the ontology's), and for each of their objects its types and
scheme. One CONSTRUCT over the article's IRIs fetches exactly that: its size follows the
article (and the few things it names), not the store, so the check costs the same whether the
store holds ten articles or ten thousand.

Oxigraph keeps every integer as ``xsd:integer`` (``"3"^^xsd:positiveInteger`` comes back as
``"3"^^xsd:integer``), so the integers of the context are typed back with the datatype the
shapes require of their property (:func:`retype_integers`): they had it when they were checked
on their way into the store.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from peacekg.compiler.iris import ONTOLOGY_GRAPH, article_iri
from peacekg.namespaces import BASE, SH
from peacekg.store import Store
from peacekg.validation import load_shapes

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"


def mentioned_iris(graph: Graph, article_id: str) -> list[URIRef]:
    """The peacekg IRIs (entities, facts, concepts) ``graph`` mentions but does not mint."""
    own = str(article_iri(article_id))
    found: set[URIRef] = set()
    for s, _, o in graph:
        for node in (s, o):
            if not isinstance(node, URIRef):
                continue
            text = str(node)
            if text == own or text.startswith(own + "/"):
                continue
            if text.startswith((BASE + "id/", BASE + "vocab/")):
                found.add(node)
    return sorted(found)


def reference_context(store: Store, graph: Graph, article_id: str, graph_iri: str) -> Graph:
    """The triples the shapes need about what ``graph`` refers to (see the module text)."""
    iris = mentioned_iris(graph, article_id)
    if not iris:
        return Graph()
    values = " ".join(f"<{iri}>" for iri in iris)
    left_out = f"<{graph_iri}>, <{ONTOLOGY_GRAPH}>"
    query = f"""CONSTRUCT {{ ?m ?p ?o . ?o {_TYPE} ?t . ?o {_IN_SCHEME} ?scheme . }}
    WHERE {{
        VALUES ?m {{ {values} }}
        GRAPH ?g {{ ?m ?p ?o }}
        FILTER (?g NOT IN ({left_out}))
        OPTIONAL {{ GRAPH ?tg {{ ?o {_TYPE} ?t }} FILTER (?tg NOT IN ({left_out})) }}
        OPTIONAL {{ GRAPH ?sg {{ ?o {_IN_SCHEME} ?scheme }} FILTER (?sg NOT IN ({left_out})) }}
    }}"""
    return store.construct(query)


_INTEGER_TYPES = {
    XSD.positiveInteger,
    XSD.nonNegativeInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


@lru_cache(maxsize=8)
def integer_datatypes(ontology_dir: Path) -> dict[URIRef, URIRef]:
    """Property -> the derived integer datatype the shapes require of its values."""
    shapes = load_shapes(ontology_dir)
    found: dict[URIRef, URIRef] = {}
    for shape, datatype in shapes.subject_objects(SH.datatype):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef) and datatype in _INTEGER_TYPES:
            assert isinstance(datatype, URIRef)
            found[path] = datatype
    return found


def retype_integers(context: Graph, ontology_dir: Path) -> Graph:
    """``context`` with its ``xsd:integer`` values typed as the shapes require (see above)."""
    wanted = integer_datatypes(ontology_dir)
    fixed = Graph()
    for s, p, o in context:
        datatype = wanted.get(p) if isinstance(p, URIRef) else None
        if datatype is not None and isinstance(o, Literal) and o.datatype == XSD.integer:
            fixed.add((s, p, Literal(str(o), datatype=datatype)))
        else:
            fixed.add((s, p, o))
    return fixed
