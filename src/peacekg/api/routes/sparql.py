"""``/sparql``: the SPARQL 1.1 Protocol's query operation, read-only.

A query comes by GET (``?query=``), by POST of a form (``query=``) or by POST of the query
itself (``application/sparql-query``); ``default-graph-uri`` and ``named-graph-uri`` set the
dataset. The results are serialized by the store in the media type negotiated from ``Accept``,
or named by the ``format`` parameter. GET without a query gives the Service Description, or,
to a browser (``Accept`` prefers ``text/html``), the query editor (:mod:`routes.web`).

Each query runs under the service's limits (see :class:`peacekg.config.Settings`): past
``query_timeout`` it is stopped and the client gets 503 ``query_timeout``; when
``max_concurrent_queries`` are running and none ends within ``query_queue_timeout``, 503
``too_many_queries`` with ``Retry-After``. Results beyond ``max_result_rows`` solutions (or
triples) are cut, and the response carries ``X-Peacekg-Truncated: true`` and
``X-Peacekg-Row-Limit``. The results are streamed to the client as the engine writes them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from peacekg.api.deps import OptionsDep, QueryRunnerDep, ServiceOptions, StoreDep
from peacekg.api.errors import (
    MethodNotAllowed,
    NotAcceptable,
    ProtocolError,
    UnknownFormat,
    UnsupportedContentType,
)
from peacekg.api.formats import (
    FORMAT_NAMES,
    GRAPH_OFFERS,
    format_media_type,
    is_format_name,
    offers_for,
)
from peacekg.api.negotiation import choose
from peacekg.api.query_guard import CheckedQuery, guard, refuse_update, with_dataset
from peacekg.api.representations import HTML_OFFER
from peacekg.api.routes import web
from peacekg.api.service_description import (
    RDFLIB_FORMATS,
    describe_service,
    serialize_description,
)
from peacekg.query.runner import QueryRunner, RunningQuery
from peacekg.store import SPARQL_JSON, QueryForm, Store

router = APIRouter(tags=["sparql"])

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
_PROTOCOL_PARAMETERS = ("query", "default-graph-uri", "named-graph-uri", "format")
TRUNCATED_HEADER = "X-Peacekg-Truncated"
ROW_LIMIT_HEADER = "X-Peacekg-Row-Limit"

_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# What the OpenAPI description says of a query's answers, beyond the results themselves.
QUERY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The results, in the media type negotiated or named by ``format``.",
        "headers": {
            TRUNCATED_HEADER: {
                "description": "``true`` when the results were cut at the row limit "
                "(absent when they are complete).",
                "schema": {"type": "string", "enum": ["true"]},
            },
            ROW_LIMIT_HEADER: {
                "description": "With X-Peacekg-Truncated: the number of solutions (SELECT) "
                "or triples (CONSTRUCT, DESCRIBE) sent, the endpoint's limit.",
                "schema": {"type": "integer"},
            },
        },
    },
    503: {
        "description": "``query_timeout``: the query ran past the time limit and was "
        "stopped. ``too_many_queries``: every query slot stayed busy; retry after "
        "``Retry-After`` seconds. ``store_unavailable``: the store is not open.",
        "headers": {
            "Retry-After": {
                "description": "With too_many_queries: seconds to wait before retrying.",
                "schema": {"type": "integer"},
            }
        },
    },
}


@dataclass(frozen=True)
class QueryRequest:
    """The protocol parameters of one request, each with all the values it was given."""

    queries: list[str]
    updates: list[str]
    default_graphs: list[str]
    named_graphs: list[str]
    formats: list[str]

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]]) -> QueryRequest:
        def values(name: str) -> list[str]:
            return [value for key, value in pairs if key == name]

        return cls(
            values("query"),
            values("update"),
            values("default-graph-uri"),
            values("named-graph-uri"),
            values("format"),
        )

    def the_query(self) -> str:
        """The one query; ProtocolError if there is none or more than one."""
        if self.updates:
            raise refuse_update()
        if not self.queries:
            raise ProtocolError("The request has no query: send it as the 'query' parameter.")
        if len(self.queries) > 1:
            raise ProtocolError(
                f"The request has {len(self.queries)} 'query' parameters; send exactly one."
            )
        return self.queries[0]


@router.get("/sparql", responses=QUERY_RESPONSES)
async def sparql_get(
    request: Request, store: StoreDep, runner: QueryRunnerDep, options: OptionsDep
) -> Response:
    """Run the query given as ``?query=``; without one, give the Service Description."""
    params = QueryRequest.from_pairs(request.query_params.multi_items())
    if not (params.queries or params.updates or params.default_graphs or params.named_graphs):
        if not params.formats and _prefers_html(request):
            return web.editor(request)
        return await _service_description(request, store, params)
    return await _answer(request, runner, options, params, params.the_query())


@router.post("/sparql", responses=QUERY_RESPONSES)
async def sparql_post(request: Request, runner: QueryRunnerDep, options: OptionsDep) -> Response:
    """Run the query sent as a form (``query=``) or as the body (``application/sparql-query``)."""
    content_type, charset = _content_type(request.headers.get("content-type"))
    url_pairs = request.query_params.multi_items()
    body = await request.body()
    if content_type == FORM_TYPE:
        text = _decode(body, charset)
        params = QueryRequest.from_pairs(url_pairs + parse_qsl(text, keep_blank_values=True))
        return await _answer(request, runner, options, params, params.the_query())
    if content_type == QUERY_TYPE:
        params = QueryRequest.from_pairs(url_pairs)
        if params.updates:
            raise refuse_update()
        if params.queries:
            raise ProtocolError(
                "The query is both in the body and in the 'query' parameter; send it once."
            )
        return await _answer(request, runner, options, params, _decode(body, charset))
    if content_type == UPDATE_TYPE:
        raise refuse_update()
    raise UnsupportedContentType(
        f"A SPARQL query is POSTed as {FORM_TYPE} or {QUERY_TYPE}, "
        f"not as {content_type or 'a body without a Content-Type'}.",
        supported=[FORM_TYPE, QUERY_TYPE],
    )


@router.api_route(
    "/sparql", methods=["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"], include_in_schema=False
)
async def sparql_other_methods(request: Request) -> Response:
    """Any other method: 405, naming the two the protocol uses (CORS preflights never get here)."""
    raise MethodNotAllowed(
        f"/sparql answers GET and POST, not {request.method}.", allow=("GET", "POST")
    )


def _prefers_html(request: Request) -> bool:
    """Whether ``Accept`` prefers HTML to every RDF format (``*/*`` does not: RDF comes first)."""
    return choose(request.headers.get("accept"), (*GRAPH_OFFERS, HTML_OFFER)) is HTML_OFFER


def _content_type(header: str | None) -> tuple[str, str | None]:
    """The media type of a Content-Type header, lower-cased, and its charset if given."""
    if not header:
        return "", None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise UnsupportedContentType(f"The body must be UTF-8, not {charset}.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(f"The body is not valid UTF-8: {error}.") from None


def _media_type(request: Request, params: QueryRequest, form: QueryForm) -> str:
    """The media type to answer in: the ``format`` parameter's, else the negotiated one."""
    offers = offers_for(form)
    available = tuple(offer.media_type for offer in offers)
    if params.formats:
        name = params.formats[-1]
        if not is_format_name(name):
            raise UnknownFormat(
                f"Unknown format {name!r}; use one of {', '.join(FORMAT_NAMES)}.",
                available=list(FORMAT_NAMES),
            )
        media_type = format_media_type(name, form)
        if media_type is None:
            raise NotAcceptable(
                f"The results of a {form} query cannot be given as {name!r}.", available
            )
        return media_type
    offer = choose(request.headers.get("accept"), offers)
    if offer is None:
        raise NotAcceptable(
            f"None of the media types accepted can hold the results of a {form} query; "
            f"available: {', '.join(available)}.",
            available,
        )
    return offer.media_type


def _checked(params: QueryRequest, options: ServiceOptions, query: str) -> CheckedQuery:
    """The query, guarded, with the protocol's dataset applied."""
    dataset = bool(params.default_graphs or params.named_graphs)
    checked = guard(query, max_length=options.max_query_length, parse=dataset)
    if dataset:
        checked = with_dataset(checked, params.default_graphs, params.named_graphs)
    return checked


def _results_headers(running: RunningQuery) -> dict[str, str]:
    headers = {"Vary": "Accept"}
    if running.truncated:
        headers[TRUNCATED_HEADER] = "true"
        headers[ROW_LIMIT_HEADER] = str(running.max_results)
    return headers


async def results_response(running: RunningQuery) -> Response:
    """The response for a query's results: whole, with a Content-Length, when they come in one
    piece (most answers: the runner sends up to 64 KiB at a time); else streamed as they come.
    An error before the first piece (the time limit ...) is still an error response."""
    chunks = running.chunks()
    first = b""
    try:
        first = await anext(chunks)
        second = await anext(chunks)
    except StopAsyncIteration:
        await running.aclose()
        return Response(first, media_type=running.media_type, headers=_results_headers(running))
    except BaseException:
        await running.aclose()
        raise
    return QueryResultsResponse(running, _chained((first, second), chunks))


async def _chained(head: tuple[bytes, ...], rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in head:
        yield chunk
    async for chunk in rest:
        yield chunk


class QueryResultsResponse(StreamingResponse):
    """The results of a running query, sent as the runner gives them; the query is stopped if
    the response ends early (the client went away, the time limit passed)."""

    def __init__(self, running: RunningQuery, chunks: AsyncIterator[bytes]) -> None:
        super().__init__(chunks, media_type=running.media_type, headers=_results_headers(running))
        self.running = running

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.running.aclose()


async def _answer(
    request: Request,
    runner: QueryRunner,
    options: ServiceOptions,
    params: QueryRequest,
    query: str,
) -> Response:
    if params.default_graphs or params.named_graphs:
        # rdflib's parser takes milliseconds per query: keep it off the event loop.
        checked = await run_in_threadpool(_checked, params, options, query)
    else:  # a linear scan of the text, bounded by max_query_length
        checked = _checked(params, options, query)
    # A query rdflib cannot parse goes to the store as if it were a SELECT: the store then
    # reports its syntax error, or (for what only Oxigraph parses) answers in SPARQL JSON.
    form = checked.form or QueryForm.SELECT
    media_type = _media_type(request, params, form) if checked.form else SPARQL_JSON
    running = await runner.run(checked.text, media_type)
    return await results_response(running)


async def _service_description(request: Request, store: Store, params: QueryRequest) -> Response:
    media_types = tuple(offer.media_type for offer in GRAPH_OFFERS)
    if params.formats:
        media_type = format_media_type(params.formats[-1], QueryForm.CONSTRUCT)
        if media_type is None:
            raise UnknownFormat(
                f"The service description is RDF; {params.formats[-1]!r} is not an RDF format.",
                available=list(media_types),
            )
    else:
        offer = choose(request.headers.get("accept"), GRAPH_OFFERS)
        if offer is None:
            raise NotAcceptable(
                "The service description is RDF; none of the media types accepted is.",
                media_types,
            )
        media_type = offer.media_type
    endpoint = str(request.url.replace(query=""))
    graphs = await run_in_threadpool(store.graphs)
    description = describe_service(endpoint, graphs)
    body = serialize_description(description, RDFLIB_FORMATS[media_type])
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
