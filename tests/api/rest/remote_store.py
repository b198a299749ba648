"""A store that answers through a SPARQL 1.1 endpoint over HTTP (the protocol only), to show
that the REST API needs nothing of the store but SPARQL: a test stand-in for a remote backend.
It reads; everything else is refused."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import httpx
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from peacekg.store import PreparedResults, RdfFormat, SelectResult, Store, Term, TripleTerms


def _term(binding: dict[str, Any] | None) -> Term | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    return Literal(
        value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


class RemoteStore(Store):
    """Reads through the SPARQL endpoint at ``endpoint``."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.client = httpx.Client(timeout=60)
        self.queries = 0

    def _post(self, query: str, accept: str) -> httpx.Response:
        self.queries += 1
        response = self.client.post(
            self.endpoint, data={"query": query}, headers={"Accept": accept}
        )
        response.raise_for_status()
        return response

    def select(self, query: str) -> SelectResult:
        body = self._post(query, "application/sparql-results+json").json()
        variables = tuple(body["head"]["vars"])
        rows = tuple(
            tuple(_term(binding.get(var)) for var in variables)
            for binding in body["results"]["bindings"]
        )
        return SelectResult(variables, rows)

    def ask(self, query: str) -> bool:
        return bool(self._post(query, "application/sparql-results+json").json()["boolean"])

    def construct(self, query: str) -> Graph:
        return Graph().parse(data=self._post(query, "application/n-triples").text, format="nt")

    def prepare_results(
        self, query: str, media_type: str, *, max_results: int | None = None
    ) -> PreparedResults:
        raise NotImplementedError

    def load(self, source: Dataset | Path, *, graph: str | None = None) -> None:
        raise NotImplementedError

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleTerms]) -> None:
        raise NotImplementedError

    def graphs(self) -> list[URIRef | BNode]:
        return []

    def count(self) -> int:
        return 0

    def dump(self, fmt: RdfFormat, destination: BinaryIO) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.client.close()
