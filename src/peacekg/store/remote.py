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

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, cast

import httpx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef

from peacekg.store.base import (
    RESULTS_MEDIA_TYPES,
    SPARQL_JSON,
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
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
    UnsupportedMediaType,
)
from peacekg.store.rdf_files import read_quads, write_dump
from peacekg.store.results import prepare, wrong_form
from peacekg.store.sparql_text import declared_prefixes, has_dataset_clause, query_form
from peacekg.store.terms import dataset_quads, to_rdflib, triples_block

NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
_OxResult = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]
_POSITION_ON_LINE_1 = re.compile(r"error at 1:(\d+)")


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _with_parameter(url: str, parameter: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{parameter}"


class RemoteStore(Store):
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
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.read_only = read_only
        self.timeout = timeout
        self.write_timeout = max(write_timeout, timeout)
        self.union_parameter = union_parameter
        self._prefixes = dict(prefixes) if prefixes else None
        self._base_iri = base_iri
        self._client: httpx.Client | None = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # -- HTTP ------------------------------------------------------------------------------

    @property
    def _http(self) -> httpx.Client:
        if self._client is None:
            raise StoreUnavailable(f"The store at {self.query_url} has been closed.")
        return self._client

    def _send(
        self, method: str, url: str, *, query: bool = False, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """One request; a server that cannot be reached is StoreUnavailable, a query that
        outlasts ``timeout`` is QueryTimeout. With ``stream``, the body is left to be read."""
        client = self._http
        if not query:
            kwargs.setdefault("timeout", self.write_timeout)
        try:
            request = client.build_request(method, url, **kwargs)
            return client.send(request, stream=stream)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise StoreUnavailable(
                f"The SPARQL server at {url} cannot be reached: {_reason(error)}."
            ) from error
        except httpx.TimeoutException as error:
            if query:
                raise QueryTimeout(self.timeout) from error
            raise StoreUnavailable(
                f"The SPARQL server at {url} did not answer in time ({error})."
            ) from error
        except httpx.HTTPError as error:
            raise StoreUnavailable(
                f"The SPARQL server at {url} failed to answer: {_reason(error)}."
            ) from error

    @staticmethod
    def _message(response: httpx.Response) -> str:
        text = " ".join(response.text.split())
        return text[:2000] or response.reason_phrase

    def _refuse(self, response: httpx.Response, what: str) -> NoReturn:
        message = self._message(response)
        status = response.status_code
        if status in (401, 403, 404, 502, 503, 504):  # unusable: down, misplaced or locked
            raise StoreUnavailable(
                f"The SPARQL server at {response.request.url} is unavailable ({status}): {message}."
            )
        raise StoreError(
            f"The SPARQL server at {response.request.url} refused {what} ({status}): {message}."
        )

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

    def _prologue(self, query: str) -> str:
        declared = declared_prefixes(query)
        parts = [f"BASE <{self._base_iri}>"] if self._base_iri else []
        parts += [
            f"PREFIX {name}: <{iri}>"
            for name, iri in (self._prefixes or {}).items()
            if name not in declared
        ]
        return " ".join(parts) + " " if parts else ""

    def _post_query(self, query: str, accept: str, *, stream: bool = False) -> httpx.Response:
        """The server's answer to the query, read whole; with ``stream``, its results are left
        to be read (close the response when done)."""
        prologue = self._prologue(query)
        url = self.query_url
        if self.union_parameter and not has_dataset_clause(query):
            url = _with_parameter(url, self.union_parameter)
        response = self._send(
            "POST",
            url,
            query=True,
            stream=stream,
            data={"query": prologue + query},
            headers={"Accept": accept},
        )
        if stream and response.status_code == 200:
            return response
        try:
            response.read()
        except httpx.TimeoutException as error:
            raise QueryTimeout(self.timeout) from error
        except httpx.HTTPError as error:
            raise StoreUnavailable(
                f"The SPARQL server at {url} failed to answer: {_reason(error)}."
            ) from error
        finally:
            if stream:
                response.close()
        if response.status_code == 400:
            message = _POSITION_ON_LINE_1.sub(
                lambda m: f"error at 1:{max(1, int(m.group(1)) - len(prologue))}",
                response.text.strip() or "the server gave no reason",
            )
            raise QuerySyntaxError(message, query)
        if response.status_code >= 500 and response.status_code not in (502, 503, 504):
            raise QueryEvaluationError(
                f"The query failed on the SPARQL server at {self.query_url}: "
                f"{self._message(response)}."
            )
        if response.status_code != 200:
            self._refuse(response, "the query")
        return response

    def _run(self, query: str, *, stream: httpx.Response | None = None) -> _OxResult:
        """The query's results, parsed; or, given the ``stream`` :meth:`_open` started, parsed
        as they are read from it."""
        response = stream if stream is not None else self._post_query(query, self._accept(query))
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        # Unbuffered: a read gives what has come, rather than wait for a full buffer.
        body: bytes | BinaryIO = (
            response.content if stream is None else cast(BinaryIO, _ResponseReader(stream))
        )
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is not None:
                return ox.parse_query_results(body, results_format)
            rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
            quads = ox.parse(body, rdf_format)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            return triples if stream is not None else iter(list(triples))
        except SyntaxError as error:
            raise QueryEvaluationError(
                f"The SPARQL server at {self.query_url} sent results that cannot be read: {error}."
            ) from None

    @staticmethod
    def _accept(query: str) -> str:
        form = query_form(query)
        if form is None:  # not recognized: the server says why
            return f"{SPARQL_JSON}, {NTRIPLES};q=0.9"
        return NTRIPLES if form.returns_graph else SPARQL_JSON

    @contextmanager
    def _open(self, query: str) -> Iterator[httpx.Response]:
        """The server's answer to the query, its results not read yet; closed on leaving."""
        response = self._post_query(query, self._accept(query), stream=True)
        try:
            yield response
        finally:
            response.close()

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
                if _timed_out(error):
                    raise QueryTimeout(self.timeout) from error
                if isinstance(error, SyntaxError):
                    raise QueryEvaluationError(
                        f"The SPARQL server at {self.query_url} sent results that cannot be "
                        f"read: {error}."
                    ) from None
                raise

    def _prepare(
        self, result: _OxResult, media_type: str, max_results: int | None
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
        url = _with_parameter(self.gsp_url, "default")
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

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class _ResponseReader(io.RawIOBase):
    """The body of a streamed response, as a binary file for pyoxigraph's parsers."""

    def __init__(self, response: httpx.Response) -> None:
        self._chunks = response.iter_bytes()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _timed_out(error: BaseException | None) -> bool:
    """True if reading the server's answer timed out (maybe wrapped by the parser)."""
    while error is not None:
        if isinstance(error, httpx.TimeoutException):
            return True
        error = error.__cause__ or error.__context__
    return False


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
