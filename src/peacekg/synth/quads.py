"""Write quads as they are made: N-Quads or TriG, one line (or block) at a time.

Terms are kept as ready-written N-Triples strings (``<iri>``, ``"text"@en``), so that
millions of quads cost string joins, not rdflib objects.

>>> import io
>>> out = io.StringIO()
>>> w = QuadWriter(out, "nquads")
>>> s, p = iri("https://ex.org/s"), iri("https://ex.org/p")
>>> w.write(iri("https://ex.org/g"), [(s, p, lang("ça va", "en"))])
>>> out.getvalue()
'<https://ex.org/s> <https://ex.org/p> "ça va"@en <https://ex.org/g> .\\n'
>>> w.count
1
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal as TypingLiteral
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

Format = TypingLiteral["nquads", "trig"]
Triple = tuple[str, str, str]


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    return f"<{value}>"


def plain(text: str) -> str:
    """An xsd:string literal."""
    return f'"{text.translate(_ESCAPES)}"'


def lang(text: str, tag: str = "en") -> str:
    return f'"{text.translate(_ESCAPES)}"@{tag}'


def typed(text: str, datatype: str) -> str:
    return f'"{text.translate(_ESCAPES)}"^^<{datatype}>'


def date_lit(value: str) -> str:
    return typed(value, str(XSD.date))


def integer(value: int, datatype: URIRef = XSD.integer) -> str:
    return f'"{value}"^^<{datatype}>'


def from_rdflib(node: Node) -> str:
    """An rdflib term in N-Triples syntax (for the reference and ontology graphs)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        if node.language:
            return lang(str(node), node.language)
        if node.datatype is not None and node.datatype != XSD.string:
            return typed(str(node), str(node.datatype))
        return plain(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


class QuadWriter:
    """Streams batches of triples, each batch into one named graph, and counts them."""

    def __init__(self, out: TextIO, fmt: Format = "nquads") -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0

    def write(self, graph: str, triples: Iterable[Triple]) -> None:
        if self.fmt == "nquads":
            lines = [f"{s} {p} {o} {graph} .\n" for s, p, o in triples]
            self.out.write("".join(lines))
        else:
            lines = [f"  {s} {p} {o} .\n" for s, p, o in triples]
            if not lines:
                return
            self.out.write(f"{graph} {{\n{''.join(lines)}}}\n")
        self.count += len(lines)
