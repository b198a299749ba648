"""Terms between rdflib and pyoxigraph: the store interface speaks rdflib, the engine
pyoxigraph. Every backend converts through here.

>>> to_rdflib(to_oxigraph(Literal("x", lang="en")))
rdflib.term.Literal('x', lang='en')
>>> to_rdflib(ox.Literal("plain"))
rdflib.term.Literal('plain')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from peacekg.store.base import Term, TripleTerms

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD_STRING = str(XSD.string)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """The rdflib term for a pyoxigraph term; a plain string literal stays plain."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    raise TypeError(f"peacekg does not handle RDF-star quoted triples (got {term}).")


def to_oxigraph(term: URIRef | BNode | Literal) -> OxTerm:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"Not an RDF term: {term!r}.")


def graph_name(identifier: object) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The pyoxigraph graph name for the identifier rdflib gives a Dataset's graph."""
    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(identifier, URIRef):
        return ox.NamedNode(str(identifier))
    if isinstance(identifier, BNode):
        return ox.BlankNode(str(identifier))
    raise TypeError(f"Not a graph name: {identifier!r}.")


def dataset_quads(dataset: Dataset, to_graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """The quads of an rdflib Dataset as pyoxigraph quads; all in ``to_graph`` if given."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = to_graph if to_graph is not None else graph_name(g)
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)  # type: ignore[arg-type]


def triples_block(triples: Iterable[TripleTerms]) -> str:
    """Triples as the lines of an ``INSERT DATA`` block (N-Triples syntax)."""
    return "\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in triples)
