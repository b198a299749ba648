"""The store on a SPARQL server over HTTP: any SPARQL 1.1 Protocol endpoint, its Update
endpoint, and its Graph Store Protocol endpoint (for loads, counts of the default graph, dumps).

Reads see the union of every graph as the default graph, as over the embedded store; the server
has to provide it, either for every query (Oxigraph ``--union-default-graph``, Fuseki
``tdb2:unionDefaultGraph true`` ...) or for each query that asks, through a query-string
parameter (``union_parameter``: Oxigraph's ``union-default-graph``), which is then sent only
with queries that name no dataset of their own (FROM / FROM NAMED), so those see their own.
See ``docs/remote-store.md``.

Results are parsed and serialized by pyoxigraph exactly as over the embedded store (the same
terms, the same cut at ``max_results``, CONSTRUCT triples once and with peacekg's prefixes);
:meth:`RemoteStore.query_serialized` of a SELECT or ASK gives the server's own bytes.

>>> store = RemoteStore("http://127.0.0.1:9/query")
>>> store.count()
Traceback (most recent call last):
...
peacekg.store.errors.StoreUnavailable: The SPARQL server at http://127.0.0.1:9/query cannot ...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef

from peacekg.store.base import (
    RESULTS_MEDIA_TYPES,
    PreparedResults,
    QueryForm,
    RdfFormat,
    SelectResult,
    Store,
    TripleTerms,
    media_types_for,
)
from peacekg.store.errors import (
    QueryEvaluationError,
    QueryFormError,
    QueryTimeout,
    StoreError,
    StoreReadOnly,
    UnsupportedMediaType,
)
from peacekg.store.rdf_files import read_quads, write_dump
from peacekg.store.results import prepare, wrong_form
from peacekg.store.sparql_client import (
    NQUADS,
    NTRIPLES,
    OxResults,
    SparqlClient,
    timed_out,
    with_parameter,
)
from peacekg.store.sparql_text import query_form
from peacekg.store.terms import dataset_quads, to_rdflib, triples_block


class RemoteStore(SparqlClient, Store):
    """A :class:`Store` over a SPARQL server at ``query_url``.

    ``update_url`` (SPARQL Update) is needed by :meth:`replace_graph` and, without
    ``gsp_url``, by :meth:`load`; ``gsp_url`` (Graph Store Protocol; POST and GET of N-Quads
    on the whole dataset) by :meth:`dump`, and by :meth:`count` to count the default graph.
    ``prefixes`` and ``base_iri`` are sent with every query (on its first line, so that the
    server's error positions still point into the query). ``timeout``: seconds to wait for
    the server while a query runs (then QueryTimeout); writes wait ``write_timeout``.
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        read_only: bool = False,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        timeout: float = 30.0,
        write_timeout: float = 300.0,
        union_parameter: str | None = None,
    ) -> None:
        super().__init__(
            query_url,
            prefixes=prefixes,
            base_iri=base_iri,
            timeout=timeout,
            write_timeout=write_timeout,
            union_parameter=union_parameter,
        )
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    def _writable(self, url: str | None, setting: str) -> str:
        if self.read_only:
            raise StoreReadOnly(f"The store at {self.query_url} was opened read-only.")
        if url is None:
            raise StoreError(
                f"The store at {self.query_url} has no {setting} set; this write needs one."
            )
        self._http  # noqa: B018 (a closed store says so before anything else)
        return url

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _check_form(query: str, expected: tuple[QueryForm, ...], name: str) -> None:
        form = query_form(query)
        if form is not None and form not in expected:
            raise QueryFormError(f"Expected a {name} query, but this is a {form} query.")

    def select(self, query: str) -> SelectResult:
        self._check_form(query, (QueryForm.SELECT,), "SELECT")
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            wrong_form(result, "SELECT")
        variables = tuple(variable.value for variable in result.variables)
        rows = tuple(
            tuple(None if term is None else to_rdflib(term) for term in solution)
            for solution in result
        )
        return SelectResult(variables, rows)

    def ask(self, query: str) -> bool:
        self._check_form(query, (QueryForm.ASK,), "ASK")
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            wrong_form(result, "ASK")
        return bool(result)

    def construct(self, query: str) -> Graph:
        self._check_form(query, (QueryForm.CONSTRUCT, QueryForm.DESCRIBE), "CONSTRUCT or DESCRIBE")
        result = self._run(query)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            wrong_form(result, "CONSTRUCT or DESCRIBE")
        graph = Graph()
        for triple in result:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph

    def _check_media_type(self, query: str, media_type: str) -> None:
        form = query_form(query)
        if form is not None and media_type not in media_types_for(form):
            raise UnsupportedMediaType(media_type, form, media_types_for(form))

    def prepare_results(
        self, query: str, media_type: str, *, max_results: int | None = None
    ) -> PreparedResults:
        self._check_media_type(query, media_type)
        if max_results is None:
            return self._prepare(self._run(query), media_type, None)
        # Capped: the results are read from the server only as far as the cap, then the
        # response is closed, so that a huge answer is never held whole.
        with self._open(query) as response:
            try:
                return self._prepare(self._run(query, stream=response), media_type, max_results)
            except Exception as error:
                if timed_out(error):
                    raise QueryTimeout(self.timeout) from error
                if isinstance(error, SyntaxError):
                    raise QueryEvaluationError(
                        f"The SPARQL server at {self.query_url} sent results that cannot be "
                        f"read: {error}."
                    ) from None
                raise

    def _prepare(
        self, result: OxResults, media_type: str, max_results: int | None
    ) -> PreparedResults:
        return prepare(result, media_type, max_results, self._prefixes)

    def query_serialized(self, query: str, media_type: str) -> bytes:
        """SELECT and ASK results as the server serializes them (asked for by ``Accept``);
        CONSTRUCT and DESCRIBE triples once each, with peacekg's prefixes."""
        self._check_media_type(query, media_type)
        if query_form(query) in (QueryForm.SELECT, QueryForm.ASK) and (
            media_type in RESULTS_MEDIA_TYPES
        ):
            return self._post_query(query, media_type).content
        return super().query_serialized(query, media_type)

    def graphs(self) -> list[URIRef | BNode]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in result if isinstance(row[0], URIRef | BNode))

    def count(self) -> int:
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        named = int(result.rows[0][0]) if result.rows and result.rows[0][0] is not None else 0
        if self.gsp_url is None:  # the default graph cannot be told from the union
            return named
        return named + self._default_graph_size()

    def _default_graph_size(self) -> int:
        assert self.gsp_url is not None
        url = with_parameter(self.gsp_url, "default")
        response = self._send("GET", url, headers={"Accept": NTRIPLES})
        if response.status_code == 404:  # some servers: no default graph yet
            return 0
        if response.status_code != 200:
            self._refuse(response, "to give the default graph")
        return response.content.count(b"\n")

    def _fetch_dataset(self) -> bytes:
        if self.gsp_url is None:
            raise StoreError(
                f"The store at {self.query_url} has no store_gsp_url set; a dump needs one."
            )
        response = self._send("GET", self.gsp_url, headers={"Accept": NQUADS})
        if response.status_code != 200:
            self._refuse(response, "the dump")
        return response.content

    def dump(self, fmt: RdfFormat, destination: BinaryIO) -> None:
        data = self._fetch_dataset()
        if fmt is RdfFormat.NQUADS and self._prefixes is None:
            destination.write(data)
            return
        local = ox.Store()
        local.load(data, format=ox.RdfFormat.N_QUADS)
        write_dump(local, fmt, destination, self._prefixes)

    # -- writing ---------------------------------------------------------------------------

    def load(self, source: Dataset | Path, *, graph: str | None = None) -> None:
        if self.gsp_url is None:
            self._writable(self.update_url, "store_update_url or store_gsp_url")
        else:
            self._writable(self.gsp_url, "store_gsp_url")
        to_graph = ox.NamedNode(graph) if graph else None
        if isinstance(source, Dataset):
            quads: list[ox.Quad] = list(dataset_quads(source, to_graph))
        else:
            quads = read_quads(source, to_graph)
        if self.gsp_url is not None:
            body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            response = self._send(
                "POST", self.gsp_url, content=body, headers={"Content-Type": NQUADS}
            )
            if response.status_code not in (200, 201, 204):
                self._refuse(response, "the load")
            return
        self._update("INSERT DATA {\n" + _quads_block(quads) + "\n}", "the load")

    def _update(self, update: str, what: str) -> None:
        url = self._writable(self.update_url, "store_update_url")
        response = self._send("POST", url, data={"update": update})
        if response.status_code not in (200, 204):
            self._refuse(response, what)

    def replace_graph(self, graph_iri: str, triples: Iterable[TripleTerms]) -> None:
        self._writable(self.update_url, "store_update_url")
        name = ox.NamedNode(graph_iri)
        body = triples_block(triples)
        # One request, one update: readers never see the graph half replaced.
        self._update(
            f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}",
            f"the replacement of {graph_iri}",
        )


def _quads_block(quads: Iterable[ox.Quad]) -> str:
    """The body of an INSERT DATA for ``quads``: default-graph triples, then one GRAPH block
    per named graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = ["\n".join(by_graph.pop("", []))]
    parts += [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in by_graph.items()]
    return "\n".join(parts)
