"""One log line per request: method, path, status, duration in ms, and for ``/sparql`` the
query form (SELECT, ASK, CONSTRUCT, DESCRIBE; UPDATE for a refused update; ``-`` without a
query, ``?`` when the text names no form)::

    GET /id/russia 200 3.1 ms
    POST /sparql 200 12.4 ms SELECT

Lines go to the ``peacekg.api.requests`` logger at INFO, with the same values as attributes of
the record (``http_method``, ``http_path``, ``http_status``, ``duration_ms``, ``query_form``).
The middleware is plain ASGI: it never buffers a response, and reads a POSTed query only as
the app reads it.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peacekg.store import query_form

LOGGER = logging.getLogger("peacekg.api.requests")
SPARQL_PATH = "/sparql"
# How much of a POSTed body is kept to tell the query form (the prologue comes first).
_BODY_LIMIT = 1 << 20


def sparql_form(method: str, query_string: bytes, content_type: str, body: bytes) -> str:
    """The form of the query a /sparql request carries, as logged.

    >>> sparql_form("GET", b"query=ASK%7B%7D", "", b"")
    'ASK'
    >>> sparql_form("POST", b"", "application/sparql-update", b"DROP ALL")
    'UPDATE'
    >>> sparql_form("GET", b"", "", b"")
    '-'
    """
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    media_type = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", errors="replace")
    if method == "POST" and media_type == "application/x-www-form-urlencoded":
        pairs += parse_qsl(text, keep_blank_values=True)
    queries = [value for key, value in pairs if key == "query"]
    if method == "POST" and media_type == "application/sparql-query":
        queries.append(text)
    if (method == "POST" and media_type == "application/sparql-update") or any(
        key == "update" for key, _ in pairs
    ):
        return "UPDATE"
    if not queries:
        return "-"
    form = query_form(queries[0])
    return str(form) if form is not None else "?"


class RequestLogMiddleware:
    """Logs every HTTP request once its response is complete (or has failed)."""

    def __init__(self, app: ASGIApp, logger: logging.Logger = LOGGER) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        body = bytearray()
        sparql = scope["path"] == SPARQL_PATH

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(body) < _BODY_LIMIT:
                body.extend(message.get("body", b"")[: _BODY_LIMIT - len(body)])
            return message

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive_and_keep if sparql else receive, send_and_note)
        finally:
            self._log(scope, status, (time.perf_counter() - start) * 1000, bytes(body), sparql)

    def _log(
        self, scope: Scope, status: int, duration_ms: float, body: bytes, sparql: bool
    ) -> None:
        method, path = scope["method"], scope["path"]
        form = None
        if sparql:
            headers = dict(scope.get("headers") or [])
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            form = sparql_form(method, scope.get("query_string", b""), content_type, body)
        self.logger.info(
            "%s %s %d %.1f ms%s",
            method,
            path,
            status,
            duration_ms,
            f" {form}" if form else "",
            extra={
                "http_method": method,
                "http_path": path,
                "http_status": status,
                "duration_ms": round(duration_ms, 3),
                "query_form": form,
            },
        )
