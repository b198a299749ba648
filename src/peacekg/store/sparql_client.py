"""A client of a SPARQL server over HTTP (the SPARQL 1.1 Protocol): queries sent with
peacekg's prologue, answers parsed by pyoxigraph, the server's failures told as store errors.
:class:`~peacekg.store.remote.RemoteStore` is a store over it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, BinaryIO, NoReturn, cast

import httpx
import pyoxigraph as ox

from peacekg.store.base import SPARQL_JSON
from peacekg.store.errors import (
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
)
from peacekg.store.sparql_text import declared_prefixes, has_dataset_clause, query_form

NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
OxResults = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]
_POSITION_ON_LINE_1 = re.compile(r"error at 1:(\d+)")


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def with_parameter(url: str, parameter: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{parameter}"


class SparqlClient:
    """Queries to the SPARQL server at ``query_url``. ``prefixes`` and ``base_iri`` are sent
    with every query (on its first line, so that the server's error positions still point into
    the query). ``timeout``: seconds to wait for the server while a query runs (then
    QueryTimeout); other requests wait ``write_timeout``. ``union_parameter``: added to the
    query URL of a query that names no dataset of its own."""

    def __init__(
        self,
        query_url: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        timeout: float = 30.0,
        write_timeout: float = 300.0,
        union_parameter: str | None = None,
    ) -> None:
        self.query_url = query_url
        self.timeout = timeout
        self.write_timeout = max(write_timeout, timeout)
        self.union_parameter = union_parameter
        self._prefixes = dict(prefixes) if prefixes else None
        self._base_iri = base_iri
        self._client: httpx.Client | None = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True
        )

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
            url = with_parameter(url, self.union_parameter)
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

    def _run(self, query: str, *, stream: httpx.Response | None = None) -> OxResults:
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


def timed_out(error: BaseException | None) -> bool:
    """True if reading the server's answer timed out (maybe wrapped by the parser)."""
    while error is not None:
        if isinstance(error, httpx.TimeoutException):
            return True
        error = error.__cause__ or error.__context__
    return False
