"""Every error the service reports, mapped in this one place to a status and a JSON body.

The body is ``{"code": ..., "message": ...}``: ``code`` is stable (clients may branch on it),
``message`` is one sentence for a person. A syntax error adds the parser's own words and, when
the parser says where, the line and column::

    {"code": "query_syntax", "message": "The SPARQL query is not valid: ...",
     "parser_message": "error at 1:28: expected ...", "line": 1, "column": 28}

A prefix the query uses without declaring it (and that the server does not know) is named in
the message and in ``undefined_prefixes``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from peacekg.namespaces import PREFIXES
from peacekg.sparql.prefixes import undefined_prefix_message, undefined_prefixes
from peacekg.store import (
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    TooManyQueries,
    UnsupportedMediaType,
)


class ApiError(Exception):
    """An error of the service with its HTTP status, stable code and human message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers: dict[str, str] = {}


class ProtocolError(ApiError):
    """The request does not follow the SPARQL 1.1 Protocol (missing or repeated query ...)."""

    code = "protocol_error"


class MethodNotAllowed(ApiError):
    """A method the resource does not answer; ``allow`` lists those it does."""

    status = 405
    code = "method_not_allowed"

    def __init__(self, message: str, allow: tuple[str, ...]) -> None:
        super().__init__(message)
        self.headers["Allow"] = ", ".join(allow)


class UnsupportedContentType(ApiError):
    """A POST body of a content type (or charset) the protocol does not define."""

    status = 400
    code = "unsupported_content_type"


class NotAcceptable(ApiError):
    """Nothing the client accepts can be produced; ``available`` lists what can."""

    status = 406
    code = "not_acceptable"

    def __init__(self, message: str, available: tuple[str, ...]) -> None:
        super().__init__(message, available=list(available))


class UnknownFormat(ApiError):
    """The ``format`` parameter names no format we know."""

    code = "unknown_format"


class QueryTooLong(ApiError):
    """The query text is longer than the service accepts."""

    status = 413
    code = "query_too_long"


class UpdateForbidden(ApiError):
    """A SPARQL UPDATE sent to the read-only endpoint."""

    status = 403
    code = "update_forbidden"


class ServiceForbidden(ApiError):
    """A query that would make the server fetch something (SERVICE)."""

    status = 403
    code = "service_forbidden"


class BadDatasetIri(ApiError):
    """A ``default-graph-uri`` or ``named-graph-uri`` that is not an absolute IRI."""

    code = "bad_dataset_iri"


def _body(code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **details}


def _syntax_details(error: QuerySyntaxError) -> dict[str, Any]:
    details: dict[str, Any] = {"parser_message": error.parser_message}
    if error.line is not None:
        details |= {"line": error.line, "column": error.column}
    return details


def _syntax_message(error: QuerySyntaxError) -> tuple[str, dict[str, Any]]:
    """The message of a syntax error: the prefixes used but not declared (nor known to the
    server) by name, since the parser's words then point at the next token."""
    undefined = undefined_prefixes(error.query, PREFIXES)
    if not undefined:
        return str(error), {}
    message = undefined_prefix_message(undefined, PREFIXES)
    return f"The SPARQL query is not valid: {message}", {"undefined_prefixes": undefined}


def _store_error(error: StoreError) -> tuple[int, dict[str, Any]]:
    """The status and body for an error raised by the store."""
    if isinstance(error, QueryTimeout):
        return 503, _body("query_timeout", str(error), timeout_seconds=error.seconds)
    if isinstance(error, TooManyQueries):
        return 503, _body("too_many_queries", str(error), retry_after_seconds=error.retry_after)
    if isinstance(error, QuerySyntaxError):
        message, prefixes = _syntax_message(error)
        return 400, _body("query_syntax", message, **_syntax_details(error), **prefixes)
    if isinstance(error, UnsupportedMediaType):
        return 406, _body("not_acceptable", str(error), available=list(error.supported))
    if isinstance(error, QueryFormError):
        return 400, _body("query_form", str(error))
    if isinstance(error, QueryEvaluationError):
        return 400, _body("query_evaluation", str(error))
    if isinstance(error, StoreUnavailable):
        return 503, _body("store_unavailable", str(error))
    return 500, _body("store_error", str(error))


def install_error_handlers(app: FastAPI) -> None:
    """Map every domain exception (and FastAPI's own HTTP errors) to a JSON error."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(
            _body(error.code, error.message, **error.details),
            status_code=error.status,
            headers=error.headers or None,
        )

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> JSONResponse:
        status, body = _store_error(error)
        headers = (
            {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyQueries) else None
        )
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return JSONResponse(
            _body(code, str(error.detail)), status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            _body(
                "invalid_request",
                "The request's parameters are not valid.",
                errors=[
                    {"location": list(e.get("loc", ())), "message": e.get("msg", "")}
                    for e in error.errors()
                ],
            ),
            status_code=400,
        )
